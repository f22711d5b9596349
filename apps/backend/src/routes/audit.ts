import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AuditListQuery, AuditPage, ErrorBody, UserParams } from '@todo/contracts';
import { AuditService } from '../services/audit.js';
import userScope from '../plugins/user-scope.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };

/** The caller's own audit trail, newest first; no one else's. */
export default async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const audit = new AuditService(app.db);
  await app.register(userScope);

  app.get(
    '/api/:user_id/audit',
    {
      schema: {
        summary: "The caller's audit trail, newest first",
        params: UserParams,
        querystring: AuditListQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (request) => audit.list(request.userId, request.query),
  );
}
