import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { NoQuery } from '@todo/contracts';
import conditionalGet from './conditional-get.js';

/**
 * What every route under `/api/:user_id` shares, for the routes registered beside it: the caller identified and
 * matched to `:user_id` (401, 403), the per-user rate limit (429), and conditional GETs. A route that declares no
 * query parameters refuses any, as those that declare some refuse unknown ones.
 */
async function userScope(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.schema = { querystring: NoQuery, ...route.schema };
  });
  app.addHook('preValidation', app.authorizeUser);
  app.addHook('preHandler', app.limitPerUser);
  await app.register(conditionalGet);
}

export default fp(userScope, { name: 'user-scope', dependencies: ['auth', 'user-rate-limit'] });
