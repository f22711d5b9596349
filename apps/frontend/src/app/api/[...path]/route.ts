import { forwardToBackend } from '@/lib/backend-proxy';

export const dynamic = 'force-dynamic';

export const GET = forwardToBackend;
export const POST = forwardToBackend;
export const PUT = forwardToBackend;
export const PATCH = forwardToBackend;
export const DELETE = forwardToBackend;
