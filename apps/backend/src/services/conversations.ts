import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import {
  CHAT_LIMITS,
  ErrorCode,
  type ChatMessage,
  type Conversation,
  type ConversationDetail,
  type ToolCall,
} from '@todo/contracts';
import type { Database } from '../db/client.js';
import { conversations, messages, type ConversationRow, type MessageRow } from '../db/schema.js';
import { HttpError, notFound } from '../errors.js';

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

const withoutNul = (text: string) => text.replaceAll('\u0000', '\uFFFD');

const turnConflict = () =>
  new HttpError(409, ErrorCode.conflict, 'Another message of this conversation is being answered; retry shortly');

/** A running turn: its conversation (new or not), its stored user message, the history before it. */
export interface Turn {
  conversationId: number;
  created: boolean;
  messageId: number;
  history: ChatMessage[];
}
export interface StoredTurn {
  conversationId: number;
  response: string;
  toolCalls: ToolCall[];
}
export type TurnStart = { turn: Turn; replay?: undefined } | { replay: StoredTurn; turn?: undefined };

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

  /**
   * Starts a turn: with a known `key`, the stored turn to answer again instead; else claims the conversation
   * (creating it when `id` is undefined) until `leaseMs` from now, so turns of one conversation run one at a time
   * (another answers 409), reads its history and stores the user's message. `finish` or `abandon` ends the turn.
   */
  async begin(
    userId: string,
    id: number | undefined,
    message: string,
    key: string | undefined,
    leaseMs: number,
  ): Promise<TurnStart> {
    if (key !== undefined) {
      const replay = await this.stored(userId, key);
      if (replay) return { replay };
    }
    const until = sql`now() + ${`${leaseMs} milliseconds`}::interval`;
    let conversationId = id;
    let created = false;
    if (conversationId === undefined) {
      const [row] = await this.db
        .insert(conversations)
        .values({ userId, turnUntil: until })
        .returning({ id: conversations.id });
      [conversationId, created] = [row.id, true];
    } else {
      const [claimed] = await this.db
        .update(conversations)
        .set({ turnUntil: until })
        .where(
          and(
            eq(conversations.id, conversationId),
            eq(conversations.userId, userId),
            or(isNull(conversations.turnUntil), lt(conversations.turnUntil, sql`now()`)),
          ),
        )
        .returning({ id: conversations.id });
      if (!claimed) {
        await this.owned(userId, conversationId);
        throw turnConflict();
      }
    }
    const history = created ? [] : await this.history(userId, conversationId);
    try {
      const [stored] = await this.db
        .insert(messages)
        .values({ conversationId, userId, role: 'user', content: message, idempotencyKey: key })
        .returning({ id: messages.id });
      return { turn: { conversationId, created, messageId: stored.id, history } };
    } catch (error) {
      await this.release(conversationId, created);
      // The same key in a concurrent request: that one runs the turn.
      if ((error as { cause?: { code?: string } }).cause?.code === '23505') throw turnConflict();
      throw error;
    }
  }

  /** Ends a turn: its reply and the tool calls that ran, with the conversation released, in one transaction. */
  async finish(userId: string, turn: Turn, response: string, toolCalls: ToolCall[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(messages).values({
        conversationId: turn.conversationId,
        userId,
        role: 'assistant',
        // The model's reply and arguments are not validated input: a NUL (text and jsonb cannot hold one) is
        // stored as U+FFFD.
        content: withoutNul(response),
        toolCalls: JSON.parse(JSON.stringify(toolCalls), (_key, value: unknown) =>
          typeof value === 'string' ? withoutNul(value) : value,
        ) as ToolCall[],
      });
      await tx
        .update(conversations)
        .set({ updatedAt: sql`now()`, turnUntil: null })
        .where(eq(conversations.id, turn.conversationId));
    });
  }

  /** Ends a turn that failed before any tool ran: no trace of it stays, so a retry runs it afresh. */
  async abandon(turn: Turn): Promise<void> {
    await this.db.delete(messages).where(eq(messages.id, turn.messageId));
    await this.release(turn.conversationId, turn.created);
  }

  private async release(conversationId: number, created: boolean): Promise<void> {
    if (created) await this.db.delete(conversations).where(eq(conversations.id, conversationId));
    else await this.db.update(conversations).set({ turnUntil: null }).where(eq(conversations.id, conversationId));
  }

  /** The turn of the user's message with `key`: its reply, or 409 while it is still running. */
  private async stored(userId: string, key: string): Promise<StoredTurn | undefined> {
    const [asked] = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.userId, userId), eq(messages.idempotencyKey, key)));
    if (!asked) return undefined;
    const [reply] = await this.db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, asked.conversationId), gt(messages.id, asked.id)))
      .orderBy(asc(messages.id))
      .limit(1);
    if (!reply || reply.role !== 'assistant') throw turnConflict();
    return {
      conversationId: asked.conversationId,
      response: reply.content,
      toolCalls: (reply.toolCalls as ToolCall[] | null) ?? [],
    };
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
