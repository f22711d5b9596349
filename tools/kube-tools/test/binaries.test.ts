// The pinned tools for real: kubeTool answers a helm and a kubectl at least as new as the pins, and run.ts passes the
// arguments, the output and the exit code through.
import { execFile, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { kubeTool, PINNED, type KubeTool } from '../src/binaries.js';

const run = promisify(execFile);
const runTs = resolve(import.meta.dirname, '../src/run.ts');
const runTool = (...args: string[]) =>
  spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', runTs, ...args], { encoding: 'utf8' });

/** -1, 0, 1 as a.b.c compares with the other. */
const compare = (a: string, b: string) => {
  const [x, y] = [a, b].map((v) => v.replace(/^v/, '').split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return Math.sign(x[i] - y[i]);
  return 0;
};

async function version(tool: KubeTool): Promise<string> {
  const binary = await kubeTool(tool);
  if (tool === 'helm') return (await run(binary, ['version', '--template', '{{.Version}}'])).stdout.trim();
  const { stdout } = await run(binary, ['version', '--client', '-o', 'json']);
  return JSON.parse(stdout).clientVersion.gitVersion;
}

describe('the pinned kube tools', () => {
  it.each(Object.keys(PINNED) as KubeTool[])('%s is at least the pinned version', async (tool) => {
    expect(compare(await version(tool), PINNED[tool])).toBeGreaterThanOrEqual(0);
  });

  it('run.ts passes the arguments and the output through', async () => {
    const result = runTool('helm', 'version', '--template', '{{.Version}}');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(await version('helm'));
  });

  it("run.ts exits with the tool's own exit code", () => {
    const result = runTool('kubectl', 'no-such-command');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown command "no-such-command"/);
  });

  it('run.ts refuses a tool it does not pin, exit 2', () => {
    const result = runTool('minikube', 'status');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^Usage: run\.ts <helm\|kubectl>/);
  });
});
