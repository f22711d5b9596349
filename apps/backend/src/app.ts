import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type pg from 'pg';
import { ErrorCode } from '@todo/contracts';
import { authIssuer, mcpResource } from './auth/auth.js';
import type { Config } from './config.js';
import { createPool } from './db/client.js';
import auth from './plugins/auth.js';
import cache from './plugins/cache.js';
import canonicalPath from './plugins/canonical-path.js';
import database from './plugins/database.js';
import databaseInstrumentation from './plugins/database-instrumentation.js';
import errors from './plugins/errors.js';
import cors from './plugins/external/cors.js';
import helmet from './plugins/external/helmet.js';
import openapi from './plugins/external/openapi.js';
import rateLimit from './plugins/external/rate-limit.js';
import jsonBody from './plugins/json-body.js';
import metrics from './plugins/metrics.js';
import taskService from './plugins/task-service.js';
import userRateLimit from './plugins/user-rate-limit.js';
import auditRoutes from './routes/audit.js';
import authRoutes from './routes/auth.js';
import chatRoutes from './routes/chat.js';
import healthRoutes from './routes/health.js';
import mcpRoutes from './routes/mcp.js';
import metricsRoutes from './routes/metrics.js';
import taskRoutes from './routes/tasks.js';
import { loggedError } from './log-errors.js';
import { AccessLog } from './logging.js';
import { clientErrorHandler, requestIdOf } from './protocol.js';
import { buildSerializer } from './serialization.js';
import { validatorCompiler } from './validation.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Set on SIGTERM: readiness fails at once so the load balancer stops sending traffic. */
    draining: boolean;
  }
}

export interface AppOptions {
  config: Config;
  pool: pg.Pool;
  migrationsFolder: URL;
  /** Where the JSON log lines go (default: standard output). */
  logStream?: { write(line: string): void };
}

/**
 * Composes the API as fastify/demo does, registered explicitly (the bundle has no file system to scan): third-party
 * plugins, each configured in a file of `plugins/external/`, the app's own plugins in `plugins/`, then the routes.
 */
export async function buildApp({ config, pool, migrationsFolder, logStream }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Defence in depth: AccessLog never logs these, nor should anything else.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      // Errors keep no query parameters and no database message (they quote task content and addresses).
      serializers: { err: loggedError },
      ...(logStream ? { stream: logStream } : {}),
    },
    logController: new AccessLog(),
    trustProxy: config.trustProxy,
    // The client's X-Request-Id only when short and safe (protocol.ts); Fastify would take any.
    requestIdHeader: false,
    genReqId: requestIdOf,
    clientErrorHandler,
    bodyLimit: 64 * 1024,
    forceCloseConnections: false,
    schemaController: { compilersFactory: { buildSerializer } },
    // The router's own errors (a path parameter too long, a malformed URL), in the app's error format and without
    // echoing the URL back.
    frameworkErrors: (error, _request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const message = tooLong ? 'A path parameter is too long' : 'Malformed URL';
      // Typed for any route; this reply has no route schema.
      void (reply as FastifyReply).code(tooLong ? 414 : 400).send({ error: { code: ErrorCode.validation, message } });
    },
  });
  // First, so that its hooks wrap every later hook and handler; loaded only when tracing is on.
  if (config.otlp) {
    const { default: otel } = await import('./plugins/external/otel.js');
    await app.register(otel);
  }
  app.decorate('draining', false);
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errors);
  await app.register(canonicalPath);
  await app.register(jsonBody);
  // Probes and scrapes arrive every few seconds: log them only at warn and above.
  const probeLogLevel = ['fatal', 'error', 'silent'].includes(config.logLevel) ? config.logLevel : 'warn';
  // Each plugin names the plugins it needs (fastify-plugin `dependencies`): Fastify refuses to start when one of them
  // is not registered before it (test/plugin-dependencies.test.ts).
  await app.register(metrics);
  await app.register(database, { pool });
  await app.register(databaseInstrumentation, config.otlp ? { tracing: { databaseUrl: config.database.url } } : {});
  await app.register(cache, { config });
  await app.register(helmet);
  await app.register(cors, { config });
  await app.register(rateLimit, { config });
  await app.register(userRateLimit, { config });
  await app.register(openapi, { config });
  await app.register(auth, { config });
  await app.register(taskService);

  // Readiness has a pool of its own (one connection, short timeouts), so it never queues behind the app's queries.
  const probePool = createPool({ ...config.database, poolMax: 1, statementTimeoutMs: 2000 }, 2000);
  probePool.on('error', (err) => app.log.warn({ err }, 'idle readiness connection lost'));
  await app.register(healthRoutes, { migrationsFolder, probePool, logLevel: probeLogLevel });
  await app.register(metricsRoutes, { logLevel: probeLogLevel });
  await app.register(authRoutes, { config });
  await app.register(taskRoutes);
  await app.register(chatRoutes, { config });
  await app.register(mcpRoutes, { resource: mcpResource(config), authorizationServer: authIssuer(config) });
  await app.register(auditRoutes);
  return app;
}
