import type { FastifyInstance } from 'fastify';

/** The Prometheus scrape endpoint. */
export default async function metricsRoutes(app: FastifyInstance) {
  app.get(
    '/metrics',
    { config: { rateLimit: false }, schema: { summary: 'Prometheus metrics (text format)' } },
    async (_request, reply) => reply.type(app.metrics.registry.contentType).send(await app.metrics.registry.metrics()),
  );
}
