import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedProvider, type ScriptedProvider, type ScriptedReply } from '@todo/local-stack/scripted-provider';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { lookups, redisMissing, redisSuite, startRedis } from './support/redis.js';

// Pages stay cached for minutes here: a write that failed to end them would be served stale, and a test would fail.
describe.skipIf(!!redisMissing)(redisSuite('the task list cache in Redis'), () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let provider: ScriptedProvider;
  let replies: ScriptedReply[] = [];
  let a: TestApp;
  let b: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    redis = await startRedis();
    provider = await startScriptedProvider(() => replies.shift() ?? { status: 500, body: '{}' });
    const env = {
      REDIS_URL: redis.url,
      TASK_LIST_CACHE_TTL_SECONDS: '300',
      OPENAI_BASE_URL: provider.baseUrl,
      OPENAI_MODEL: 'scripted',
      // Generous: on a busy machine a stalled event loop times commands out, and then a lookup is a miss.
      REDIS_TIMEOUT_MS: '5000',
    };
    a = await createTestApp(env);
    b = await createTestApp(env, { replicaOf: a });
    [alice, bob] = [await signUp(a.app, 'alice'), await signUp(a.app, 'bob')];
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await provider?.close();
    await redis?.stop();
  });

  const tasksUrl = (user: TestUser) => `/api/${user.id}/tasks`;

  /** The list as titles (✓ when done), read twice: the second read must come from the cache and agree. */
  async function listed(app = a, user = alice, query = ''): Promise<string[]> {
    const read = async () => {
      const response = await as(app.app, user)('GET', `${tasksUrl(user)}${query}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as { title: string; completed: boolean }[]).map(
        (task) => `${task.title}${task.completed ? ' ✓' : ''}`,
      );
    };
    const first = await read();
    const hits = await lookups(app.app, 'hit');
    expect(await read()).toEqual(first);
    expect(await lookups(app.app, 'hit')).toBe(hits + 1);
    return first;
  }

  it('is fresh after every write through the REST routes', async () => {
    const call = as(a.app, alice);
    expect(await listed()).toEqual([]);
    const { id } = (await call('POST', tasksUrl(alice), { title: 'Water the plants' })).json();
    expect(await listed()).toEqual(['Water the plants']);
    expect((await call('PUT', `${tasksUrl(alice)}/${id}`, { title: 'Water the ferns' })).statusCode).toBe(200);
    expect(await listed()).toEqual(['Water the ferns']);
    expect((await call('PATCH', `${tasksUrl(alice)}/${id}/complete`, {})).statusCode).toBe(200);
    expect(await listed()).toEqual(['Water the ferns ✓']);
    expect((await call('DELETE', `${tasksUrl(alice)}/${id}`)).statusCode).toBe(204);
    expect(await listed()).toEqual([]);
  });

  it('is fresh after every task tool the chat runs', async () => {
    const chat = async (toolCall: NonNullable<ScriptedReply['toolCalls']>[number]) => {
      replies = [{ toolCalls: [toolCall] }, { content: 'Done.' }];
      const response = await as(a.app, alice)('POST', `/api/${alice.id}/chat`, { message: 'Do it' });
      expect(response.statusCode).toBe(200);
      expect(response.json().tool_calls).toEqual([expect.objectContaining({ is_error: false })]);
      return response.json().tool_calls[0].result as { task_id: number };
    };
    expect(await listed()).toEqual([]);
    const { task_id } = await chat({ name: 'add_task', arguments: { title: 'Call mum' } });
    expect(await listed()).toEqual(['Call mum']);
    await chat({ name: 'update_task', arguments: { task_id, title: 'Call mum back' } });
    expect(await listed()).toEqual(['Call mum back']);
    await chat({ name: 'complete_task', arguments: { task_id } });
    expect(await listed()).toEqual(['Call mum back ✓']);
    await chat({ name: 'delete_task', arguments: { task_id } });
    expect(await listed()).toEqual([]);
  });

  it('is fresh after a tool call of an external MCP client on /mcp', async () => {
    const url = new URL(`${await a.app.listen({ host: '127.0.0.1', port: 0 })}/mcp`);
    const client = new Client({ name: 'external', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${alice.jwt}` } } }),
    );
    expect(await listed()).toEqual([]);
    const result = await client.callTool({ name: 'add_task', arguments: { title: 'From outside' } });
    expect(result.isError).toBeFalsy();
    expect(await listed()).toEqual(['From outside']);
    await client.close();
  });

  it('keeps filters and users apart', async () => {
    const call = as(a.app, alice);
    const { id } = (await call('POST', tasksUrl(alice), { title: 'Done already' })).json();
    await call('PATCH', `${tasksUrl(alice)}/${id}/complete`, { completed: true });
    expect(await listed(a, alice, '?status=completed')).toEqual(['Done already ✓']);
    expect(await listed(a, alice, '?status=pending')).toEqual(['From outside']);
    expect(await listed(a, bob)).toEqual([]);
    await as(a.app, bob)('POST', tasksUrl(bob), { title: "Bob's" });
    expect(await listed(a, bob)).toEqual(["Bob's"]);
    expect(await listed(a, alice, '?status=pending')).toEqual(['From outside']);
  });

  it('two instances sharing one Redis: a write on one is seen at once on the other', async () => {
    const before = await listed(b);
    const { id } = (await as(a.app, alice)('POST', tasksUrl(alice), { title: 'Written on a' })).json();
    expect(await listed(b)).toEqual(['Written on a', ...before]);
    expect((await as(b.app, alice)('DELETE', `${tasksUrl(alice)}/${id}`)).statusCode).toBe(204);
    expect(await listed(a)).toEqual(before);
    expect(await listed(b)).toEqual(before);
  });

  it('stays fresh under concurrent writes and reads', async () => {
    const titles = Array.from({ length: 20 }, (_, i) => `Parallel ${i}`);
    const reads = () => Promise.all([a, b].map((app) => as(app.app, alice)('GET', `${tasksUrl(alice)}?limit=100`)));
    for (const app of [a, b]) await listed(app, alice, '?limit=100'); // a page in the cache to go stale
    await Promise.all(
      titles.map(async (title, i) => {
        await as((i % 2 ? a : b).app, alice)('POST', tasksUrl(alice), { title });
        await reads();
      }),
    );
    for (const app of [a, b]) expect(await listed(app, alice, '?limit=100')).toEqual(expect.arrayContaining(titles));
  });
});
