import 'server-only';

/** Request headers that describe one hop and must not be forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
]);

/** Headers that claim a client address: only the resolved X-Forwarded-For is passed on. */
const CLIENT_ADDRESS = new Set([
  'x-forwarded-for',
  'forwarded',
  'x-real-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-client-ip',
]);

/** The backend's public paths (the routes that call this); anything else, `/metrics` above all, stays inside. */
const PUBLIC_PATH =
  /^\/(api\/|mcp$|openapi\.json$|docs(\/|$)|\.well-known\/oauth-(protected-resource|authorization-server)(\/|$))/;

/** Read per request, at run time: the same build serves a laptop, a container and a cluster. */
export function backendUrl(): string {
  return process.env.BACKEND_URL ?? 'http://127.0.0.1:3001';
}

/**
 * Forwards a browser request for `/api/*` to the backend and streams the answer back, cookies included.
 * The browser only ever talks to this origin; the backend address never reaches it.
 */
export async function forwardToBackend(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  // Only what the public entry serves: a path that resolves elsewhere (`/api/%2e%2e/metrics`) is not forwarded.
  if (!PUBLIC_PATH.test(incoming.pathname))
    return Response.json({ error: { code: 'NOT_FOUND', message: 'Not found' } }, { status: 404 });
  const target = new URL(incoming.pathname + incoming.search, backendUrl());
  const headers = new Headers();
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && !CLIENT_ADDRESS.has(name)) headers.set(name, value);
  });
  // The client's address as this server resolved it (graceful-server.mjs overwrote the header): the backend trusts
  // this hop and takes it from here.
  const client = request.headers.get('x-forwarded-for');
  if (client) headers.set('x-forwarded-for', client);
  headers.set('x-forwarded-host', request.headers.get('host') ?? incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let response: Response;
  try {
    response = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      cache: 'no-store',
      // With tracing on (src/instrumentation.ts): a `traceparent` naming this call's span, so the backend's
      // spans join the same trace. Without it, this option is ignored.
      opentelemetry: { propagateContext: true },
    });
  } catch {
    return Response.json(
      { error: { code: 'BACKEND_UNAVAILABLE', message: 'The service is unavailable right now. Retrying shortly.' } },
      { status: 502 },
    );
  }

  const out = new Headers();
  response.headers.forEach((value, name) => {
    if (
      name !== 'set-cookie' &&
      name !== 'content-encoding' &&
      name !== 'content-length' &&
      name !== 'transfer-encoding'
    )
      out.set(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) out.append('set-cookie', cookie);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: out });
}
