import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let call: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestApp();
  alice = await signUp(t.app, 'alice');
  call = as(t.app, alice);
});
afterAll(() => t.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('task routes', () => {
  it('POST creates a task with defaults and answers 201', async () => {
    const response = await call('POST', `/api/${alice.id}/tasks`, { title: 'Buy milk' });
    expect(response.statusCode).toBe(201);
    const task = response.json();
    expect(task).toEqual({
      id: expect.any(Number),
      user_id: alice.id,
      title: 'Buy milk',
      description: null,
      completed: false,
      priority: 'medium',
      tags: [],
      due_at: null,
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
    });
  });

  it('POST stores every field', async () => {
    const body = {
      title: 'File taxes',
      description: 'Before the deadline',
      priority: 'high',
      tags: ['home', 'money'],
      due_at: '2027-04-15T12:00:00.000Z',
    };
    const created = (await call('POST', `/api/${alice.id}/tasks`, body)).json();
    expect(created).toMatchObject(body);
    const fetched = await call('GET', `/api/${alice.id}/tasks/${created.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toEqual(created);
  });

  it('accepts a due date with an offset and answers it in UTC', async () => {
    const created = (
      await call('POST', `/api/${alice.id}/tasks`, { title: 'Call', due_at: '2027-01-01T09:30:00+02:00' })
    ).json();
    expect(created.due_at).toBe('2027-01-01T07:30:00.000Z');
  });

  it('PUT replaces the editable fields and resets omitted ones', async () => {
    const created = (
      await call('POST', `/api/${alice.id}/tasks`, { title: 'Old', description: 'd', priority: 'high', tags: ['a'] })
    ).json();
    const response = await call('PUT', `/api/${alice.id}/tasks/${created.id}`, { title: 'New', tags: ['b'] });
    expect(response.statusCode).toBe(200);
    const updated = response.json();
    expect(updated).toMatchObject({
      title: 'New',
      description: null,
      priority: 'medium',
      tags: ['b'],
      completed: false,
    });
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
    expect(updated.created_at).toBe(created.created_at);

    const completed = await call('PUT', `/api/${alice.id}/tasks/${created.id}`, { title: 'New', completed: true });
    expect(completed.json().completed).toBe(true);
  });

  it('PATCH complete toggles without a body and sets with one', async () => {
    const { id } = (await call('POST', `/api/${alice.id}/tasks`, { title: 'Toggle me' })).json();
    const path = `/api/${alice.id}/tasks/${id}/complete`;
    expect((await call('PATCH', path)).json().completed).toBe(true);
    expect((await call('PATCH', path)).json().completed).toBe(false);
    expect((await call('PATCH', path, { completed: true })).json().completed).toBe(true);
    expect((await call('PATCH', path, { completed: true })).json().completed).toBe(true);
    expect((await call('PATCH', path, {})).json().completed).toBe(false);
  });

  it('DELETE answers 204 and the task is gone', async () => {
    const { id } = (await call('POST', `/api/${alice.id}/tasks`, { title: 'Delete me' })).json();
    const response = await call('DELETE', `/api/${alice.id}/tasks/${id}`);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect((await call('GET', `/api/${alice.id}/tasks/${id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/${alice.id}/tasks/${id}`)).statusCode).toBe(404);
  });

  it.each([
    ['GET', ''],
    ['PUT', ''],
    ['PATCH', '/complete'],
    ['DELETE', ''],
  ] as const)('%s of a task that does not exist answers 404 in the error format', async (method, suffix) => {
    const response = await call(
      method,
      `/api/${alice.id}/tasks/999999${suffix}`,
      method === 'PUT' ? { title: 'x' } : undefined,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Task not found' } });
  });

  it('GET lists the tasks as a page', async () => {
    const response = await call('GET', `/api/${alice.id}/tasks`);
    expect(response.statusCode).toBe(200);
    const page = response.json();
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((task: { user_id: string }) => task.user_id === alice.id)).toBe(true);
    expect(page.next_cursor).toBeNull();
  });

  it('answers unknown routes with 404 in the error format', async () => {
    const response = await t.app.inject('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('tags every response with a request id, echoing one it was given', async () => {
    const given = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await t.app.inject('/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
