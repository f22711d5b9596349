import { afterAll, beforeAll, expect, it } from 'vitest';
import { traceIdOf } from '../src/logging.js';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const lines: string[] = [];
let t: TestApp;
let user: TestUser;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

beforeAll(async () => {
  t = await createTestApp({ LOG_LEVEL: 'info' }, { logStream: { write: (line) => void lines.push(line) } });
  user = await signUp(t.app, 'logged');
  await t.app.inject({
    method: 'GET',
    url: `/api/${user.id}/tasks?q=secret-query`,
    headers: { authorization: `Bearer ${user.jwt}`, traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, cookie: 'a=b' },
  });
  await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: user.email, password: 'correct horse battery' },
  });
  await as(t.app, user)('POST', `/api/${user.id}/tasks`, { title: 'x'.repeat(300) }); // a 400
});
afterAll(() => t.close());

const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
const completed = () => entries().filter((e) => e.msg === 'request completed');

it('writes one JSON line per request with request id, route, status and duration', () => {
  const list = completed().find((e) => e.route === '/api/:user_id/tasks' && e.method === 'GET');
  expect(list).toMatchObject({ level: 30, statusCode: 200, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(list?.durationMs).toEqual(expect.any(Number));
  expect(entries().filter((e) => e.msg === 'incoming request')).toEqual([]);
});

it('adds the user id once authenticated, and the trace id of a traceparent', () => {
  const list = completed().find((e) => e.route === '/api/:user_id/tasks' && e.method === 'GET');
  expect(list).toMatchObject({ userId: user.id, traceId: TRACE_ID });
  const signIn = completed().find((e) => e.route === '/api/auth/sign-in/email');
  expect(signIn).toMatchObject({ statusCode: 200 });
  expect(signIn?.userId).toBeUndefined();
});

it('never logs a password, an email, a token, a cookie or a query string', () => {
  const text = lines.join('\n');
  expect(lines.length).toBeGreaterThan(3);
  for (const secret of ['correct horse battery', user.email, user.jwt, user.sessionToken, 'a=b', 'secret-query']) {
    expect(text.includes(secret), secret).toBe(false);
  }
  expect(text).not.toMatch(/authorization|cookie/i);
});

it('reads trace ids from well-formed traceparent headers only', () => {
  expect(traceIdOf(`00-${TRACE_ID}-00f067aa0ba902b7-01`)).toBe(TRACE_ID);
  expect(traceIdOf('garbage')).toBeUndefined();
  expect(traceIdOf(undefined)).toBeUndefined();
});

it('writes one audit line per account or task change, under the request id, with ids only', () => {
  const audits = entries().filter((e) => e.msg === 'audit event');
  expect(audits.map((e) => (e.audit as { action: string }).action)).toEqual(['account.sign_up', 'account.sign_in']);
  const signIn = completed().find((e) => e.route === '/api/auth/sign-in/email');
  expect(audits[1]).toMatchObject({
    level: 30,
    reqId: signIn?.reqId,
    audit: { action: 'account.sign_in', userId: user.id, targetId: expect.any(String), origin: 'rest' },
  });
});
