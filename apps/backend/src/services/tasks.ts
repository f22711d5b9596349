import { and, arrayContains, asc, desc, eq, gt, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import {
  PRIORITIES,
  TASK_LIMITS,
  type SortOrder,
  type Task,
  type TaskCreate,
  type TaskListQuery,
  type TaskPage,
  type TaskSort,
  type TaskUpdate,
} from '@todo/contracts';
import type { Database } from '../db/client.js';
import { tasks, type TaskRow } from '../db/schema.js';
import { invalidField, notFound } from '../errors.js';
import { decodeCursor, encodeCursor, type CursorPosition } from './cursor.js';

/** The column (or expression) each sort orders by; `due` puts tasks without a due date last. */
const SORT_KEYS: Record<TaskSort, { expr: SQL; cast: SQL; valueOf: (row: TaskRow) => string | null }> = {
  created: { expr: sql`${tasks.createdAt}`, cast: sql`timestamptz`, valueOf: (r) => r.createdAt.toISOString() },
  updated: { expr: sql`${tasks.updatedAt}`, cast: sql`timestamptz`, valueOf: (r) => r.updatedAt.toISOString() },
  due: {
    expr: sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`,
    cast: sql`timestamptz`,
    valueOf: (r) => r.dueAt?.toISOString() ?? null,
  },
  priority: { expr: sql`${tasks.priority}`, cast: sql`task_priority`, valueOf: (r) => r.priority },
  title: { expr: sql`${tasks.title}`, cast: sql`text`, valueOf: (r) => r.title },
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A tampered cursor must answer 400, never reach the database as a bad cast. */
function checkCursorValue(sort: TaskSort, value: string | null): void {
  const ok =
    sort === 'priority'
      ? PRIORITIES.includes(value as never)
      : sort === 'title'
        ? typeof value === 'string' && value.length <= TASK_LIMITS.titleMax
        : (value === null && sort === 'due') ||
          (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)));
  if (!ok) throw invalidField('cursor', 'querystring', 'is not a valid cursor');
}

export const defaultOrder = (sort: TaskSort): SortOrder => (sort === 'created' || sort === 'updated' ? 'desc' : 'asc');

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

const dateOrNull = (value: string | null | undefined) => (value ? new Date(value) : null);

/** The task domain, shared by the REST routes and the MCP tools; every call is scoped to one user. */
export class TaskService {
  constructor(private readonly db: Database) {}

  async list(userId: string, query: TaskListQuery): Promise<TaskPage> {
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
    if (query.cursor) filters.push(this.after(key, order, decodeCursor(query.cursor, sort, order), sort));

    const direction = order === 'asc' ? asc : desc;
    const rows = await this.db
      .select()
      .from(tasks)
      .where(and(...filters))
      .orderBy(direction(key.expr), direction(tasks.id))
      .limit(limit + 1);

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toTask),
      next_cursor:
        rows.length > limit && last ? encodeCursor(sort, order, { value: key.valueOf(last), id: last.id }) : null,
    };
  }

  /** Keyset condition: rows strictly after the cursor in (sort key, id) order. */
  private after(key: (typeof SORT_KEYS)[TaskSort], order: SortOrder, cursor: CursorPosition, sort: TaskSort): SQL {
    checkCursorValue(sort, cursor.value);
    const value =
      sort === 'due'
        ? sql`coalesce(${cursor.value}::timestamptz, 'infinity'::timestamptz)`
        : sql`${cursor.value}::${key.cast}`;
    const op = order === 'asc' ? sql`>` : sql`<`;
    return sql`(${key.expr}, ${tasks.id}) ${op} (${value}, ${cursor.id})`;
  }

  async get(userId: string, id: number): Promise<Task> {
    const [row] = await this.db.select().from(tasks).where(this.owned(userId, id));
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  async create(userId: string, input: TaskCreate): Promise<Task> {
    const [row] = await this.db
      .insert(tasks)
      .values({
        userId,
        title: input.title,
        description: input.description ?? null,
        priority: input.priority,
        tags: input.tags,
        dueAt: dateOrNull(input.due_at),
      })
      .returning();
    return toTask(row);
  }

  /** Replaces every editable field; `completed` changes only when given. */
  async update(userId: string, id: number, input: TaskUpdate): Promise<Task> {
    const [row] = await this.db
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
      .returning();
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  /** Sets `completed` when given, else toggles it. */
  async complete(userId: string, id: number, completed?: boolean): Promise<Task> {
    const [row] = await this.db
      .update(tasks)
      .set({ completed: completed ?? sql`NOT ${tasks.completed}`, updatedAt: sql`now()` })
      .where(this.owned(userId, id))
      .returning();
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  async remove(userId: string, id: number): Promise<Task> {
    const [row] = await this.db.delete(tasks).where(this.owned(userId, id)).returning();
    if (!row) throw notFound('Task');
    return toTask(row);
  }

  private owned(userId: string, id: number): SQL | undefined {
    return and(eq(tasks.id, id), eq(tasks.userId, userId));
  }
}
