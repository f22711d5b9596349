import type { FastifyBaseLogger } from 'fastify';
import type { BetterAuthOptions } from 'better-auth';
import { loggedError } from '../log-errors.js';

/**
 * Better Auth's log, written by the app's logger (JSON lines) instead of its console logger: its message and the
 * errors it passes along (serialized as every logged error is: no query parameters); other arguments, which can
 * hold a user's fields, are left out.
 */
export function betterAuthLogger(log: FastifyBaseLogger): NonNullable<BetterAuthOptions['logger']> {
  const child = log.child({ module: 'better-auth' });
  return {
    level: 'info',
    log: (level, message, ...args) => {
      const errors = args.filter((arg) => arg instanceof Error).map(loggedError);
      child[level](errors.length ? { errors } : {}, message);
    },
  };
}
