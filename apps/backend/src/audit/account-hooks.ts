import type { BetterAuthOptions } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import type { AuditAction } from '@todo/contracts';
import type { Database } from '../db/client.js';
import { logAudit, recordAudit, type AuditSource } from '../services/audit.js';
import { authRequestSource } from './source.js';

/** An account change made by the server itself rather than through /api/auth (none today): still recorded. */
const SERVER: AuditSource = { origin: 'rest', requestId: 'server', ip: null, userAgent: null };

/** Sessions that another action creates as part of itself: its own event covers them. */
const SESSION_INSIDE = new Set(['/sign-up/email', '/change-password']);
/** Sessions that another action ends as part of itself (a password change ends every other session). */
const SESSION_END_INSIDE = new Set(['/change-password', '/delete-user']);

type Endpoint = { path?: string } | null | undefined;

/**
 * Better Auth's database hooks that audit account changes: they see the rows really written (a sign-out without a
 * session, or a revocation of someone else's session, changes nothing and records nothing), and the path of the
 * endpoint that wrote them. `after` hooks run once Better Auth's own write is committed, so an event is never a
 * phantom; unlike task events, it is not in the same transaction as the change.
 */
async function emitEvent(db: Database, action: AuditAction, userId: string, targetId: string) {
  const source = authRequestSource.getStore() ?? SERVER;
  const entry = { userId, action, targetId };
  await recordAudit(db, source, entry);
  logAudit(source, entry);
}

/**
 * A user allowing an MCP client (the OAuth provider's consent, which writes its rows past the database hooks): an
 * `account.oauth_grant` once the grant is stored, nothing for a denial or a refused request.
 */
export function oauthGrantAudit(db: Database) {
  return createAuthMiddleware(async (ctx) => {
    const body = ctx.body as { accept?: unknown; oauth_query?: unknown } | undefined;
    if (ctx.path !== '/oauth2/consent' || body?.accept !== true || ctx.context.returned instanceof APIError) return;
    const userId = ctx.context.session?.user.id;
    const clientId = new URLSearchParams(String(body.oauth_query ?? '')).get('client_id');
    if (userId && clientId) await emitEvent(db, 'account.oauth_grant', userId, clientId);
  });
}

export function accountAuditHooks(
  db: Database,
  onSessionEnd: (sessionId: string) => void,
): BetterAuthOptions['databaseHooks'] {
  const emit = (action: AuditAction, userId: string, targetId: string) => emitEvent(db, action, userId, targetId);

  return {
    user: {
      create: { after: (user) => emit('account.sign_up', user.id, user.id) },
      update: { after: (user) => emit('account.update', user.id, user.id) },
      delete: { after: (user) => emit('account.delete', user.id, user.id) },
    },
    session: {
      create: {
        after: async (session, endpoint: Endpoint) => {
          if (!SESSION_INSIDE.has(endpoint?.path ?? '')) await emit('account.sign_in', session.userId, session.id);
        },
      },
      delete: {
        after: async (session, endpoint: Endpoint) => {
          onSessionEnd(session.id);
          if (SESSION_END_INSIDE.has(endpoint?.path ?? '')) return;
          await emit(
            endpoint?.path === '/sign-out' ? 'account.sign_out' : 'account.session_revoke',
            session.userId,
            session.id,
          );
        },
      },
    },
    // The credential account row: its only change here is a new password hash (never read into the event).
    account: {
      update: {
        after: async (account) => {
          if (account?.userId) await emit('account.password_change', account.userId, account.userId);
        },
      },
    },
  };
}
