import type { Auth } from './auth.js';

/** Better Auth's endpoints that check a password or create a session: each has its own limits. */
const SENSITIVE = [
  'signInEmail',
  'signUpEmail',
  'changePassword',
  'verifyPassword',
  'deleteUser',
  'resetPassword',
  'signInSocial',
] as const;

/** The endpoints whose request names the account in its body (the others act on the caller's session). */
const BY_EMAIL = new Set(['sign-in', 'sign-up']);

export interface SensitiveEndpoint {
  /** The metric label and limit key: `sign-in`, `sign-up`, `change-password`, ... */
  action: string;
  /** The account is the email in the body; otherwise the signed-in user. */
  byEmail: boolean;
}

/**
 * Which sensitive endpoint a URL path reaches, read the way Better Auth reads it: case and a trailing slash do not
 * matter. Takes the pathname of a parsed URL (dot segments already resolved, as Better Auth's own `new URL` does).
 */
export function sensitiveEndpoints(auth: Auth, basePath: string): (pathname: string) => SensitiveEndpoint | undefined {
  const api = auth.api as unknown as Record<string, { path?: string }>;
  const byPath = new Map<string, SensitiveEndpoint>();
  for (const name of SENSITIVE) {
    const path = api[name]?.path;
    if (!path) continue;
    const action = path
      .slice(1)
      .replace(/\/email$/, '')
      .replaceAll('/', '-');
    byPath.set(`${basePath}${path}`.toLowerCase(), { action, byEmail: BY_EMAIL.has(action) });
  }
  return (pathname) => byPath.get(pathname.toLowerCase().replace(/\/+$/, ''));
}
