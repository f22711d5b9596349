import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { AUDIT_LIMITS, AUDIT_ORIGINS, PRIORITIES, TASK_LIMITS } from '@todo/contracts';
import { user } from './auth-schema.js';

export * from './auth-schema.js';

/** Declared low..high so that ORDER BY priority sorts by rank. */
export const taskPriority = pgEnum('task_priority', PRIORITIES);

export const messageRole = pgEnum('message_role', ['user', 'assistant']);

export const auditOrigin = pgEnum('audit_origin', AUDIT_ORIGINS);

/** Timestamps keep milliseconds, as JavaScript dates do, so a cursor taken from a row matches it exactly. */
export const tasks = pgTable(
  'tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    title: varchar('title', { length: TASK_LIMITS.titleMax }).notNull(),
    description: varchar('description', { length: TASK_LIMITS.descriptionMax }),
    completed: boolean('completed').default(false).notNull(),
    priority: taskPriority('priority').default('medium').notNull(),
    tags: text('tags')
      .array()
      .default(sql`'{}'::text[]`)
      .notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    // One keyset index per sort, each in the order the listing reads (bench's scale section: flat to 100,000 tasks).
    index('tasks_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('tasks_user_updated_idx').on(t.userId, t.updatedAt, t.id),
    index('tasks_user_priority_idx').on(t.userId, t.priority, t.id),
    index('tasks_user_due_order_idx').on(t.userId, sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id),
    index('tasks_user_title_idx').on(t.userId, sql`lower(${t.title})`, t.id),
    index('tasks_user_completed_idx').on(t.userId, t.completed),
    index('tasks_user_due_idx').on(t.userId, t.dueAt),
    // A user's tasks with a tag, without walking the user's other tasks (btree_gin: migration 0007).
    index('tasks_user_tags_idx').using('gin', t.userId, t.tags),
    index('tasks_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
    index('tasks_description_trgm_idx').using('gin', t.description.op('gin_trgm_ops')),
    // The API's rules, for every writer (varchar bounds the lengths): a title not blank; tags as
    // task_tags_valid() (migration 0004) checks them: at most 10, each 1..32 characters, trimmed, distinct.
    check('tasks_title_not_blank', sql`${t.title} ~ '[^[:space:]]'`),
    check('tasks_tags_valid', sql`task_tags_valid(${t.tags})`),
  ],
);

export type TaskRow = typeof tasks.$inferSelect;

/** A chat with the assistant; the server keeps no state between messages, so any replica can continue it. */
export const conversations = pgTable(
  'conversations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
    /** While a turn runs: until when it holds the conversation (turns of one conversation run one at a time). */
    turnUntil: timestamp('turn_until', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('conversations_user_updated_idx').on(t.userId, t.updatedAt, t.id)],
);

export const messages = pgTable(
  'messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    conversationId: integer('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: messageRole('role').notNull(),
    content: text('content').notNull(),
    /** A user message: the client's key for it, so that a retried request returns its turn instead of rerunning. */
    idempotencyKey: varchar('idempotency_key', { length: 64 }),
    /** An assistant message: the tool calls of its turn (what they changed), as the turn answered them. */
    toolCalls: jsonb('tool_calls'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [
    index('messages_conversation_idx').on(t.conversationId, t.id),
    uniqueIndex('messages_user_idempotency_key_idx').on(t.userId, t.idempotencyKey),
  ],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/**
 * Who did what, when and from where; never a secret or a body. `user_id` has no foreign key on purpose: the trail
 * outlives the account (a deleted account's events stay for review; removing them is a retention decision, not a
 * side effect of the deletion). `action` is text, not an enum, so a new action needs no migration.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id').notNull(),
    action: varchar('action', { length: 64 }).notNull(),
    targetId: text('target_id'),
    requestId: varchar('request_id', { length: 128 }).notNull(),
    ip: varchar('ip', { length: 64 }),
    userAgent: varchar('user_agent', { length: AUDIT_LIMITS.userAgentMax }),
    origin: auditOrigin('origin').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  // A user's trail, newest first (the index is read backwards).
  (t) => [index('audit_events_user_created_idx').on(t.userId, t.createdAt, t.id)],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
