import 'server-only';
import { headers } from 'next/headers';
import { backendUrl } from './backend-proxy';

/**
 * A GET to the backend for this request: with its cookies, as the browser's own call through /api would carry them,
 * or with a Bearer token in their place.
 */
export async function backendGet<T>(path: string, token?: string): Promise<{ status: number; body?: T }> {
  const incoming = await headers();
  const forwarded = new Headers();
  for (const name of token ? ['user-agent', 'x-forwarded-for'] : ['cookie', 'user-agent', 'x-forwarded-for']) {
    const value = incoming.get(name);
    if (value) forwarded.set(name, value);
  }
  if (token) forwarded.set('authorization', `Bearer ${token}`);
  const response = await fetch(new URL(path, backendUrl()), {
    headers: forwarded,
    cache: 'no-store',
    opentelemetry: { propagateContext: true },
  });
  if (response.ok) return { status: response.status, body: (await response.json()) as T };
  // Read, not cancelled: Next.js tees fetch bodies, and cancelling one branch of a tee waits for the other.
  await response.arrayBuffer();
  return { status: response.status };
}
