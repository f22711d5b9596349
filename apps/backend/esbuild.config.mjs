// esbuild options for `nx build backend` beyond the @nx/esbuild:esbuild options in project.json (entry points,
// format, target, externals, source maps): the entry, dist/main.cjs (src/main.ts), which runs the server from its
// code cache; the server and every third-party module bundled into dist/server.cjs; and a bundle of its own beside
// them for each further entry point, loaded only when used. CommonJS, because V8's code cache (main.ts) is made for a
// script, not for an ES module.
import { relative, resolve } from 'node:path';

const SOURCE = 'apps/backend/src';

/**
 * A dynamic `import()` of an additional entry point stays an import of that entry's own bundle (dist/<path>.cjs,
 * beside server.cjs), so its code is neither in server.cjs nor parsed at start. The entries are leaves: what they
 * import (Scalar's page, password dictionaries, the OpenTelemetry SDK, the MCP SDK) is used by nothing else, and the
 * few modules they share with server.cjs are copied into them, so no class is told apart by identity across the two
 * (`HttpError` carries a mark: src/errors.ts).
 */
const besideServer = {
  name: 'beside-server',
  setup(build) {
    const { absWorkingDir, entryPoints } = build.initialOptions;
    const lazy = new Set(entryPoints.slice(1).map((entry) => resolve(absWorkingDir, entry)));
    build.onResolve({ filter: /^\./ }, async ({ path, kind, importer, resolveDir, pluginData }) => {
      if (kind !== 'dynamic-import' || pluginData === besideServer) return undefined;
      const resolved = await build.resolve(path, { kind, importer, resolveDir, pluginData: besideServer });
      if (!lazy.has(resolved.path)) return undefined;
      const output = relative(resolve(absWorkingDir, SOURCE), resolved.path).replace(/\.ts$/, '.cjs');
      return { path: `./${output}`, external: true };
    });
  },
};

export default {
  outbase: SOURCE,
  outExtension: { '.js': '.cjs' },
  // import() of another bundle becomes require(): the server bundle runs as a script (src/main.ts), where import()
  // would need vm's experimental default loader.
  supported: { 'dynamic-import': false },
  // Workspace libraries are bundled from their TypeScript source.
  conditions: ['@todo/source'],
  legalComments: 'linked',
  plugins: [besideServer],
  logLevel: 'info',
};
