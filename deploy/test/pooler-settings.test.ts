// The PgBouncer settings the backend's pooled tests run with (TRANSACTION_POOLING of @todo/local-stack/pgbouncer)
// are the chart's: its rendered pgbouncer.ini with the default values, so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { TRANSACTION_POOLING } from '@todo/local-stack/pgbouncer';
import { renderPoolerSettings } from './support/pooler.js';

describe("the pooled tests' PgBouncer settings", () => {
  it("are the chart's rendered pgbouncer.ini (database.pooler.enabled, default values)", async () => {
    const { settings, connectQuery } = await renderPoolerSettings();
    expect(TRANSACTION_POOLING).toEqual({ settings, connectQuery });
  });

  it('follow the chart: a changed value renders differently', async () => {
    const changed = await renderPoolerSettings(['database.pooler.poolSize=7', 'database.pool.statementTimeoutMs=2500']);
    expect(changed.settings).toMatchObject({ default_pool_size: '7', max_db_connections: '7' });
    expect(changed.connectQuery).toBe('SET statement_timeout = 2500');
  });
});
