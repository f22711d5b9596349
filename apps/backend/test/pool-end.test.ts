import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject, it } from 'vitest';
import { databaseAdmin } from '@todo/local-stack/postgres';
import { endPool } from './support/pool.js';

it("endPool waits for the server to close the pool's connections, so a forced drop right after terminates none", async () => {
  const admin = databaseAdmin(inject('postgresUrl'));
  const name = `end_${randomUUID().replaceAll('-', '')}`;
  await admin.createDatabase(name);
  const pool = new pg.Pool({ connectionString: admin.url(name), max: 2 });
  const errors: Error[] = [];
  pool.on('error', (err) => errors.push(err));
  // Two connections at once, so that endPool waits for more than one; one of them is slowed below.
  const [{ rows }] = await Promise.all([
    pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'),
    pool.query('SELECT 1'),
  ]);
  // That connection's server process gets no CPU for a while, as on a busy machine: it reads the client's goodbye late.
  process.kill(rows[0].pid, 'SIGSTOP');
  setTimeout(() => process.kill(rows[0].pid, 'SIGCONT'), 300);
  await endPool(pool);
  await admin.dropDatabase(name);
  expect(errors).toEqual([]);
});
