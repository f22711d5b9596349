import { and, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { session } from '../db/schema.js';

/** Sessions remembered as alive at most this many; the oldest are forgotten first. */
const MAX_ENTRIES = 100_000;

/**
 * Whether the session a Bearer JWT was issued for still exists, without a query per request: a session seen alive
 * is trusted for `ttlMs`, so each active session costs one indexed lookup per interval per replica. A session ended
 * on this replica is forgotten at once; on the others it is refused within `ttlMs`.
 */
export class SessionLiveness {
  private readonly alive = new Map<string, { userId: string; until: number }>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs: number,
  ) {}

  async isAlive(sessionId: string, userId: string): Promise<boolean> {
    const known = this.alive.get(sessionId);
    if (known && known.until > Date.now()) return known.userId === userId;
    this.alive.delete(sessionId);
    const [row] = await this.db
      .select({ userId: session.userId })
      .from(session)
      .where(and(eq(session.id, sessionId), gt(session.expiresAt, sql`now()`)))
      .limit(1);
    if (!row) return false;
    if (this.alive.size >= MAX_ENTRIES) this.alive.delete(this.alive.keys().next().value!);
    this.alive.set(sessionId, { userId: row.userId, until: Date.now() + this.ttlMs });
    return row.userId === userId;
  }

  forget(sessionId: string): void {
    this.alive.delete(sessionId);
  }
}
