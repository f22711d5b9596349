import { Type, type Static } from 'typebox';
import { AUDIT_LIMITS } from './limits.js';

/**
 * What was done: `task.*` through the task service (REST, chat, /mcp), `account.*` through Better Auth (a
 * revocation records one `account.session_revoke` per session it ends; `account.oauth_grant` is a user allowing an
 * MCP client, the target its client id).
 */
export const AUDIT_ACTIONS = [
  'task.create',
  'task.update',
  'task.complete',
  'task.uncomplete',
  'task.delete',
  'account.sign_up',
  'account.sign_in',
  'account.sign_out',
  'account.update',
  'account.password_change',
  'account.session_revoke',
  'account.delete',
  'account.oauth_grant',
] as const;
export const AuditAction = Type.Enum(AUDIT_ACTIONS);
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Through which door: the REST API (and Better Auth), the chat's MCP tools, or /mcp. */
export const AUDIT_ORIGINS = ['rest', 'chat', 'mcp'] as const;
export const AuditOrigin = Type.Enum(AUDIT_ORIGINS);
export type AuditOrigin = (typeof AUDIT_ORIGINS)[number];

/** One event of the caller's own trail: never a secret, a body or a task's content. */
export const AuditEvent = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    action: AuditAction,
    /** The task id for `task.*`, the session or user id for `account.*`. */
    target_id: Type.Union([Type.String(), Type.Null()]),
    request_id: Type.String(),
    ip: Type.Union([Type.String(), Type.Null()]),
    user_agent: Type.Union([Type.String(), Type.Null()]),
    origin: AuditOrigin,
    created_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_LIMITS.pageMax })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);
export type AuditListQuery = Static<typeof AuditListQuery>;

/** Newest first. */
export const AuditPage = Type.Object(
  { items: Type.Array(AuditEvent), next_cursor: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
export type AuditPage = Static<typeof AuditPage>;
