import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The trace id of a W3C `traceparent` header, so a log line can be found from a trace. */
export function traceIdOf(traceparent: string | string[] | undefined): string | undefined {
  return typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent)?.[1] : undefined;
}

/**
 * One access-log line per request, when it completes: request id (from the logger), method, route pattern,
 * status, duration, the user id once authenticated and the trace id (the request's own when tracing is on, else
 * that of an incoming `traceparent`). Never headers, bodies, query strings or
 * emails: nothing secret can reach the logs from here.
 */
export class AccessLog extends LogController {
  override incomingRequest(): void {
    // The completion line carries everything.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      userId: request.userId || undefined,
      traceId: request.traceId ?? traceIdOf(request.headers.traceparent),
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
