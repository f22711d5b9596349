import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

/**
 * What ordinary HTTP clients send, over a real socket with fetch: `Content-Type: application/json` on every call,
 * with or without a body, as the Phase II frontends do.
 */
let t: TestApp;
let user: TestUser;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t.app, 'clients');
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => t.close());

const contentTypes = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json;'];

function send(method: string, path: string, contentType: string, body?: string) {
  return fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${user.jwt}`, 'content-type': contentType },
    body,
  });
}

async function newTask(): Promise<number> {
  const response = await send('POST', `/api/${user.id}/tasks`, 'application/json', JSON.stringify({ title: 'x' }));
  return ((await response.json()) as { id: number }).id;
}

describe('an empty body with a JSON content type', () => {
  it.each(contentTypes)('PATCH .../complete toggles (%s)', async (contentType) => {
    const id = await newTask();
    for (const expected of [true, false]) {
      const response = await send('PATCH', `/api/${user.id}/tasks/${id}/complete`, contentType);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { completed: boolean }).completed).toBe(expected);
    }
  });

  it.each(contentTypes)('DELETE answers 204 (%s)', async (contentType) => {
    const id = await newTask();
    expect((await send('DELETE', `/api/${user.id}/tasks/${id}`, contentType)).status).toBe(204);
    expect((await send('GET', `/api/${user.id}/tasks/${id}`, contentType)).status).toBe(404);
  });

  it('POST /api/auth/sign-out signs out (Better Auth takes no body there)', async () => {
    const other = await signUp(t.app, 'leaving');
    const response = await fetch(`${base}/api/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.sessionToken}`, 'content-type': 'application/json', origin: base },
    });
    expect(response.status).toBe(200);
    const session = await fetch(`${base}/api/auth/get-session`, {
      headers: { authorization: `Bearer ${other.sessionToken}` },
    });
    expect(await session.json()).toBeNull();
  });

  it.each(['POST', 'PUT'])('%s, whose body is required, answers 400 naming the body', async (method) => {
    const path = method === 'POST' ? `/api/${user.id}/tasks` : `/api/${user.id}/tasks/${await newTask()}`;
    const response = await send(method, path, 'application/json');
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; details: { in: string }[] } };
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details[0].in).toBe('body');
  });

  it.each(['{', '{"completed":', 'null x', '"'])('malformed JSON %j still answers 400', async (body) => {
    const response = await send('PATCH', `/api/${user.id}/tasks/${await newTask()}/complete`, 'application/json', body);
    expect(response.status).toBe(400);
  });

  it('refuses a prototype-poisoning body, as before', async () => {
    const body = '{"completed":true,"__proto__":{"x":1}}';
    const response = await send('PATCH', `/api/${user.id}/tasks/${await newTask()}/complete`, 'application/json', body);
    expect(response.status).toBe(400);
  });
});

describe('query parameters on routes that take none', () => {
  const routes = async () => {
    const id = await newTask();
    return [
      ['POST', `/api/${user.id}/tasks`],
      ['GET', `/api/${user.id}/tasks/${id}`],
      ['PUT', `/api/${user.id}/tasks/${id}`],
      ['PATCH', `/api/${user.id}/tasks/${id}/complete`],
      ['DELETE', `/api/${user.id}/tasks/${id}`],
      ['GET', `/api/${user.id}/conversations`],
    ] as const;
  };

  it.each(['completed=', 'completed=true', 'x=1', 'status=all&id=2'])('?%s is refused everywhere', async (query) => {
    for (const [method, path] of await routes()) {
      const body = method === 'POST' || method === 'PUT' ? JSON.stringify({ title: 'y' }) : undefined;
      const response = await send(method, `${path}?${query}`, 'application/json', body);
      expect(response.status, `${method} ${path}?${query}`).toBe(400);
      const { error } = (await response.json()) as { error: { details: { in: string }[] } };
      expect(error.details[0].in).toBe('querystring');
    }
  });
});
