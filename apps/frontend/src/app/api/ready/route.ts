export const dynamic = 'force-dynamic';

/**
 * Readiness: this server can serve pages. It does not ask the backend: a backend outage must not take
 * the frontend out of its Service (the pages show the outage and recover by themselves).
 */
export function GET() {
  return Response.json({ status: 'ready' });
}
