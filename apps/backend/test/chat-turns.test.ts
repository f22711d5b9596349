// Chat turns under concurrency and failure, through the real HTTP server, database and a scripted model provider:
// turns of one conversation run one at a time, a failed turn keeps what its tools changed in the transcript, and a
// retry with the same idempotency key answers the stored turn instead of running the tools again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedProvider, type ScriptedProvider, type ScriptedReply } from '@todo/local-stack/scripted-provider';
import type { ConversationDetail, TaskPage } from '@todo/contracts';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const RUNS = 10;

let t: TestApp;
let provider: ScriptedProvider;
let base: string;
let alice: TestUser;

/** "slow <n>": answers after 300 ms; "fail <n>": adds task <n>, then the provider fails; else answers at once. */
function script(request: { messages: { role: string; content?: string | null }[] }): ScriptedReply {
  const asked = request.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  const [, verb, name] = /^(slow|fail) (.+)$/.exec(asked) ?? [];
  if (verb === 'slow') return { content: `answered ${name}`, delayMs: 300 };
  if (verb === 'fail') {
    return request.messages.at(-1)?.role === 'tool'
      ? { status: 500, body: '{}' }
      : { toolCalls: [{ name: 'add_task', arguments: { title: name } }] };
  }
  return { content: 'ok' };
}

async function http<T>(method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/api/${alice.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${alice.jwt}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as T };
}

beforeAll(async () => {
  provider = await startScriptedProvider((request) => script(request));
  t = await createTestApp({
    OPENAI_BASE_URL: provider.baseUrl,
    OPENAI_API_KEY: 'test-key',
    OPENAI_MODEL: 'scripted',
    CHAT_TIMEOUT_MS: '5000',
    CHAT_RATE_LIMIT_MAX: '10000',
  });
  alice = await signUp(t.app, 'alice');
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await t.close();
  await provider.close();
});

describe('chat turns', () => {
  it(`run one at a time per conversation: of two at once, one answers and one is 409 (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const { json: first } = await http<{ conversation_id: number }>('POST', '/chat', { message: 'hello' });
      const id = first.conversation_id;
      const answers = await Promise.all([
        http('POST', '/chat', { conversation_id: id, message: `slow a${run}` }),
        http('POST', '/chat', { conversation_id: id, message: `slow b${run}` }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      const { json } = await http<ConversationDetail>('GET', `/conversations/${id}`);
      expect(json.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
      // The conversation is free again: the next turn runs.
      expect((await http('POST', '/chat', { conversation_id: id, message: 'again' })).status).toBe(200);
    }
  });

  it(`keep a failed turn's changes in the transcript; a retry with its key never repeats them (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const body = { message: `fail task-${run}`, idempotency_key: `key-${run}` };
      const failed = await http<{ error: { code: string } }>('POST', '/chat', body);
      expect(failed.status).toBe(502);
      const retries = await Promise.all([http('POST', '/chat', body), http('POST', '/chat', body)]);
      for (const retry of retries) {
        expect(retry.status).toBe(200);
        expect(retry.json).toMatchObject({
          tool_calls: [{ name: 'add_task', arguments: { title: `task-${run}` }, is_error: false }],
        });
      }
      const { json: page } = await http<TaskPage>('GET', `/tasks?q=task-${run}`);
      expect(page.items.filter((task) => task.title === `task-${run}`)).toHaveLength(1);
      const id = (retries[0].json as { conversation_id: number }).conversation_id;
      const { json: conversation } = await http<ConversationDetail>('GET', `/conversations/${id}`);
      expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(conversation.messages[1].content).toMatch(/failed before answering/);
    }
  });

  it('answer 409 to the same key while its turn runs, and store that turn once', async () => {
    const { json: first } = await http<{ conversation_id: number }>('POST', '/chat', { message: 'hello' });
    provider.requests.length = 0;
    const id = first.conversation_id;
    const slow = http('POST', '/chat', { conversation_id: id, message: 'slow c', idempotency_key: 'busy' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The same key while its turn runs: 409, and nothing stored twice.
    expect(
      (await http('POST', '/chat', { conversation_id: id, message: 'slow c', idempotency_key: 'busy' })).status,
    ).toBe(409);
    expect((await slow).status).toBe(200);
    const { json } = await http<ConversationDetail>('GET', `/conversations/${id}`);
    expect(json.messages).toHaveLength(4);
  });
});
