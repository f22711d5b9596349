// `node graceful-server.mjs compile`: the server starts on a free port of 127.0.0.1, answers its readiness probe and
// renders the sign-in page once, and the process exits. Node then writes the compiled code of every module that
// took to NODE_COMPILE_CACHE, as the image's build does, so that each start reads it instead of compiling again.
import { createServer } from 'node:net';

/**
 * A port free on 127.0.0.1 at this moment, for the server about to start. @todo/local-stack/ports has the same for
 * the tools, but this file runs in the image, where no workspace package is.
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Waits for the server at `origin` to be ready (30 s at most), then loads the sign-in page once. */
export async function warmUp(origin) {
  for (const deadline = Date.now() + 30_000; ; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const ready = await fetch(`${origin}/api/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`${origin}/api/ready did not answer within 30 s`);
  }
  const page = await fetch(`${origin}/sign-in`);
  if (!page.ok) throw new Error(`${origin}/sign-in answered ${page.status}`);
  await page.arrayBuffer();
}
