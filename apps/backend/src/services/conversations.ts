import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { CHAT_LIMITS, type ChatMessage, type Conversation, type ConversationDetail } from '@todo/contracts';
import type { Database } from '../db/client.js';
import { conversations, messages, type ConversationRow, type MessageRow } from '../db/schema.js';
import { notFound } from '../errors.js';

const toConversation = (row: ConversationRow): Conversation => ({
  id: row.id,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const toMessage = (row: MessageRow): ChatMessage => ({
  id: row.id,
  role: row.role,
  content: row.content,
  created_at: row.createdAt.toISOString(),
});

/** Conversations and their messages in PostgreSQL; every call is scoped to one user. */
export class ConversationService {
  constructor(private readonly db: Database) {}

  async list(userId: string): Promise<Conversation[]> {
    const rows = await this.db
      .select()
      .from(conversations)
      .where(eq(conversations.userId, userId))
      .orderBy(desc(conversations.updatedAt), desc(conversations.id))
      .limit(CHAT_LIMITS.conversationsPageMax);
    return rows.map(toConversation);
  }

  async get(userId: string, id: number): Promise<ConversationDetail> {
    const row = await this.owned(userId, id);
    const rows = await this.db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.id));
    return { ...toConversation(row), messages: rows.map(toMessage) };
  }

  /** The latest messages, oldest first: what the model sees before the new one. */
  async history(userId: string, id: number): Promise<ChatMessage[]> {
    await this.owned(userId, id);
    const rows = await this.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, id))
      .orderBy(desc(messages.id))
      .limit(CHAT_LIMITS.historyMax);
    return rows.reverse().map(toMessage);
  }

  /** Stores one exchange in a transaction, creating the conversation when `id` is undefined; returns its id. */
  async append(userId: string, id: number | undefined, user: string, assistant: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      let conversationId = id;
      if (conversationId === undefined) {
        const [created] = await tx.insert(conversations).values({ userId }).returning({ id: conversations.id });
        conversationId = created.id;
      } else {
        const [updated] = await tx
          .update(conversations)
          .set({ updatedAt: sql`now()` })
          .where(and(eq(conversations.id, conversationId), eq(conversations.userId, userId)))
          .returning({ id: conversations.id });
        if (!updated) throw notFound('Conversation');
      }
      await tx.insert(messages).values([
        { conversationId, userId, role: 'user', content: user },
        // The model's reply is not validated input: a NUL in it (text cannot hold one) is stored as U+FFFD.
        { conversationId, userId, role: 'assistant', content: assistant.replaceAll('\u0000', '\uFFFD') },
      ]);
      return conversationId;
    });
  }

  private async owned(userId: string, id: number): Promise<ConversationRow> {
    const [row] = await this.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, id), eq(conversations.userId, userId)));
    if (!row) throw notFound('Conversation');
    return row;
  }
}
