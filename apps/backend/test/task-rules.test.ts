// One set of task rules for every writer: the MCP tools (and so the chat) accept exactly what the REST API accepts,
// whatever was stored can be saved back through PUT, and the database itself refuses what the API refuses
// (migrations 0004 and 0005, whose data fix brings older rows within the rules).
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { createMcpServer } from '../src/mcp/server.js';
import { runMigrations } from '../src/db/migrate.js';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import { MIGRATIONS } from './support/constants.js';
import { endPool } from './support/pool.js';

let t: TestApp;
let alice: TestUser;
let mcp: Client;
let db: pg.Client;

beforeAll(async () => {
  t = await createTestApp();
  alice = await signUp(t.app, 'alice');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const source = { origin: 'mcp', requestId: 'test', ip: null, userAgent: null } as const;
  await createMcpServer(t.app.taskService, alice.id, source).connect(serverSide);
  mcp = new Client({ name: 'test', version: '1.0.0' });
  await mcp.connect(clientSide);
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
});
afterAll(async () => {
  await mcp.close();
  await db.end();
  await t.close();
});

/** Strings at the edges of the rules: blanks, padding, newlines, astral characters around the length limits. */
const edgy = (max: number) =>
  fc.oneof(
    fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u00a0', 'a', 'é', '😀', '𝒳', 'я'), maxLength: 6 }),
    fc.constantFrom(max - 1, max, max + 1).chain((n) => fc.constantFrom('a', 'я', '😀').map((c) => c.repeat(n))),
    fc.string({ maxLength: max + 2 }),
  );
const args = fc.record(
  {
    title: edgy(200),
    description: fc.option(edgy(1000), { nil: null }),
    tags: fc.array(fc.oneof(edgy(32), fc.constantFrom('a', ' a', 'a ', '   ', '')), { maxLength: 12 }),
  },
  { requiredKeys: ['title'] },
);

async function addTask(input: Record<string, unknown>) {
  const result = (await mcp.callTool({ name: 'add_task', arguments: input })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  return { ok: !result.isError, value: result.isError ? undefined : JSON.parse(text) };
}

describe('every writer follows the API rules', () => {
  it('MCP add_task accepts what POST accepts and nothing else; what it stores, PUT takes back (300 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(args, async (input) => {
        const rest = await as(t.app, alice)('POST', `/api/${alice.id}/tasks`, input);
        const tool = await addTask(input);
        expect([rest.statusCode, tool.ok], JSON.stringify(input)).toSatisfy(
          ([status, ok]) => (status === 201) === ok && (status === 201 || status === 400),
        );
        if (!tool.ok) return;
        const path = `/api/${alice.id}/tasks/${tool.value.task_id}`;
        const stored = (await as(t.app, alice)('GET', path)).json();
        const { title, description, priority, tags, due_at } = stored;
        const back = await as(t.app, alice)('PUT', path, { title, description, priority, tags, due_at });
        expect(back.statusCode, back.body).toBe(200);
      }),
      { numRuns: 300 },
    );
  });

  it('counts characters, not UTF-16 units: 200 emoji are a title, 201 are not', async () => {
    expect((await addTask({ title: '😀'.repeat(200) })).ok).toBe(true);
    expect((await addTask({ title: '😀'.repeat(201) })).ok).toBe(false);
    expect((await addTask({ title: 't', tags: ['😀'.repeat(32)] })).ok).toBe(true);
  });

  it("refuses the reviewers' tags ['a','a',' padded ','   '] in add_task and update_task", async () => {
    const tags = ['a', 'a', ' padded ', '   '];
    expect((await addTask({ title: 't', tags })).ok).toBe(false);
    const { value } = await addTask({ title: 't' });
    const update = (await mcp.callTool({ name: 'update_task', arguments: { task_id: value.task_id, tags } })) as {
      isError?: boolean;
    };
    expect(update.isError).toBe(true);
  });

  it('the database refuses rows outside the rules, whoever writes them', async () => {
    const bad = [
      ['   ', '{}'],
      ['\n\t', '{}'],
      ['ok', '{a,a}'],
      ['ok', '{" padded"}'],
      ['ok', '{"padded "}'],
      ['ok', '{""}'],
      ['ok', `{${'x'.repeat(33)}}`],
      ['ok', `{${Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')}}`],
      ['ok', '{"a\nb"}'],
      ['ok', '{NULL}'],
      ['ok', '{{a,b},{c,d}}'],
    ];
    for (const [title, tags] of bad) {
      const error = await db
        .query('INSERT INTO tasks (user_id, title, tags) VALUES ($1, $2, $3)', [alice.id, title, tags])
        .then(
          () => undefined,
          (e: { code?: string }) => e.code,
        );
      expect(error, `${JSON.stringify(title)} ${tags}`).toBe('23514');
    }
    const ok = await db.query('INSERT INTO tasks (user_id, title, tags) VALUES ($1, $2, $3)', [
      alice.id,
      ' padded title ',
      `{a,b,${'😀'.repeat(32)}}`,
    ]);
    expect(ok.rowCount).toBe(1);
  });
});

describe('migration 0004', () => {
  it('brings the rows that break the rules within them before 0005 adds the constraints', async () => {
    // A database migrated up to 0003, given rows the old schema allowed, then migrated to the end.
    const folder = await mkdtemp(join(tmpdir(), 'migrations-'));
    await cp(MIGRATIONS, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(await readFile(journalPath, 'utf8'));
    journal.entries = journal.entries.filter((entry: { idx: number }) => entry.idx <= 3);
    await writeFile(journalPath, JSON.stringify(journal));

    const admin = databaseAdmin(inject('postgresUrl'));
    const name = `rules_${process.pid}_${Date.now()}`;
    await admin.createDatabase(name);
    const pool = new pg.Pool({ connectionString: admin.url(name) });
    try {
      await runMigrations(pool, pathToFileURL(`${folder}/`));
      await pool.query(`INSERT INTO "user" (id, name, email, email_verified, created_at, updated_at)
        VALUES ('u', 'u', 'u@example.test', false, now(), now())`);
      const rows: [string, string[]][] = [
        ['   ', ['a', 'a', ' padded ', '   ']],
        ['fine', Array.from({ length: 12 }, (_, i) => `tag${i % 11}`)],
        ['fine', [`${'y'.repeat(31)} z`, 'a\nb', '']],
        ['untouched', ['keep', 'me']],
      ];
      for (const [title, tags] of rows)
        await pool.query('INSERT INTO tasks (user_id, title, tags) VALUES ($1, $2, $3)', ['u', title, tags]);
      const before = await pool.query('SELECT id, updated_at FROM tasks ORDER BY id');

      await runMigrations(pool, MIGRATIONS);
      const after = await pool.query('SELECT title, tags, updated_at FROM tasks ORDER BY id');
      expect(after.rows.map((row) => [row.title, row.tags])).toEqual([
        ['(untitled)', ['a', 'padded']],
        ['fine', Array.from({ length: 10 }, (_, i) => `tag${i}`)],
        ['fine', ['y'.repeat(31), 'a b']],
        ['untouched', ['keep', 'me']],
      ]);
      // A fixed row is a new version (its ETag changes); an untouched one keeps its own.
      expect(after.rows[0].updated_at.getTime()).toBeGreaterThan(before.rows[0].updated_at.getTime());
      expect(after.rows[3].updated_at).toEqual(before.rows[3].updated_at);
    } finally {
      await endPool(pool);
      await admin.dropDatabase(name);
    }
  });
});
