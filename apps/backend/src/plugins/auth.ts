import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { fromNodeHeaders } from 'better-auth/node';
import { ErrorCode } from '@todo/contracts';
import { authIssuer, createAuth, mcpResource, type Auth } from '../auth/auth.js';
import { JwtVerifier } from '../auth/jwt-verifier.js';
import { SessionCredentials } from '../auth/session-credentials.js';
import { SessionLiveness } from '../auth/session-liveness.js';
import { sessionStorage } from '../cache/session-storage.js';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    auth: Auth;
    /** preValidation: sets `request.userId` or answers 401; then 403 unless it matches `:user_id`. */
    authorizeUser: (request: FastifyRequest) => Promise<void>;
    /** `authorizeUser`, and also an OAuth access token issued for the MCP resource (`/mcp` only). */
    authorizeMcpUser: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    userId: string;
  }
}

const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Who is calling: a Bearer JWT is verified locally (its session looked up once per interval, not per request);
 * anything else (a session cookie, or a Bearer session token through Better Auth's bearer plugin) costs a session
 * lookup, also once per interval for the same credential.
 */
async function auth(app: FastifyInstance, { config }: { config: Config }) {
  const checkMs = config.auth.jwtSessionCheckSeconds * 1000;
  const sessions = new SessionLiveness(app.db, checkMs);
  const credentials = new SessionCredentials(checkMs);
  // With Redis, a session may end there alone (its row already gone): its token is forgotten as well.
  const storage = app.redis && sessionStorage(app.redis);
  const secondary = storage && {
    ...storage,
    delete: async (key: string) => {
      try {
        await storage.delete(key);
      } finally {
        credentials.forget(key); // after: a lookup meanwhile would remember it again
      }
    },
  };
  const auth = createAuth(app.db, config, app.log, secondary, (id) => {
    sessions.forget(id);
    credentials.forget(id);
  });
  // CSRF: a change whose caller the session cookie identified (what a browser sends by itself) must come from the
  // app's own pages. Browsers always send Origin on such requests; API clients use a Bearer token instead.
  const origins = new Set([new URL(config.auth.url).origin, ...config.corsOrigins]);
  const sameSite = (origin: string | undefined) => origin !== undefined && origins.has(origin);
  const loadKeys = async () => auth.api.getJwks();
  const jwt = new JwtVerifier(loadKeys, { issuer: config.auth.url, audience: config.auth.url });
  // The authorization server's access tokens (RFC 9068 `at+jwt`), for the MCP resource only: another audience, or a
  // session JWT, is refused. They live an hour and are not tied to a browser session.
  const accessTokens = new JwtVerifier(
    loadKeys,
    { issuer: authIssuer(config), audience: mcpResource(config), typ: 'at+jwt' },
    (payload) => (payload.sub ? { userId: payload.sub } : null),
  );

  /**
   * The caller and the credential that identified them, each credential tried on its own: a Bearer JWT (verified
   * locally), a Bearer session token (without the cookie), else the session cookie (without the Authorization
   * header), so that a header that identifies no one never stands in for the cookie.
   */
  async function identify(
    request: FastifyRequest,
    acceptAccessTokens = false,
  ): Promise<{ userId: string; byCookie: boolean } | null> {
    const header = request.headers.authorization;
    const token = /^Bearer /i.test(header ?? '') ? header!.slice(7).trim() : undefined;
    if (token && JWT_SHAPE.test(token)) {
      const claims = await jwt.verify(token);
      if (claims)
        return (await sessions.isAlive(claims.sessionId, claims.userId))
          ? { userId: claims.userId, byCookie: false }
          : null;
      const granted = acceptAccessTokens ? await accessTokens.verify(token) : null;
      return granted && { userId: granted.userId, byCookie: false };
    }
    const { cookie, ...rest } = request.headers;
    delete rest.authorization;
    if (token) {
      const userId = await lookUp('bearer', token, { ...rest, authorization: `Bearer ${token}` });
      if (userId) return { userId, byCookie: false };
    }
    if (!cookie) return null;
    const userId = await lookUp('cookie', cookie, { ...rest, cookie });
    return userId ? { userId, byCookie: true } : null;
  }

  /** The user a session token or cookie names: remembered for the interval, else Better Auth's session lookup. */
  async function lookUp(
    kind: 'bearer' | 'cookie',
    credential: string,
    headers: FastifyRequest['headers'],
  ): Promise<string | undefined> {
    const known = credentials.get(kind, credential);
    if (known) return known.userId;
    const found = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
    if (!found) return undefined;
    const caller = { userId: found.user.id, sessionId: found.session.id, sessionToken: found.session.token };
    credentials.remember(kind, credential, caller, new Date(found.session.expiresAt));
    return caller.userId;
  }

  app.decorate('auth', auth);
  app.decorateRequest('userId', '');
  const authorize = (acceptAccessTokens: boolean) => async (request: FastifyRequest) => {
    const caller = await identify(request, acceptAccessTokens);
    if (!caller) throw new HttpError(401, ErrorCode.unauthorized, 'Authentication required');
    const { userId } = caller;
    if (caller.byCookie && !SAFE_METHODS.has(request.method) && !sameSite(request.headers.origin))
      throw new HttpError(403, ErrorCode.forbidden, 'Cross-site request refused');
    const { user_id: pathUser } = request.params as { user_id?: string };
    if (pathUser !== undefined && pathUser !== userId) {
      throw new HttpError(403, ErrorCode.forbidden, 'You may only access your own tasks');
    }
    request.userId = userId;
  };
  app.decorate('authorizeUser', authorize(false));
  app.decorate('authorizeMcpUser', authorize(true));
}

export default fp(auth, { name: 'auth', dependencies: ['database', 'cache'] });
