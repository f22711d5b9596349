import { forwardToBackend } from '@/lib/backend-proxy';

export const dynamic = 'force-dynamic';

/**
 * The backend's API reference (when API_DOCS is on there), through this host. Next.js drops the trailing slash the
 * backend's page lives at, so `/docs` asks for `/docs/` there (the page loads its script by an absolute path).
 */
export function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname === '/docs') url.pathname = '/docs/';
  return forwardToBackend(new Request(url, request));
}
