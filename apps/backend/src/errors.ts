import { ErrorCode, type FieldIssue } from '@todo/contracts';

/** An error that carries its HTTP status and public code; anything else answers 500. */
export class HttpError extends Error {
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
