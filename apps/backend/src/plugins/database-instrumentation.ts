import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Gauge, Histogram } from 'prom-client';
import { operationOf } from '../db/operation.js';

/**
 * The one place that instruments the pool: its connections (in use, idle, waiting) read at scrape time, and every
 * query made through it (Drizzle and Better Auth both query through it) timed, and traced when tracing is on
 * (`databaseUrl` given).
 */
async function databaseInstrumentation(app: FastifyInstance, { tracing }: { tracing?: { databaseUrl: string } }) {
  const { pool } = app;
  const registers = [app.metrics.registry];
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  const duration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query duration in seconds',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  // Loaded only when tracing is on, like the SDK.
  const spans = tracing && (await import('../db/query-spans.js')).querySpans(tracing.databaseUrl);

  // pg has no query hook: wrap the promise form of pool.query, which is how the pool is used here.
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  pool.query = ((...args: unknown[]) => {
    const operation = operationOf(args[0]);
    const end = duration.startTimer({ operation });
    const endSpan = spans?.start(operation);
    return query(...args).then(
      (result) => {
        end();
        endSpan?.();
        return result;
      },
      (error: unknown) => {
        end();
        endSpan?.(error);
        throw error;
      },
    );
  }) as typeof pool.query;
}

export default fp(databaseInstrumentation, { name: 'database-instrumentation', dependencies: ['database', 'metrics'] });
