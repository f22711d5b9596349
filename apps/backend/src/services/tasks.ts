import {
  and,
  arrayContains,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gt,
  ilike,
  lt,
  not,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import {
  PRIORITIES,
  type AuditAction,
  TASK_LIMITS,
  type SortOrder,
  type Task,
  type TaskCountQuery,
  type TaskCounts,
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
import { tasks } from '../db/schema.js';
import { isoInstant, Statements } from '../db/statements.js';
import { invalidField, notFound, preconditionFailed } from '../errors.js';
import { auditInsertFrom, auditValues, logAudit, type AuditSource } from './audit.js';
import { decodeCursor, encodeCursor, isInstant, isText, toPage, walkSnapshot } from './cursor.js';

/** Where a call's value goes in a statement built once (db/statements.ts). */
const p = (name: string) => sql`${sql.placeholder(name)}`;
/** A placeholder for each column a write sets, named by its key. */
const placeholders = (columns: string[]): Record<string, SQL> =>
  Object.fromEntries(columns.map((name) => [name, p(name)]));

interface SortKey {
  /** What ORDER BY sorts on. */
  expr: SQL;
  /** The cursor's value (a placeholder) as an SQL value comparable with `expr`. */
  bound: (value: SQL) => SQL;
  /** The value a task leaves in the cursor. */
  valueOf: (task: Task) => string | null;
  /** A tampered cursor must answer 400, never reach the database as a bad cast. */
  accepts: (value: string | null) => boolean;
}

/** `due` puts undated tasks last; `title` ignores case; `priority` sorts by rank (the enum's order). */
const SORT_KEYS: Record<TaskSort, SortKey> = {
  created: {
    expr: sql`${tasks.createdAt}`,
    bound: (v) => sql`${v}::timestamptz`,
    valueOf: (t) => t.created_at,
    accepts: isInstant,
  },
  updated: {
    expr: sql`${tasks.updatedAt}`,
    bound: (v) => sql`${v}::timestamptz`,
    valueOf: (t) => t.updated_at,
    accepts: isInstant,
  },
  due: {
    expr: sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`,
    bound: (v) => sql`coalesce(${v}::timestamptz, 'infinity'::timestamptz)`,
    valueOf: (t) => t.due_at,
    accepts: (v) => v === null || isInstant(v),
  },
  priority: {
    expr: sql`${tasks.priority}`,
    bound: (v) => sql`${v}::task_priority`,
    valueOf: (t) => t.priority,
    accepts: (v) => PRIORITIES.includes(v as never),
  },
  title: {
    expr: sql`lower(${tasks.title})`,
    bound: (v) => sql`lower(${v}::text)`,
    valueOf: (t) => t.title,
    accepts: (v) => isText(v) && [...v].length <= TASK_LIMITS.titleMax,
  },
};

/**
 * Whether a task changed since a walk began: its row version was written by a transaction that the first page's
 * snapshot did not see, one that had not begun (from `since`, the snapshot's xmax, on) or was still running (in
 * `busy`, the snapshot's list of those). Row and snapshot ids compare modulo 2^32 (PostgreSQL's own rule); a version
 * older than 2^31 transactions counts as changed, which can only repeat a task, never skip one.
 */
const rowXid = sql`"tasks"."xmin"::text::bigint`;
/** A snapshot's 64-bit transaction id as a row's 32-bit `xmin`. */
const xid32 = (xid: number) => xid % 2 ** 32;
const notBegun = sql`(${rowXid} - ${p('since')} + 4294967296) % 4294967296 < 2147483648`;
const changedSince = sql`(${notBegun} or ${rowXid} = any(${p('busy')}::bigint[]))`;

export const defaultOrder = (sort: TaskSort): SortOrder => (sort === 'created' || sort === 'updated' ? 'desc' : 'asc');

/** Keyset condition: rows strictly after the cursor (`after`, `afterId`) in (sort key, id) order. */
function after(key: SortKey, order: SortOrder): SQL {
  const op = order === 'asc' ? sql`>` : sql`<`;
  return sql`(${key.expr}, ${tasks.id}) ${op} (${key.bound(p('after'))}, ${p('afterId')})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Every column of a task, in the order the statements here select and return them. */
const TASK_COLUMNS = getTableColumns(tasks);
const column = Object.fromEntries(Object.keys(TASK_COLUMNS).map((key, index) => [key, index])) as Record<
  keyof typeof TASK_COLUMNS,
  number
>;
/** The first page's extra column, after the task's: its snapshot (`pg_current_snapshot()`). */
const SNAPSHOT = Object.keys(TASK_COLUMNS).length;
/** A timestamp as PostgreSQL writes it (statements read timestamps as text), in the API's form. */
const instant = (text: unknown) => isoInstant(text as string);

/** A task from a row of TASK_COLUMNS. */
function toTask(row: unknown[]): Task {
  const due = row[column.dueAt];
  return {
    id: row[column.id] as number,
    user_id: row[column.userId] as string,
    title: row[column.title] as string,
    description: row[column.description] as string | null,
    completed: row[column.completed] as boolean,
    priority: row[column.priority] as Task['priority'],
    tags: row[column.tags] as string[],
    due_at: due === null ? null : instant(due),
    created_at: instant(row[column.createdAt]),
    updated_at: instant(row[column.updatedAt]),
  };
}

/** An insert, update or delete of tasks that returns the rows it changed. */
type PgWrite = TypedQueryBuilder<(typeof tasks)['_']['columns'], unknown[]>;

const instantOrNull = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** The fields a partial update may change; an absent one stays as it is. */
export type TaskChanges = Partial<TaskUpdate>;

/** The columns one UPDATE sets. */
type TaskSet = PgUpdateSetSource<typeof tasks>;

/** What a write sets, as the statement's values: column key to value (dates as ISO text, tags as an array). */
type Fields = Record<string, unknown>;

/** An If-Match header: any version (`*`), or the entity tags it lists. */
export type IfMatch = '*' | string[];

/** The versions (`updated_at`) of task `id` that strong tags name; weak tags never match (RFC 9110 13.1.1). */
const versionsOf = (tags: string[], id: number): string[] =>
  tags.flatMap((tag) => {
    const version = taskVersionOf(tag, id);
    return version === undefined ? [] : [new Date(version).toISOString()];
  });

/** A write's audit action: fixed, or read from the task it left (a toggle either completes or un-completes). */
type Action = AuditAction | ((task: Task) => AuditAction);
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
  private readonly statements: Statements;

  constructor(
    private readonly db: Database,
    private readonly cache: TaskListCache,
  ) {
    this.statements = new Statements(db.$client);
  }

  list(userId: string, query: TaskListQuery): Promise<TaskPage> {
    return this.cache.list(userId, query, () => this.query(userId, query));
  }

  /**
   * One page of a walk whose sort keys may change under it (docs/consistency.md). The first page is the listing as
   * it is; its cursor records which transactions had completed then (`since`, `busy`). Later pages continue in key
   * order through the tasks unchanged since, then go through the tasks changed since (created, or edited and so
   * perhaps moved), by (updated_at, id), which an edit only moves forward. So no task that exists for the whole walk
   * is skipped, whatever edits move it; one changed during the walk may come twice, the second time as it is now.
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
      // The snapshot's xmin in a subquery: computed once, not per row.
      const first = await this.statements.rows(
        `list:${sort}:${order}:${filters.shape}`,
        () =>
          this.db
            .select({ ...TASK_COLUMNS, snapshot: sql<string>`(select pg_current_snapshot()::text)` })
            .from(tasks)
            .where(and(...filters.conditions()))
            .orderBy(direction(key.expr), direction(tasks.id))
            .limit(sql.placeholder('limit')),
        { ...filters.values, limit: limit + 1 },
      );
      return toPage(
        first.map(toTask),
        limit,
        (task) => task,
        (last) =>
          encodeCursor(sort, order, { value: key.valueOf(last), id: last.id, ...walkSnapshot(first[0][SNAPSHOT]) }),
      );
    }
    const since = cursor.since!;
    const busy = cursor.busy;
    const values = { ...filters.values, since: xid32(since), busy: (busy ?? []).map(xid32) };
    let rows: Task[] = [];
    if (!cursor.changed) {
      if (!key.accepts(cursor.value)) throw invalidField('cursor', 'querystring', 'is not a valid cursor');
      const unchanged = await this.statements.rows(
        `list:${sort}:${order}:unchanged:${filters.shape}`,
        () =>
          this.db
            .select(TASK_COLUMNS)
            .from(tasks)
            .where(and(...filters.conditions(), after(key, order), not(changedSince)))
            .orderBy(direction(key.expr), direction(tasks.id))
            .limit(sql.placeholder('limit')),
        { ...values, after: cursor.value, afterId: cursor.id, limit: limit + 1 },
      );
      rows = unchanged.map(toTask);
    }
    let changed: Task[] = [];
    if (rows.length <= limit) {
      if (cursor.changed && !isInstant(cursor.value))
        throw invalidField('cursor', 'querystring', 'is not a valid cursor');
      const position = cursor.changed
        ? sql`(${tasks.updatedAt}, ${tasks.id}) > (${p('after')}::timestamptz, ${p('afterId')})`
        : undefined;
      const found = await this.statements.rows(
        `list:changed:${cursor.changed ? 'after' : 'start'}:${filters.shape}`,
        () =>
          this.db
            .select(TASK_COLUMNS)
            .from(tasks)
            .where(and(...filters.conditions(), changedSince, position))
            .orderBy(asc(tasks.updatedAt), asc(tasks.id))
            .limit(sql.placeholder('limit')),
        { ...values, after: cursor.value, afterId: cursor.id, limit: limit + 1 - rows.length },
      );
      changed = found.map(toTask);
    }
    const unchanged = new Set(rows);
    return toPage(
      [...rows, ...changed],
      limit,
      (task) => task,
      (task) =>
        unchanged.has(task)
          ? encodeCursor(sort, order, { value: key.valueOf(task), id: task.id, since, busy })
          : encodeCursor(sort, order, { value: task.updated_at, id: task.id, since, busy, changed: true }),
    );
  }

  /** How many tasks match the list's filters, and how many of them are pending. */
  async count(userId: string, query: TaskCountQuery): Promise<TaskCounts> {
    const filters = this.filters(userId, query);
    const [[total, pending]] = await this.statements.rows(
      `count:${filters.shape}`,
      () =>
        this.db
          .select({ total: count(), pending: sql<number>`count(*) filter (where not ${tasks.completed})` })
          .from(tasks)
          .where(and(...filters.conditions())),
      filters.values,
    );
    return { total: Number(total), pending: Number(pending) };
  }

  /**
   * The WHERE conditions of a list's filters, shared by the list and its count: which filters there are (`shape`,
   * part of a statement's key), the conditions with placeholders, and their values.
   */
  private filters(
    userId: string,
    query: TaskCountQuery,
  ): { shape: string; conditions: () => SQL[]; values: Record<string, unknown> } {
    const values: Record<string, unknown> = { userId };
    if (query.status === 'pending' || query.status === 'completed') values.completed = query.status === 'completed';
    if (query.priority) values.priority = query.priority;
    if (query.tag) values.tag = [query.tag];
    if (query.q) values.pattern = `%${escapeLike(query.q)}%`;
    if (query.due_before) values.dueBefore = new Date(query.due_before).toISOString();
    if (query.due_after) values.dueAfter = new Date(query.due_after).toISOString();
    const conditions = () => {
      const where: SQL[] = [eq(tasks.userId, p('userId'))];
      if ('completed' in values) where.push(eq(tasks.completed, p('completed')));
      if ('priority' in values) where.push(eq(tasks.priority, p('priority')));
      if ('tag' in values) where.push(arrayContains(tasks.tags, p('tag')));
      if ('pattern' in values)
        where.push(or(ilike(tasks.title, p('pattern')), ilike(tasks.description, p('pattern')))!);
      if ('dueBefore' in values) where.push(lt(tasks.dueAt, p('dueBefore')));
      if ('dueAfter' in values) where.push(gt(tasks.dueAt, p('dueAfter')));
      return where;
    };
    return { shape: Object.keys(values).join(','), conditions, values };
  }

  async get(userId: string, id: number): Promise<Task> {
    const [row] = await this.statements.rows(
      'get',
      () => this.db.select(TASK_COLUMNS).from(tasks).where(this.owned()),
      { userId, id },
    );
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  async create(userId: string, input: TaskCreate, source: AuditSource): Promise<Task> {
    const fields: Fields = {
      userId,
      title: input.title,
      description: input.description ?? null,
      dueAt: instantOrNull(input.due_at),
    };
    // Absent, the column's default.
    if (input.priority !== undefined) fields.priority = input.priority;
    if (input.tags !== undefined) fields.tags = normaliseTags(input.tags);
    const columns = Object.keys(fields);
    // Drizzle's types do not foresee SQL as the value of a NOT NULL column.
    const write = () =>
      this.db
        .insert(tasks)
        .values(placeholders(columns) as unknown as typeof tasks.$inferInsert)
        .returning();
    const task = await this.audited(`create:${columns.join(',')}`, write, fields, 'task.create', source, userId);
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
    const fields: Fields = {};
    if (changes.title !== undefined) fields.title = changes.title;
    if (changes.description !== undefined) fields.description = changes.description;
    if (changes.priority !== undefined) fields.priority = changes.priority;
    if (changes.tags !== undefined) fields.tags = normaliseTags(changes.tags);
    if (changes.due_at !== undefined) fields.dueAt = instantOrNull(changes.due_at);
    if (changes.completed !== undefined) fields.completed = changes.completed;
    return this.change(userId, id, fields, false, 'task.update', source, ifMatch);
  }

  /** Sets `completed` when given (idempotent), else toggles it; un-completing is audited as `task.uncomplete`. */
  complete(
    userId: string,
    id: number,
    completed: boolean | undefined,
    source: AuditSource,
    ifMatch?: IfMatch,
  ): Promise<Task> {
    return this.change(
      userId,
      id,
      completed === undefined ? {} : { completed },
      completed === undefined,
      (task) => (task.completed ? 'task.complete' : 'task.uncomplete'),
      source,
      ifMatch,
    );
  }

  async remove(userId: string, id: number, source: AuditSource): Promise<Task> {
    const write = () => this.db.delete(tasks).where(this.owned()).returning();
    const task = await this.audited('delete', write, { userId, id }, 'task.delete', source, userId);
    if (!task) throw notFound('Task');
    return task;
  }

  /**
   * One UPDATE of the task setting `fields` (and toggling `completed` with `toggle`), moving `updated_at` (its
   * version) forward; with `ifMatch`, only when the task is still at one of the versions the tags name, else 412
   * (404 when there is no such task at all).
   */
  private async change(
    userId: string,
    id: number,
    fields: Fields,
    toggle: boolean,
    action: Action,
    source: AuditSource,
    ifMatch: IfMatch | undefined,
  ): Promise<Task> {
    const versions = ifMatch === undefined || ifMatch === '*' ? undefined : versionsOf(ifMatch, id);
    const columns = Object.keys(fields);
    const write = () => {
      const set: TaskSet = placeholders(columns);
      if (toggle) set.completed = sql`NOT ${tasks.completed}`;
      set.updatedAt = sql`greatest(now(), ${tasks.updatedAt} + interval '1 millisecond')`;
      const current = versions && sql`${tasks.updatedAt} = any(${p('versions')}::timestamptz[])`;
      return this.db.update(tasks).set(set).where(and(this.owned(), current)).returning();
    };
    const key = `update:${columns.join(',')}:${toggle ? 'toggle' : 'set'}:${versions ? 'if-match' : 'any'}`;
    const task = await this.audited(key, write, { ...fields, userId, id, versions }, action, source, userId);
    if (task) return task;
    if (versions && (await this.exists(userId, id))) throw preconditionFailed();
    throw notFound('Task');
  }

  private async exists(userId: string, id: number): Promise<boolean> {
    const rows = await this.statements.rows(
      'exists',
      () => this.db.select({ id: tasks.id }).from(tasks).where(this.owned()),
      { userId, id },
    );
    return rows.length > 0;
  }

  /**
   * Runs one write (`key` names its shape, `values` fill its placeholders) and records its audit event in the same
   * statement (a data-modifying WITH): atomic, so no change without its event and no event without its change (a
   * missing task writes neither), in one round trip. The log line follows. Undefined when the write matched no task.
   */
  private async audited(
    key: string,
    write: () => PgWrite,
    values: Fields,
    action: Action,
    source: AuditSource,
    userId: string,
  ): Promise<Task | undefined> {
    const fixed = typeof action === 'string';
    let row;
    try {
      [row] = await this.statements.rows(
        `${key}:${fixed ? 'action' : 'completion'}`,
        () => {
          const changed = this.db.$with('changed').as(write());
          const actionSql = fixed ? p('action') : COMPLETION_ACTION(sql`${changed.completed}`);
          // Drizzle types a CTE's query as a builder; it takes any SQL (it reads `getSQL()`).
          const insert = auditInsertFrom(actionSql, sql`${changed.id}::text`, changed);
          const event = this.db.$with('event').as(insert as unknown as TypedQueryBuilder<undefined>);
          return this.db.with(changed, event).select().from(changed);
        },
        { ...values, ...auditValues(source), action },
      );
    } finally {
      // Ends the user's cached lists even after a failed write: it may have committed before failing.
      await this.cache.invalidate(userId);
    }
    if (!row) return undefined;
    const task = toTask(row);
    logAudit(source, { userId, action: fixed ? action : action(task), targetId: String(task.id) });
    return task;
  }

  /** The task `id` of user `userId` (placeholders). */
  private owned(): SQL | undefined {
    return and(eq(tasks.id, p('id')), eq(tasks.userId, p('userId')));
  }
}
