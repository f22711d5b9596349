import { forwardToBackend } from '@/lib/backend-proxy';

// The backend's OpenAPI document, through this host.
export const dynamic = 'force-dynamic';

export const GET = forwardToBackend;
