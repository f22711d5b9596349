import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditPage } from '@todo/contracts';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let created: { id: number; requestId: string };

const SECRET_TITLE = 'a task title the trail must not hold';
const trail = (user: TestUser, query = '', caller = user) => as(t.app, caller)('GET', `/api/${user.id}/audit${query}`);

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/${alice.id}/tasks`,
    headers: { authorization: `Bearer ${alice.jwt}`, 'user-agent': 'audit-test/1.0' },
    payload: { title: SECRET_TITLE },
  });
  created = { id: response.json().id, requestId: String(response.headers['x-request-id']) };
  for (const title of ['two', 'three', 'four']) await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, { title });
  await as(t.app, bob)('POST', `/api/${bob.id}/tasks`, { title: 'bob' });
});
afterAll(() => t.close());

describe('GET /api/{user_id}/audit', () => {
  it('answers the caller her own events, newest first, with who, what, when and from where', async () => {
    const response = await trail(alice);
    expect(response.statusCode).toBe(200);
    const { items, next_cursor } = response.json() as AuditPage;
    expect(next_cursor).toBeNull();
    expect(items.map((e) => e.action)).toEqual([
      'task.create',
      'task.create',
      'task.create',
      'task.create',
      'account.sign_up',
    ]);
    const first = items.at(-2)!;
    expect(first).toEqual({
      id: expect.any(Number),
      action: 'task.create',
      target_id: String(created.id),
      request_id: created.requestId,
      ip: '127.0.0.1',
      user_agent: 'audit-test/1.0',
      origin: 'rest',
      created_at: expect.any(String),
    } satisfies AuditEvent);
    const times = items.map((e) => Date.parse(e.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('never holds a secret or a body: no password, token, cookie or task content', async () => {
    const body = (await trail(alice)).body;
    for (const secret of [SECRET_TITLE, 'correct horse battery', alice.email, alice.jwt, alice.sessionToken])
      expect(body.includes(secret), secret).toBe(false);
    const columns = (
      await sql("SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_events'")
    ).map((row) => row.column_name);
    expect(columns.sort()).toEqual(
      ['action', 'created_at', 'id', 'ip', 'origin', 'request_id', 'target_id', 'user_agent', 'user_id'].sort(),
    );
  });

  it('pages with an opaque cursor, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await trail(alice, query)).json() as AuditPage;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    const all = ((await trail(alice)).json() as AuditPage).items.map((e) => e.id);
    expect(seen).toEqual(all);
  });

  it('refuses a bad cursor or limit with 400', async () => {
    expect((await trail(alice, '?cursor=not-a-cursor')).statusCode).toBe(400);
    const wrongSort = Buffer.from(JSON.stringify({ sort: 'title', order: 'asc', value: 'x', id: 1 })).toString(
      'base64url',
    );
    expect((await trail(alice, `?cursor=${wrongSort}`)).statusCode).toBe(400);
    const badValue = Buffer.from(JSON.stringify({ sort: 'created', order: 'desc', value: 'x', id: 1 })).toString(
      'base64url',
    );
    expect((await trail(alice, `?cursor=${badValue}`)).statusCode).toBe(400);
    expect((await trail(alice, '?limit=0')).statusCode).toBe(400);
    expect((await trail(alice, '?limit=101')).statusCode).toBe(400);
  });

  it("is the owner's only: 403 on another user's path, 401 without credentials", async () => {
    const response = await trail(alice, '', bob);
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain(String(created.id));
    expect((await t.app.inject({ url: `/api/${alice.id}/audit` })).statusCode).toBe(401);
    const bobs = ((await trail(bob)).json() as AuditPage).items;
    expect(bobs.map((e) => e.action)).toEqual(['task.create', 'account.sign_up']);
  });
});

describe('task events share the statement of their change', () => {
  it('a write whose event cannot be stored is rolled back: no change without its event', async () => {
    const before = await sql('SELECT count(*)::int AS n FROM tasks');
    await sql('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      const response = await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, { title: 'unrecorded' });
      expect(response.statusCode).toBe(500);
    } finally {
      await sql('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    expect(await sql('SELECT count(*)::int AS n FROM tasks')).toEqual(before);
  });
});
