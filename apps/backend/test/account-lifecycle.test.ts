// Account lifecycle: deleting an account (with its password) removes its data and sessions but keeps its audit
// trail; new passwords must be hard to guess; profile fields are bounded.
import pg from 'pg';
import { dictionary } from '@zxcvbn-ts/language-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_LIMITS } from '@todo/contracts';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const PASSWORD = 'correct horse battery';
let t: TestApp;
let db: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await t.close();
});

const origin = () => new URL(t.config.auth.url).origin;
const authPost = (path: string, payload: object, token?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/auth${path}`,
    headers: { origin: origin(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload,
  });
let n = 0;
const signUpWith = (fields: Record<string, unknown>) =>
  authPost('/sign-up/email', {
    email: `life-${process.pid}-${++n}@example.test`,
    name: 'n',
    password: PASSWORD,
    ...fields,
  });
const count = async (table: string, userId: string) =>
  Number((await db.query(`SELECT count(*) FROM "${table}" WHERE user_id = $1`, [userId])).rows[0].count);

describe('deleting an account', () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await signUp(t.app, 'leaving');
    for (const title of ['one', 'two']) await as(t.app, user)('POST', `/api/${user.id}/tasks`, { title });
    const { rows } = await db.query('INSERT INTO conversations (user_id) VALUES ($1) RETURNING id', [user.id]);
    await db.query(`INSERT INTO messages (conversation_id, user_id, role, content) VALUES ($1, $2, 'user', 'hi')`, [
      rows[0].id,
      user.id,
    ]);
  });

  it('needs the password: none, or a wrong one, deletes nothing', async () => {
    for (const payload of [{}, { password: '' }, { password: 'wrong password!' }]) {
      const response = await authPost('/delete-user', payload, user.sessionToken);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(await count('tasks', user.id)).toBe(2);
  });

  it('with the password, removes tasks, conversations, messages, sessions and the user; keeps its audit events', async () => {
    const response = await authPost('/delete-user', { password: PASSWORD }, user.sessionToken);
    expect(response.statusCode, response.body).toBe(200);
    for (const table of ['tasks', 'conversations', 'messages', 'session', 'account'])
      expect(await count(table, user.id), table).toBe(0);
    expect((await db.query('SELECT 1 FROM "user" WHERE id = $1', [user.id])).rowCount).toBe(0);
    const { rows } = await db.query<{ action: string }>(
      'SELECT action FROM audit_events WHERE user_id = $1 ORDER BY id',
      [user.id],
    );
    expect(rows.map((row) => row.action)).toEqual(['account.sign_up', 'task.create', 'task.create', 'account.delete']);
    expect((await as(t.app, user)('GET', `/api/${user.id}/tasks`)).statusCode).toBe(401);
    expect((await as(t.app, user, 'session')('GET', `/api/${user.id}/tasks`)).statusCode).toBe(401);
    expect((await authPost('/sign-in/email', { email: user.email, password: PASSWORD })).statusCode).toBe(401);
  });
});

describe('password strength', () => {
  const common = (dictionary['passwords-common'] as string[]).filter((p) => p.length >= ACCOUNT_LIMITS.passwordMin);
  const whitespace = [' ', '\t', '\u00a0', '\u3000'].flatMap((c) => [8, 9, 16, 64].map((length) => c.repeat(length)));
  const weak = [
    ...common
      .filter((_, i) => i % Math.ceil(common.length / 40) === 0)
      .flatMap((p) => [p, `${p[0].toUpperCase()}${p.slice(1)}1`, `${p}!`]),
    ...whitespace,
    ...['a', '1', 'ab', 'abc'].map((unit) => unit.repeat(Math.ceil(12 / unit.length))),
    '12345678',
    'password',
    'qwertyuiop',
  ];

  it(`refuses ${weak.length} generated guessable passwords at sign-up and on a change`, async () => {
    expect(weak.length).toBeGreaterThan(100);
    const user = await signUp(t.app, 'strength');
    for (const password of weak) {
      const signUp = await signUpWith({ password });
      expect(signUp.statusCode, JSON.stringify(password)).toBe(400);
      expect(signUp.json().code).toMatch(/^PASSWORD_(TOO_WEAK|LENGTH)$/);
    }
    for (const newPassword of weak.slice(0, 20)) {
      const change = await authPost('/change-password', { currentPassword: PASSWORD, newPassword }, user.sessionToken);
      expect(change.statusCode, newPassword).toBe(400);
    }
  });

  it('refuses the account email and name as a password, and accepts a passphrase', async () => {
    const email = `someone.unusual${++n}@example.test`;
    expect((await signUpWith({ email, password: email })).statusCode).toBe(400);
    expect((await signUpWith({ name: 'Zebulon Quarterfield', password: 'zebulonquarterfield' })).statusCode).toBe(400);
    expect((await signUpWith({ password: 'violet tram under seven lamps' })).statusCode).toBe(200);
  });
});

describe('profile field limits', () => {
  const max = ACCOUNT_LIMITS.nameMax;
  const controls = [...Array.from({ length: 32 }, (_, i) => i), 0x7f, 0x85, 0x9f].map((code) =>
    String.fromCharCode(code),
  );
  const badNames = ['', '   ', 'x'.repeat(max + 1), 'x'.repeat(60_000), ...controls.map((c) => `Ali${c}ce`)];

  it(`refuses ${badNames.length} bad names at sign-up and on update, accepts ${max} characters`, async () => {
    const user = await signUp(t.app, 'names');
    for (const name of badNames) {
      const label = JSON.stringify(name.slice(0, 20));
      expect((await signUpWith({ name })).statusCode, label).toBe(400);
      expect((await authPost('/update-user', { name }, user.sessionToken)).statusCode, label).toBe(400);
    }
    expect((await signUpWith({ name: 'é'.repeat(max) })).statusCode).toBe(200);
    expect((await authPost('/update-user', { name: 'x'.repeat(max) }, user.sessionToken)).statusCode).toBe(200);
  });

  it('bounds the email and the image URL', async () => {
    const user = await signUp(t.app, 'image');
    const long = `${'a'.repeat(ACCOUNT_LIMITS.emailMax)}@example.test`;
    expect((await signUpWith({ email: long })).statusCode).toBe(400);
    const image = `https://example.test/${'i'.repeat(ACCOUNT_LIMITS.imageUrlMax)}`;
    expect((await authPost('/update-user', { image }, user.sessionToken)).statusCode).toBe(400);
  });
});
