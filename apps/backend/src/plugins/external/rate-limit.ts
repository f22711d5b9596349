import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sharedRateLimitStore } from '../../cache/rate-limit-store.js';
import type { Config } from '../../config.js';

/**
 * The rate limit per client IP on every route (probes and scrapes opt out; the auth routes add their own). Counted in
 * Redis when it is on, so every replica shares one budget; per process without it (and while Redis is away).
 * @see https://github.com/fastify/fastify-rate-limit
 */
export default fp(
  async function rateLimits(app: FastifyInstance, { config }: { config: Config }) {
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimit.perIpMax,
      timeWindow: '1 minute',
      ...(app.redis ? { store: sharedRateLimitStore(app.redis) } : {}),
    });
  },
  { name: 'rate-limit', dependencies: ['cache'] },
);
