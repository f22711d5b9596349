import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedProvider, type ScriptedProvider, type ScriptedReply } from '@todo/local-stack/scripted-provider';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let provider: ScriptedProvider;
let replies: ScriptedReply[];
let alice: TestUser;
let bob: TestUser;
let call: ReturnType<typeof as>;

beforeAll(async () => {
  provider = await startScriptedProvider(() => replies.shift() ?? { status: 500, body: '{}' });
  t = await createTestApp({
    OPENAI_BASE_URL: provider.baseUrl,
    OPENAI_API_KEY: 'test-key',
    OPENAI_MODEL: 'scripted',
    CHAT_TIMEOUT_MS: '1000',
    CHAT_MAX_TOOL_ROUNDS: '2',
  });
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
  call = as(t.app, alice);
});
afterAll(async () => {
  await t.close();
  await provider.close();
});
beforeEach(() => {
  provider.requests.length = 0;
});

const chat = (body: object, user = alice) => as(t.app, user)('POST', `/api/${user.id}/chat`, body);

describe('POST /api/{user_id}/chat', () => {
  let conversationId: number;

  it('runs the tools the model asks for against the database and answers with them', async () => {
    replies = [
      { toolCalls: [{ name: 'add_task', arguments: { title: 'Buy milk' } }] },
      { content: 'Added "Buy milk".' },
    ];
    const response = await chat({ message: 'Remind me to buy milk', timezone: 'Europe/Paris' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      conversation_id: expect.any(Number),
      response: 'Added "Buy milk".',
      tool_calls: [
        {
          name: 'add_task',
          arguments: { title: 'Buy milk' },
          result: { task_id: expect.any(Number), status: 'created', title: 'Buy milk' },
          is_error: false,
        },
      ],
    });
    conversationId = body.conversation_id;
    const tasks = (await call('GET', `/api/${alice.id}/tasks`)).json();
    expect(tasks.items).toEqual([
      expect.objectContaining({ id: body.tool_calls[0].result.task_id, title: 'Buy milk' }),
    ]);

    const [first, second] = provider.requests;
    expect(first.authorization).toBe('Bearer test-key');
    expect(first.model).toBe('scripted');
    expect(first.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringMatching(/in Europe\/Paris\. Give due dates as the user's local date and time/),
    });
    expect(first.messages.slice(1)).toEqual([{ role: 'user', content: 'Remind me to buy milk' }]);
    expect(first.tools!.map((tool) => tool.function.name).sort()).toEqual([
      'add_task',
      'complete_task',
      'delete_task',
      'list_tasks',
      'update_task',
    ]);
    expect(JSON.stringify(first.tools)).not.toContain('user_id');
    const toolMessage = second.messages.at(-1)!;
    expect(toolMessage).toMatchObject({ role: 'tool', tool_call_id: expect.stringMatching(/^call_/) });
    expect(JSON.parse(toolMessage.content!)).toMatchObject({ status: 'created', title: 'Buy milk' });
  });

  it('replays the stored history on the next message, then stores both', async () => {
    replies = [{ content: 'You have one task: Buy milk.' }];
    const response = await chat({ conversation_id: conversationId, message: 'What is on my list?' });
    expect(response.json()).toEqual({
      conversation_id: conversationId,
      response: 'You have one task: Buy milk.',
      tool_calls: [],
    });
    expect(provider.requests[0].messages.slice(1)).toEqual([
      { role: 'user', content: 'Remind me to buy milk' },
      { role: 'assistant', content: 'Added "Buy milk".' },
      { role: 'user', content: 'What is on my list?' },
    ]);
    expect(provider.requests[0].messages[0].content).toContain(' in UTC. ');

    const list = (await call('GET', `/api/${alice.id}/conversations`)).json();
    expect(list.items).toEqual([
      { id: conversationId, created_at: expect.any(String), updated_at: expect.any(String) },
    ]);
    const detail = (await call('GET', `/api/${alice.id}/conversations/${conversationId}`)).json();
    expect(detail.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'Remind me to buy milk'],
      ['assistant', 'Added "Buy milk".'],
      ['user', 'What is on my list?'],
      ['assistant', 'You have one task: Buy milk.'],
    ]);
  });

  it('resolves a local due time with the rules of its own day: New York, the eve of the DST change', async () => {
    replies = [
      { toolCalls: [{ name: 'add_task', arguments: { title: 'Dentist', due_at: '2026-03-08T09:00' } }] },
      { content: 'Added.' },
    ];
    const body = (await chat({ message: 'Dentist tomorrow at 9', timezone: 'America/New_York' })).json();
    const prompt = provider.requests[0].messages[0].content as string;
    expect(prompt).toContain('in America/New_York. Give due dates as the user');
    expect(prompt).not.toMatch(/UTC[+-]\d/);
    const task = (await call('GET', `/api/${alice.id}/tasks/${body.tool_calls[0].result.task_id}`)).json();
    expect(task.due_at).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT, not 10:00
  });

  it("stores a model's reply holding NUL or other control characters (text cannot hold NUL): no 500", async () => {
    replies = [{ content: 'done\u0000\u0007 ok' }];
    const response = await chat({ message: 'Say something odd' });
    expect(response.statusCode, response.body).toBe(200);
    const stored = (await call('GET', `/api/${alice.id}/conversations/${response.json().conversation_id}`)).json();
    expect(stored.messages.at(-1).content).toBe('done\uFFFD\u0007 ok');
  });

  it('bounds the tool rounds: after the last one the model must answer in text', async () => {
    const list = { toolCalls: [{ name: 'list_tasks', arguments: {} }] };
    replies = [list, list, { content: 'Done looking.' }];
    const body = (await chat({ message: 'Look twice' })).json();
    expect(body.tool_calls).toHaveLength(2);
    expect(provider.requests.map((r) => r.tool_choice)).toEqual(['auto', 'auto', 'none']);
  });

  it("refuses a user_id from the model that is not the caller's, and bad arguments, as tool errors", async () => {
    replies = [
      {
        toolCalls: [
          { name: 'add_task', arguments: { user_id: bob.id, title: 'Planted' } },
          { name: 'complete_task', arguments: '{not json' },
          { name: 'drop_database', arguments: {} },
        ],
      },
      { content: 'I could not do that.' },
    ];
    const body = (await chat({ message: 'Add a task for bob' })).json();
    expect(body.tool_calls).toEqual([
      expect.objectContaining({
        name: 'add_task',
        is_error: true,
        result: 'user_id does not match the authenticated user',
      }),
      expect.objectContaining({ name: 'complete_task', is_error: true, arguments: {} }),
      expect.objectContaining({ name: 'drop_database', is_error: true }),
    ]);
    expect((await as(t.app, bob)('GET', `/api/${bob.id}/tasks`)).json().items).toEqual([]);
  });

  it('keeps conversations per user: 404 for another user, 403 on another path, 401 without credentials', async () => {
    expect((await chat({ conversation_id: conversationId, message: 'hi' }, bob)).statusCode).toBe(404);
    expect((await as(t.app, bob)('GET', `/api/${bob.id}/conversations/${conversationId}`)).statusCode).toBe(404);
    expect((await as(t.app, bob)('GET', `/api/${bob.id}/conversations`)).json().items).toEqual([]);
    expect((await as(t.app, bob)('POST', `/api/${alice.id}/chat`, { message: 'hi' })).statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/${alice.id}/chat`, payload: { message: 'hi' } });
    expect(anonymous.statusCode).toBe(401);
    expect(provider.requests).toEqual([]);
  });

  it.each([
    [{ message: '' }, 'message'],
    [{ message: '   ' }, 'message'],
    [{ message: 'hi', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ message: 'hi', extra: true }, 'extra'],
    [{ message: 'hi', conversation_id: 'one' }, 'conversation_id'],
  ])('answers 400 naming the field for %o', async (body, field) => {
    const response = await chat(body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].field).toBe(field);
  });

  it.each([
    [{ status: 500, body: '{"error":{"message":"boom"}}' }, 'The model provider answered 500'],
    [{ status: 200, body: 'not json' }, 'The model provider answered without a message'],
    [{ status: 200, body: '{"choices":[]}' }, 'The model provider answered without a message'],
  ])('turns a provider failure %o into a clean 502 and stores nothing', async (reply, message) => {
    replies = [reply];
    const response = await chat({ conversation_id: conversationId, message: 'Fail please' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({ error: { code: 'PROVIDER_ERROR', message } });
    const detail = (await call('GET', `/api/${alice.id}/conversations/${conversationId}`)).json();
    expect(detail.messages).toHaveLength(4);
  });

  it('turns a provider that does not answer in time into a 504', async () => {
    replies = [{ content: 'too late', delayMs: 1500 }];
    const started = Date.now();
    const response = await chat({ message: 'Slow' });
    expect(response.statusCode).toBe(504);
    expect(response.json().error).toEqual({
      code: 'PROVIDER_TIMEOUT',
      message: 'The model provider did not answer within 1000 ms',
    });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('counts tool calls and turns in /metrics', async () => {
    const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/mcp_tool_calls_total\{tool="add_task",origin="chat"\} 3/);
    expect(text).toMatch(/chat_turn_duration_seconds_count\{outcome="provider_timeout"\} 1/);
  });
});

describe('the chat rate limit', () => {
  it('allows CHAT_RATE_LIMIT_MAX messages per user per minute, then answers 429', async () => {
    const limited = await createTestApp({ OPENAI_BASE_URL: provider.baseUrl, CHAT_RATE_LIMIT_MAX: '2' });
    try {
      const [dave, erin] = [await signUp(limited.app, 'dave'), await signUp(limited.app, 'erin')];
      replies = [{ content: 'one' }, { content: 'two' }, { content: 'erin' }];
      const send = (user: TestUser) => as(limited.app, user)('POST', `/api/${user.id}/chat`, { message: 'hi' });
      expect([(await send(dave)).statusCode, (await send(dave)).statusCode]).toEqual([200, 200]);
      const third = await send(dave);
      expect(third.statusCode).toBe(429);
      expect(third.json().error.code).toBe('RATE_LIMITED');
      expect((await send(erin)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('chat without a provider', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await createTestApp();
  });
  afterAll(() => bare.close());

  it('answers 503 with a clear message; conversations and tasks still work', async () => {
    const user = await signUp(bare.app, 'carol');
    const response = await as(bare.app, user)('POST', `/api/${user.id}/chat`, { message: 'hi' });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toEqual({
      code: 'CHAT_NOT_CONFIGURED',
      message: 'Chat is not configured on this server: set OPENAI_BASE_URL or OPENAI_API_KEY',
    });
    expect((await as(bare.app, user)('GET', `/api/${user.id}/conversations`)).json()).toEqual({ items: [] });
    expect((await as(bare.app, user)('POST', `/api/${user.id}/tasks`, { title: 'Still works' })).statusCode).toBe(201);
  });
});
