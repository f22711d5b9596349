// Checks a document's mentions against the workspace: targets in the Nx graph, paths on disk, variables in the code,
// values in the chart's values.yaml.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mentions, nxTargets } from './mentions.js';

export interface Workspace {
  root: string;
  /** project name -> its target names */
  targets: Map<string, Set<string>>;
  /** Every source file of the workspace (no Markdown), concatenated: where a variable must appear. */
  code: string;
  /** The chart's default values. */
  values: Record<string, unknown>;
  /** Variables read by third-party code (the OpenTelemetry SDK, kubectl-ai, ...), never by ours. */
  external: Set<string>;
}

function hasValue(values: unknown, path: string): boolean {
  let node = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

function targetProblem({ targets }: Workspace, project: string | undefined, target: string): string | undefined {
  if (project === undefined)
    return [...targets.values()].some((names) => names.has(target)) ? undefined : `no project has a target ${target}`;
  const names = targets.get(project);
  if (!names) return `no project ${project}`;
  return names.has(target) ? undefined : `project ${project} has no target ${target}`;
}

/** `file:line: problem` for every mention of `doc` (a path from the root) that does not exist. */
export function problems(doc: string, markdown: string, workspace: Workspace): string[] {
  const found: string[] = [];
  const roots = new Set(Object.keys(workspace.values));
  for (const { kind, text, line } of mentions(markdown, roots)) {
    const problem = (message: string) => found.push(`${doc}:${line}: ${message}`);
    if (kind === 'nx')
      for (const [project, target] of nxTargets(text)) {
        const why = targetProblem(workspace, project, target);
        if (why) problem(`\`${text}\`: ${why}`);
      }
    if (kind === 'path') {
      const path = text.startsWith('./') ? join(workspace.root, dirname(doc), text) : join(workspace.root, text);
      if (!existsSync(path)) problem(`${text} does not exist`);
    }
    if (kind === 'env' && !workspace.external.has(text) && !workspace.code.includes(text))
      problem(`${text} is read nowhere in the code`);
    if (kind === 'value' && !hasValue(workspace.values, text)) problem(`${text} is not a chart value`);
  }
  return found;
}
