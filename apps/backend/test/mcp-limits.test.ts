// /mcp spends the per-user budget per JSON-RPC call, not per HTTP request, and refuses large batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MCP_LIMITS } from '../src/routes/mcp.js';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const BUDGET = 12;
let t: TestApp;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await createTestApp({ USER_RATE_LIMIT_MAX: String(BUDGET) });
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
});
afterAll(() => t.close());

const call = (id: number, title: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'add_task', arguments: { title } },
});
const post = (user: TestUser, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/mcp',
    headers: { authorization: `Bearer ${user.jwt}`, accept: 'application/json, text/event-stream' },
    payload: payload as object,
  });
const taskCount = async (user: TestUser) =>
  (await as(t.app, user)('GET', `/api/${user.id}/tasks?limit=100`)).json().items.length as number;

describe('/mcp limits', () => {
  it('refuses a batch above the cap, and runs none of its calls', async () => {
    const response = await post(
      bob,
      Array.from({ length: MCP_LIMITS.batchMax + 1 }, (_, i) => call(i, `b${i}`)),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 }, id: null });
    expect(await taskCount(bob)).toBe(0);
  });

  it('counts each call of a batch against the per-user budget', async () => {
    let made = 0;
    let limited = 0;
    // Batches of every size up to the cap, until the budget is spent.
    for (let size = 1; size <= MCP_LIMITS.batchMax && limited === 0; size++) {
      const response = await post(
        alice,
        Array.from({ length: size }, (_, i) => call(i, `s${size}-${i}`)),
      );
      if (response.statusCode === 429) limited++;
      else {
        expect(response.statusCode).toBe(200);
        made += size;
      }
    }
    expect(limited).toBe(1);
    expect(made).toBeLessThanOrEqual(BUDGET);
    // The budget was spent by the calls; REST reads of the same user are limited too, another user is not.
    expect((await as(t.app, alice)('GET', `/api/${alice.id}/tasks`)).statusCode).toBe(429);
    expect((await post(bob, call(1, 'one'))).statusCode).toBe(200);
  });
});
