import { describe, expect, it } from 'vitest';
import { reportLines } from '../src/report.js';

describe('reportLines', () => {
  it('prints each finding in context, then a summary', () => {
    const findings = [
      { rule: 'labels', object: 'Service/todo', path: 'metadata.labels', message: 'missing label "helm.sh/chart"' },
      { rule: 'network', object: 'NetworkPolicy/*', message: 'no default-deny NetworkPolicy' },
    ];
    expect(reportLines('staging', 37, findings)).toEqual([
      'staging: Service/todo: metadata.labels: missing label "helm.sh/chart"',
      'staging: NetworkPolicy/*: no default-deny NetworkPolicy',
      'staging: 37 objects, 2 findings',
    ]);
  });

  it('prints only the summary for clean manifests, in the singular where due', () => {
    expect(reportLines('local', 37, [])).toEqual(['local: 37 objects, 0 findings']);
    expect(reportLines('local', 1, [{ rule: 'labels', object: 'A/b', message: 'm' }])).toEqual([
      'local: A/b: m',
      'local: 1 object, 1 finding',
    ]);
  });
});
