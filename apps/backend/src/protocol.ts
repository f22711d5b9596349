import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode, type ErrorBody } from '@todo/contracts';

/** A client's X-Request-Id is kept only when it is this short and plain (as the log and the audit trail store it). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the client's X-Request-Id when safe (a proxy's or a client's own correlation id), else new. */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && SAFE_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** What Node's HTTP parser refused, as the app's error: never the bytes it could not read. */
function parserError(code: string | undefined): { status: number; error: ErrorBody['error'] } {
  if (code === 'HPE_HEADER_OVERFLOW')
    return { status: 431, error: { code: ErrorCode.headersTooLarge, message: 'Request headers are too large' } };
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, error: { code: ErrorCode.requestTimeout, message: 'The request took too long to arrive' } };
  return { status: 400, error: { code: ErrorCode.validation, message: 'Malformed HTTP request' } };
}

/** Fastify's `clientErrorHandler`: answers a request Node could not parse, then closes the connection. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, error: body } = parserError(error.code);
  const json = JSON.stringify({ error: body });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy();
}
