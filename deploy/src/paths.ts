import { join, resolve } from 'node:path';

export const workspaceRoot = resolve(import.meta.dirname, '../..');
/** The Helm chart, and the values per environment (deploy/environments/<name>.yaml). */
export const chartDir = join(workspaceRoot, 'deploy/charts/todo');
export const environmentsDir = join(workspaceRoot, 'deploy/environments');
/** Where the chart targets write: the rendered manifests per environment, the packaged chart. */
export const distDir = join(workspaceRoot, 'dist/deploy');
