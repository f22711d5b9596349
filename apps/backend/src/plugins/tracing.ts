import { FastifyOtelInstrumentation } from '@fastify/otel';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { operationOf } from '../db/operation.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's trace id, set when tracing is on (the access log carries it). */
    traceId?: string;
  }
}

/** Probes and scrapes arrive every few seconds: they would drown the traces. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Spans for every request and every query, registered only when tracing is on (main.ts starts the SDK).
 * The server is esbuild bundles, where require hooks cannot patch modules, so nothing here relies on them:
 * @fastify/otel is a plugin that creates the server span (parent from `traceparent`) and one per hook and
 * handler; the queries are timed where the pool is used, like the metrics (`pg` stays bundled).
 */
export default fp(async function tracing(
  app: FastifyInstance,
  { pool, databaseUrl }: { pool: pg.Pool; databaseUrl: string },
) {
  const instrumentation = new FastifyOtelInstrumentation({
    ignorePaths: ({ url }) => UNTRACED.has(url.split('?')[0] ?? url),
    requestHook(span, request) {
      // HTTP semantic conventions: "{method} {route}".
      span.updateName(`${request.method} ${request.routeOptions.url ?? ''}`.trim());
      // Without the query string, which can hold search terms (the access log leaves it out too).
      span.setAttribute(ATTR_URL_PATH, request.url.split('?')[0] ?? '');
      request.traceId = span.spanContext().traceId;
    },
  });
  await app.register(instrumentation.plugin());

  // Database client spans (semantic conventions v1.33+): system, operation, database, server; never the
  // statement's parameter values.
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
    [ATTR_DB_NAMESPACE]: database,
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_SERVER_PORT]: Number(url.port || 5432),
  };
  const tracer = trace.getTracer('todo-backend-db');
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  pool.query = ((...args: unknown[]) => {
    const operation = operationOf(args[0]);
    const known = operation === 'other' ? undefined : operation.toUpperCase();
    const span = tracer.startSpan(known ? `${known} ${database}` : database, {
      kind: SpanKind.CLIENT,
      attributes: { ...attributes, [ATTR_DB_OPERATION_NAME]: known },
    });
    return query(...args).then(
      (result) => {
        span.end();
        return result;
      },
      (error: unknown) => {
        // The SQLSTATE only: an error message can quote values.
        span.setAttribute(ATTR_ERROR_TYPE, (error as { code?: string }).code ?? 'error');
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        throw error;
      },
    );
  }) as typeof pool.query;
});
