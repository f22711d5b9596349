import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { freePort } from '@todo/local-stack/ports';
import { startScriptedProvider, type ScriptedProvider } from '@todo/local-stack/scripted-provider';
import { TEMPLATE_DATABASE } from './support/constants.js';
import { startServer, waitUntilReady } from './support/process.js';

const admin = () => databaseAdmin(inject('postgresUrl'));
const database = `replicas_${randomUUID().replaceAll('-', '')}`;
let provider: ScriptedProvider;
let replicas: { url: string; server: ReturnType<typeof startServer> }[];

beforeAll(async () => {
  await admin().createDatabase(database, TEMPLATE_DATABASE);
  provider = await startScriptedProvider((request) => {
    const last = request.messages.at(-1)!;
    if (last.role === 'tool') return { content: 'Added it.' };
    if (last.content?.startsWith('Add '))
      return { toolCalls: [{ name: 'add_task', arguments: { title: last.content.slice(4) } }] };
    return { content: `You said ${request.messages.filter((m) => m.role === 'user').length} things.` };
  });
  // Two replicas of the real server: the same database and auth secret, nothing else shared.
  // One after the other: two ports asked for at once can be the same one.
  replicas = [];
  while (replicas.length < 2) {
    const port = await freePort();
    const server = startServer({
      DATABASE_URL: admin().url(database),
      PORT: String(port),
      BETTER_AUTH_SECRET: 'r'.repeat(32),
      BETTER_AUTH_URL: 'http://127.0.0.1',
      OPENAI_BASE_URL: provider.baseUrl,
      LOG_LEVEL: 'warn',
      SHUTDOWN_DRAIN_MS: '0',
    });
    await waitUntilReady(port, server.child, 90_000);
    replicas.push({ url: `http://127.0.0.1:${port}`, server });
  }
}, 120_000);
afterAll(async () => {
  await Promise.all(
    (replicas ?? []).map(({ server }) => {
      server.child.kill('SIGTERM');
      return server.exited;
    }),
  );
  await provider?.close();
  await admin().dropDatabase(database);
});

async function post(url: string, body: object, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('two backend processes', () => {
  it('continue the same conversation: the second replica reads what the first stored', async () => {
    const [a, b] = replicas;
    const signUp = await post(`${a.url}/api/auth/sign-up/email`, {
      email: `replica-${Date.now()}@example.test`,
      password: 'long enough password',
      name: 'Replica',
    });
    const { token, user } = signUp.body as { token: string; user: { id: string } };

    const first = await post(`${a.url}/api/${user.id}/chat`, { message: 'Add Water the plants' }, token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ response: 'Added it.', tool_calls: [{ name: 'add_task', is_error: false }] });

    const second = await post(
      `${b.url}/api/${user.id}/chat`,
      { conversation_id: first.body.conversation_id, message: 'How many things did I say?' },
      token,
    );
    expect(second).toEqual({
      status: 200,
      body: { conversation_id: first.body.conversation_id, response: 'You said 2 things.', tool_calls: [] },
    });
    expect(provider.requests.at(-1)!.messages.slice(1)).toEqual([
      { role: 'user', content: 'Add Water the plants' },
      { role: 'assistant', content: 'Added it.' },
      { role: 'user', content: 'How many things did I say?' },
    ]);
    const tasks = await fetch(`${b.url}/api/${user.id}/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await tasks.json()) as { items: { title: string }[] }).items.map((task) => task.title)).toEqual([
      'Water the plants',
    ]);
  });
});
