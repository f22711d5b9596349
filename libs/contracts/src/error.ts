import { Type, type Static } from 'typebox';

export const ErrorCode = {
  validation: 'VALIDATION_ERROR',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  preconditionFailed: 'PRECONDITION_FAILED',
  conflict: 'CONFLICT',
  methodNotAllowed: 'METHOD_NOT_ALLOWED',
  requestTimeout: 'REQUEST_TIMEOUT',
  headersTooLarge: 'HEADERS_TOO_LARGE',
  rateLimited: 'RATE_LIMITED',
  payloadTooLarge: 'PAYLOAD_TOO_LARGE',
  unsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  internal: 'INTERNAL_ERROR',
  unavailable: 'SERVICE_UNAVAILABLE',
  chatNotConfigured: 'CHAT_NOT_CONFIGURED',
  providerError: 'PROVIDER_ERROR',
  providerTimeout: 'PROVIDER_TIMEOUT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const FieldIssue = Type.Object({
  field: Type.String(),
  in: Type.String(),
  message: Type.String(),
});
export type FieldIssue = Static<typeof FieldIssue>;

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(FieldIssue)),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
