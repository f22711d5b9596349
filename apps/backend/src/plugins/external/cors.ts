import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';

/**
 * CORS for the configured origins only (`CORS_ORIGINS`), with credentials; none without them.
 * @see https://github.com/fastify/fastify-cors
 */
export default fp(
  async function corsOrigins(app: FastifyInstance, { config }: { config: Config }) {
    await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true });
  },
  { name: 'cors' },
);
