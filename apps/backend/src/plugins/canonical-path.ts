import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '@todo/contracts';
import { HttpError } from '../errors.js';

/**
 * True when no layer could read `path` as another path: no dot segments, no empty segments (`//`; a trailing
 * slash is allowed), no backslash, and no percent-encoding of a character that needs none (`%2e`, `%2f`, `%5c`, `%73`...),
 * which decoders turn back into structure. Such a path means the same to every router and proxy on the way.
 */
export function isCanonicalPath(path: string): boolean {
  if (!path.startsWith('/') || /[\\#]/.test(path)) return false;
  for (const [, hex] of path.matchAll(/%([0-9a-fA-F]{2})/g))
    if (/[\w.~/\\-]/.test(String.fromCharCode(parseInt(hex, 16)))) return false;
  const segments = path.slice(1).split('/');
  // A trailing slash is one spelling (`/docs/`); an empty segment inside (`//`) is not.
  if (segments.at(-1) === '') segments.pop();
  return segments.every((segment) => segment !== '' && !/^(\.|%2e){1,2}$/i.test(segment));
}

/**
 * Refuses a request whose path is not canonical before any route sees it: Better Auth normalises URLs itself, so a
 * limit attached to one spelling of a path would otherwise miss the others (`/api/auth/./sign-in/email`).
 */
async function canonicalPath(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?', 1)[0];
    if (!isCanonicalPath(path)) throw new HttpError(400, ErrorCode.validation, 'Non-canonical URL path');
  });
}

export default fp(canonicalPath, { name: 'canonical-path' });
