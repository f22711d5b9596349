import { Type, type Static } from 'typebox';
import { DATE_TIME_RANGE } from './date-time.js';
import { TASK_LIMITS } from './limits.js';
import { TEXT_PATTERNS } from './text.js';

export const Priority = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
export type Priority = Static<typeof Priority>;

const Title = Type.String({ minLength: 1, maxLength: TASK_LIMITS.titleMax, pattern: TEXT_PATTERNS.filledLine });
const Description = Type.Union([
  Type.String({ maxLength: TASK_LIMITS.descriptionMax, pattern: TEXT_PATTERNS.text }),
  Type.Null(),
]);
const Tag = Type.String({ minLength: 1, maxLength: TASK_LIMITS.tagMax, pattern: TEXT_PATTERNS.trimmedLine });
const Tags = Type.Array(Tag, { maxItems: TASK_LIMITS.tagsMax, uniqueItems: true });
/** The backend checks `date-time` with `isDateTime` (date-time.ts): a real date within DATE_TIME_RANGE. */
const DateTime = Type.String({
  format: 'date-time',
  description: `RFC 3339, from ${DATE_TIME_RANGE.min} to ${DATE_TIME_RANGE.max}`,
});
const DueAt = Type.Union([DateTime, Type.Null()]);

/**
 * A due date as the task tools (MCP, the chat) take it: an ISO 8601 instant with its offset, or a local date and
 * time without one (`2026-03-08T09:00`), which the server resolves with the rules of the user's time zone.
 */
export const ToolDueAt = Type.Union([
  DateTime,
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?$' }),
  Type.Null(),
]);

export const Task = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    user_id: Type.String(),
    title: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    completed: Type.Boolean(),
    priority: Priority,
    tags: Type.Array(Type.String()),
    due_at: DueAt,
    created_at: DateTime,
    updated_at: DateTime,
  },
  { additionalProperties: false },
);
export type Task = Static<typeof Task>;

export const TaskCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    priority: Type.Optional(Priority),
    tags: Type.Optional(Tags),
    due_at: Type.Optional(DueAt),
  },
  { additionalProperties: false },
);
export type TaskCreate = Static<typeof TaskCreate>;

/** PUT replaces every editable field: an omitted optional field goes back to its default. */
export const TaskUpdate = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    priority: Type.Optional(Priority),
    tags: Type.Optional(Tags),
    due_at: Type.Optional(DueAt),
    completed: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TaskUpdate = Static<typeof TaskUpdate>;

/** PATCH .../complete: no body toggles; `{completed}` sets it. */
export const TaskComplete = Type.Union([
  Type.Object({ completed: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  Type.Null(),
]);
export type TaskComplete = Static<typeof TaskComplete>;

export const TaskStatus = Type.Union([Type.Literal('all'), Type.Literal('pending'), Type.Literal('completed')]);
export type TaskStatus = Static<typeof TaskStatus>;

export const TaskSort = Type.Union([
  Type.Literal('created'),
  Type.Literal('updated'),
  Type.Literal('due'),
  Type.Literal('priority'),
  Type.Literal('title'),
]);
export type TaskSort = Static<typeof TaskSort>;

export const SortOrder = Type.Union([Type.Literal('asc'), Type.Literal('desc')]);
export type SortOrder = Static<typeof SortOrder>;

export const TaskListQuery = Type.Object(
  {
    status: Type.Optional(TaskStatus),
    priority: Type.Optional(Priority),
    tag: Type.Optional(Tag),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: TASK_LIMITS.titleMax, pattern: TEXT_PATTERNS.line })),
    due_before: Type.Optional(DateTime),
    due_after: Type.Optional(DateTime),
    sort: Type.Optional(TaskSort),
    order: Type.Optional(SortOrder),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TASK_LIMITS.pageMax })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: TASK_LIMITS.cursorMax })),
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;

export const TaskPage = Type.Object(
  {
    items: Type.Array(Task),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type TaskPage = Static<typeof TaskPage>;

/** The query of a route that takes no query parameters: any is refused. */
export const NoQuery = Type.Object({}, { additionalProperties: false });

export const UserParams = Type.Object(
  { user_id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type UserParams = Static<typeof UserParams>;

export const TaskParams = Type.Object(
  {
    user_id: Type.String({ minLength: 1, maxLength: 64 }),
    id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  },
  { additionalProperties: false },
);
export type TaskParams = Static<typeof TaskParams>;
