// The chart's `helm test` pod for the backend (templates/tests/backend.yaml), its rendered script run with node
// against the real app: it passes against a ready API, and fails, naming the check, when the API is not what it
// expects (a server answering 200 where the API must refuse an anonymous call).
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { createTestApp, type TestApp } from './support/app.js';

const run = promisify(execFile);
const chartDir = resolve(import.meta.dirname, '../../../deploy/charts/todo');
let t: TestApp;
let url: string;
let script: string;

/** Runs the pod's command with node, its Service URL replaced by `base`: the exit code and what it printed. */
async function runCheck(base: string) {
  const [, flag, code] = parse(await renderTestPod()).spec.containers[0].command as string[];
  return run(process.execPath, [flag, code.replace('http://todo-backend:8080', base)]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

async function renderTestPod(): Promise<string> {
  if (!script) {
    const args = ['template', 'todo', chartDir, '-n', 'todo', '--show-only', 'templates/tests/backend.yaml'];
    script = (await run(await kubeTool('helm'), args)).stdout;
  }
  return script;
}

beforeAll(async () => {
  t = await createTestApp();
  url = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

describe('helm test: the backend', () => {
  it('passes against the ready API: /readyz ready, an anonymous call refused', async () => {
    const { code, output } = await runCheck(url);
    expect(output).toContain('/readyz 200');
    expect(output).toMatch(/\/tasks 401/);
    expect(code).toBe(0);
  });

  it('fails against a server that lets an anonymous call through', async () => {
    const open: Server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/readyz' ? { status: 'ready' } : []));
    });
    await new Promise<void>((done) => open.listen(0, '127.0.0.1', done));
    try {
      const { port } = open.address() as { port: number };
      const { code, output } = await runCheck(`http://127.0.0.1:${port}`);
      expect(code).toBe(1);
      expect(output).toMatch(/tasks: 200/);
    } finally {
      open.close();
    }
  });
});
