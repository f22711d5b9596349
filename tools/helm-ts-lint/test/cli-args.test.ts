import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../src/cli-args.js';

describe('parseCliArgs', () => {
  it('reads the chart and one entry per environment', () => {
    expect(
      parseCliArgs([
        '--helm',
        'tools/bin/helm',
        '--chart',
        'deploy/charts/todo',
        '--env',
        'local=deploy/environments/local.yaml',
        '--env',
        'production=deploy/environments/production.yaml,overrides.yaml',
        '--existing-secret',
        'todo-database',
      ]),
    ).toEqual({
      helm: 'tools/bin/helm',
      chart: 'deploy/charts/todo',
      release: 'todo',
      namespace: 'todo',
      environments: [
        { name: 'local', valuesFiles: ['deploy/environments/local.yaml'] },
        { name: 'production', valuesFiles: ['deploy/environments/production.yaml', 'overrides.yaml'] },
      ],
      existingSecrets: ['todo-database'],
    });
  });

  it('takes helm from the PATH and lets release and namespace be set', () => {
    const args = parseCliArgs(['--chart', 'c', '--env', 'a=a.yaml', '--release', 'r', '--namespace', 'n']);
    expect(args).toMatchObject({ helm: 'helm', release: 'r', namespace: 'n' });
  });

  it.each([
    [['--env', 'a=a.yaml'], '--chart <dir> is required'],
    [['--chart', 'c'], 'at least one --env'],
    [['--chart', 'c', '--env', 'local'], '--env local: expected <name>=<values.yaml>'],
    [['--chart', 'c', '--env', 'local='], '--env local=: expected'],
    [['--chart', 'c', '--env', 'a=a.yaml', '--verbose'], "Unknown option '--verbose'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
