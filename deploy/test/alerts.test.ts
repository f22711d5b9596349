import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const rules = join(root, 'deploy/charts/todo/files/prometheus-rules.yaml');
const hasPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasPromtool && process.env.CI === 'true')
  throw new Error('promtool is required in CI (tools/ci/setup.sh installs it)');

describe.skipIf(!hasPromtool)(
  `alerts${hasPromtool ? '' : ' (skipped: promtool is not installed; apt-get install prometheus)'}`,
  () => {
    it('are valid Prometheus rules', async () => {
      const { stdout } = await run('promtool', ['check', 'rules', rules]);
      expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
    });

    it('fire, and stay quiet, as their unit tests say', async () => {
      const { stdout } = await run('promtool', ['test', 'rules', join(root, 'deploy/monitoring/alerts.test.yaml')]);
      expect(stdout).toContain('SUCCESS');
    });
  },
);

interface Alert {
  alert: string;
  annotations: Record<string, string>;
}

describe('alert documentation', () => {
  const alerts: Alert[] = parse(readFileSync(rules, 'utf8')).groups.flatMap((g: { rules: Alert[] }) => g.rules);
  const runbooks = readFileSync(join(root, 'deploy/docs/runbooks.md'), 'utf8');
  const tests = readFileSync(join(root, 'deploy/monitoring/alerts.test.yaml'), 'utf8');

  it.each(alerts.map((a) => a.alert))('%s has a summary, a runbook section and a unit test', (name: string) => {
    const alert = alerts.find((a) => a.alert === name)!;
    expect(alert.annotations.summary).toBeTruthy();
    expect(alert.annotations.runbook).toBe(`deploy/docs/runbooks.md#${name.toLowerCase()}`);
    expect(runbooks).toContain(`## ${name}\n`);
    expect(tests).toContain(`alertname: ${name}\n`);
  });
});
