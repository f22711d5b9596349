import { and, desc, eq, sql, type SQL, type Subquery } from 'drizzle-orm';
import {
  AUDIT_LIMITS,
  type AuditAction,
  type AuditEvent,
  type AuditListQuery,
  type AuditOrigin,
  type AuditPage,
} from '@todo/contracts';
import type { Database } from '../db/client.js';
import { auditEvents, type AuditEventRow } from '../db/schema.js';
import { invalidField } from '../errors.js';
import { decodeCursor, encodeCursor, isInstant, toPage } from './cursor.js';

/** Where a change came from: known to the route, handed to the service with the change. */
export interface AuditSource {
  origin: AuditOrigin;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  /** The request's logger: the event's log line carries the request id with it. */
  log?: { info(object: object, message: string): void };
}

export interface AuditEntry {
  userId: string;
  action: AuditAction;
  targetId: string | null;
}

/**
 * `INSERT INTO audit_events ... SELECT` one event per row of `from` (the rows a statement changed), to run in that
 * change's own statement. `action` is SQL: a toggle's action depends on the row it leaves. Who and from where are
 * placeholders (`userId` and those of `auditValues`), so that the statement is built once (db/statements.ts).
 */
export function auditInsertFrom(action: SQL, targetId: SQL, from: Subquery): SQL {
  const e = auditEvents;
  const columns = [e.userId, e.action, e.targetId, e.requestId, e.ip, e.userAgent, e.origin].map((column) =>
    sql.identifier(column.name),
  );
  const p = (name: string) => sql.placeholder(name);
  return sql`insert into ${e} (${sql.join(columns, sql`, `)})
    select ${p('userId')}, ${action}, ${targetId}, ${p('auditRequestId')}, ${p('auditIp')},
      ${p('auditUserAgent')}, ${p('auditOrigin')}::audit_origin
    from ${from}`;
}

/** The values of `auditInsertFrom`'s placeholders for a change from `source`. */
export function auditValues(source: AuditSource): Record<string, string | null> {
  return {
    auditRequestId: requestIdOf(source),
    auditIp: ipOf(source),
    auditUserAgent: userAgentOf(source),
    auditOrigin: source.origin,
  };
}

// Request id and address can come from the client's headers (X-Request-Id, X-Forwarded-For behind a trusted
// proxy): kept short, as the user agent.
const requestIdOf = (source: AuditSource) => source.requestId.slice(0, 128);
const ipOf = (source: AuditSource) => source.ip?.slice(0, 64) ?? null;
const userAgentOf = (source: AuditSource) => source.userAgent?.slice(0, AUDIT_LIMITS.userAgentMax) ?? null;

export async function recordAudit(db: Database, source: AuditSource, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    userId: entry.userId,
    action: entry.action,
    targetId: entry.targetId,
    requestId: requestIdOf(source),
    ip: ipOf(source),
    userAgent: userAgentOf(source),
    origin: source.origin,
  });
}

/** The event's structured log line; written once the change is committed, so the log has no phantom either. */
export function logAudit(source: AuditSource, entry: AuditEntry): void {
  source.log?.info(
    { audit: { action: entry.action, userId: entry.userId, targetId: entry.targetId, origin: source.origin } },
    'audit event',
  );
}

const toEvent = (row: AuditEventRow): AuditEvent => ({
  id: row.id,
  action: row.action as AuditAction,
  target_id: row.targetId,
  request_id: row.requestId,
  ip: row.ip,
  user_agent: row.userAgent,
  origin: row.origin,
  created_at: row.createdAt.toISOString(),
});

/** A user's own trail, newest first, keyset-paged on (created_at, id). */
export class AuditService {
  constructor(private readonly db: Database) {}

  async list(userId: string, query: AuditListQuery): Promise<AuditPage> {
    const limit = query.limit ?? AUDIT_LIMITS.pageDefault;
    const filters: SQL[] = [eq(auditEvents.userId, userId)];
    if (query.cursor) {
      const { value, id } = decodeCursor(query.cursor, 'created', 'desc', Number.MAX_SAFE_INTEGER);
      if (!isInstant(value)) throw invalidField('cursor', 'querystring', 'is not a valid cursor');
      filters.push(sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${value}::timestamptz, ${id})`);
    }
    const rows = await this.db
      .select()
      .from(auditEvents)
      .where(and(...filters))
      .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
      .limit(limit + 1);
    return toPage(rows, limit, toEvent, (last) =>
      encodeCursor('created', 'desc', { value: last.createdAt.toISOString(), id: last.id }),
    );
  }
}
