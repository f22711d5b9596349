import type { ExecutorContext, Task } from '@nx/devkit';
import { deployPreflight } from './deploy.js';
import type { DeployOptions } from './options.js';

const DEPLOY_EXECUTOR = '@todo/nx-deploy:deploy';

/** Task ids of the run that need `id`, directly or through other tasks (docker-build, trivy-scan). */
function dependents(dependencies: Record<string, string[]>, id: string): Set<string> {
  const found = new Set<string>();
  const visit = (target: string) => {
    for (const [task, needs] of Object.entries(dependencies))
      if (needs.includes(target) && !found.has(task)) {
        found.add(task);
        visit(task);
      }
  };
  visit(id);
  return found;
}

/** The options of every deploy of this run that waits on this task: target options, configuration, command line. */
export function deploysInRun(context: ExecutorContext, self: Task): Partial<DeployOptions>[] {
  const graph = context.taskGraph;
  if (!graph) return [];
  const waiting = dependents(graph.dependencies, self.id);
  return [...waiting].flatMap((id) => {
    const { target, overrides } = graph.tasks[id];
    const config = context.projectsConfigurations.projects[target.project]?.targets?.[target.target];
    if (config?.executor !== DEPLOY_EXECUTOR) return [];
    const flags = Object.fromEntries(Object.entries(overrides).filter(([key]) => key !== '__overrides_unparsed__'));
    const configuration = target.configuration ? config.configurations?.[target.configuration] : {};
    return [{ environment: target.configuration, ...config.options, ...configuration, ...flags }];
  });
}

/**
 * `deploy:preflight`, which every docker-build waits on: when the run deploys, the deploy's preflight checks run here,
 * before any image is built, so a machine without Minikube or Helm hears so within seconds. Otherwise nothing.
 */
export default async function runPreflight(_options: object, context: ExecutorContext) {
  const self = Object.values(context.taskGraph?.tasks ?? {}).find(
    (task) => task.target.project === context.projectName && task.target.target === context.targetName,
  );
  const deploys = self ? deploysInRun(context, self) : [];
  const unique = new Map(
    deploys.map((options) => [JSON.stringify([options.environment, options.values, options.set]), options]),
  );
  for (const options of unique.values())
    if (!(await deployPreflight(options, { root: context.root, env: process.env }))) return { success: false };
  return { success: true };
}
