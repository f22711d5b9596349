import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers on every answer (the docs page sets its own Content-Security-Policy).
 * @see https://github.com/fastify/fastify-helmet
 */
export default fp(
  async function helmetHeaders(app: FastifyInstance) {
    await app.register(helmet, { global: true });
  },
  { name: 'helmet' },
);
