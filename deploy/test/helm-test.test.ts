// The chart's `helm test` pod for the backend (templates/tests/backend.yaml), its rendered script run with node
// against the built API: it passes against a ready API, and fails, naming the check, when the API is not what it
// expects (a server answering 200 where the API must refuse an anonymous call).
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { stopProcess, waitForOk } from '@todo/local-stack/processes';
import { chartDir } from '../src/paths.js';
import { startBackend, type BackendProcess } from './support/backend.js';

const run = promisify(execFile);
let dataDir: string;
let postgres: LocalPostgres;
let api: BackendProcess;
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
  dataDir = await mkdtemp(join(tmpdir(), 'todo-helm-test-'));
  await chmod(dataDir, 0o755); // the server runs as the OS user postgres when the tests run as root
  postgres = await startLocalPostgres({ dataDir, port: await freePort(), ephemeral: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  api = startBackend('serve', { DATABASE_URL: postgres.url('postgres'), MIGRATE_ON_START: 'true', PORT: String(port) });
  await waitForOk(`${url}/readyz`, api.child);
}, 120_000);
afterAll(async () => {
  if (api) await stopProcess(api.child);
  await postgres?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

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
