import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DATE_TIME_RANGE, ErrorCode, TEXT_PATTERN_MESSAGES, type ErrorBody, type FieldIssue } from '@todo/contracts';
import { databaseFailure } from '../db/failures.js';
import { HttpError } from '../errors.js';

/** Seconds a client should wait before retrying an answer of 503. */
const RETRY_AFTER_S = 2;

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** Names the field an Ajv issue is about: `title`, `tags/3`, or the unknown property itself. */
function fieldOf(issue: ValidationIssue): string {
  const params = issue.params as Record<string, unknown>;
  const extra = params.additionalProperty ?? params.missingProperty;
  const path = issue.instancePath.replace(/^\//, '');
  if (typeof extra === 'string') return path ? `${path}/${extra}` : extra;
  return path || '(root)';
}

function describe(issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not allowed';
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'pattern')
    return TEXT_PATTERN_MESSAGES[String(issue.params.pattern)] ?? issue.message ?? 'is invalid';
  if (issue.keyword === 'format' && issue.params.format === 'date-time')
    return `must be an RFC 3339 date-time from ${DATE_TIME_RANGE.min} to ${DATE_TIME_RANGE.max}`;
  return issue.message ?? 'is invalid';
}

/** Every error leaves as `{error: {code, message, details?}}`; only unexpected ones are 500, and logged. */
async function errors(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = 500;
    let body: ErrorBody['error'] = { code: ErrorCode.internal, message: 'Internal server error' };

    const failure = databaseFailure(error);
    if (failure === 'unavailable') {
      // Overload or an outage: the client should come back shortly (docs/consistency.md).
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_S));
      return reply.status(503).send({
        error: { code: ErrorCode.unavailable, message: 'The service is busy or restarting; retry shortly' },
      });
    }
    if (failure === 'account-gone') {
      return reply
        .status(401)
        .send({ error: { code: ErrorCode.unauthorized, message: 'The account of this token no longer exists' } });
    }

    if (error instanceof HttpError) {
      status = error.statusCode;
      body = { code: error.code, message: error.message, details: error.details };
    } else if (error.validation) {
      const where = error.validationContext ?? 'request';
      const details: FieldIssue[] = error.validation.map((issue) => ({
        field: fieldOf(issue),
        in: where,
        message: describe(issue),
      }));
      status = 400;
      body = { code: ErrorCode.validation, message: `${where}/${details[0].field} ${details[0].message}`, details };
    } else if (error.statusCode === 429) {
      status = 429;
      body = { code: ErrorCode.rateLimited, message: error.message };
    } else if (error.statusCode === 413) {
      status = 413;
      body = { code: ErrorCode.payloadTooLarge, message: 'Request body is too large' };
    } else if (error.statusCode === 415) {
      status = 415;
      body = { code: ErrorCode.unsupportedMediaType, message: error.message };
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors: malformed JSON, empty JSON body, bad headers.
      status = error.statusCode;
      body = { code: ErrorCode.validation, message: error.message };
    }

    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send({ error: body });
  });

  // Never the URL: an error echoes nothing the client sent.
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: ErrorCode.notFound, message: 'No route matches this request' } }),
  );
}

export default fp(errors, { name: 'errors' });
