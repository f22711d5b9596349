import { collectDefaultMetrics, register } from 'prom-client';

export const dynamic = 'force-dynamic';

declare global {
  var __todoMetricsStarted: boolean | undefined;
}

// Once per process (a dev server may evaluate this module again).
if (!globalThis.__todoMetricsStarted) {
  globalThis.__todoMetricsStarted = true;
  collectDefaultMetrics();
}

/** Prometheus scrape endpoint of the frontend server: process and Node.js runtime metrics. */
export async function GET() {
  return new Response(await register.metrics(), { headers: { 'content-type': register.contentType } });
}
