import { taskEtag } from '@todo/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let taskId: number;

const get = (user: TestUser, url: string, ifNoneMatch?: string, method: 'GET' | 'HEAD' = 'GET') =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${user.jwt}`, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
  });

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
  taskId = (await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, { title: 'cached' })).json().id;
});
afterAll(() => t.close());

describe('conditional GETs', () => {
  const urls = () => [
    `/api/${alice.id}/tasks`,
    `/api/${alice.id}/tasks/${taskId}`,
    `/api/${alice.id}/audit`,
    `/api/${alice.id}/conversations`,
  ];

  it('tags every readable answer and answers 304 without a body to a matching If-None-Match', async () => {
    for (const url of urls()) {
      const first = await get(alice, url);
      expect(first.statusCode, url).toBe(200);
      const etag = String(first.headers.etag);
      // One task's tag is strong and names its version (If-Match); any other answer's is a weak hash.
      expect(etag, url).toMatch(url.endsWith(`/${taskId}`) ? /^"\d+-\d+"$/ : /^W\/"[\w-]{27}"$/);
      expect(first.headers['cache-control'], url).toBe('private, no-cache');

      const again = await get(alice, url, etag);
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers.etag, url).toBe(etag);
      expect(again.headers['cache-control'], url).toBe('private, no-cache');
      expect((await get(alice, url, etag, 'HEAD')).statusCode, url).toBe(304);
    }
  });

  it('compares weakly, in a list, and takes `*`', async () => {
    const url = `/api/${alice.id}/tasks`;
    const etag = String((await get(alice, url)).headers.etag);
    expect((await get(alice, url, etag.slice(2))).statusCode).toBe(304);
    expect((await get(alice, url, `"other", ${etag}`)).statusCode).toBe(304);
    expect((await get(alice, url, '*')).statusCode).toBe(304);
    expect((await get(alice, url, '"other"')).statusCode).toBe(200);
  });

  it('a write changes the tag: the old one answers 200 with the new data', async () => {
    const url = `/api/${alice.id}/tasks/${taskId}`;
    const before = String((await get(alice, url)).headers.etag);
    const list = String((await get(alice, `/api/${alice.id}/tasks`)).headers.etag);
    await as(t.app, alice)('PATCH', `/api/${alice.id}/tasks/${taskId}/complete`);

    const after = await get(alice, url, before);
    expect(after.statusCode).toBe(200);
    expect(after.json().completed).toBe(true);
    expect(after.headers.etag).not.toBe(before);
    expect((await get(alice, `/api/${alice.id}/tasks`, list)).statusCode).toBe(200);
    expect((await get(alice, `/api/${alice.id}/audit`, list)).statusCode).toBe(200);
  });

  it('never 304 across users, even for alike answers', async () => {
    const emptyA = await get(alice, `/api/${alice.id}/conversations`);
    const emptyB = await get(bob, `/api/${bob.id}/conversations`);
    expect(emptyA.body).toBe(emptyB.body);
    expect(emptyA.headers.etag).not.toBe(emptyB.headers.etag);
    const fromBob = await get(bob, `/api/${bob.id}/conversations`, String(emptyA.headers.etag));
    expect(fromBob.statusCode).toBe(200);
    const onAlicesPath = await get(bob, `/api/${alice.id}/tasks`, String(emptyA.headers.etag));
    expect(onAlicesPath.statusCode).toBe(403);
  });

  it('leaves writes (which tag the version they leave) and errors alone', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/${alice.id}/tasks/${taskId}`,
      headers: { authorization: `Bearer ${alice.jwt}`, 'if-none-match': '*' },
      payload: { title: 'renamed' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.headers.etag).toBe(taskEtag(put.json()));
    const missing = await get(alice, `/api/${alice.id}/tasks/2147483647`, '*');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
  });
});
