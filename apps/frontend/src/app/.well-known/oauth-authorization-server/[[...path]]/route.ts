import { forwardToBackend } from '@/lib/backend-proxy';

// The authorization server's RFC 8414 metadata, from the backend, naming this host (docs/mcp.md).
export const dynamic = 'force-dynamic';

export const GET = forwardToBackend;
