// Nx loads executors with require(); the executor itself is TypeScript (ESM), loaded here through tsx.
module.exports = async function deployExecutor(options, context) {
  const { tsImport } = await import('tsx/esm/api');
  const { default: run } = await tsImport('./executor.ts', __filename);
  return run(options, context);
};
