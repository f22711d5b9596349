import { betterAuth, type SecondaryStorage } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { bearer, jwt } from 'better-auth/plugins';
import { oauthProvider } from '@better-auth/oauth-provider';
import type { FastifyBaseLogger } from 'fastify';
import { ACCOUNT_LIMITS } from '@todo/contracts';
import { accountAuditHooks, oauthGrantAudit } from '../audit/account-hooks.js';
import { accountRules } from './account-rules.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import * as schema from '../db/schema.js';
import { betterAuthLogger } from './logger.js';

export const AUTH_BASE_PATH = '/api/auth';
/** The frontend's pages the authorization server sends a browser to (docs/mcp.md). */
export const OAUTH_PAGES = { login: '/sign-in', consent: '/oauth/consent' } as const;

/**
 * The OAuth provider's endpoints MCP clients do not need (clients and consents managed by hand, OIDC logout,
 * introspection, the resource admin API): off, so that every endpoint on is audited (audit-completeness.test.ts).
 */
export const OAUTH_UNUSED = [
  '/oauth2/create-client',
  '/admin/oauth2/create-client',
  '/oauth2/get-client',
  '/oauth2/get-clients',
  '/oauth2/update-client',
  '/oauth2/client/rotate-secret',
  '/oauth2/client/rotate-keys',
  '/oauth2/delete-client',
  '/oauth2/get-consent',
  '/oauth2/get-consents',
  '/oauth2/update-consent',
  '/oauth2/delete-consent',
  '/oauth2/public-client-prelogin',
  '/oauth2/continue',
  '/oauth2/introspect',
  '/oauth2/end-session',
  '/oauth2/end-session/confirm',
];

const publicBase = (config: Config) => config.auth.url.replace(/\/+$/, '');
/** The authorization server's issuer: Better Auth's base URL. Its access tokens are JWTs with this `iss`. */
export const authIssuer = (config: Config) => `${publicBase(config)}${AUTH_BASE_PATH}`;
/** The MCP endpoint as a protected resource (RFC 8707): the `aud` of the access tokens issued for it. */
export const mcpResource = (config: Config) => `${publicBase(config)}/mcp`;

/**
 * With Redis (`secondaryStorage`), a session is read from Redis and no longer costs a query; it is still written to
 * the database too, which Better Auth reads when Redis misses, so sessions outlive Redis and survive its absence.
 */
export function createAuth(
  db: Database,
  config: Config,
  log: FastifyBaseLogger,
  secondaryStorage?: SecondaryStorage,
  onSessionEnd: (sessionId: string) => void = () => {},
) {
  return betterAuth({
    appName: 'todo',
    baseURL: config.auth.url,
    basePath: AUTH_BASE_PATH,
    secret: config.auth.secret,
    trustedOrigins: config.corsOrigins,
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    disabledPaths: OAUTH_UNUSED,
    emailAndPassword: {
      enabled: true,
      minPasswordLength: ACCOUNT_LIMITS.passwordMin,
      maxPasswordLength: ACCOUNT_LIMITS.passwordMax,
    },
    // Deleting an account needs its password (accountRules); its tasks, conversations and sessions go with it
    // (foreign keys), its audit events stay.
    user: { deleteUser: { enabled: true } },
    hooks: { before: accountRules, after: oauthGrantAudit(db) },
    // A JWT names its session (`sid`) and nothing else about the user: the API refuses it once the session is gone.
    // `/token` stays on (the frontend's JWTs): its tokens have the origin as issuer and audience, the OAuth access
    // tokens the issuer above and the MCP resource, so neither passes for the other (docs/mcp.md).
    plugins: [
      jwt({
        disableSettingJwtHeader: true,
        jwt: { expirationTime: '15m', definePayload: ({ session }) => ({ sid: session.id }) },
      }),
      bearer(),
      // The OAuth 2.1 authorization server MCP clients sign in with: they register themselves (RFC 7591), and get
      // an access token bound to the MCP resource through the frontend's sign-in and consent pages.
      oauthProvider({
        loginPage: OAUTH_PAGES.login,
        consentPage: OAUTH_PAGES.consent,
        allowDynamicClientRegistration: true,
        allowUnauthenticatedClientRegistration: true,
        // MCP clients call back on a loopback or custom-scheme URI and rarely say they are native apps.
        clientRegistrationDefaultApplicationType: 'infer',
        resources: [{ identifier: mcpResource(config), name: 'Todo task tools' }],
        // Not looked up per call (as the `/token` JWTs), so revocation takes effect at expiry: kept to their 15 minutes.
        accessTokenExpiresIn: 15 * 60,
        clientRegistrationDefaultResources: [mcpResource(config)],
      }),
    ],
    // Sign-up and sign-in are rate limited by the auth routes (@fastify/rate-limit), per client IP.
    rateLimit: { enabled: false },
    databaseHooks: accountAuditHooks(db, onSessionEnd),
    advanced: { database: { joins: true } },
    ...(secondaryStorage
      ? { secondaryStorage, session: { storeSessionInDatabase: true }, verification: { storeInDatabase: true } }
      : {}),
    telemetry: { enabled: false },
    logger: betterAuthLogger(log),
  });
}

export type Auth = ReturnType<typeof createAuth>;
