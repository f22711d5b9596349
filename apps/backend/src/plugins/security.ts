import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '@todo/contracts';
import type { Config } from '../config.js';
import { sharedRateLimitStore } from '../cache/rate-limit-store.js';
import { HttpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler for routes behind `authorizeUser`: one budget per user, whichever IP the requests come from. */
    limitPerUser(request: FastifyRequest, reply: FastifyReply): Promise<void>;
    /** The same budget, spent `calls` times by one request (a JSON-RPC batch on /mcp). */
    limitUserCalls(request: FastifyRequest, reply: FastifyReply, calls: number): Promise<void>;
  }
}

/**
 * Security headers, CORS for the configured origins only, and rate limits: per client IP on every route (probes and
 * scrapes opt out; the auth routes add their own), per user on the user's data. Counted in Redis when it is on, so
 * every replica shares one budget; per process without it.
 */
export default fp(async function security(app: FastifyInstance, { config }: { config: Config }) {
  await app.register(helmet, { global: true });
  await app.register(cors, { origin: config.corsOrigins.length ? config.corsOrigins : false, credentials: true });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.perIpMax,
    timeWindow: '1 minute',
    // With Redis, one count for all replicas (per replica in memory while Redis is away).
    ...(app.redis ? { store: sharedRateLimitStore(app.redis) } : {}),
  });
  // A second limit on a request the per-IP one has already counted: the plugin's hooks run once per request, so this
  // one is checked by hand.
  const checkUser = app.createRateLimit({
    max: config.rateLimit.perUserMax,
    timeWindow: '1 minute',
    keyGenerator: (request) => `user:${request.userId}`,
  });
  async function limitUserCalls(request: FastifyRequest, reply: FastifyReply, calls: number) {
    for (let i = 0; i < calls; i++) {
      const limit = await checkUser(request);
      if (limit.isAllowed || !limit.isExceeded) continue;
      reply.header('retry-after', limit.ttlInSeconds);
      throw new HttpError(429, ErrorCode.rateLimited, `Rate limit exceeded, retry in ${limit.ttlInSeconds} seconds`);
    }
  }
  app.decorate('limitUserCalls', limitUserCalls);
  app.decorate('limitPerUser', (request: FastifyRequest, reply: FastifyReply) => limitUserCalls(request, reply, 1));
});
