import { and, arrayContains, asc, desc, eq, gt, ilike, inArray, lt, not, or, sql, type SQL } from 'drizzle-orm';
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
  taskVersionOf,
} from '@todo/contracts';
import type { TaskListCache } from '../cache/task-list-cache.js';
import type { TypedQueryBuilder } from 'drizzle-orm/query-builders/query-builder';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.js';
import { tasks, type TaskRow } from '../db/schema.js';
import { invalidField, notFound, preconditionFailed } from '../errors.js';
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
    accepts: (v) => isText(v) && [...v].length <= TASK_LIMITS.titleMax,
  },
};

/**
 * Whether a task changed since a walk began: its row version was written by a transaction that had not completed
 * when the walk's first page was read (`since`: that snapshot's xmin, all older transactions had completed). Row
 * and snapshot ids compare modulo 2^32 (PostgreSQL's own rule); a version older than 2^31 transactions counts as
 * changed, which can only repeat a task, never skip one.
 */
const changedSince = (since: number) =>
  sql`(("tasks"."xmin"::text::bigint - ${since % 2 ** 32} + 4294967296) % 4294967296) < 2147483648`;

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

/** The fields a partial update may change; an absent one stays as it is. */
export type TaskChanges = Partial<TaskUpdate>;

/** The columns one UPDATE sets. */
type TaskSet = PgUpdateSetSource<typeof tasks>;

/** An If-Match header: any version (`*`), or the entity tags it lists. */
export type IfMatch = '*' | string[];

/** The versions (`updated_at`) of task `id` that strong tags name; weak tags never match (RFC 9110 13.1.1). */
const versionsOf = (tags: string[], id: number): Date[] =>
  tags.flatMap((tag) => {
    const version = taskVersionOf(tag, id);
    return version === undefined ? [] : [new Date(version)];
  });

/** A write's audit action: fixed, or read from the row it left (a toggle either completes or un-completes). */
type Action = AuditAction | ((row: TaskRow) => AuditAction);
const COMPLETION_ACTION = (completed: SQL) =>
  sql`case when ${completed} then 'task.complete' else 'task.uncomplete' end`;

/** Tags as every writer stores them: trimmed, none blank, no repeats (the database refuses anything else). */
export const normaliseTags = (tags: readonly string[]): string[] => [
  ...new Set(tags.map((tag) => tag.trim()).filter((tag) => tag !== '')),
];

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

  /**
   * One page of a walk whose sort keys may change under it (docs/consistency.md). The first page is the listing as
   * it is; its cursor records which transactions had completed then (`since`). Later pages continue in key order
   * through the tasks unchanged since, then go through the tasks changed since (created, or edited and so perhaps
   * moved), by (updated_at, id), which an edit only moves forward. So no task that exists for the whole walk is
   * skipped, whatever edits move it; one changed during the walk may come twice, the second time as it is now.
   */
  private async query(userId: string, query: TaskListQuery): Promise<TaskPage> {
    const sort = query.sort ?? 'created';
    const order = query.order ?? defaultOrder(sort);
    const limit = query.limit ?? TASK_LIMITS.pageDefault;
    const key = SORT_KEYS[sort];
    const filters = this.filters(userId, query);
    const cursor = query.cursor ? decodeCursor(query.cursor, sort, order) : undefined;
    if (cursor && cursor.since === undefined) throw invalidField('cursor', 'querystring', 'is not a valid cursor');
    const direction = order === 'asc' ? asc : desc;

    if (!cursor) {
      const first = await this.db
        .select({ task: tasks, since: sql<string>`pg_snapshot_xmin(pg_current_snapshot())::text` })
        .from(tasks)
        .where(and(...filters))
        .orderBy(direction(key.expr), direction(tasks.id))
        .limit(limit + 1);
      const since = Number(first[0]?.since ?? 0);
      return toPage(
        first.map((row) => row.task),
        limit,
        toTask,
        (last) => encodeCursor(sort, order, { value: key.valueOf(last), id: last.id, since }),
      );
    }
    const since = cursor.since!;
    let rows: TaskRow[] = [];
    if (!cursor.changed) {
      rows = await this.db
        .select()
        .from(tasks)
        .where(and(...filters, after(key, order, cursor), not(changedSince(since))))
        .orderBy(direction(key.expr), direction(tasks.id))
        .limit(limit + 1);
    }
    let changed: TaskRow[] = [];
    if (rows.length <= limit) {
      if (cursor.changed && !isInstant(cursor.value))
        throw invalidField('cursor', 'querystring', 'is not a valid cursor');
      const position = cursor.changed
        ? sql`(${tasks.updatedAt}, ${tasks.id}) > (${cursor.value}::timestamptz, ${cursor.id})`
        : undefined;
      changed = await this.db
        .select()
        .from(tasks)
        .where(and(...filters, changedSince(since), position))
        .orderBy(asc(tasks.updatedAt), asc(tasks.id))
        .limit(limit + 1 - rows.length);
    }
    const unchanged = new Set(rows);
    return toPage([...rows, ...changed], limit, toTask, (row) =>
      unchanged.has(row)
        ? encodeCursor(sort, order, { value: key.valueOf(row), id: row.id, since })
        : encodeCursor(sort, order, { value: row.updatedAt.toISOString(), id: row.id, since, changed: true }),
    );
  }

  private filters(userId: string, query: TaskListQuery): (SQL | undefined)[] {
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
    return filters;
  }

  async get(userId: string, id: number): Promise<Task> {
    const [row] = await this.db.select().from(tasks).where(this.owned(userId, id));
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  async create(userId: string, input: TaskCreate, source: AuditSource): Promise<Task> {
    const task = await this.audited(
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
          tags: input.tags && normaliseTags(input.tags),
          dueAt: dateOrNull(input.due_at),
        })
        .returning(),
    );
    return task!;
  }

  /** Replaces every editable field; `completed` changes only when given. */
  update(userId: string, id: number, input: TaskUpdate, source: AuditSource, ifMatch?: IfMatch): Promise<Task> {
    const { completed, ...fields } = input;
    const replace: TaskChanges = { description: null, priority: 'medium', tags: [], due_at: null, ...fields };
    return this.patch(userId, id, completed === undefined ? replace : { ...replace, completed }, source, ifMatch);
  }

  /** Changes the given fields only, in one statement: a concurrent change of another field is never undone. */
  patch(userId: string, id: number, changes: TaskChanges, source: AuditSource, ifMatch?: IfMatch): Promise<Task> {
    const set: TaskSet = {};
    if (changes.title !== undefined) set.title = changes.title;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.priority !== undefined) set.priority = changes.priority;
    if (changes.tags !== undefined) set.tags = normaliseTags(changes.tags);
    if (changes.due_at !== undefined) set.dueAt = dateOrNull(changes.due_at);
    if (changes.completed !== undefined) set.completed = changes.completed;
    return this.change(userId, id, set, 'task.update', source, ifMatch);
  }

  /** Sets `completed` when given (idempotent), else toggles it; un-completing is audited as `task.uncomplete`. */
  complete(
    userId: string,
    id: number,
    completed: boolean | undefined,
    source: AuditSource,
    ifMatch?: IfMatch,
  ): Promise<Task> {
    const set = { completed: completed ?? sql`NOT ${tasks.completed}` };
    return this.change(
      userId,
      id,
      set,
      (row) => (row.completed ? 'task.complete' : 'task.uncomplete'),
      source,
      ifMatch,
    );
  }

  async remove(userId: string, id: number, source: AuditSource): Promise<Task> {
    const write = this.db.delete(tasks).where(this.owned(userId, id)).returning();
    const task = await this.audited(source, userId, 'task.delete', write);
    if (!task) throw notFound('Task');
    return task;
  }

  /**
   * One UPDATE of the task with `set`, moving `updated_at` (its version) forward; with `ifMatch`, only when the task
   * is still at one of the versions the tags name, else 412 (404 when there is no such task at all).
   */
  private async change(
    userId: string,
    id: number,
    set: TaskSet,
    action: Action,
    source: AuditSource,
    ifMatch: IfMatch | undefined,
  ): Promise<Task> {
    const versions = ifMatch === undefined || ifMatch === '*' ? undefined : versionsOf(ifMatch, id);
    const where = and(this.owned(userId, id), versions && inArray(tasks.updatedAt, versions));
    const write = this.db
      .update(tasks)
      .set({ ...set, updatedAt: sql`greatest(now(), ${tasks.updatedAt} + interval '1 millisecond')` })
      .where(where)
      .returning();
    const task = await this.audited(source, userId, action, write);
    if (task) return task;
    if (versions && (await this.exists(userId, id))) throw preconditionFailed();
    throw notFound('Task');
  }

  private async exists(userId: string, id: number): Promise<boolean> {
    const [row] = await this.db.select({ id: tasks.id }).from(tasks).where(this.owned(userId, id));
    return row !== undefined;
  }

  /**
   * Runs one write and records its audit event in the same statement (a data-modifying WITH): atomic, so no change
   * without its event and no event without its change (a missing task writes neither), in one round trip. The log
   * line follows. Undefined when the write matched no task.
   */
  private async audited(
    source: AuditSource,
    userId: string,
    action: Action,
    write: PgWrite,
  ): Promise<Task | undefined> {
    const changed = this.db.$with('changed').as(write);
    const actionSql = typeof action === 'string' ? sql`${action}` : COMPLETION_ACTION(sql`${changed.completed}`);
    // Drizzle types a CTE's query as a builder; it takes any SQL (it reads `getSQL()`).
    const insert = auditInsertFrom(source, userId, actionSql, sql`${changed.id}::text`, changed);
    const event = this.db.$with('event').as(insert as unknown as TypedQueryBuilder<undefined>);
    let row;
    try {
      [row] = await this.db.with(changed, event).select().from(changed);
    } finally {
      // Ends the user's cached lists even after a failed write: it may have committed before failing.
      await this.cache.invalidate(userId);
    }
    if (!row) return undefined;
    const done = typeof action === 'string' ? action : action(row);
    logAudit(source, { userId, action: done, targetId: String(row.id) });
    return toTask(row);
  }

  private owned(userId: string, id: number): SQL | undefined {
    return and(eq(tasks.id, id), eq(tasks.userId, userId));
  }
}
