// The step runner with real commands: the progress line, the output shown, a pipe, the one-line failure, a dry run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const steps = join(import.meta.dirname, '../src/steps.ts');

/** Runs `script` (ESM, the runner imported as `s`) in its own node, as a CLI would: what it printed, and its exit code. */
function cli(script: string) {
  const code = `import * as s from ${JSON.stringify(steps)};\n${script}`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('runStep and runSteps', () => {
  it('prints the title, then the command output, in order', () => {
    const result = cli(`await s.runSteps([
      { title: 'First', argv: ['sh', '-c', 'echo one'] },
      { title: 'Second', argv: ['sh', '-c', 'echo two'] },
    ]);`);
    expect(result.stdout).toBe('> First\none\n> Second\ntwo\n');
    expect(result.status).toBe(0);
  });

  it('pipes the output of a step into pipeTo', () => {
    const result = cli(`await s.runStep({ title: 'Counting', argv: ['printf', 'abcde'], pipeTo: ['wc', '-c'] });`);
    expect(result.stdout.split('\n').map((line) => line.trim())).toEqual(['> Counting', '5', '']);
  });

  it.each([
    [3, 'sh', undefined, undefined, '✖ Failing failed (exit code 3)'],
    [1, 'sh', 'is the cluster running?', undefined, '✖ Failing failed (exit code 1): is the cluster running?'],
    [2, 'sh', 'the default', 'its own hint', '✖ Failing failed (exit code 2): its own hint'],
    [127, 'no-such-program-here', undefined, undefined, '✖ Failing failed (exit code 127)'],
  ])('a failure (exit %i of %s) is one line, and stops the steps: exit 1', (exit, program, fallback, own, line) => {
    const argv = program === 'sh' ? ['sh', '-c', `echo out; exit ${exit}`] : [program];
    const step = { title: 'Failing', argv, ...(own ? { onFailure: own } : {}) };
    const result = cli(`await s.runSteps([${JSON.stringify(step)}, { title: 'Never', argv: ['echo', 'never'] }],
      { onFailure: ${JSON.stringify(fallback)} }).catch(s.exitOnStepError);`);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(line);
    expect(result.stdout).not.toContain('never');
    expect(result.status).toBe(1);
  });

  it('a pipe whose first command fails does not run the second', () => {
    const result =
      cli(`await s.runStep({ title: 'Render', argv: ['sh', '-c', 'exit 4'], pipeTo: ['sh', '-c', 'echo applied'] })
      .catch(s.exitOnStepError);`);
    expect(result.stdout).toBe('> Render\n');
    expect(result.stderr.trim()).toBe('✖ Render failed (exit code 4)');
  });

  it('a dry run prints the commands it would run, by program name, and runs nothing', () => {
    const result = cli(`await s.runSteps([
      { title: 'Tag', argv: ['/usr/bin/docker', 'tag', 'a', 'b'] },
      { title: 'Apply', argv: ['/opt/linkerd', 'install'], pipeTo: ['/usr/bin/kubectl', 'apply', '-f', '-'] },
    ], { dryRun: true });`);
    expect(result.stdout).toBe('> would run: docker tag a b\n> would run: linkerd install | kubectl apply -f -\n');
  });

  it('exitOnStepError throws any other error on', () => {
    const result = cli(
      `try { s.exitOnStepError(new TypeError('a bug')); } catch (e) { console.log('rethrown', e.message); }`,
    );
    expect(result.stdout).toBe('rethrown a bug\n');
    expect(result.status).toBe(0);
  });
});
