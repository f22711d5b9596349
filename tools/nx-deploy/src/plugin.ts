// Inferred targets: every component (@todo/images/components: apps/<name>/Dockerfile and a top-level values.yaml
// key with an `image`) gets trivy-scan, sign and deploy. `docker-build` comes from @nx/docker; the
// deploy configurations (local, staging, production) from nx.json's targetDefaults for the deploy executor.
import { basename, dirname } from 'node:path';
import type { CreateNodesContextV2, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { CHART, imageComponents } from '@todo/images/components';

export interface PluginOptions {
  /** The chart whose components are deployed (relative to the workspace root). */
  chart?: string;
  /** The project whose helm-package target packages that chart. */
  chartProject?: string;
}

const images = (script: string) =>
  `node --conditions=@todo/source --import tsx tools/images/src/${script} {projectName}`;

/** The targets of one image project; `component` is its chart component (the project directory's name). */
export function imageTargets(component: string, chartProject: string): Record<string, TargetConfiguration> {
  return {
    'trivy-scan': { command: images('trivy-scan.ts'), dependsOn: ['docker-build'], cache: false },
    sign: { command: images('sign.ts'), dependsOn: ['trivy-scan'], cache: false },
    deploy: {
      executor: '@todo/nx-deploy:deploy',
      options: { components: [component] },
      dependsOn: ['docker-build', 'trivy-scan', { projects: [chartProject], target: 'helm-package' }],
      cache: false,
    },
  };
}

export function imageAndDeployNodes(
  dockerfiles: readonly string[],
  options: PluginOptions | undefined,
  context: CreateNodesContextV2,
): [string, CreateNodesResult][] {
  const chartProject = options?.chartProject ?? 'deploy';
  const components = imageComponents(context.workspaceRoot, options?.chart ?? CHART).map((c) => `apps/${c}`);
  return dockerfiles
    .map((file) => [file, dirname(file)] as const)
    .filter(([, root]) => components.includes(root))
    .map(([file, root]) => [
      file,
      { projects: { [root]: { root, targets: imageTargets(basename(root), chartProject) } } },
    ]);
}
