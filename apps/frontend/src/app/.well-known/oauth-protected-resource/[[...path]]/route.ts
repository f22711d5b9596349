import { forwardToBackend } from '@/lib/backend-proxy';

// The MCP endpoint's RFC 9728 metadata, from the backend, naming this host (it reads X-Forwarded-Host).
export const dynamic = 'force-dynamic';

export const GET = forwardToBackend;
