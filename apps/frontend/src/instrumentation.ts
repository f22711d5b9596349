/**
 * Next.js calls this once when the server starts. Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set;
 * then @vercel/otel registers the OpenTelemetry SDK (the standard OTEL_* variables apply; OTEL_SERVICE_NAME
 * defaults to todo-frontend) and Next.js's own spans are exported: the server span of each request, the
 * route handler, and a client span for each fetch, which the proxy propagates to the backend.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { registerOTel } = await import('@vercel/otel');
  registerOTel({ serviceName: 'todo-frontend' });
}
