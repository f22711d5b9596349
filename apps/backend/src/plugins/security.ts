import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';

/** Security headers, CORS for the configured origins only, and rate limiting opted into per route. */
export default fp(async function security(app: FastifyInstance, { config }: { config: Config }) {
  await app.register(helmet, { global: true });
  await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true });
  await app.register(rateLimit, { global: false });
});
