export const dynamic = 'force-dynamic';

/** Liveness: this server answers. */
export function GET() {
  return Response.json({ status: 'ok' });
}
