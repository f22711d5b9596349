import type { FastifyError } from 'fastify';

/** JSON-RPC 2.0 error codes, and the MCP SDK's -32000 for a refusal at the transport (auth, limits, method). */
export const JsonRpcCode = { parseError: -32700, invalidRequest: -32600, internal: -32603, server: -32000 } as const;

/** A request to `/mcp` without a body: nothing to parse. */
export class EmptyBodyError extends Error {
  readonly statusCode = 400;
  readonly code = 'EMPTY_BODY';
  constructor() {
    super('Parse error');
  }
}

/** A request to `/mcp` whose body is not JSON. */
export class UnsupportedMediaTypeError extends Error {
  readonly statusCode = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor() {
    super('Unsupported Media Type: Content-Type must be application/json');
  }
}

/** An error on `/mcp` as a JSON-RPC error response (no request id is known), keeping its HTTP status. */
export function jsonRpcError(error: Pick<FastifyError, 'statusCode' | 'code' | 'message'>) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  const unparsable = error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'EMPTY_BODY';
  const code = unparsable
    ? JsonRpcCode.parseError
    : status >= 500
      ? JsonRpcCode.internal
      : status === 400
        ? JsonRpcCode.invalidRequest
        : JsonRpcCode.server;
  const message = unparsable ? 'Parse error' : status >= 500 ? 'Internal error' : error.message;
  return { status, body: { jsonrpc: '2.0' as const, error: { code, message }, id: null } };
}
