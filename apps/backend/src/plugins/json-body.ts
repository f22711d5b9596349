import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * An empty body sent as `application/json` is no body: ordinary clients send that content type on every call,
 * DELETE and a bare PATCH included. Non-empty bodies go to Fastify's own parser (prototype poisoning refused).
 */
async function jsonBody(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parse(request, body as string, done);
  });
}

export default fp(jsonBody, { name: 'json-body' });
