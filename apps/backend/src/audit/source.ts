import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyRequest } from 'fastify';
import type { AuditOrigin } from '@todo/contracts';
import type { AuditSource } from '../services/audit.js';

/** Who is asking and from where, as the request shows it (`request.ip` follows TRUST_PROXY). */
export function auditSource(request: FastifyRequest, origin: AuditOrigin): AuditSource {
  return {
    origin,
    requestId: request.id,
    ip: request.ip || null,
    userAgent: request.headers['user-agent'] ?? null,
    log: request.log,
  };
}

/**
 * The source of the request Better Auth is handling: its hooks run deep inside its handler, which only sees a Web
 * Request, so the auth routes hand the source down through the async context.
 */
export const authRequestSource = new AsyncLocalStorage<AuditSource>();
