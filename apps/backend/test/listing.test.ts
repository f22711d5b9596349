import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task, TaskPage } from '@todo/contracts';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let user: TestUser;
let call: ReturnType<typeof as>;

const list = async (query = ''): Promise<TaskPage> => {
  const response = await call('GET', `/api/${user.id}/tasks${query ? `?${query}` : ''}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const titles = (page: TaskPage) => page.items.map((task) => task.title);

/** Follows next_cursor to the end; returns every task in order. */
async function listAll(query: string, between?: () => Promise<void>): Promise<Task[]> {
  const all: Task[] = [];
  let cursor: string | null = null;
  do {
    const page: TaskPage = await list(`${query}${cursor ? `&cursor=${cursor}` : ''}`);
    all.push(...page.items);
    cursor = page.next_cursor;
    if (between) await between();
  } while (cursor);
  return all;
}

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t.app, 'lister');
  call = as(t.app, user);
  const seed = [
    { title: 'Buy milk', priority: 'low', tags: ['home', 'shop'], due_at: '2027-01-03T00:00:00.000Z' },
    {
      title: 'Write report',
      description: 'quarterly numbers',
      priority: 'high',
      tags: ['work'],
      due_at: '2027-01-01T00:00:00.000Z',
    },
    { title: 'Call plumber', priority: 'medium', tags: ['home'] },
    { title: 'Review 100% of PRs', priority: 'high', tags: ['work'], due_at: '2027-01-02T00:00:00.000Z' },
    { title: 'archive_old', description: 'under_score', priority: 'low', tags: [] },
  ];
  for (const task of seed) expect((await call('POST', `/api/${user.id}/tasks`, task)).statusCode).toBe(201);
  const report = (await list('q=report')).items[0];
  await call('PATCH', `/api/${user.id}/tasks/${report.id}/complete`);
});
afterAll(() => t.close());

describe('filters', () => {
  it('status', async () => {
    expect(titles(await list('status=completed'))).toEqual(['Write report']);
    expect(titles(await list('status=pending'))).toHaveLength(4);
    expect(titles(await list('status=all'))).toHaveLength(5);
  });

  it('priority', async () => {
    expect(titles(await list('priority=high&sort=title'))).toEqual(['Review 100% of PRs', 'Write report']);
  });

  it('tag', async () => {
    expect(titles(await list('tag=home&sort=title'))).toEqual(['Buy milk', 'Call plumber']);
    expect(titles(await list('tag=nothing'))).toEqual([]);
  });

  it('keyword search in title and description, case-insensitive', async () => {
    expect(titles(await list('q=MILK'))).toEqual(['Buy milk']);
    expect(titles(await list('q=quarterly'))).toEqual(['Write report']);
  });

  it('treats % and _ in the keyword as plain characters', async () => {
    expect(titles(await list(`q=${encodeURIComponent('100%')}`))).toEqual(['Review 100% of PRs']);
    expect(titles(await list('q=_'))).toEqual(['archive_old']);
  });

  it('due range', async () => {
    expect(titles(await list('due_before=2027-01-02T12:00:00Z&sort=due'))).toEqual([
      'Write report',
      'Review 100% of PRs',
    ]);
    expect(titles(await list('due_after=2027-01-01T12:00:00Z&sort=due'))).toEqual(['Review 100% of PRs', 'Buy milk']);
    expect(titles(await list('due_after=2027-01-01T12:00:00Z&due_before=2027-01-02T12:00:00Z'))).toEqual([
      'Review 100% of PRs',
    ]);
  });

  it('combines filters', async () => {
    expect(titles(await list('status=pending&priority=high&tag=work'))).toEqual(['Review 100% of PRs']);
  });
});

describe('sorting', () => {
  it('defaults to newest first', async () => {
    expect(titles(await list())[0]).toBe('archive_old');
  });

  it('by title, both orders', async () => {
    const asc = titles(await list('sort=title'));
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    expect(titles(await list('sort=title&order=desc'))).toEqual([...asc].reverse());
  });

  it('by priority by rank, not alphabet', async () => {
    const page = await list('sort=priority&order=desc');
    expect(page.items.map((task) => task.priority)).toEqual(['high', 'high', 'medium', 'low', 'low']);
  });

  it('by due date with undated tasks last', async () => {
    const page = await list('sort=due');
    expect(page.items.map((task) => task.due_at)).toEqual([
      '2027-01-01T00:00:00.000Z',
      '2027-01-02T00:00:00.000Z',
      '2027-01-03T00:00:00.000Z',
      null,
      null,
    ]);
  });

  it('by updated time', async () => {
    expect(titles(await list('sort=updated'))[0]).toBe('Write report');
  });
});

describe('cursor pagination', () => {
  it.each(['created', 'updated', 'due', 'priority', 'title'])(
    'pages through sort=%s in both orders without gaps or repeats',
    async (sort) => {
      for (const order of ['asc', 'desc']) {
        const whole = await list(`sort=${sort}&order=${order}&limit=100`);
        const paged = await listAll(`sort=${sort}&order=${order}&limit=2`);
        expect(paged.map((task) => task.id)).toEqual(whole.items.map((task) => task.id));
      }
    },
  );

  it('answers next_cursor only while there is more', async () => {
    const first = await list('limit=5');
    expect(first.items).toHaveLength(5);
    expect(first.next_cursor).toBeNull();
    const small = await list('limit=4');
    expect(small.next_cursor).not.toBeNull();
  });

  it('keeps filters across pages', async () => {
    const paged = await listAll('tag=home&limit=1');
    expect(paged.map((task) => task.title).sort()).toEqual(['Buy milk', 'Call plumber']);
  });

  it('is stable under concurrent inserts: every original task once, none twice', async () => {
    const other = await signUp(t.app, 'pager');
    const callOther = as(t.app, other);
    const created: number[] = [];
    for (let i = 0; i < 120; i++) {
      const task = (
        await callOther('POST', `/api/${other.id}/tasks`, { title: `task ${String(i).padStart(3, '0')}` })
      ).json();
      created.push(task.id);
    }
    for (const sort of ['created', 'title']) {
      let inserted = 0;
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const response = await callOther(
          'GET',
          `/api/${other.id}/tasks?sort=${sort}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const page: TaskPage = response.json();
        seen.push(...page.items.map((task) => task.id));
        cursor = page.next_cursor;
        // Writers land between the reads: new tasks at both ends of the order.
        await Promise.all(
          ['aaa new', 'zzz new'].map((title) =>
            callOther('POST', `/api/${other.id}/tasks`, { title: `${title} ${inserted++}` }),
          ),
        );
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(created));
    }
  });

  it('pages 200 tasks by 50 in four pages', async () => {
    const big = await signUp(t.app, 'big');
    const callBig = as(t.app, big);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => callBig('POST', `/api/${big.id}/tasks`, { title: `n${i}` })),
    );
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const page: TaskPage = (await callBig('GET', `/api/${big.id}/tasks${cursor ? `?cursor=${cursor}` : ''}`)).json();
      pages.push(page.items.length);
      cursor = page.next_cursor;
    } while (cursor);
    expect(pages).toEqual([50, 50, 50, 50]);
  });
});
