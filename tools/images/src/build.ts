import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { docker } from './docker.js';

import { imageComponents } from './components.js';

/** The app's components (see components.ts): each is a project with an image and a part of the chart. */
export const COMPONENTS: readonly string[] = imageComponents();
export type Component = string;

const root = resolve(import.meta.dirname, '../../..');
const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};

/** `todo-backend`, or `<IMAGE_REGISTRY>/todo-backend`. */
export function imageName(project: Component, registry = process.env.IMAGE_REGISTRY): string {
  return `${registry ? `${registry.replace(/\/+$/, '')}/` : ''}todo-${project}`;
}

/** The tag a deploy ships an image under: `id-` and 12 hex digits of its id, so unchanged code keeps its tag. */
export function contentTag(imageId: string): string {
  const hex = imageId.replace(/^sha256:/, '');
  if (!/^[0-9a-f]{12,}$/.test(hex)) throw new Error(`unexpected image id "${imageId}"`);
  return `id-${hex.slice(0, 12)}`;
}

export interface ImageBuild {
  project: Component;
  tags: string[];
  buildArgs: Record<string, string>;
}

/** Tags (version, git short sha, `local`) and OCI label values; `created` is the commit time, so rebuilds hit the cache. */
export function planImage(project: Component, baseImage = process.env.BASE_IMAGE): ImageBuild {
  const { version, repository } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    repository?: { url?: string };
  };
  const revision = git('rev-parse', 'HEAD') ?? 'unknown';
  const shortSha = git('rev-parse', '--short', 'HEAD');
  const created = git('log', '-1', '--format=%cI') ?? new Date(0).toISOString();
  const name = imageName(project);
  return {
    project,
    tags: [`${name}:${version}`, ...(shortSha ? [`${name}:${shortSha}`] : []), `${name}:local`],
    buildArgs: {
      ...(baseImage ? { BASE_IMAGE: baseImage } : {}),
      VERSION: version,
      REVISION: revision,
      CREATED: created,
      ...(repository?.url ? { SOURCE: repository.url } : {}),
    },
  };
}

/** The arguments of `docker build` for the project's Dockerfile, with the workspace root as context. */
export function dockerBuildArgs(plan: ImageBuild, options: { quiet?: boolean } = {}): string[] {
  const args = ['build', '--network', 'host', '-f', join(root, 'apps', plan.project, 'Dockerfile')];
  for (const [key, value] of Object.entries(plan.buildArgs)) args.push('--build-arg', `${key}=${value}`);
  for (const tag of plan.tags) args.push('-t', tag);
  if (options.quiet) args.push('-q');
  args.push(root);
  return args;
}

/** `docker build` of the project's Dockerfile (see .dockerignore for what the context holds). */
export async function buildImage(plan: ImageBuild, options: { quiet?: boolean } = {}): Promise<void> {
  await docker(dockerBuildArgs(plan, options), { quiet: options.quiet });
}
