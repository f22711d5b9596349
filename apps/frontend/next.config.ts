import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // server.js with only the files it needs: the container image copies this folder and nothing else.
  output: 'standalone',
  outputFileTracingRoot: fileURLToPath(new URL('../..', import.meta.url)),
  transpilePackages: ['@todo/contracts'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
