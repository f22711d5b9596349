// Bundles the server and every third-party module into one ESM file: dist/main.mjs.
// The image then needs only Node, this file and ../migrations.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.mjs',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  conditions: ['@todo/source'],
  sourcemap: 'linked',
  legalComments: 'linked',
  // pg loads pg-native only when asked to; it is not installed.
  external: ['pg-native'],
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'info',
});
