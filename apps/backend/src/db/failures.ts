/**
 * What a database error means for the caller. Overload and outages are the server's state, not the request's fault:
 * a statement cut by the statement timeout, no pool connection within the wait, the server unreachable, shutting
 * down or out of connections. A write refused because its user row is gone means the account was deleted while a
 * token for it was still valid. Drizzle wraps driver errors: the chain of causes is searched.
 */
export type DatabaseFailure = 'unavailable' | 'account-gone';

const UNAVAILABLE_CODES = new Set([
  '57014', // query_canceled: the statement timeout
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_MESSAGES = [/timeout exceeded when trying to connect/i, /Connection terminated/i];

interface DriverError {
  code?: unknown;
  message?: unknown;
  constraint?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  for (let current = error as DriverError | undefined, depth = 0; current && depth < 5; depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return 'unavailable';
    if (typeof current.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(current!.message as string)))
      return 'unavailable';
    // Every `user_id` foreign key (tasks, conversations, messages) is named `<table>_user_id_user_id_fk`.
    if (
      code === '23503' &&
      typeof current.constraint === 'string' &&
      current.constraint.endsWith('_user_id_user_id_fk')
    )
      return 'account-gone';
    // Node's AggregateError (a connection refused on IPv4 and IPv6) lists its causes.
    const [first] = Array.isArray(current.errors) ? current.errors : [];
    current = (current.cause ?? first) as DriverError | undefined;
  }
  return undefined;
}
