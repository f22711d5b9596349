import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';

/**
 * Database client spans (semantic conventions v1.33+): system, operation, database, server; never the statement's
 * parameter values. `start` opens one for a query (its `operationOf`) and answers what ends it (with the error, if
 * any).
 */
export function querySpans(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  const attributes = {
    [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
    [ATTR_DB_NAMESPACE]: database,
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_SERVER_PORT]: Number(url.port || 5432),
  };
  const tracer = trace.getTracer('todo-backend-db');
  return {
    start(operation: string): (error?: unknown) => void {
      const known = operation === 'other' ? undefined : operation.toUpperCase();
      const span = tracer.startSpan(known ? `${known} ${database}` : database, {
        kind: SpanKind.CLIENT,
        attributes: { ...attributes, [ATTR_DB_OPERATION_NAME]: known },
      });
      return (error) => {
        if (error !== undefined) {
          // The SQLSTATE only: an error message can quote values.
          span.setAttribute(ATTR_ERROR_TYPE, (error as { code?: string }).code ?? 'error');
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      };
    },
  };
}
