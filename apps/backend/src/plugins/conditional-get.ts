import { hash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** If-None-Match compared weakly (RFC 9110 13.1.2): a list of entity tags, or `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * ETag and `Cache-Control: private, no-cache` on the successful GETs of the routes that register it (per-user
 * data: any cache must revalidate, no shared cache may keep it); a matching If-None-Match answers 304 without a
 * body. Hand-written rather than @fastify/etag, which answers 304 to any method and status (a PUT, an error),
 * compares If-None-Match as one exact string (no lists, no `*`) and hashes the body alone. Here the tag hashes the
 * caller's id with the body, so two users never share one even when their answers are alike; a route that sets a
 * strong tag itself (one task: its version, for If-Match) keeps it.
 */
async function conditionalGet(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    // A route may set its own (strong) tag: a task's names its version, for If-Match. Else a one-shot hash.
    const own = reply.getHeader('etag');
    const etag =
      typeof own === 'string' ? own : `W/"${hash('sha1', `${request.userId}\0${payload.toString()}`, 'base64url')}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (!matches(request.headers['if-none-match'], etag)) return payload;
    reply.code(304);
    return ''; // Fastify's HEAD routes measure the payload: an empty one, not none
  });
}

export default fp(conditionalGet, { name: 'conditional-get' });
