import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_NAMES, createMcpServer } from '../src/mcp/server.js';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let client: Client;

/** The real SDK client, linked in memory to the server of one user. */
async function connect(user: TestUser): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const source = { origin: 'mcp', requestId: 'test', ip: null, userAgent: null } as const;
  await createMcpServer(t.app.taskService, user.id, source).connect(serverSide);
  const mcp = new Client({ name: 'test', version: '1.0.0' });
  await mcp.connect(clientSide);
  return mcp;
}

async function callTool(name: string, args: Record<string, unknown>, mcp = client) {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { isError: result.isError ?? false, text, value: result.isError ? undefined : JSON.parse(text) };
}

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
  client = await connect(alice);
});
afterAll(async () => {
  await client.close();
  await t.close();
});

describe('the MCP task tools', () => {
  it('lists the five Phase III tools with their arguments', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([...TOOL_NAMES].sort());
    const add = tools.find((tool) => tool.name === 'add_task')!;
    expect(add.inputSchema.required).toEqual(['title']);
    expect(Object.keys(add.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['user_id', 'title', 'description']),
    );
  });

  it('add_task creates a task the REST API then returns', async () => {
    const { value } = await callTool('add_task', { title: 'Buy milk', description: '2 litres' });
    expect(value).toEqual({ task_id: expect.any(Number), status: 'created', title: 'Buy milk' });
    const rest = await as(t.app, alice)('GET', `/api/${alice.id}/tasks/${value.task_id}`);
    expect(rest.json()).toMatchObject({ title: 'Buy milk', description: '2 litres', completed: false });
  });

  it('add_task takes the caller own user_id, a priority, tags and a due date with an offset', async () => {
    const { value } = await callTool('add_task', {
      user_id: alice.id,
      title: 'Dentist',
      priority: 'high',
      tags: ['health'],
      due_at: '2026-05-01T17:00:00+02:00',
    });
    const task = (await as(t.app, alice)('GET', `/api/${alice.id}/tasks/${value.task_id}`)).json();
    expect(task).toMatchObject({ priority: 'high', tags: ['health'], due_at: '2026-05-01T15:00:00.000Z' });
  });

  it('list_tasks filters by status', async () => {
    const { value: all } = await callTool('list_tasks', {});
    expect(all.tasks.map((task: { title: string }) => task.title)).toEqual(['Dentist', 'Buy milk']);
    expect(all.next_cursor).toBeNull();
    const { value: done } = await callTool('list_tasks', { status: 'completed' });
    expect(done).toEqual({ tasks: [], next_cursor: null });
  });

  it('list_tasks pages past 100 tasks with next_cursor, and finds a task by its words', async () => {
    const user = await signUp(t.app, 'many');
    const many = await connect(user);
    for (let i = 0; i < 230; i++) await callTool('add_task', { title: `chore ${i}` }, many);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { value } = await callTool('list_tasks', cursor ? { cursor } : {}, many);
      seen.push(...value.tasks.map((task: { title: string }) => task.title));
      cursor = value.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
    const { value: found } = await callTool('list_tasks', { q: 'chore 7' }, many);
    expect(found.tasks.map((task: { title: string }) => task.title).sort()).toEqual(
      ['chore 7', ...Array.from({ length: 10 }, (_, i) => `chore 7${i}`)].sort(),
    );
    await many.close();
  });

  it('complete_task, update_task and delete_task answer as the spec says', async () => {
    const { value: created } = await callTool('add_task', { title: 'Call mom' });
    const id = created.task_id;
    expect((await callTool('complete_task', { task_id: id })).value).toEqual({
      task_id: id,
      status: 'completed',
      title: 'Call mom',
    });
    expect((await callTool('update_task', { task_id: id, title: 'Call mum' })).value).toEqual({
      task_id: id,
      status: 'updated',
      title: 'Call mum',
    });
    const after = (await as(t.app, alice)('GET', `/api/${alice.id}/tasks/${id}`)).json();
    expect(after).toMatchObject({ title: 'Call mum', completed: true, description: null });
    expect((await callTool('delete_task', { task_id: id })).value).toEqual({
      task_id: id,
      status: 'deleted',
      title: 'Call mum',
    });
    expect((await as(t.app, alice)('GET', `/api/${alice.id}/tasks/${id}`)).statusCode).toBe(404);
  });

  it.each([
    ['add_task', {}],
    ['add_task', { title: '   ' }],
    ['add_task', { title: 'x'.repeat(201) }],
    ['add_task', { title: 'Due', due_at: 'tomorrow' }],
    ['list_tasks', { status: 'done' }],
    ['complete_task', { task_id: 'one' }],
    ['delete_task', { task_id: 0 }],
    ['update_task', { title: 'No id' }],
  ])('%s refuses bad arguments %o as a tool error', async (name, args) => {
    const result = await callTool(name, args);
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(/validation|invalid/i);
  });

  it('refuses a user_id that is not the caller, and changes nothing', async () => {
    const result = await callTool('add_task', { user_id: bob.id, title: 'Planted' });
    expect(result).toMatchObject({ isError: true, text: 'user_id does not match the authenticated user' });
    const bobs = (await as(t.app, bob)('GET', `/api/${bob.id}/tasks`)).json();
    expect(bobs.items).toEqual([]);
  });

  it("never reaches another user's task: it is not found", async () => {
    const bobsTask = (await as(t.app, bob)('POST', `/api/${bob.id}/tasks`, { title: 'Private' })).json();
    for (const name of ['complete_task', 'delete_task', 'update_task']) {
      const result = await callTool(name, { task_id: bobsTask.id, title: 'Mine now' });
      expect(result).toMatchObject({ isError: true, text: 'Task not found' });
    }
    const bobClient = await connect(bob);
    const { value } = await callTool('list_tasks', {}, bobClient);
    expect(value.tasks).toEqual([expect.objectContaining({ id: bobsTask.id, title: 'Private', completed: false })]);
    await bobClient.close();
  });
});
