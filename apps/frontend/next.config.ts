import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

/**
 * Where the browser loads /_next/static from: a CDN origin (and path) that serves a copy of `.next/static`. Read at
 * build time only: Next.js writes it into the build, so each value needs its own build (the Nx cache keys on it).
 */
function assetPrefix(): string | undefined {
  const value = process.env.ASSET_PREFIX;
  if (!value) return undefined;
  if (!/^https?:\/\/[^/]/.test(value) || !URL.canParse(value))
    throw new Error(`ASSET_PREFIX must be an absolute http(s) URL, such as https://cdn.example.com; got ${value}`);
  return value.replace(/\/+$/, '');
}

const prefix = assetPrefix();

const nextConfig: NextConfig = {
  assetPrefix: prefix,
  // The same value for src/proxy.ts, whose Content-Security-Policy must allow its origin.
  env: { ASSET_PREFIX: prefix ?? '' },
  // server.js with only the files it needs: the container image copies this folder and nothing else.
  output: 'standalone',
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
  transpilePackages: ['@todo/contracts'],
  poweredByHeader: false,
  reactStrictMode: true,
  // Browsers that ignore the icon links ask for /favicon.ico: the same SVG answers there.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/favicon.svg' }];
  },
  // With the Content-Security-Policy of src/proxy.ts on pages, these on every answer.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
      {
        // Served over HTTPS (the Ingress with TLS says so): browsers keep to HTTPS for a year, as the API's helmet
        // and ingress-nginx's default ask. Browsers ignore it over plain HTTP, so a forged header changes nothing.
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
      },
    ];
  },
};

export default nextConfig;
