// deploy/scripts: thin wrappers over the Nx targets. Their argument checks run here for real (bad input never
// reaches Nx); what they call is what the README documents.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { which } from '../src/shell.js';
import { root } from './support/run-deploy.js';

const script = (name: string) => join(root, 'deploy/scripts', name);
const bash = (name: string, ...args: string[]) => spawnSync('bash', [script(name), ...args], { encoding: 'utf8' });

describe('deploy/scripts', () => {
  it.each(['deploy.sh', 'scale.sh', 'backup.sh', 'restore.sh'])('%s is valid bash', (name) => {
    expect(spawnSync('bash', ['-n', script(name)]).status).toBe(0);
  });

  it.each([
    ['deploy.sh', ['nowhere'], /Unknown environment "nowhere"/],
    ['deploy.sh', ['local', 'database'], /Unknown component "database"/],
    ['deploy.sh', ['local', 'backend', 'extra'], /^unexpected argument "extra"/],
    ['deploy.sh', ['--dry-run'], /^unknown option --dry-run: extra options go after --/],
    ['scale.sh', [], /^scale backend or frontend\?/],
    ['scale.sh', ['backend'], /^scale backend to how many replicas\?/],
    ['scale.sh', ['frontend', '--hpa', '4', '2'], /^--hpa <max> must be at least <min>/],
    ['scale.sh', ['frontend', '--hpa', '4'], /^--hpa needs <min> <max>/],
    ['restore.sh', [], /restore\.sh <file\|latest>/],
    ['restore.sh', ['--namespace', 'x'], /restore\.sh <file\|latest>/],
  ])('%s %j is refused with its usage', (name, args, message) => {
    const result = bash(name, ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  // The chart's schema allows 1 to 20 replicas: everything else stops here, before Nx or Helm.
  const outside = ['0', '-1', '21', '100', '1.5', '', ' 3', '3x', '0x10', '1e1'];
  it.each(outside)('scale.sh backend %j is refused as the schema would', (replicas) => {
    const result = bash('scale.sh', 'backend', replicas);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `<replicas> must be a whole number from 1 to 20 (got "${replicas}") (--help for the usage)\n`,
    );
  });
  it.each(outside)('scale.sh frontend --hpa %j 4 is refused as the schema would', (min) => {
    expect(bash('scale.sh', 'frontend', '--hpa', min, '4').stderr).toMatch(/^--hpa <min> must be a whole number/);
  });

  it.each(['deploy.sh', 'scale.sh', 'backup.sh', 'restore.sh'])('%s --help prints its usage', (name) => {
    const result = bash(name, '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage:\n  deploy/scripts/${name.replace('.', '\\.')} `));
  });

  it('deploy.sh local -- --dry-run passes --dry-run to nx run deploy:up, which runs its preflight first', () => {
    const bin = mkdtempSync(join(tmpdir(), 'deploy-path-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    // node, and what the script, npx and Nx call: nothing of a cluster
    for (const tool of ['npm', 'npx', 'git', 'bash', 'sed', 'dirname', 'sh'])
      symlinkSync(which(tool)!, join(bin, tool));
    const result = spawnSync('bash', [script('deploy.sh'), 'local', '--', '--dry-run'], {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, PATH: bin, NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    // Nx colours its output when FORCE_COLOR is set (as Nx sets it for tasks): compare the text.
    const output = stripVTControlCharacters(`${result.stdout}${result.stderr}`);
    expect(output).not.toContain('Unknown component');
    expect(output).toContain('nx run deploy:preflight');
    // Nx streams the parallel tasks' output interleaved: the lines, not their neighbours.
    expect(output).toContain('> Preflight checks for local (kube context minikube)');
    expect(output).toContain('✖ docker not found');
    expect(output).not.toContain('nx run backend:docker-build');
    expect(result.status).not.toBe(0);
  }, 240_000);

  it('call the targets the README names', () => {
    const text = (name: string) => readFileSync(script(name), 'utf8');
    expect(text('deploy.sh')).toContain('npx nx run deploy:up --configuration="$environment"');
    expect(text('deploy.sh')).toContain('npx nx deploy "$component" --configuration="$environment"');
    expect(text('scale.sh')).toContain('npx nx run deploy:scale --configuration="${ENVIRONMENT:-local}" "${sets[@]}"');
    expect(text('backup.sh')).toContain('npx nx run ops:backup');
    expect(text('restore.sh')).toContain('npx nx run ops:restore --from="$from"');
    expect(text('restore.sh')).toContain('npx nx run ops:restore-drill --from="$from"');
  });
});
