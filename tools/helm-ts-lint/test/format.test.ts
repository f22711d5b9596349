import { describe, expect, it } from 'vitest';
import { formatFinding } from '../src/index.js';

describe('formatFinding', () => {
  const finding = {
    rule: 'schema',
    object: 'Deployment/todo-backend',
    path: 'spec.template.spec.containers[0].imagePullPolcy',
    message: 'unknown field "imagePullPolcy"',
  };

  it('prints context, object, path and message on one line', () => {
    expect(formatFinding(finding, 'local')).toBe(
      'local: Deployment/todo-backend: spec.template.spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy"',
    );
  });

  it('leaves out what it does not have', () => {
    expect(formatFinding({ rule: 'network', object: 'NetworkPolicy/*', message: 'no default-deny' })).toBe(
      'NetworkPolicy/*: no default-deny',
    );
  });
});
