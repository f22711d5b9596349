import { describe, expect, it } from 'vitest';
import { parseManifests } from '../src/index.js';

describe('parseManifests', () => {
  it('reads every object of a multi-document stream and skips empty documents', () => {
    const yaml = [
      '---',
      '# Source: todo/templates/backend/configmap.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: a }',
      '---',
      '# Source: todo/templates/disabled.yaml',
      '---',
      '',
      '---',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: { name: b }',
    ].join('\n');
    expect(parseManifests(yaml)).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'b' } },
    ]);
  });

  it('returns nothing for an empty stream', () => {
    expect(parseManifests('')).toEqual([]);
  });

  it('names the document with a YAML error', () => {
    expect(() => parseManifests('kind: A\napiVersion: v1\n---\nkind: [\n')).toThrow(/^YAML document 2: /);
  });

  it('rejects a document that is not a Kubernetes object', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: A\n---\nfoo: bar\n')).toThrow(
      'YAML document 2 is not a Kubernetes object',
    );
  });
});
