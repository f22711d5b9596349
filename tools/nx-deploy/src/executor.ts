import type { ExecutorContext } from '@nx/devkit';
import { deploy } from './deploy.js';
import type { DeployOptions, Environment } from './options.js';

/** `nx deploy <project> --configuration=<environment>`: the configuration names the environment. */
export default async function runExecutor(options: Partial<DeployOptions>, context: ExecutorContext) {
  const environment = (options.environment ?? context.configurationName ?? 'local') as Environment;
  const success = await deploy({ ...options, environment }, { root: context.root, env: process.env });
  return { success };
}
