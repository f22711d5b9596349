import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_BASE_PATH } from '../auth/auth.js';
import { auditSource, authRequestSource } from '../audit/source.js';
import type { Config } from '../config.js';
import { ErrorBody } from '@todo/contracts';
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
  // Better Auth's own answers (`{code, message}` on failure); the rate limit's 429 is the app's error format.
  const answer = (description: string) => ({ description, type: 'object', additionalProperties: true });
  const actions = {
    'sign-up': { 200: answer('Signed up and in: the session cookie is set'), 422: answer('The email is taken') },
    'sign-in': { 200: answer('Signed in: the session cookie is set'), 401: answer('Wrong email or password') },
  };
  for (const [action, responses] of Object.entries(actions)) {
    const response = { ...responses, 400: answer('A field is invalid'), 429: ErrorBody };
    const summary = action === 'sign-up' ? 'Sign up with email and password' : 'Sign in with email and password';
    app.post(`${AUTH_BASE_PATH}/${action}/email`, { config: limited, schema: { summary, response } }, handle);
  }
  app.addHook('onResponse', async (request, reply) => {
    const action = request.routeOptions.url?.match(/\/(sign-up|sign-in)\/email$/)?.[1];
    if (!action) return;
    const outcome = reply.statusCode === 429 ? 'rate_limited' : reply.statusCode < 400 ? 'success' : 'failure';
    app.metrics.authAttempts.inc({ action, outcome });
  });
  // The rest of Better Auth (sessions, tokens, JWKS) is its own API, left out of the OpenAPI document.
  app.route({ method: ['GET', 'POST'], url: `${AUTH_BASE_PATH}/*`, schema: { hide: true }, handler: handle });
}
