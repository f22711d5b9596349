import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { PRIORITIES, TASK_LIMITS } from '@todo/contracts';
import { user } from './auth-schema.js';

export * from './auth-schema.js';

/** Declared low..high so that ORDER BY priority sorts by rank. */
export const taskPriority = pgEnum('task_priority', PRIORITIES);

export const messageRole = pgEnum('message_role', ['user', 'assistant']);

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
    index('tasks_user_created_idx').on(t.userId, t.createdAt, t.id),
    index('tasks_user_completed_idx').on(t.userId, t.completed),
    index('tasks_user_due_idx').on(t.userId, t.dueAt),
    index('tasks_user_title_idx').on(t.userId, sql`lower(${t.title})`, t.id),
    index('tasks_tags_idx').using('gin', t.tags),
    index('tasks_title_trgm_idx').using('gin', t.title.op('gin_trgm_ops')),
    index('tasks_description_trgm_idx').using('gin', t.description.op('gin_trgm_ops')),
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
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  },
  (t) => [index('messages_conversation_idx').on(t.conversationId, t.id)],
);

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
