import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(import.meta.dirname, '../../../..');

/** tsx's loader by absolute path: kubectl-ai runs tools in its own temporary directory, outside the workspace. */
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/** node with the workspace's source condition and tsx, running a TypeScript file of the workspace. */
export const nodeTs = (file: string) => ({
  command: process.execPath,
  args: ['--conditions=@todo/source', '--import', TSX_LOADER, resolve(WORKSPACE_ROOT, file)],
});
