import { stringify } from 'yaml';
import type { Recommendations } from './recommender.js';

/** The suggestions as a values file for `nx deploy <component> --values <file>`. */
export function valuesPatch(recs: Recommendations): Record<string, Record<string, unknown>> {
  const patch: Record<string, Record<string, unknown>> = {};
  for (const c of recs.containers) patch[c.component] = { resources: c.suggested };
  for (const a of recs.autoscaling) patch[a.component] = { ...patch[a.component], autoscaling: a.suggested };
  return patch;
}

export const valuesPatchYaml = (recs: Recommendations) =>
  `# Suggested by nx run ops:recommend from observed usage; review, then:\n` +
  `#   npx nx deploy backend --values <this file>\n` +
  `# The autoscaling numbers apply when <component>.autoscaling.enabled is true.\n` +
  stringify(valuesPatch(recs));

export function formatRecommendations(recs: Recommendations): string {
  if (recs.containers.length === 0) return 'no usage samples for the release: is metrics-server running?\n';
  const lines: string[] = [];
  for (const c of recs.containers) {
    const { requests, limits } = c.suggested;
    lines.push(
      `${c.component}/${c.container}: requests cpu ${c.current.requests.cpu} -> ${requests.cpu}, memory ` +
        `${c.current.requests.memory} -> ${requests.memory}; limits cpu ${c.current.limits.cpu} -> ${limits.cpu}, ` +
        `memory ${c.current.limits.memory} -> ${limits.memory}`,
      ...c.why.map((w) => `  ${w}`),
    );
  }
  for (const a of recs.autoscaling) {
    const s = a.suggested;
    const now = a.current
      ? `${a.current.minReplicas}..${a.current.maxReplicas} at ${a.current.targetCPUUtilizationPercentage}%`
      : 'none';
    lines.push(
      `${a.component} autoscaling: ${now} -> ${s.minReplicas}..${s.maxReplicas} replicas at ${s.targetCPUUtilizationPercentage}% CPU`,
      ...a.why.map((w) => `  ${w}`),
    );
  }
  return `${lines.join('\n')}\n`;
}
