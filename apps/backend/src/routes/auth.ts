import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromNodeHeaders } from 'better-auth/node';
import { oauthProviderAuthServerMetadata } from '@better-auth/oauth-provider';
import { ErrorBody, ErrorCode } from '@todo/contracts';
import { AUTH_BASE_PATH } from '../auth/auth.js';
import { AccountLockout } from '../auth/lockout.js';
import { sensitiveEndpoints, type SensitiveEndpoint } from '../auth/sensitive.js';
import { auditSource, authRequestSource } from '../audit/source.js';
import type { Config } from '../config.js';
import { errorForStatus, HttpError } from '../errors.js';

/** Headers that claim a client address: Better Auth is handed the resolved one instead. */
const CLIENT_ADDRESS = new Set([
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'true-client-ip',
  'cf-connecting-ip',
  'x-client-ip',
]);

/** Better Auth's codes for a wrong password: what the per-account lockout counts. */
const WRONG_PASSWORD = new Set(['INVALID_EMAIL_OR_PASSWORD', 'INVALID_PASSWORD']);

/**
 * Hands `/api/auth/*` to Better Auth as a Web Request. Every endpoint that checks a password or creates a session is
 * limited by what it is (the path Better Auth will read, not the route that matched): per client IP and action, and
 * per account with a lockout that grows; `auth_attempts_total` counts each attempt whatever its spelling.
 */
export default fp(async function authRoutes(app: FastifyInstance, { config }: { config: Config }) {
  const sensitive = sensitiveEndpoints(app.auth, AUTH_BASE_PATH);
  const pathOf = (request: FastifyRequest) => new URL(request.url, 'http://localhost').pathname;
  const lockout = new AccountLockout(config.auth.lockoutThreshold, app.redis?.client);
  const perIp = app.createRateLimit({
    max: config.auth.rateLimitMax,
    timeWindow: '1 minute',
    keyGenerator: (request) => `auth:${sensitive(pathOf(request))?.action}:${request.ip}`,
  });

  /** The account a sensitive request is about, or undefined when there is none (no email, no session). */
  async function accountOf(request: FastifyRequest, endpoint: SensitiveEndpoint): Promise<string | undefined> {
    if (endpoint.byEmail) {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      return typeof email === 'string' ? `email:${email}` : undefined;
    }
    const session = await app.auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
    return session ? `user:${session.user.id}` : undefined;
  }

  async function refuseIfLimited(request: FastifyRequest, reply: FastifyReply, account: string | undefined) {
    const limit = await perIp(request);
    let wait = !limit.isAllowed && limit.isExceeded ? limit.ttlInSeconds : 0;
    if (!wait && account) wait = await lockout.lockedFor(account);
    if (!wait) return;
    reply.header('retry-after', wait);
    throw new HttpError(429, ErrorCode.rateLimited, `Too many attempts, retry in ${wait} seconds`);
  }

  async function handle(request: FastifyRequest, reply: FastifyReply) {
    const url = new URL(request.url, `${request.protocol}://${request.host}`);
    const endpoint = sensitive(url.pathname);
    const account = endpoint && (await accountOf(request, endpoint));
    if (endpoint) await refuseIfLimited(request, reply, account);

    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !CLIENT_ADDRESS.has(name))
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // A browser's navigation (the authorization server's pages) is one for Better Auth too, which answers it with a
    // redirect (a fetch gets JSON): through the frontend, whose fetch rewrote `sec-fetch-mode`, `sec-fetch-dest` says.
    if (request.headers['sec-fetch-dest'] === 'document') headers.set('sec-fetch-mode', 'navigate');
    // Better Auth records this address on the session: the one TRUST_PROXY resolved, never what a client wrote.
    if (request.ip) headers.set('x-forwarded-for', request.ip);
    const hasBody = request.body !== undefined && request.method !== 'GET' && request.method !== 'HEAD';
    // A form (the OAuth endpoints') is handed on as it came; JSON is serialised again.
    const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    // Its audit hooks take the request's id, address and user agent from here.
    const response = await authRequestSource.run(auditSource(request, 'rest'), () =>
      app.auth.handler(new Request(url, { method: request.method, headers, body: hasBody ? body : undefined })),
    );
    const answer = response.body ? Buffer.from(await response.arrayBuffer()) : null;
    if (endpoint && account) {
      if (response.ok) await lockout.succeeded(account);
      else if (WRONG_PASSWORD.has(errorCode(answer))) await lockout.failed(account);
    }
    reply.status(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'set-cookie') reply.header(name, value);
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length) reply.header('set-cookie', cookies);
    // Better Auth answers an unknown endpoint with an empty 404 and a wrong method with its own 405: routing errors,
    // not its domain's, so they get the app's error (its `{code, message}` stays for what its client reads).
    const routing = response.status === 404 || response.status === 405;
    if ((!answer || routing) && response.status >= 400)
      return reply.removeHeader('content-type').send({ error: errorForStatus(response.status) });
    return reply.send(answer);
  }

  // Better Auth's own answers (`{code, message}` on failure); the limits' 429 is the app's error format.
  const answer = (description: string) => ({ description, type: 'object', additionalProperties: true });
  const actions = {
    'sign-up': { 200: answer('Signed up and in: the session cookie is set'), 422: answer('The email is taken') },
    'sign-in': { 200: answer('Signed in: the session cookie is set'), 401: answer('Wrong email or password') },
  };
  // Their own routes name them in the API reference, logs and metrics; the limits above hold on any route.
  for (const [action, responses] of Object.entries(actions)) {
    const response = { ...responses, 400: answer('A field is invalid'), 429: ErrorBody };
    const summary = action === 'sign-up' ? 'Sign up with email and password' : 'Sign in with email and password';
    app.post(`${AUTH_BASE_PATH}/${action}/email`, { schema: { summary, response } }, handle);
  }
  // Every request, whichever route (or none) matched and whatever refused it: an attempt is counted by what it is.
  app.addHook('onResponse', async (request, reply) => {
    const endpoint = sensitive(pathOf(request));
    if (!endpoint || request.method !== 'POST') return;
    const outcome = reply.statusCode === 429 ? 'rate_limited' : reply.statusCode < 400 ? 'success' : 'failure';
    app.metrics.authAttempts.inc({ action: endpoint.action, outcome });
  });
  // The rest of Better Auth (sessions, tokens, JWKS, the OAuth endpoints) is its own API, left out of the OpenAPI
  // document. The OAuth token, revocation and introspection endpoints take forms (RFC 6749), passed on unparsed.
  await app.register(async (forms) => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, form, done) =>
      done(null, form),
    );
    forms.route({ method: ['GET', 'POST'], url: `${AUTH_BASE_PATH}/*`, schema: { hide: true }, handler: handle });
  });

  // RFC 8414 metadata of the authorization server, where a client looks for an issuer with a path (`/api/auth`).
  const serverMetadata = oauthProviderAuthServerMetadata(app.auth);
  app.get(
    `/.well-known/oauth-authorization-server${AUTH_BASE_PATH}`,
    { schema: { hide: true } },
    async (request, reply) => {
      const response = await serverMetadata(new Request(new URL(request.url, `${request.protocol}://${request.host}`)));
      response.headers.forEach((value, name) => reply.header(name, value));
      return reply.status(response.status).send(await response.text());
    },
  );
});

function errorCode(body: Buffer | null): string {
  try {
    return String((JSON.parse(body?.toString() ?? '') as { code?: unknown }).code ?? '');
  } catch {
    return '';
  }
}
