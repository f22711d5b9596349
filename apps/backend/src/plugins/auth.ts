import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromNodeHeaders } from 'better-auth/node';
import { ErrorCode } from '@todo/contracts';
import { createAuth, type Auth } from '../auth/auth.js';
import { JwtVerifier } from '../auth/jwt-verifier.js';
import { sessionStorage } from '../cache/session-storage.js';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** preValidation: sets `request.userId` or answers 401; then 403 unless it matches `:user_id`. */
    authorizeUser: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    userId: string;
  }
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a Bearer JWT is verified locally (no query); anything else (a session cookie,
 * or a Bearer session token through Better Auth's bearer plugin) costs a session lookup.
 */
export default fp(async function auth(app: FastifyInstance, { config }: { config: Config }) {
  const auth = createAuth(app.db, config, app.log, app.redis && sessionStorage(app.redis));
  // CSRF: a change made with the session cookie (what a browser sends by itself) must come from the app's own pages.
  // Browsers always send Origin on such requests; API clients use a Bearer token instead.
  const origins = new Set([new URL(config.auth.url).origin, ...config.corsOrigins]);
  const sameSite = (origin: string | undefined) => origin !== undefined && origins.has(origin);
  const jwt = new JwtVerifier(async () => auth.api.getJwks(), config.auth.url);

  async function identify(request: FastifyRequest): Promise<string | null> {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (token && JWT_SHAPE.test(token)) return jwt.verify(token);
    const session = await auth.api.getSession({ headers: fromNodeHeaders(request.headers) });
    return session?.user.id ?? null;
  }

  app.decorate('auth', auth);
  app.decorateRequest('userId', '');
  app.decorate('authorizeUser', async (request: FastifyRequest) => {
    const userId = await identify(request);
    if (!userId) throw new HttpError(401, ErrorCode.unauthorized, 'Authentication required');
    if (!request.headers.authorization && !SAFE_METHODS.has(request.method) && !sameSite(request.headers.origin))
      throw new HttpError(403, ErrorCode.forbidden, 'Cross-site request refused');
    const { user_id: pathUser } = request.params as { user_id?: string };
    if (pathUser !== undefined && pathUser !== userId) {
      throw new HttpError(403, ErrorCode.forbidden, 'You may only access your own tasks');
    }
    request.userId = userId;
  });
});
