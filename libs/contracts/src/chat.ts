import { Type, type Static } from 'typebox';
import { CHAT_LIMITS } from './limits.js';
import { TEXT_PATTERNS } from './text.js';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const DateTime = Type.String({ format: 'date-time' });

/** `timezone` (IANA, e.g. Europe/Paris) is how the assistant reads "tomorrow"; UTC when omitted. */
export const ChatRequest = Type.Object(
  {
    conversation_id: Type.Optional(Id),
    message: Type.String({ minLength: 1, maxLength: CHAT_LIMITS.messageMax, pattern: TEXT_PATTERNS.filledText }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: TEXT_PATTERNS.line })),
    /** The client's key for this message: a retry with the same key answers the stored turn, never reruns it. */
    idempotency_key: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
  },
  { additionalProperties: false },
);
export type ChatRequest = Static<typeof ChatRequest>;

/** One MCP tool the assistant called during the turn, with its arguments and its result (parsed JSON). */
export const ToolCall = Type.Object(
  {
    name: Type.String(),
    arguments: Type.Record(Type.String(), Type.Unknown()),
    result: Type.Unknown(),
    is_error: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ToolCall = Static<typeof ToolCall>;

export const ChatResponse = Type.Object(
  { conversation_id: Id, response: Type.String(), tool_calls: Type.Array(ToolCall) },
  { additionalProperties: false },
);
export type ChatResponse = Static<typeof ChatResponse>;

export const MessageRole = Type.Union([Type.Literal('user'), Type.Literal('assistant')]);
export type MessageRole = Static<typeof MessageRole>;

export const ChatMessage = Type.Object(
  { id: Id, role: MessageRole, content: Type.String(), created_at: DateTime },
  { additionalProperties: false },
);
export type ChatMessage = Static<typeof ChatMessage>;

export const Conversation = Type.Object(
  { id: Id, created_at: DateTime, updated_at: DateTime },
  { additionalProperties: false },
);
export type Conversation = Static<typeof Conversation>;

/** The most recently active first. */
export const ConversationList = Type.Object({ items: Type.Array(Conversation) }, { additionalProperties: false });
export type ConversationList = Static<typeof ConversationList>;

export const ConversationDetail = Type.Object(
  { id: Id, created_at: DateTime, updated_at: DateTime, messages: Type.Array(ChatMessage) },
  { additionalProperties: false },
);
export type ConversationDetail = Static<typeof ConversationDetail>;

export const ConversationParams = Type.Object(
  { user_id: Type.String({ minLength: 1, maxLength: 64 }), id: Id },
  { additionalProperties: false },
);
export type ConversationParams = Static<typeof ConversationParams>;
