import { describe, expect, it } from 'vitest';
import { expectFindings, validManifests } from './support/manifests.js';

describe('the valid fixture', () => {
  it('has every kind of object the rules look at', () => {
    const kinds = new Set(validManifests().map((object) => object.kind));
    expect([...kinds].sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'ServiceAccount',
      'StatefulSet',
    ]);
  });

  it('produces no findings', () => {
    expectFindings(validManifests(), []);
  });
});
