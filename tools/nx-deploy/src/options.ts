import type { Component } from '@todo/images/build';
import { ComponentError, imageComponent } from '@todo/images/components';

export const ENVIRONMENTS = ['local', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The executor's options (see schema.json), with defaults applied. */
export interface DeployOptions {
  environment: Environment;
  components: Component[];
  set: string[];
  values: string[];
  minikubeDockerEnv: boolean;
  skipTests: boolean;
  dryRun: boolean;
  timeout: string;
  release: string;
  namespace: string;
  /** How non-local deploys verify the images (see verify.ts); COSIGN_* variables otherwise. */
  cosignPublicKey?: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
}

export class UsageError extends Error {}

export function normalizeOptions(raw: Partial<DeployOptions>): DeployOptions {
  const options: DeployOptions = {
    environment: 'local',
    components: [],
    set: [],
    values: [],
    minikubeDockerEnv: false,
    skipTests: false,
    dryRun: false,
    timeout: '5m',
    release: 'todo',
    namespace: 'todo',
    ...raw,
  };
  if (!ENVIRONMENTS.includes(options.environment))
    throw new UsageError(`unknown environment "${options.environment}": use ${ENVIRONMENTS.join(', ')}`);
  for (const component of options.components)
    try {
      imageComponent(component);
    } catch (error) {
      if (error instanceof ComponentError) throw new UsageError(error.message);
      throw error;
    }
  if (options.minikubeDockerEnv && options.environment !== 'local')
    throw new UsageError('--minikube-docker-env works only with the local (Minikube) environment');
  for (const pair of options.set) if (!/^[^=]+=/.test(pair)) throw new UsageError(`--set "${pair}" is not key=value`);
  return options;
}

/** Where the release goes: Minikube, or a cluster named by KUBE_CONTEXT whose images come from IMAGE_REGISTRY. */
export interface Target {
  kind: 'minikube' | 'cluster';
  context: string;
  registry?: string;
}

export function resolveTarget(environment: Environment, env: NodeJS.ProcessEnv): Target {
  if (environment === 'local') return { kind: 'minikube', context: env.KUBE_CONTEXT || 'minikube' };
  if (!env.KUBE_CONTEXT)
    throw new UsageError(
      `KUBE_CONTEXT is not set: name the ${environment} cluster's kube context (kubectl config get-contexts)`,
    );
  if (!env.IMAGE_REGISTRY)
    throw new UsageError(
      `IMAGE_REGISTRY is not set: the registry the ${environment} cluster pulls from, e.g. ghcr.io/you`,
    );
  return { kind: 'cluster', context: env.KUBE_CONTEXT, registry: env.IMAGE_REGISTRY.replace(/\/+$/, '') };
}
