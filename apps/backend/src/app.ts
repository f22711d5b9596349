import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Config } from './config.js';
import auth from './plugins/auth.js';
import database from './plugins/database.js';
import errors from './plugins/errors.js';
import metrics from './plugins/metrics.js';
import security from './plugins/security.js';
import authRoutes from './routes/auth.js';
import healthRoutes from './routes/health.js';
import taskRoutes from './routes/tasks.js';
import { validatorCompiler } from './validation.js';

export interface AppOptions {
  config: Config;
  pool: pg.Pool;
  migrationsFolder: URL;
}

/** Composes the API; plugins and routes are registered explicitly (the bundle has no file system to scan). */
export async function buildApp({ config, pool, migrationsFolder }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
    forceCloseConnections: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errors);
  await app.register(security, { config });
  await app.register(metrics);
  await app.register(database, { pool });
  await app.register(auth, { config });

  await app.register(healthRoutes, { migrationsFolder });
  await app.register(authRoutes, { config });
  await app.register(taskRoutes);
  return app;
}
