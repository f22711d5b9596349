// The fuzz suite's edge classes: inputs a loose schema lets through and PostgreSQL or `Date` then refuses or changes
// (control characters, date-times at and past the edges, integers at and past the column limits, cursors of the
// right shape with wrong values). Each is generated (support/edge-inputs.ts). The oracle: never a 5xx, an error
// names the field, and what is accepted is stored and given back exactly as sent.
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTools } from '../src/mcp/client.js';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { controlString, edgeDateTime, edgeInteger, edgeIntegerText, forgedCursor } from './support/edge-inputs.js';

const CLASSES = ['control characters', 'date-times', 'integers', 'forged cursors'] as const;
type EdgeClass = (typeof CLASSES)[number];
const ran = new Map<EdgeClass, number>(CLASSES.map((name) => [name, 0]));

let t: TestApp;
let user: TestUser;
let other: TestUser;
let call: ReturnType<typeof as>;

beforeAll(async () => {
  t = await createTestApp();
  [user, other] = [await signUp(t.app, 'edges'), await signUp(t.app, 'edges-other')];
  call = as(t.app, user);
  for (const title of ['one', 'two', 'three']) await call('POST', `/api/${user.id}/tasks`, { title, tags: ['keep'] });
});
afterAll(async () => {
  console.log(`fuzz edge classes, cases run: ${CLASSES.map((name) => `${name} ${ran.get(name)}`).join(', ')}`);
  await t.close();
});

/** Counts the case; fails on a 5xx or an error outside the app's format; on a 400, the field must be named. */
async function send(edge: EdgeClass, request: Promise<LightMyRequestResponse>, field?: string) {
  ran.set(edge, ran.get(edge)! + 1);
  const response = await request;
  const shown = `${response.statusCode} ${response.body.slice(0, 300)}`;
  expect(response.statusCode, shown).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.json(), shown).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    if (field && response.statusCode === 400) expect(response.json().error.details?.[0]?.field, shown).toBe(field);
  }
  return response;
}

/** The instant a date-time names, as the API writes it back. */
const canonical = (dateTime: string) => new Date(dateTime).toISOString();
const RUNS = { numRuns: 150 };

describe('fuzzing the edge classes', () => {
  it('strings with control characters, in every text field of the REST API', async () => {
    const field = fc.constantFrom('title', 'description', 'tags');
    await fc.assert(
      fc.asyncProperty(field, controlString, async (name, text) => {
        const body = { title: 'edge', [name]: name === 'tags' ? [text] : text };
        const response = await send(
          'control characters',
          call('POST', `/api/${user.id}/tasks`, body),
          name === 'tags' ? 'tags/0' : name,
        );
        if (response.statusCode === 201) expect(response.json()[name]).toEqual(body[name]);
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('q', 'tag'), controlString, async (name, text) => {
        const url = `/api/${user.id}/tasks?${new URLSearchParams({ [name]: text })}`;
        await send('control characters', call('GET', url), name);
      }),
      RUNS,
    );
  });

  it('date-times at and past the edges: stored as the same instant or refused naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(edgeDateTime, async (dueAt) => {
        const response = await send(
          'date-times',
          call('POST', `/api/${user.id}/tasks`, { title: 'dated', due_at: dueAt }),
          'due_at',
        );
        if (response.statusCode === 201) expect(response.json().due_at, dueAt).toBe(canonical(dueAt));
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('due_before', 'due_after'), edgeDateTime, async (name, dueAt) => {
        await send('date-times', call('GET', `/api/${user.id}/tasks?${new URLSearchParams({ [name]: dueAt })}`), name);
      }),
      RUNS,
    );
  });

  it('integers at and past the column limits, in paths and queries', async () => {
    const route = fc.constantFrom(
      (id: string) => call('GET', `/api/${user.id}/tasks/${id}`),
      (id: string) => call('PUT', `/api/${user.id}/tasks/${id}`, { title: 'edge', tags: ['keep'] }),
      (id: string) => call('PATCH', `/api/${user.id}/tasks/${id}/complete`, {}),
      (id: string) => as(t.app, other)('DELETE', `/api/${user.id}/tasks/${id}`),
      (id: string) => call('GET', `/api/${user.id}/conversations/${id}`),
      (id: string) => call('GET', `/api/${user.id}/tasks?limit=${id}`),
      (id: string) => call('GET', `/api/${user.id}/audit?limit=${id}`),
    );
    await fc.assert(
      fc.asyncProperty(route, edgeIntegerText, async (request, id) => {
        await send('integers', request(id));
      }),
      RUNS,
    );
  });

  it('cursors built from valid JSON with invalid values: a page or a 400 on the cursor', async () => {
    const sameListing = fc.boolean();
    await fc.assert(
      fc.asyncProperty(forgedCursor, sameListing, async (cursor, same) => {
        const listing = same ? `sort=${cursor.sort}&order=${cursor.order}&` : '';
        await send('forged cursors', call('GET', `/api/${user.id}/tasks?${listing}cursor=${cursor.text}`), 'cursor');
        await send('forged cursors', call('GET', `/api/${user.id}/audit?cursor=${cursor.text}`), 'cursor');
      }),
      { numRuns: 200 },
    );
  });

  it('the MCP tools: refused as a tool error, never a failure; stored exactly when accepted', async () => {
    const failures: unknown[] = [];
    const source = { origin: 'mcp' as const, requestId: 'fuzz', ip: null, userAgent: null };
    const tools = await connectTools(t.app.taskService, user.id, source, {
      onError: (error) => failures.push(error),
    });
    const argument = fc.oneof(
      controlString.map((text) => ['control characters', { title: text }] as const),
      controlString.map((text) => ['control characters', { title: 'mcp', description: text }] as const),
      controlString.map((text) => ['control characters', { title: 'mcp', tags: [text] }] as const),
      edgeDateTime.map((dueAt) => ['date-times', { title: 'mcp', due_at: dueAt }] as const),
    );
    await fc.assert(
      fc.asyncProperty(argument, async ([edge, args]) => {
        ran.set(edge, ran.get(edge)! + 1);
        const result = (await tools.callTool({ name: 'add_task', arguments: args })) as CallToolResult;
        expect(failures).toEqual([]);
        if (result.isError) return;
        const { task_id } = JSON.parse((result.content[0] as { text: string }).text) as { task_id: number };
        const stored = (await call('GET', `/api/${user.id}/tasks/${task_id}`)).json();
        const dueAt = 'due_at' in args ? canonical(args.due_at) : null;
        expect(stored).toMatchObject({ ...args, due_at: dueAt });
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(edgeInteger, async (taskId) => {
        ran.set('integers', ran.get('integers')! + 1);
        await tools.callTool({ name: 'complete_task', arguments: { task_id: taskId } });
        expect(failures).toEqual([]);
      }),
      { numRuns: 50 },
    );
    await tools.close();
  });
});
