// The one list of components: the chart's top-level values with an `image` whose project has a Dockerfile
// (apps/<component>/Dockerfile). The nx-deploy plugin infers targets from it; trivy-scan, sign and the deploy
// executor accept it; any other name is refused with the reason.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const workspace = resolve(import.meta.dirname, '../../..');
/** The chart whose components are deployed (relative to the workspace root). */
export const CHART = 'deploy/charts/todo';

/** The chart's components: top-level values with an `image` (backend, frontend, database, ...). */
export function chartComponents(valuesYaml: string): Set<string> {
  const values = (parse(valuesYaml) ?? {}) as Record<string, unknown>;
  return new Set(
    Object.entries(values)
      .filter(([, value]) => typeof value === 'object' && value !== null && 'image' in value)
      .map(([key]) => key),
  );
}

/** The chart components of the workspace at `root` that are built here: those with apps/<component>/Dockerfile. */
export function imageComponents(root = workspace, chart = CHART): string[] {
  const valuesFile = join(root, chart, 'values.yaml');
  if (!existsSync(valuesFile)) return [];
  return [...chartComponents(readFileSync(valuesFile, 'utf8'))].filter((c) =>
    existsSync(join(root, 'apps', c, 'Dockerfile')),
  );
}

export class ComponentError extends Error {}

/** `name` if it is one of imageComponents(), else a ComponentError that says what it lacks. */
export function imageComponent(name: string, root = workspace, chart = CHART): string {
  const components = imageComponents(root, chart);
  if (components.includes(name)) return name;
  const why = !existsSync(join(root, 'apps', name, 'Dockerfile'))
    ? `apps/${name}/Dockerfile does not exist`
    : `${chart}/values.yaml has no top-level \`${name}.image\``;
  throw new ComponentError(`"${name}" is not a component (${why}); the components are: ${components.join(', ')}`);
}

/** The component a script's first argument names; else `✖ Cannot <verb>: <why>` and exit 2, before any work. */
export function componentArg(verb: string): string {
  try {
    return imageComponent(process.argv[2] ?? '');
  } catch (error) {
    if (!(error instanceof ComponentError)) throw error;
    console.error(`✖ Cannot ${verb}: ${error.message}`);
    return process.exit(2);
  }
}
