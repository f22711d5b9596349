import { readFileSync } from 'node:fs';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { expect } from 'vitest';
import { lintManifests, parseManifests, type K8sObject, type LintOptions } from '../../src/index.js';
import { objectId } from '../../src/k8s/objects.js';
import { podTemplates } from '../../src/k8s/pods.js';

const valid = readFileSync(new URL('../fixtures/valid.yaml', import.meta.url), 'utf8');

/** A fresh copy of the valid manifests, to break one thing in. */
export function validManifests(): K8sObject[] {
  return parseManifests(valid);
}

/** The object `Kind/name`, typed by the caller. */
export function get<T = K8sObject>(objects: K8sObject[], id: string): T {
  const object = objects.find((o) => objectId(o) === id);
  if (!object) throw new Error(`no ${id} in the manifests`);
  return object as unknown as T;
}

export function podSpec(objects: K8sObject[], id: string): IPodSpec {
  const template = podTemplates(objects).find((t) => t.id === id);
  if (!template) throw new Error(`no workload ${id} in the manifests`);
  return template.spec;
}

export function container(objects: K8sObject[], id: string, index = 0): IContainer {
  return podSpec(objects, id).containers[index];
}

export interface Expected {
  rule: string;
  object: string;
  /** Compared exactly when given. */
  path?: string;
  /** A fragment of the message. */
  message: string;
}

/** Asserts the manifests produce exactly these findings, in any order. */
export function expectFindings(objects: K8sObject[], expected: Expected[], options?: LintOptions): void {
  const findings = lintManifests(objects, options);
  const matchers = expected.map(({ message, path, ...rest }) =>
    expect.objectContaining({
      ...rest,
      ...(path !== undefined && { path }),
      message: expect.stringContaining(message),
    }),
  );
  expect(findings).toEqual(expect.arrayContaining(matchers));
  expect(findings, JSON.stringify(findings, null, 2)).toHaveLength(expected.length);
}
