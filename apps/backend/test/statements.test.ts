import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATE_TIME_RANGE } from '@todo/contracts';
import { isoInstant } from '../src/db/statements.js';
import { as, createTestApp, signUp, type TestApp } from './support/app.js';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
});
afterAll(() => client.end());

/** Instants at millisecond precision across the API's range (DATE_TIME_RANGE). */
const instants = fc
  .date({ min: new Date(DATE_TIME_RANGE.min), max: new Date(DATE_TIME_RANGE.max), noInvalidDate: true })
  .map((date) => date.toISOString());

/** What a reading gives, or the name of what it throws. */
const attempt = (read: (text: string) => string) => (text: string) => {
  try {
    return read(text);
  } catch (error) {
    return (error as Error).name;
  }
};

/** How PostgreSQL writes each instant as a timestamp(3) with time zone, in the session's time zone. */
async function written(isos: string[], timeZone: string): Promise<string[]> {
  await client.query(`SET TIME ZONE '${timeZone}'`);
  const { rows } = await client.query<{ text: string }>({
    text: 'SELECT (t::timestamptz(3))::text AS text FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n',
    values: [isos],
  });
  return rows.map((row) => row.text);
}

describe('isoInstant', () => {
  it('reads what PostgreSQL writes in UTC as the same instant, in the form the API answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(instants, { minLength: 1, maxLength: 200 }), async (isos) => {
        expect((await written(isos, 'UTC')).map(isoInstant)).toEqual(isos);
      }),
      { numRuns: 50 },
    );
  });

  for (const timeZone of ['Asia/Kathmandu', 'America/St_Johns']) {
    it(`reads what PostgreSQL writes in ${timeZone} as Date reads it`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(instants, { minLength: 1, maxLength: 200 }), async (isos) => {
          const texts = await written(isos, timeZone);
          expect(texts.map(attempt(isoInstant))).toEqual(texts.map(attempt((text) => new Date(text).toISOString())));
        }),
        { numRuns: 20 },
      );
    });
  }

  it('takes whole seconds and each fraction length from PostgreSQL', async () => {
    const isos = [
      '2026-01-02T03:04:05.000Z',
      '2026-01-02T03:04:05.600Z',
      '2026-01-02T03:04:05.670Z',
      '0099-12-31T23:59:59.999Z',
    ];
    const texts = await written(isos, 'UTC');
    expect(texts).toEqual([
      '2026-01-02 03:04:05+00',
      '2026-01-02 03:04:05.6+00',
      '2026-01-02 03:04:05.67+00',
      '0099-12-31 23:59:59.999+00',
    ]);
    expect(texts.map(isoInstant)).toEqual(isos);
  });
});

describe('the task routes on the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('send one statement per request (a write with its audit event; no transaction, no cache traffic)', async () => {
    const user = await signUp(t.app);
    const call = as(t.app, user);
    const created = (await call('POST', `/api/${user.id}/tasks`, { title: 'warm' })).json<{ id: number }>();
    const sent: string[] = [];
    const query = t.app.pool.query.bind(t.app.pool) as (...args: unknown[]) => Promise<unknown>;
    t.app.pool.query = ((...args: unknown[]) => {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      sent.push(text);
      return query(...args);
    }) as typeof t.app.pool.query;
    const tasks = `/api/${user.id}/tasks`;
    const requests: [string, Parameters<typeof call>][] = [
      ['list', ['GET', `${tasks}?limit=5`]],
      ['create', ['POST', tasks, { title: 'one', tags: ['a'], priority: 'high' }]],
      ['get', ['GET', `${tasks}/${created.id}`]],
      ['complete', ['PATCH', `${tasks}/${created.id}/complete`, { completed: true }]],
      ['toggle', ['PATCH', `${tasks}/${created.id}/complete`]],
      ['replace', ['PUT', `${tasks}/${created.id}`, { title: 'two' }]],
      ['delete', ['DELETE', `${tasks}/${created.id}`]],
    ];
    for (const [name, request] of requests) {
      sent.length = 0;
      const response = await call(...request);
      expect(response.statusCode, `${name}: ${response.body}`).toBeLessThan(300);
      expect(sent, name).toHaveLength(1);
      if (request[0] !== 'GET') expect(sent[0], name).toMatch(/^with "changed" as .*\(insert into "audit_events"/s);
    }
  });
});
