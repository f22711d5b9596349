// Paging while the sort keys change: a walk through every page, by every sort and order, while a concurrent client
// edits the tasks through the real HTTP server. The guarantee (docs/consistency.md): no task that exists for the
// whole walk is skipped; a task changed during the walk may come twice (again at the end, as it is now).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_LIMITS, type Task, type TaskPage } from '@todo/contracts';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

/** Walks per sort and order; each races a writer that changes a task every few milliseconds. */
const WALKS = 5;
const TASKS = 18;
const PAGE = 3;

let t: TestApp;
let base: string;
let alice: TestUser;

async function http<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const response = await fetch(`${base}/api/${alice.id}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${alice.jwt}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : undefined) as T };
}

beforeAll(async () => {
  t = await createTestApp();
  alice = await signUp(t.app, 'alice');
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

const PRIORITIES = ['low', 'medium', 'high'] as const;
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)];
const someDue = () => (Math.random() < 0.2 ? null : new Date(Date.UTC(2027, 0, 1 + Math.floor(Math.random() * 60))));
/** Long, non-ASCII titles too: their cursors must stay within the API's limit. */
const someTitle = () => `${pick(['a', 'm', 'z', 'Я', '😀'])}${pick(['', 'я'.repeat(190), '😀'.repeat(150)])}`;

async function seed(): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < TASKS; i++) {
    const due = someDue();
    const { json } = await http<Task>('POST', '/tasks', {
      title: someTitle(),
      priority: pick(PRIORITIES),
      due_at: due?.toISOString() ?? null,
    });
    ids.push(json.id);
  }
  return ids;
}

/** Moves tasks around every sort key until `done`: new titles, priorities, due dates (and so updated_at). */
async function writer(ids: number[], done: { stop: boolean }, edited: Set<number>): Promise<number> {
  let writes = 0;
  while (!done.stop) {
    const due = someDue();
    const id = pick(ids);
    edited.add(id);
    const { status } = await http('PUT', `/tasks/${id}`, {
      title: someTitle(),
      priority: pick(PRIORITIES),
      due_at: due?.toISOString() ?? null,
    });
    expect(status).toBe(200);
    writes++;
  }
  return writes;
}

/** Every page of a listing, following `next_cursor`: the ids in the order they came, and those that came again. */
async function walk(sort: string, order: string): Promise<{ seen: Set<number>; repeated: number[] }> {
  const seen = new Set<number>();
  const repeated: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `?sort=${sort}&order=${order}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`;
    const { status, json } = await http<TaskPage>('GET', `/tasks${query}`);
    expect(status, JSON.stringify(json)).toBe(200);
    for (const task of json.items) {
      if (seen.has(task.id)) repeated.push(task.id);
      seen.add(task.id);
    }
    cursor = json.next_cursor;
    if (cursor) expect(cursor.length).toBeLessThanOrEqual(TASK_LIMITS.cursorMax);
    expect(++pages).toBeLessThan(1000);
  } while (cursor);
  return { seen, repeated };
}

describe('paging under concurrent writes', () => {
  for (const sort of ['created', 'updated', 'due', 'priority', 'title'] as const) {
    for (const order of ['asc', 'desc'] as const) {
      it(`sort=${sort}&order=${order}: ${WALKS} walks, no task skipped`, async () => {
        for (let round = 0; round < WALKS; round++) {
          const ids = await seed();
          const done = { stop: false };
          const edited = new Set<number>();
          const writes = writer(ids, done, edited);
          const { seen, repeated } = await walk(sort, order).finally(() => (done.stop = true));
          expect(await writes).toBeGreaterThan(0);
          expect(ids.filter((id) => !seen.has(id))).toEqual([]);
          expect(
            repeated.filter((id) => !edited.has(id)),
            'repeated without an edit',
          ).toEqual([]);
          for (const id of ids) await http('DELETE', `/tasks/${id}`);
        }
      });
    }
  }

  // Another client's write transaction, begun before the tasks were written and still open when the walk begins
  // (any database of the server: transaction ids are the server's). The tasks' transactions completed before the
  // first page, so none of them changed during the walk: each comes once. What that transaction writes and commits
  // during the walk is a change: a task it moves behind the walk's position comes at the end.
  it('a transaction open through the first page: unchanged tasks come once, what it commits comes too', async () => {
    const other = new pg.Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_current_xact_id()'); // gives it a transaction id, as a first write does
      const ids = await seed();
      for (const sort of ['created', 'title'] as const) {
        const { seen, repeated } = await walk(sort, 'desc');
        expect(ids.filter((id) => !seen.has(id))).toEqual([]);
        expect(repeated, `sort=${sort}`).toEqual([]);
      }

      const first = await http<TaskPage>('GET', `/tasks?sort=title&order=asc&limit=${PAGE}`);
      const last = first.json.items.at(-1)!;
      const moved = ids.find((id) => !first.json.items.some((task) => task.id === id))!;
      await other.query(`update tasks set title = '!', updated_at = now() where id = $1`, [moved]);
      await other.query('commit');
      const seen = new Set(first.json.items.map((task) => task.id));
      let cursor = first.json.next_cursor;
      while (cursor) {
        const { json } = await http<TaskPage>('GET', `/tasks?sort=title&order=asc&limit=${PAGE}&cursor=${cursor}`);
        for (const task of json.items) seen.add(task.id);
        cursor = json.next_cursor;
      }
      expect('!' < last.title.toLowerCase(), 'moved behind the first page').toBe(true);
      expect(ids.filter((id) => !seen.has(id))).toEqual([]);
      for (const id of ids) await http('DELETE', `/tasks/${id}`);
    } finally {
      await other.end();
    }
  });
});
