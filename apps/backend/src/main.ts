// The backend's entry, dist/main.cjs: runs the server bundle (dist/server.cjs, from src/server.ts) from V8's code
// cache of it, so that a start reads compiled code instead of compiling the bundle again. `compile` writes that cache
// (dist/server.cjs.cache); the image does it at build time with its own Node (apps/backend/Dockerfile).
//
// Written here rather than left to Node's compile cache (NODE_COMPILE_CACHE): Node makes that cache as it compiles a
// module, before the module runs, so it holds top-level code only, and every function a start runs was compiled
// again at each start. This cache is made after the app has been built once (`warmUp`), so it holds them too
// (`Script#createCachedData`). V8 checks a cache against its own version and flags and the source's length only;
// the bundle's CRC-32 is checked here, so a rebuilt bundle never runs with the compiled code of another.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/** What dist/server.cjs exports (a type only: the bundle is read as a file, never imported into this one). */
type ServerBundle = typeof import('./server.js');

const BUNDLE = join(__dirname, 'server.cjs');
const CACHE = `${BUNDLE}.cache`;
/** Beside dist in the source tree and in the image alike: apps/backend/migrations, /app/migrations. */
const MIGRATIONS = new URL('../migrations/', pathToFileURL(BUNDLE));
/** `NODE_DEBUG=code-cache` prints whether a start used the cache. */
const debug = debuglog('code-cache');

/** The cache file: the CRC-32 of the bundle it was made from (4 bytes), then V8's data. */
function readCache(checksum: number): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(CACHE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    debug('no cache at %s', CACHE);
    return undefined;
  }
  if (file.length > 4 && file.readUInt32BE(0) === checksum) return file.subarray(4);
  debug('%s was made from another bundle: not used', CACHE);
  return undefined;
}

function writeCache(checksum: number, script: Script): void {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(checksum);
  writeFileSync(CACHE, Buffer.concat([header, script.createCachedData()]));
  console.log(`Compiled code of ${BUNDLE} written to ${CACHE}.`);
}

/**
 * Loads the server bundle, from the cache made for it if there is one, and runs `command`; `compile` warms the app
 * up instead and writes the cache. The bundle's bytes and the cache are dropped once it has loaded.
 */
function main(command: string): Promise<void> {
  const bytes = readFileSync(BUNDLE);
  const checksum = crc32(bytes);
  const cachedData = command === 'compile' ? undefined : readCache(checksum);
  // The bundle runs as a CommonJS module would, its wrapper on its first line so that its lines keep their numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString()}\n})`, {
    filename: BUNDLE,
    cachedData,
  });
  if (cachedData) debug('cache %s by V8', script.cachedDataRejected ? 'rejected' : 'accepted');
  const bundle = { exports: {} as ServerBundle };
  script.runInThisContext()(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, __dirname);
  if (command !== 'compile') return bundle.exports.run(command, MIGRATIONS);
  return bundle.exports.warmUp(MIGRATIONS).then(() => writeCache(checksum, script));
}

main(process.argv[2] ?? 'serve').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
