// deploy/scripts: thin wrappers over the Nx targets. Their argument checks run here for real (bad input never
// reaches Nx); what they call is what the README documents.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    ['scale.sh', [], /scale\.sh <backend\|frontend> <replicas>/],
    ['scale.sh', ['backend', 'many'], /scale\.sh <backend\|frontend> <replicas>/],
    ['scale.sh', ['frontend', '--hpa', '4', '2'], /--hpa needs <min> <max> with 1 <= min <= max/],
    ['restore.sh', [], /restore\.sh <file\|latest>/],
    ['restore.sh', ['--namespace', 'x'], /restore\.sh <file\|latest>/],
  ])('%s %j is refused with its usage', (name, args, message) => {
    const result = bash(name, ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('call the targets the README names', () => {
    const text = (name: string) => readFileSync(script(name), 'utf8');
    expect(text('deploy.sh')).toContain('npx nx run deploy:up --configuration="$environment"');
    expect(text('deploy.sh')).toContain('npx nx deploy "$component" --configuration="$environment"');
    expect(text('scale.sh')).toContain('npx nx run deploy:scale --configuration="${ENVIRONMENT:-local}" "${sets[@]}"');
    expect(text('backup.sh')).toContain('npx nx run deploy:backup');
    expect(text('restore.sh')).toContain('npx nx run deploy:restore --from="$from"');
    expect(text('restore.sh')).toContain('npx nx run deploy:restore-drill --from="$from"');
  });
});
