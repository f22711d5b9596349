// @nx/vitest's inference, with the Nx process's NODE_ENV left as it was. Plugins run inside the Nx process
// (NX_ISOLATE_PLUGINS=false in the root .env, which halves the time to build the project graph), and @nx/vitest
// resolves each vitest config with Vite, which sets NODE_ENV=development in the process that calls it: every task
// would then inherit it (`next build` fails under it).
// CommonJS, as Nx loads plugins: the glob is needed at once.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createNodesV2 } = require('@nx/vitest');
const [glob, createNodes] = createNodesV2;

exports.createNodesV2 = [
  glob,
  async (...args) => {
    const nodeEnv = process.env.NODE_ENV;
    try {
      return await createNodes(...args);
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
  },
];
