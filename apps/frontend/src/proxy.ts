import { NextResponse, type NextRequest } from 'next/server';

/** The CDN origin of ASSET_PREFIX (inlined at build time by next.config.ts), when set: scripts, styles, fonts. */
const assetOrigin = process.env.ASSET_PREFIX ? ` ${new URL(process.env.ASSET_PREFIX).origin}` : '';

/**
 * A strict Content-Security-Policy for every page: scripts and styles only with this response's nonce (Next.js
 * puts it on its own tags when it finds the policy on the request) or loaded by them, nothing framed, no plugins.
 * The pages are rendered per request for that (see the root layout). /api and static files are not pages.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const development = process.env.NODE_ENV === 'development'; // React's dev tools need eval and inline styles
  const own = `'self'${assetOrigin}`;
  const policy = [
    "default-src 'self'",
    `script-src ${own} 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src ${own} ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    `img-src ${own} blob: data:`,
    `font-src ${own}`,
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Not pages: the backend's routes forwarded by this server carry their own headers.
      source:
        '/((?!api/|mcp$|\\.well-known/oauth-(?:protected-resource|authorization-server)|openapi\\.json$|docs(?:/|$)|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
