import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import { expectFindings, get, validManifests } from './support/manifests.js';

const pdb = 'PodDisruptionBudget/todo-backend';
type Spec = { minAvailable?: number; maxUnavailable?: number | string; unhealthyPodEvictionPolicy?: string };

function withBudget(change: (spec: Spec) => void, minReplicas = 2) {
  const objects = validManifests();
  change(get<{ spec: Spec }>(objects, pdb).spec);
  (get(objects, 'HorizontalPodAutoscaler/todo-backend').spec as { minReplicas: number }).minReplicas = minReplicas;
  return objects;
}

describe('pdb-drain', () => {
  it('requires unhealthy pods to stay evictable', () => {
    expectFindings(
      withBudget((spec) => delete spec.unhealthyPodEvictionPolicy),
      [{ rule: 'pdb-drain', object: pdb, path: 'spec.unhealthyPodEvictionPolicy', message: 'must be AlwaysAllow' }],
    );
    expectFindings(
      withBudget((spec) => (spec.unhealthyPodEvictionPolicy = 'IfHealthyBudget')),
      [{ rule: 'pdb-drain', object: pdb, message: 'must be AlwaysAllow' }],
    );
  });

  const cases = [1, 2, 3, 5, 10].flatMap((min) => Array.from({ length: min + 2 }, (_, available) => [min, available]));
  it.each(cases)('autoscaler minimum %i, minAvailable %i: fine only below the minimum', (min, available) => {
    const findings = lintManifests(withBudget((spec) => (spec.minAvailable = available), min));
    expect(findings.map((f) => f.message)).toEqual(
      available >= min
        ? [`minAvailable ${available} is not below the fewest pods it selects (${min}): no pod could ever be evicted`]
        : [],
    );
  });

  it('refuses maxUnavailable 0', () => {
    expectFindings(
      withBudget((spec) => {
        delete spec.minAvailable;
        spec.maxUnavailable = 0;
      }),
      [{ rule: 'pdb-drain', object: pdb, path: 'spec.maxUnavailable', message: 'maxUnavailable 0' }],
    );
  });
});
