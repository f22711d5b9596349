import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import { container, get, validManifests } from './support/manifests.js';

const backend = 'Deployment/todo-backend';

function rootBackend() {
  const objects = validManifests();
  container(objects, backend).securityContext!.runAsUser = 0;
  return objects;
}

describe('exceptions declared on an object', () => {
  it('silence that rule for that object when they give a reason', () => {
    const objects = rootBackend();
    expect(lintManifests(objects).map((f) => f.rule)).toEqual(['containers']);
    get(objects, backend).metadata!.annotations = { 'ignore-check.helm-ts-lint/containers': 'reads root-owned files' };
    expect(lintManifests(objects)).toEqual([]);
  });

  it('need a reason, name the rule, and cover only their own object', () => {
    const objects = rootBackend();
    get(objects, backend).metadata!.annotations = { 'ignore-check.helm-ts-lint/containers': ' ' };
    expect(lintManifests(objects)).toHaveLength(1);
    get(objects, backend).metadata!.annotations = { 'ignore-check.helm-ts-lint/images': 'not this rule' };
    expect(lintManifests(objects)).toHaveLength(1);
    get(objects, 'Deployment/todo-frontend').metadata!.annotations = {
      'ignore-check.helm-ts-lint/containers': 'not this object',
    };
    expect(lintManifests(objects)).toHaveLength(1);
  });
});
