import { FastifyOtelInstrumentation } from '@fastify/otel';
import { ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's trace id, set when tracing is on (the access log carries it). */
    traceId?: string;
  }
}

/** Probes and scrapes arrive every few seconds: they would drown the traces. */
const UNTRACED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A span for every request, registered only when tracing is on (main.ts starts the SDK), and first, so that its
 * hooks wrap every later hook and handler. The server is one esbuild bundle, where require hooks cannot patch
 * modules: @fastify/otel is a plugin that creates the server span (parent from `traceparent`) and one per hook and
 * handler. The queries' spans come from `database-instrumentation.ts`.
 * @see https://github.com/fastify/otel
 */
export default fp(
  async function otel(app: FastifyInstance) {
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
  },
  { name: 'otel' },
);
