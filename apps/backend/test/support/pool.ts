import type pg from 'pg';

/**
 * Ends a pool once the server has closed each of its connections. pg-pool's own end() resolves as soon as it has
 * asked them to close: a database dropped WITH (FORCE) right after can terminate a connection still closing, whose
 * client then reports "terminating connection due to administrator command" to the pool as an 'error' event, uncaught
 * where the pool has no listener; a CREATE DATABASE from it as a template can find it still in use.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  let open = pool.totalCount;
  const closed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => --open === 0 && resolve());
  });
  await pool.end();
  await closed;
}
