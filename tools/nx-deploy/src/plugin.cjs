// Nx loads plugins with require(); the plugin itself is TypeScript (ESM), loaded here through tsx.
const DOCKERFILES = '**/Dockerfile';

exports.createNodesV2 = [
  DOCKERFILES,
  async (dockerfiles, options, context) => {
    const { tsImport } = await import('tsx/esm/api');
    const { imageAndDeployNodes } = await tsImport('./plugin.ts', __filename);
    return imageAndDeployNodes(dockerfiles, options, context);
  },
];
