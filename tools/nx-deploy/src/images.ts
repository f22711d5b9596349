import { contentTag, dockerBuildArgs, imageName, planImage, type Component } from '@todo/images/build';
import type { Target } from './options.js';

/** An image the release will run: built as `<name>:local`, deployed under a tag derived from its content. */
export interface ImageRef {
  component: Component;
  /** The image the docker-build target made, e.g. todo-backend:local. */
  built: string;
  /** The tag the chart gets: `id-` and the first 12 hex digits of the image id, so unchanged code keeps its tag. */
  tag: string;
  /** Where the cluster finds it: todo-backend:id-… in Minikube, <registry>/todo-backend:id-… elsewhere. */
  ref: string;
  /** The digest cosign verified (registry images only): the release is pinned to it. */
  digest?: string;
}

export const builtImage = (component: Component) => `${imageName(component, '')}:local`;

export function imageRef(component: Component, imageId: string, target: Target): ImageRef {
  const tag = contentTag(imageId);
  return { component, built: builtImage(component), tag, ref: `${imageName(component, target.registry ?? '')}:${tag}` };
}

/** `docker build` inside Minikube's engine (with `minikube docker-env`'s variables), tagged like docker-build's. */
export function minikubeBuildArgs(component: Component): string[] {
  const plan = planImage(component);
  return dockerBuildArgs({ ...plan, tags: [builtImage(component)], buildArgs: { ...plan.buildArgs } });
}

/** `minikube docker-env --shell none` prints KEY=VALUE lines. */
export function parseDockerEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim().match(/^([A-Z_]+)=(.*)$/))
      .filter((match): match is RegExpMatchArray => match !== null)
      .map((match) => [match[1], match[2].replace(/^"|"$/g, '')]),
  );
}

/** Whether `minikube image ls` already lists the reference (it prints docker.io/library/<name> for local names). */
export function minikubeHas(list: string, ref: string): boolean {
  const names = new Set(list.split('\n').map((line) => line.trim()));
  return names.has(ref) || names.has(`docker.io/library/${ref}`);
}
