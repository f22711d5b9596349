// Nx loads executors with require(); the executors themselves are TypeScript (ESM), loaded here through tsx.
const load = (file) =>
  async function executor(options, context) {
    const { tsImport } = await import('tsx/esm/api');
    const { default: run } = await tsImport(file, __filename);
    return run(options, context);
  };

module.exports = load('./executor.ts');
module.exports.preflight = load('./preflight-executor.ts');
