import { and, arrayContains, asc, desc, eq, gt, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  PRIORITIES,
  type AuditAction,
  TASK_LIMITS,
  type SortOrder,
  type Task,
  type TaskCreate,
  type TaskListQuery,
  type TaskPage,
  type TaskSort,
  type TaskUpdate,
} from '@todo/contracts';
import type { TaskListCache } from '../cache/task-list-cache.js';
import type { TypedQueryBuilder } from 'drizzle-orm/query-builders/query-builder';
import type { Database } from '../db/client.js';
import { tasks, type TaskRow } from '../db/schema.js';
import { invalidField, notFound } from '../errors.js';
import { auditInsertFrom, logAudit, type AuditSource } from './audit.js';
import { decodeCursor, encodeCursor, isInstant, isText, toPage, type CursorPosition } from './cursor.js';

interface SortKey {
  /** What ORDER BY sorts on. */
  expr: SQL;
  /** The cursor's value as an SQL value comparable with `expr`. */
  bound: (value: string | null) => SQL;
  /** The value a row leaves in the cursor. */
  valueOf: (row: TaskRow) => string | null;
  /** A tampered cursor must answer 400, never reach the database as a bad cast. */
  accepts: (value: string | null) => boolean;
}

/** `due` puts undated tasks last; `title` ignores case; `priority` sorts by rank (the enum's order). */
const SORT_KEYS: Record<TaskSort, SortKey> = {
  created: {
    expr: sql`${tasks.createdAt}`,
    bound: (v) => sql`${v}::timestamptz`,
    valueOf: (r) => r.createdAt.toISOString(),
    accepts: isInstant,
  },
  updated: {
    expr: sql`${tasks.updatedAt}`,
    bound: (v) => sql`${v}::timestamptz`,
    valueOf: (r) => r.updatedAt.toISOString(),
    accepts: isInstant,
  },
  due: {
    expr: sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`,
    bound: (v) => sql`coalesce(${v}::timestamptz, 'infinity'::timestamptz)`,
    valueOf: (r) => r.dueAt?.toISOString() ?? null,
    accepts: (v) => v === null || isInstant(v),
  },
  priority: {
    expr: sql`${tasks.priority}`,
    bound: (v) => sql`${v}::task_priority`,
    valueOf: (r) => r.priority,
    accepts: (v) => PRIORITIES.includes(v as never),
  },
  title: {
    expr: sql`lower(${tasks.title})`,
    bound: (v) => sql`lower(${v}::text)`,
    valueOf: (r) => r.title,
    accepts: (v) => isText(v) && v.length <= TASK_LIMITS.titleMax,
  },
};

export const defaultOrder = (sort: TaskSort): SortOrder => (sort === 'created' || sort === 'updated' ? 'desc' : 'asc');

/** Keyset condition: rows strictly after the cursor in (sort key, id) order. */
function after(key: SortKey, order: SortOrder, cursor: CursorPosition): SQL {
  if (!key.accepts(cursor.value)) throw invalidField('cursor', 'querystring', 'is not a valid cursor');
  const op = order === 'asc' ? sql`>` : sql`<`;
  return sql`(${key.expr}, ${tasks.id}) ${op} (${key.bound(cursor.value)}, ${cursor.id})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    user_id: row.userId,
    title: row.title,
    description: row.description,
    completed: row.completed,
    priority: row.priority,
    tags: row.tags,
    due_at: row.dueAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** An insert, update or delete of tasks that returns the rows it changed. */
type PgWrite = TypedQueryBuilder<(typeof tasks)['_']['columns'], TaskRow[]>;

const dateOrNull = (value: string | null | undefined) => (value ? new Date(value) : null);

/**
 * The task domain, shared by the REST routes and the MCP tools; every call is scoped to one user. Lists go through
 * the cache; every write ends the user's cached lists, here, where no caller can skip it.
 */
export class TaskService {
  constructor(
    private readonly db: Database,
    private readonly cache: TaskListCache,
  ) {}

  list(userId: string, query: TaskListQuery): Promise<TaskPage> {
    return this.cache.list(userId, query, () => this.query(userId, query));
  }

  private async query(userId: string, query: TaskListQuery): Promise<TaskPage> {
    const sort = query.sort ?? 'created';
    const order = query.order ?? defaultOrder(sort);
    const limit = query.limit ?? TASK_LIMITS.pageDefault;
    const key = SORT_KEYS[sort];
    const filters: (SQL | undefined)[] = [eq(tasks.userId, userId)];

    if (query.status === 'pending') filters.push(eq(tasks.completed, false));
    if (query.status === 'completed') filters.push(eq(tasks.completed, true));
    if (query.priority) filters.push(eq(tasks.priority, query.priority));
    if (query.tag) filters.push(arrayContains(tasks.tags, [query.tag]));
    if (query.q) {
      const pattern = `%${escapeLike(query.q)}%`;
      filters.push(or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)));
    }
    if (query.due_before) filters.push(lt(tasks.dueAt, new Date(query.due_before)));
    if (query.due_after) filters.push(gt(tasks.dueAt, new Date(query.due_after)));
    if (query.cursor) filters.push(after(key, order, decodeCursor(query.cursor, sort, order)));

    const direction = order === 'asc' ? asc : desc;
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(...filters))
      .orderBy(direction(key.expr), direction(tasks.id))
      .limit(limit + 1);

    return toPage(rows, limit, toTask, (last) => encodeCursor(sort, order, { value: key.valueOf(last), id: last.id }));
  }

  async get(userId: string, id: number): Promise<Task> {
    const [row] = await this.db.select().from(tasks).where(this.owned(userId, id));
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  async create(userId: string, input: TaskCreate, source: AuditSource): Promise<Task> {
    return this.audited(
      source,
      userId,
      'task.create',
      this.db
        .insert(tasks)
        .values({
          userId,
          title: input.title,
          description: input.description ?? null,
          priority: input.priority,
          tags: input.tags,
          dueAt: dateOrNull(input.due_at),
        })
        .returning(),
    );
  }

  /** Replaces every editable field; `completed` changes only when given. */
  async update(userId: string, id: number, input: TaskUpdate, source: AuditSource): Promise<Task> {
    return this.audited(
      source,
      userId,
      'task.update',
      this.db
        .update(tasks)
        .set({
          title: input.title,
          description: input.description ?? null,
          priority: input.priority ?? 'medium',
          tags: input.tags ?? [],
          dueAt: dateOrNull(input.due_at),
          ...(input.completed === undefined ? {} : { completed: input.completed }),
          updatedAt: sql`now()`,
        })
        .where(this.owned(userId, id))
        .returning(),
    );
  }

  /** Sets `completed` when given, else toggles it. */
  async complete(userId: string, id: number, completed: boolean | undefined, source: AuditSource): Promise<Task> {
    return this.audited(
      source,
      userId,
      'task.complete',
      this.db
        .update(tasks)
        .set({ completed: completed ?? sql`NOT ${tasks.completed}`, updatedAt: sql`now()` })
        .where(this.owned(userId, id))
        .returning(),
    );
  }

  async remove(userId: string, id: number, source: AuditSource): Promise<Task> {
    return this.audited(source, userId, 'task.delete', this.db.delete(tasks).where(this.owned(userId, id)).returning());
  }

  /**
   * Runs one write and records its audit event in the same statement (a data-modifying WITH): atomic, so no change
   * without its event and no event without its change (a missing task writes neither and answers 404), in one
   * round trip. The log line follows.
   */
  private async audited(source: AuditSource, userId: string, action: AuditAction, write: PgWrite): Promise<Task> {
    const changed = this.db.$with('changed').as(write);
    const entry = { userId, action };
    // Drizzle types a CTE's query as a builder; it takes any SQL (it reads `getSQL()`).
    const insert = auditInsertFrom(source, entry, sql`${changed.id}::text`, changed);
    const event = this.db.$with('event').as(insert as unknown as TypedQueryBuilder<undefined>);
    let row;
    try {
      [row] = await this.db.with(changed, event).select().from(changed);
    } finally {
      // Ends the user's cached lists even after a failed write: it may have committed before failing.
      await this.cache.invalidate(userId);
    }
    if (!row) throw notFound('Task');
    logAudit(source, { ...entry, targetId: String(row.id) });
    return toTask(row);
  }

  private owned(userId: string, id: number): SQL | undefined {
    return and(eq(tasks.id, id), eq(tasks.userId, userId));
  }
}
