import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface AppMetrics {
  registry: Registry;
  /** Sign-up and sign-in attempts by outcome: success, failure, rate_limited. */
  authAttempts: Counter<'action' | 'outcome'>;
  /** Task operations that succeeded, by kind: list, get, create, update, complete, delete. */
  taskOperations: Counter<'operation'>;
  /** MCP tool calls by tool and by where they came from: the chat's agent or an external client on /mcp. */
  toolCalls: Counter<'tool' | 'origin'>;
  /** Chat turns (provider calls and tools) by outcome: ok, provider_error, provider_timeout, error. */
  chatTurns: Histogram<'outcome'>;
  /** Lookups in the optional Redis cache by cache (task_list) and result: hit, miss, error (served from the database). */
  cacheLookups: Counter<'cache' | 'result'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

/**
 * Prometheus metrics: the process defaults, request count and duration by route and status (RED), and the
 * domain counters other plugins and routes feed. Hand-wired on prom-client (a few lines) so the route label is
 * the route pattern, never a raw URL.
 */
async function metrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const authAttempts = new Counter({
    name: 'auth_attempts_total',
    help: 'Sign-up and sign-in attempts by outcome',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const taskOperations = new Counter({
    name: 'task_operations_total',
    help: 'Successful task operations by kind',
    labelNames: ['operation'] as const,
    registers: [registry],
  });

  const toolCalls = new Counter({
    name: 'mcp_tool_calls_total',
    help: 'MCP tool calls by tool and origin (chat or mcp)',
    labelNames: ['tool', 'origin'] as const,
    registers: [registry],
  });
  const chatTurns = new Histogram({
    name: 'chat_turn_duration_seconds',
    help: 'Chat turns (model provider calls and tool calls) in seconds, by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80],
    registers: [registry],
  });

  const cacheLookups = new Counter({
    name: 'cache_lookups_total',
    help: 'Lookups in the Redis cache by cache and result (hit, miss, error)',
    labelNames: ['cache', 'result'] as const,
    registers: [registry],
  });

  app.decorate('metrics', { registry, authAttempts, taskOperations, toolCalls, chatTurns, cacheLookups });
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: reply.statusCode,
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
}

export default fp(metrics, { name: 'metrics' });
