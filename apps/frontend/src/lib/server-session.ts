import 'server-only';
import { createHash } from 'node:crypto';
import { cookies } from 'next/headers';
import { LRUCache } from 'lru-cache';
import { backendGet } from './server-backend';

export interface SessionUser {
  id: string;
  email: string;
}

/** Who a session cookie belongs to, and a JWT the server calls the backend with on its behalf. */
export interface Credentials {
  user: SessionUser;
  token: string;
}

/** At most this long, and never past a minute before the JWT expires (the backend issues them for 15 minutes). */
const TTL_MS = 5 * 60_000;
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Credentials per session cookie (keyed by its hash), so a render asks the backend for its data only, with a JWT
 * the backend verifies locally. What the cache cannot know, the backend still checks on every call: a JWT names
 * its session, and the backend refuses it once that session has ended (docs/task-page.md).
 */
const cache = new LRUCache<string, Credentials>({ max: 10_000, ttl: TTL_MS });

/** The hash of the request's Better Auth session cookies; undefined without one (no need to ask the backend). */
async function sessionKey(): Promise<string | undefined> {
  const values = (await cookies())
    .getAll()
    .filter((cookie) => cookie.name.endsWith('session_token'))
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .sort();
  return values.length ? createHash('sha256').update(values.join('\n')).digest('base64url') : undefined;
}

/** The JWT's expiry in ms since the epoch (it came from the backend itself: read, not verified). */
function expiryOf(token: string): number {
  const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp?: number };
  return typeof exp === 'number' ? exp * 1000 : 0;
}

/**
 * The request's credentials: `null` when signed out, `undefined` when the backend cannot tell (an outage: the page
 * then finds out in the browser, and retries). Asks the backend (session and token in parallel, with the browser's
 * cookie) only when this cookie is not cached or `fresh` is set.
 */
export async function sessionCredentials({ fresh = false } = {}): Promise<Credentials | null | undefined> {
  const key = await sessionKey();
  if (key === undefined) return null;
  const cached = fresh ? undefined : cache.get(key);
  if (cached) return cached;
  cache.delete(key);
  try {
    const [session, issued] = await Promise.all([
      backendGet<{ user?: SessionUser } | null>('/api/auth/get-session'),
      backendGet<{ token?: string }>('/api/auth/token'),
    ]);
    if (session.status === 401 || issued.status === 401 || (session.status === 200 && !session.body?.user)) return null;
    const user = session.body?.user;
    const token = issued.body?.token;
    if (!user || !token) return undefined;
    const credentials = { user: { id: user.id, email: user.email }, token };
    const ttl = Math.min(TTL_MS, expiryOf(token) - EXPIRY_MARGIN_MS - Date.now());
    if (ttl > 0) cache.set(key, credentials, { ttl });
    return credentials;
  } catch {
    return undefined;
  }
}

/** Who is signed in (see `sessionCredentials`). */
export async function sessionUser(): Promise<SessionUser | null | undefined> {
  const credentials = await sessionCredentials();
  return credentials && credentials.user;
}
