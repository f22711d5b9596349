import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let user: TestUser;
let call: ReturnType<typeof as>;
let taskId: number;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t.app, 'val');
  call = as(t.app, user);
  taskId = (await call('POST', `/api/${user.id}/tasks`, { title: 'exists' })).json().id;
});
afterAll(() => t.close());

function expectFieldError(response: { statusCode: number; json(): unknown }, field: string, where: string) {
  expect(response.statusCode).toBe(400);
  const { error } = response.json() as {
    error: { code: string; message: string; details: { field: string; in: string }[] };
  };
  expect(error.code).toBe('VALIDATION_ERROR');
  expect(error.message).toContain(field);
  expect(error.details).toContainEqual(expect.objectContaining({ field, in: where }));
}

const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);

describe('request bodies', () => {
  it.each([
    ['a missing title', {}, 'title'],
    ['an empty title', { title: '' }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a 201-character title', { title: 'x'.repeat(201) }, 'title'],
    ['a numeric title', { title: 5 }, 'title'],
    ['a 1001-character description', { title: 'ok', description: 'x'.repeat(1001) }, 'description'],
    ['a numeric description', { title: 'ok', description: 7 }, 'description'],
    ['an unknown priority', { title: 'ok', priority: 'urgent' }, 'priority'],
    ['tags that are not an array', { title: 'ok', tags: 'home' }, 'tags'],
    ['11 tags', { title: 'ok', tags: tags(11) }, 'tags'],
    ['an empty tag', { title: 'ok', tags: [''] }, 'tags/0'],
    ['a 33-character tag', { title: 'ok', tags: ['x'.repeat(33)] }, 'tags/0'],
    ['a tag with outer spaces', { title: 'ok', tags: [' home'] }, 'tags/0'],
    ['duplicate tags', { title: 'ok', tags: ['a', 'a'] }, 'tags'],
    ['a date without a time zone', { title: 'ok', due_at: '2027-01-01T10:00:00' }, 'due_at'],
    ['a date that is not a date', { title: 'ok', due_at: 'tomorrow' }, 'due_at'],
    ['an impossible date', { title: 'ok', due_at: '2027-02-30T10:00:00Z' }, 'due_at'],
    ['an unknown field', { title: 'ok', owner: 'someone' }, 'owner'],
    ['a user_id in the body', { title: 'ok', user_id: 'other' }, 'user_id'],
  ])('POST rejects %s', async (_, body, field) => {
    expectFieldError(await call('POST', `/api/${user.id}/tasks`, body), field, 'body');
  });

  it('accepts the limits exactly', async () => {
    const response = await call('POST', `/api/${user.id}/tasks`, {
      title: 'x'.repeat(200),
      description: 'y'.repeat(1000),
      tags: Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(32, 'z')),
    });
    expect(response.statusCode).toBe(201);
  });

  it.each([
    ['an unknown field', { title: 'ok', id: 3 }, 'id'],
    ['a missing title', { description: 'd' }, 'title'],
    ['a string for completed', { title: 'ok', completed: 'yes' }, 'completed'],
  ])('PUT rejects %s', async (_, body, field) => {
    expectFieldError(await call('PUT', `/api/${user.id}/tasks/${taskId}`, body), field, 'body');
  });

  it.each([
    ['a string for completed', { completed: 'true' }, 'completed'],
    ['an unknown field', { done: true }, 'done'],
  ])('PATCH complete rejects %s', async (_, body, field) => {
    expectFieldError(await call('PATCH', `/api/${user.id}/tasks/${taskId}/complete`, body), field, 'body');
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/${user.id}/tasks`,
      headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/json' },
      payload: '{"title": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
  });

  it('rejects a body that is not JSON with 415', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/${user.id}/tasks`,
      headers: { authorization: `Bearer ${user.jwt}`, 'content-type': 'application/xml' },
      payload: '<task/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects an oversized body with 413', async () => {
    const response = await call('POST', `/api/${user.id}/tasks`, { title: 'x', description: 'y'.repeat(70_000) });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('path parameters', () => {
  it.each(['abc', '0', '-1', '1.5', '99999999999'])('rejects task id %s', async (id) => {
    expectFieldError(await call('GET', `/api/${user.id}/tasks/${id}`), 'id', 'params');
  });
});

describe('query parameters', () => {
  it.each([
    ['status=done', 'status'],
    ['priority=urgent', 'priority'],
    ['sort=random', 'sort'],
    ['order=up', 'order'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['due_before=yesterday', 'due_before'],
    ['due_after=2027-13-01T00:00:00Z', 'due_after'],
    [`tag=${'x'.repeat(33)}`, 'tag'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['color=red', 'color'],
  ])('rejects ?%s', async (query, field) => {
    expectFieldError(await call('GET', `/api/${user.id}/tasks?${query}`), field, 'querystring');
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['json of the wrong shape', Buffer.from('[1,2]').toString('base64url')],
    [
      'a tampered date',
      Buffer.from(JSON.stringify({ sort: 'created', order: 'desc', value: "'; DROP TABLE tasks; --", id: 1 })).toString(
        'base64url',
      ),
    ],
    [
      'a tampered priority',
      Buffer.from(JSON.stringify({ sort: 'priority', order: 'asc', value: 'urgent', id: 1 })).toString('base64url'),
    ],
    [
      'a cursor of another sort',
      Buffer.from(JSON.stringify({ sort: 'title', order: 'asc', value: 'a', id: 1 })).toString('base64url'),
    ],
  ])('rejects a cursor that is %s', async (_, cursor) => {
    expectFieldError(await call('GET', `/api/${user.id}/tasks?cursor=${cursor}`), 'cursor', 'querystring');
  });
});
