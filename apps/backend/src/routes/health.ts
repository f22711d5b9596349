import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { Liveness, Readiness } from '@todo/contracts';
import { migrationsApplied } from '../db/migrate.js';

/** Liveness says the process answers; readiness says it can serve: DB reachable, schema current, not draining. */
export default async function healthRoutes(
  app: FastifyInstance,
  { migrationsFolder, probePool }: { migrationsFolder: URL; probePool: pg.Pool },
) {
  let schemaCurrent = false; // once current, it stays current for this process
  // Two fixed fields: JSON.stringify answers them, so the first probe does not wait for the first serializer compile.
  const stringify = () => JSON.stringify;
  app.addHook('onClose', async () => probePool.end());

  app.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: { summary: 'Liveness: the process answers', response: { 200: Liveness } },
      serializerCompiler: stringify,
    },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: {
        summary: 'Readiness: database reachable, migrations applied, not draining',
        response: { 200: Readiness, 503: Readiness },
      },
      serializerCompiler: stringify,
    },
    async (request, reply) => {
      const notReady = (reason: string) => reply.status(503).send({ status: 'not_ready', reason });
      if (app.draining) return notReady('shutting down');
      try {
        // Its own connection: a pool busy with application queries must not make every replica look unready.
        await probePool.query('SELECT 1');
        schemaCurrent ||= await migrationsApplied(probePool, migrationsFolder);
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unreachable');
        return notReady('database unreachable');
      }
      if (!schemaCurrent) return notReady('database migrations pending');
      return { status: 'ready' as const };
    },
  );
}
