import { ErrorCode, type ErrorBody, type FieldIssue } from '@todo/contracts';

const HTTP_ERROR = Symbol.for('todo.HttpError');

/**
 * An error that carries its HTTP status and public code; anything else answers 500. The bundles loaded on first use
 * (the MCP tools) hold a copy of this class, so `instanceof` checks a mark both copies set, not the class.
 */
export class HttpError extends Error {
  readonly [HTTP_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && HTTP_ERROR in value;
  }

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldIssue[],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, ErrorCode.notFound, `${what} not found`);

export const invalidField = (field: string, where: string, message: string) =>
  new HttpError(400, ErrorCode.validation, `${where}/${field} ${message}`, [{ field, in: where, message }]);

export const preconditionFailed = () =>
  new HttpError(
    412,
    ErrorCode.preconditionFailed,
    'The task was changed since you read it: load it again, then repeat your change',
  );

/** The app's error for a bare status (an answer that came without a body of its own). */
export function errorForStatus(status: number): ErrorBody['error'] {
  if (status === 404) return { code: ErrorCode.notFound, message: 'Not found' };
  if (status === 405) return { code: ErrorCode.methodNotAllowed, message: 'Method not allowed' };
  if (status === 401) return { code: ErrorCode.unauthorized, message: 'Authentication required' };
  if (status === 403) return { code: ErrorCode.forbidden, message: 'Forbidden' };
  if (status === 429) return { code: ErrorCode.rateLimited, message: 'Too many requests' };
  if (status < 500) return { code: ErrorCode.validation, message: 'Request refused' };
  return { code: ErrorCode.internal, message: 'Internal server error' };
}
