// Entry point of the built frontend: runs Next.js's standalone server.js and shuts it down gracefully.
// On SIGTERM or SIGINT, /api/ready answers 503 at once so the Service stops sending traffic, requests keep
// being served for SHUTDOWN_DRAIN_MS (default 5000), then the process exits 0. Copied beside server.js by the build.
// `compile`: start, warm up, exit, filling NODE_COMPILE_CACHE (warm-up.mjs).
import { guardClientAddress } from './client-address.mjs';
import { guardHttpServers } from './http-errors.mjs';
import { freePort, warmUp } from './warm-up.mjs';

const compiling = process.argv[2] === 'compile';
if (compiling) Object.assign(process.env, { HOSTNAME: '127.0.0.1', PORT: String(await freePort()) });

process.env.NEXT_MANUAL_SIG_HANDLE = 'true'; // Next.js leaves the signals to us
guardHttpServers(); // errors outside Next.js's routes in the API's JSON format
guardClientAddress(); // the client's address for the backend; no metrics for forwarded requests

const drainMs = Number(process.env.SHUTDOWN_DRAIN_MS ?? 5000);
let draining = false;

function shutdown(signal) {
  if (draining) return;
  draining = true;
  globalThis.__todoDraining = true;
  console.log(JSON.stringify({ level: 'info', msg: 'draining before shutdown', signal, drainMs }));
  setTimeout(() => process.exit(0), drainMs);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

await import('./server.js');
if (compiling) {
  await warmUp(`http://127.0.0.1:${process.env.PORT}`);
  process.exit(0);
}
