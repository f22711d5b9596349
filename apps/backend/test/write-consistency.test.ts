// Writes under concurrency, through the real HTTP server and the real database: partial updates touch only their
// fields, If-Match makes a stale write fail (412) instead of overwriting, and the complete route is safe to retry.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskEtag, type Task } from '@todo/contracts';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

/** Enough runs that a race lost in a fraction of them (14 of 35 before the fix) cannot pass by luck. */
const RUNS = 40;

let t: TestApp;
let base: string;
let alice: TestUser;
let mcp: Client;

async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${alice.jwt}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

const tasksPath = () => `/api/${alice.id}/tasks`;
const create = async (title = 'task') => (await http('POST', tasksPath(), { title })).json as Task;

beforeAll(async () => {
  t = await createTestApp();
  alice = await signUp(t.app, 'alice');
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  mcp = new Client({ name: 'test', version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${alice.jwt}` } },
    }),
  );
});
afterAll(async () => {
  await mcp.close();
  await t.close();
});

describe('partial updates', () => {
  it(`an MCP update_task of the title never undoes a concurrent completion (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const task = await create(`run ${run}`);
      const [updated, completed] = await Promise.all([
        mcp.callTool({ name: 'update_task', arguments: { task_id: task.id, title: `renamed ${run}` } }),
        http('PATCH', `${tasksPath()}/${task.id}/complete`, { completed: true }),
      ]);
      expect((updated as CallToolResult).isError ?? false).toBe(false);
      expect(completed.status).toBe(200);
      const after = (await http('GET', `${tasksPath()}/${task.id}`)).json as Task;
      expect(after).toMatchObject({ title: `renamed ${run}`, completed: true });
    }
  });
});

describe('If-Match', () => {
  it('GET, POST, PUT and PATCH .../complete answer the strong ETag of the version they return', async () => {
    const created = await http('POST', tasksPath(), { title: 'tagged' });
    expect(created.headers.get('etag')).toBe(taskEtag(created.json));
    const got = await http('GET', `${tasksPath()}/${created.json.id}`);
    expect(got.headers.get('etag')).toBe(taskEtag(got.json));
    const put = await http('PUT', `${tasksPath()}/${created.json.id}`, { title: 'x' });
    expect(put.headers.get('etag')).toBe(taskEtag(put.json));
    expect(put.headers.get('etag')).not.toBe(got.headers.get('etag'));
    const done = await http('PATCH', `${tasksPath()}/${created.json.id}/complete`, { completed: true });
    expect(done.headers.get('etag')).toBe(taskEtag(done.json));
  });

  it('a stale, weak, foreign or malformed tag answers 412 and changes nothing; the current one or * writes', async () => {
    const task = await create('versioned');
    const other = await create('other');
    const current = taskEtag(task);
    await http('PUT', `${tasksPath()}/${task.id}`, { title: 'moved on' });
    const latest = (await http('GET', `${tasksPath()}/${task.id}`)).json as Task;
    for (const tag of [current, `W/${taskEtag(latest)}`, taskEtag(other), 'garbage', '""']) {
      for (const [method, path, body] of [
        ['PUT', `${tasksPath()}/${task.id}`, { title: 'lost' }],
        ['PATCH', `${tasksPath()}/${task.id}/complete`, { completed: true }],
      ] as const) {
        const refused = await http(method, path, body, { 'if-match': tag });
        expect(refused.status, `${method} If-Match: ${tag}`).toBe(412);
        expect(refused.json.error.code).toBe('PRECONDITION_FAILED');
      }
    }
    expect((await http('GET', `${tasksPath()}/${task.id}`)).json).toEqual(latest);
    const listed = `"1-1", ${taskEtag(latest)}`;
    expect((await http('PUT', `${tasksPath()}/${task.id}`, { title: 'ok' }, { 'if-match': listed })).status).toBe(200);
    expect((await http('PUT', `${tasksPath()}/${task.id}`, { title: 'any' }, { 'if-match': '*' })).status).toBe(200);
    expect((await http('PUT', `${tasksPath()}/999999`, { title: 'none' }, { 'if-match': '*' })).status).toBe(404);
  });

  it(`of two writers holding the same version exactly one wins (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const task = await create(`race ${run}`);
      const tag = { 'if-match': taskEtag(task) };
      const answers = await Promise.all([
        http('PUT', `${tasksPath()}/${task.id}`, { title: 'first' }, tag),
        http('PUT', `${tasksPath()}/${task.id}`, { title: 'second' }, tag),
        http('PATCH', `${tasksPath()}/${task.id}/complete`, { completed: true }, tag),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412]);
    }
  });
});

describe('PATCH .../complete', () => {
  it('sending the target state is idempotent, and un-completing is audited as task.uncomplete', async () => {
    const task = await create('retried');
    const path = `${tasksPath()}/${task.id}/complete`;
    for (const completed of [true, true, false, false, true]) {
      expect((await http('PATCH', path, { completed })).json.completed).toBe(completed);
    }
    expect((await http('PATCH', path)).json.completed).toBe(false); // no body: the documented toggle
    const db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
    const { rows } = await db.query(
      "SELECT action FROM audit_events WHERE target_id = $1 AND action <> 'task.create' ORDER BY id",
      [String(task.id)],
    );
    await db.end();
    expect(rows.map((row) => row.action)).toEqual([
      'task.complete',
      'task.complete',
      'task.uncomplete',
      'task.uncomplete',
      'task.complete',
      'task.uncomplete',
    ]);
  });
});
