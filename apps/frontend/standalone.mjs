// The last step of `nx build frontend` (after `next build`, the `next-build` target): Next.js leaves .next/static
// and public for a CDN to serve and knows nothing of our entry, so they are copied beside the standalone server.js.
import { cpSync, copyFileSync } from 'node:fs';

const out = '.next/standalone/apps/frontend';
cpSync('.next/static', `${out}/.next/static`, { recursive: true });
cpSync('public', `${out}/public`, { recursive: true });
for (const file of ['graceful-server.mjs', 'http-errors.mjs', 'client-address.mjs', 'warm-up.mjs'])
  copyFileSync(file, `${out}/${file}`);
