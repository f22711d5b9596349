import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../src/mcp/server.js';
import { healthyWorld, helmSecret, routes } from './support/cluster.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';

let api: FakeApiServer;
let bin: string;
let client: Client;

/** A stand-in helm on PATH: reports the pinned version, prints the arguments it was run with. */
const FAKE_HELM = `#!/bin/sh
if [ "$1" = version ]; then printf v4.1.4; exit 0; fi
echo "fake helm: $*"
`;

const text = (result: unknown) => (result as { content: { text: string }[] }).content[0].text;
const call = async (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });

beforeAll(async () => {
  const world = healthyWorld();
  world.secrets.push(helmSecret(3, 'failed', 'Upgrade "todo" failed: timed out waiting for the condition'));
  api = await startFakeApiServer(routes(world));
  bin = await mkdtemp(join(tmpdir(), 'ops-bin-'));
  await writeFile(join(bin, 'helm'), FAKE_HELM);
  await chmod(join(bin, 'helm'), 0o755);
  process.env.KUBECONFIG = api.kubeconfig; // for the HTTP server, which runs in this process
  client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--conditions=@todo/source', '--import', 'tsx', resolve(import.meta.dirname, '../src/mcp-cli.ts')],
      env: {
        ...(process.env as Record<string, string>),
        KUBECONFIG: api.kubeconfig,
        PATH: `${bin}:${process.env.PATH}`,
      },
      stderr: 'pipe',
    }),
  );
});

afterAll(async () => {
  await client?.close();
  await api?.close();
  await rm(bin, { recursive: true, force: true });
});

describe('ops MCP server over stdio, with the SDK client', () => {
  it('lists the project tools; mutating ones take confirm', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(
      ['backup_now', 'diagnose', 'pod_health', 'recommend', 'release_status', 'rollback', 'scale'].sort(),
    );
    for (const name of ['scale', 'rollback', 'backup_now'])
      expect(Object.keys(tools.find((t) => t.name === name)!.inputSchema.properties ?? {})).toContain('confirm');
  });

  it('diagnose and release_status read the cluster', async () => {
    const report = JSON.parse(text(await call('diagnose')));
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['helm-release']);
    const status = JSON.parse(text(await call('release_status')));
    expect(status.revisions.map((r: { revision: number; status: string }) => `${r.revision} ${r.status}`)).toEqual([
      '3 failed',
      '2 deployed',
      '1 superseded',
    ]);
    const pods = JSON.parse(text(await call('pod_health', { component: 'backend' })));
    expect(pods).toHaveLength(2);
    expect(pods[0]).toMatchObject({ component: 'backend', phase: 'Running', ready: true });
  });

  it('scale is bounded by the values schema and only shows its command without confirm', async () => {
    const tooMany = await call('scale', { component: 'backend', replicas: 50 });
    expect(tooMany.isError).toBe(true);
    expect(text(tooMany)).toContain('between 1 and 20');
    const plan = JSON.parse(text(await call('scale', { component: 'backend', replicas: 3 })));
    expect(plan).toMatchObject({ confirmed: false });
    expect(plan.wouldRun).toBe('npx nx run deploy:scale --set=backend.replicas=3 --release=todo --namespace=todo');
    expect((await call('scale', { component: 'database', replicas: 2 })).isError).toBe(true);
  });

  it('rollback picks the last good revision and runs helm only when confirmed', async () => {
    const plan = JSON.parse(text(await call('rollback')));
    expect(plan.wouldRun).toContain('helm rollback todo 2 --namespace todo --wait');
    const done = await call('rollback', { confirm: true });
    expect(done.isError).toBeFalsy();
    expect(JSON.parse(text(done)).output).toContain('fake helm: rollback todo 2 --namespace todo --wait --timeout 5m');
  });

  it('backup_now without confirm describes the backup Job', async () => {
    const plan = JSON.parse(text(await call('backup_now')));
    expect(plan.wouldRun).toContain('tools/ops/src/backup-cli.ts backup --namespace=todo --release=todo');
  });
});

describe('ops MCP server over streamable HTTP', () => {
  let http: Server;
  afterAll(() => http?.close());

  it('serves the same tools on 127.0.0.1 only', async () => {
    http = await serveHttp({ namespace: 'todo', release: 'todo' }, 0);
    const address = http.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    const httpClient = new Client({ name: 'test-http', version: '1.0.0' });
    await httpClient.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${address.port}/mcp`)));
    const result = await httpClient.callTool({ name: 'diagnose', arguments: {} });
    expect(JSON.parse(text(result)).findings[0].rule).toBe('helm-release');
    await httpClient.close();
  });
});
