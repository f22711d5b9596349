export const dynamic = 'force-dynamic';

declare global {
  /** Set by graceful-server.mjs on SIGTERM. */
  var __todoDraining: boolean | undefined;
}

/**
 * Readiness: this server can serve pages. It does not ask the backend: a backend outage must not take the
 * frontend out of its Service (the pages show the outage and recover by themselves). Fails while draining.
 */
export function GET() {
  if (globalThis.__todoDraining)
    return Response.json({ status: 'not_ready', reason: 'shutting down' }, { status: 503 });
  return Response.json({ status: 'ready' });
}
