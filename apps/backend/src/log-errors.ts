/** What a log line keeps of an error: never a query's parameters, a database error's text or a request's body. */
export interface LoggedError {
  type: string;
  message: string;
  /** Where it was thrown: the stack's frames alone where the message could hold values. */
  stack: string;
  code?: string;
  statusCode?: number;
  /** A database error: which constraint, table and column, by name. */
  constraint?: string;
  table?: string;
  column?: string;
  cause?: LoggedError;
  [key: string]: unknown;
}

interface DatabaseErrorFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * The logger's `err` serializer. A failed query's message lists its parameters (task content, addresses), and
 * PostgreSQL's message and detail quote the values they refused: of those only the SQLSTATE and the names stay.
 * Anything else keeps its type, message, code and stack (pino writes every line as escaped JSON).
 */
export function loggedError(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: 'a thrown non-error', stack: '' };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .join('\n');
  // Drizzle's DrizzleQueryError (found by shape: a bundle may hold more than one copy of the class).
  if ('query' in error && 'params' in error) {
    return {
      type: 'DrizzleQueryError',
      message: 'Failed query (its text and parameters are not logged)',
      stack: frames,
      ...(error.cause ? { cause: loggedError(error.cause) } : {}),
    };
  }
  const fields = error as Error & DatabaseErrorFields & { statusCode?: unknown };
  if (typeof fields.severity === 'string' && typeof fields.code === 'string') {
    return {
      type: 'DatabaseError',
      message: `PostgreSQL error ${fields.code}`,
      stack: frames,
      code: fields.code,
      constraint: text(fields.constraint),
      table: text(fields.table),
      column: text(fields.column),
    };
  }
  return {
    type: error.name,
    message: error.message,
    stack: error.stack ?? '',
    code: text(fields.code),
    statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : undefined,
    ...(error.cause ? { cause: loggedError(error.cause) } : {}),
  };
}
