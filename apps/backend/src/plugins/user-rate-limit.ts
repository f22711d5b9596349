import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '@todo/contracts';
import type { Config } from '../config.js';
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
 * The rate limit per user on the user's data, in the store of the per-IP one (Redis when it is on). A second limit on a
 * request the per-IP one has already counted: the plugin's hooks run once per request, so this one is checked by hand.
 */
export default fp(
  async function userRateLimit(app: FastifyInstance, { config }: { config: Config }) {
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
  },
  { name: 'user-rate-limit', dependencies: ['rate-limit'] },
);
