// esbuild options for `nx build backend` beyond the @nx/esbuild:esbuild options in project.json (entry points,
// format, target, externals, source maps): the server and every third-party module bundled into dist/main.mjs, plus
// a bundle of its own beside it for each additional entry point, loaded only when used.
import { relative, resolve } from 'node:path';

const SOURCE = 'apps/backend/src';

/**
 * A dynamic `import()` of an additional entry point stays an import of that entry's own bundle (dist/<path>.mjs,
 * beside main.mjs), so its code is neither in main.mjs nor parsed at start. The entries are leaves: what they
 * import (Scalar's page, password dictionaries, the OpenTelemetry SDK, the MCP SDK) is used by nothing else, and the
 * few modules they share with main.mjs are copied into them, so no class is told apart by identity across the two
 * (`HttpError` carries a mark: src/errors.ts).
 */
const besideMain = {
  name: 'beside-main',
  setup(build) {
    const { absWorkingDir, entryPoints } = build.initialOptions;
    const lazy = new Set(entryPoints.slice(1).map((entry) => resolve(absWorkingDir, entry)));
    build.onResolve({ filter: /^\./ }, async ({ path, kind, importer, resolveDir, pluginData }) => {
      if (kind !== 'dynamic-import' || pluginData === besideMain) return undefined;
      const resolved = await build.resolve(path, { kind, importer, resolveDir, pluginData: besideMain });
      if (!lazy.has(resolved.path)) return undefined;
      const output = relative(resolve(absWorkingDir, SOURCE), resolved.path).replace(/\.ts$/, '.mjs');
      return { path: `./${output}`, external: true };
    });
  },
};

export default {
  outbase: SOURCE,
  outExtension: { '.js': '.mjs' },
  // Workspace libraries are bundled from their TypeScript source.
  conditions: ['@todo/source'],
  legalComments: 'linked',
  // CommonJS dependencies call require(); give the ESM bundles one.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  plugins: [besideMain],
  logLevel: 'info',
};
