import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Credentials remembered at most this many; the least recently used are forgotten first. */
const MAX_ENTRIES = 10_000;

export interface SessionCaller {
  userId: string;
  sessionId: string;
  /** The session's token (what Redis keys it by). */
  sessionToken: string;
}

/**
 * The callers Bearer session tokens and session cookies identified, so that a client repeating one costs a session
 * lookup once per `ttlMs` per replica rather than once per request: the guarantee a Bearer JWT already has
 * (session-liveness.ts). A session ended on this replica is forgotten at once; on the others it is refused within
 * `ttlMs`; an entry never outlives its session's expiry. Keys are hashes of the credential (the token, or the whole
 * Cookie header): the same bytes always identified the same caller, and no credential is kept in memory as sent.
 */
export class SessionCredentials {
  private readonly known: LRUCache<string, SessionCaller & { expiresAt: number }>;

  constructor(ttlMs: number) {
    this.known = new LRUCache({ max: MAX_ENTRIES, ttl: ttlMs });
  }

  /** The caller `credential` identified within the interval, if any. */
  get(kind: 'bearer' | 'cookie', credential: string): SessionCaller | undefined {
    const key = keyOf(kind, credential);
    const entry = this.known.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > Date.now()) return entry;
    this.known.delete(key);
    return undefined;
  }

  remember(kind: 'bearer' | 'cookie', credential: string, caller: SessionCaller, expiresAt: Date): void {
    this.known.set(keyOf(kind, credential), { ...caller, expiresAt: expiresAt.getTime() });
  }

  /** The session (by its id or its token) ended: none of its credentials identify anyone any more. */
  forget(session: string): void {
    for (const [key, entry] of this.known.entries())
      if (entry.sessionId === session || entry.sessionToken === session) this.known.delete(key);
  }
}

const keyOf = (kind: string, credential: string) => hash('sha256', `${kind}\0${credential}`, 'base64url');
