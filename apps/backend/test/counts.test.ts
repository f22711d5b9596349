import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Task, TaskPage } from '@todo/contracts';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let user: TestUser;
let other: TestUser;
let call: ReturnType<typeof as>;

const PRIORITIES = ['low', 'medium', 'high'] as const;
const TAGS = ['home', 'work', 'x_y', '100%'];

beforeAll(async () => {
  t = await createTestApp();
  [user, other] = [await signUp(t.app, 'counter'), await signUp(t.app, 'other')];
  call = as(t.app, user);
  // 60 tasks spread over every filter (another user's tasks must never count).
  for (let i = 0; i < 60; i++) {
    const body = {
      title: i % 7 === 0 ? `Report ${i} 100%` : `Task ${i}`,
      priority: PRIORITIES[i % 3],
      tags: TAGS.filter((_, n) => (i >> n) & 1),
      due_at: i % 5 === 0 ? null : new Date(Date.UTC(2027, 0, 1 + (i % 20))).toISOString(),
    };
    const created = await call('POST', `/api/${user.id}/tasks`, body);
    expect(created.statusCode, created.body).toBe(201);
    if (i % 4 === 0) await call('PATCH', `/api/${user.id}/tasks/${created.json().id}/complete`, { completed: true });
    await as(t.app, other)('POST', `/api/${other.id}/tasks`, body);
  }
});
afterAll(() => t.close());

async function listAll(query: URLSearchParams): Promise<Task[]> {
  const all: Task[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set('limit', '100');
    if (cursor) params.set('cursor', cursor);
    const page: TaskPage = (await call('GET', `/api/${user.id}/tasks?${params}`)).json();
    all.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return all;
}

/** Every combination of the filters, each with its "not set" case. */
function* filterQueries(): Generator<URLSearchParams> {
  for (const status of [undefined, 'all', 'pending', 'completed'])
    for (const priority of [undefined, ...PRIORITIES])
      for (const tag of [undefined, ...TAGS, 'none'])
        for (const q of [undefined, '100%', 'report', '_'])
          for (const due of [
            {},
            { due_before: '2027-01-10T00:00:00.000Z' },
            { due_after: '2027-01-15T00:00:00.000Z' },
          ]) {
            const params = new URLSearchParams();
            for (const [key, value] of Object.entries({ status, priority, tag, q, ...due }))
              if (value !== undefined) params.set(key, value);
            yield params;
          }
}

it('GET /tasks/count counts what the list with the same filters holds: all of them, and the pending ones', async () => {
  const queries = [...filterQueries()];
  // A deterministic sample keeps the run short while touching every value of every filter.
  for (const [index, query] of queries.entries()) {
    if (index % 7 !== 0) continue;
    const [counts, all] = await Promise.all([call('GET', `/api/${user.id}/tasks/count?${query}`), listAll(query)]);
    expect(counts.statusCode, counts.body).toBe(200);
    expect(counts.json(), String(query)).toEqual({
      total: all.length,
      pending: all.filter((task) => !task.completed).length,
    });
  }
});

it('refuses what the list refuses, and another user', async () => {
  for (const query of ['sort=title', 'limit=5', 'cursor=abc', 'status=done', 'due_before=tomorrow', 'extra=1'])
    expect((await call('GET', `/api/${user.id}/tasks/count?${query}`)).statusCode, query).toBe(400);
  expect((await as(t.app, other)('GET', `/api/${user.id}/tasks/count`)).statusCode).toBe(403);
  expect((await t.app.inject({ method: 'GET', url: `/api/${user.id}/tasks/count` })).statusCode).toBe(401);
});
