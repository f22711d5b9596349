import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_BASE_PATH } from '../auth/auth.js';
import { auditSource, authRequestSource } from '../audit/source.js';
import type { Config } from '../config.js';
import { errorForStatus } from '../errors.js';

/** Hands `/api/auth/*` to Better Auth as a Web Request; sign-up and sign-in are rate limited per IP. */
export default async function authRoutes(app: FastifyInstance, { config }: { config: Config }) {
  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
    // Its audit hooks take the request's id, address and user agent from here.
    const response = await authRequestSource.run(auditSource(request, 'rest'), () =>
      app.auth.handler(
        new Request(url, { method: request.method, headers, body: hasBody ? JSON.stringify(request.body) : undefined }),
      ),
    );
    reply.status(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') reply.header(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) reply.header('set-cookie', cookies);
    // Better Auth answers an unknown endpoint with an empty 404: it gets the app's error instead.
    if (!response.body && response.status >= 400) return reply.send({ error: errorForStatus(response.status) });
    return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
  }

  const limited = { rateLimit: { max: config.auth.rateLimitMax, timeWindow: '1 minute' } };
  for (const action of ['sign-up', 'sign-in']) {
    app.post(`${AUTH_BASE_PATH}/${action}/email`, { config: limited }, handle);
  }
  app.addHook('onResponse', async (request, reply) => {
    const action = request.routeOptions.url?.match(/\/(sign-up|sign-in)\/email$/)?.[1];
    if (!action) return;
    const outcome = reply.statusCode === 429 ? 'rate_limited' : reply.statusCode < 400 ? 'success' : 'failure';
    app.metrics.authAttempts.inc({ action, outcome });
  });
  app.route({ method: ['GET', 'POST'], url: `${AUTH_BASE_PATH}/*`, handler: handle });
}
