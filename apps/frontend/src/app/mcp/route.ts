import { forwardToBackend } from '@/lib/backend-proxy';

// MCP clients reach the backend's /mcp through this host (docs/mcp.md): one public origin, one NetworkPolicy peer.
export const dynamic = 'force-dynamic';

export const GET = forwardToBackend;
export const POST = forwardToBackend;
export const DELETE = forwardToBackend;
