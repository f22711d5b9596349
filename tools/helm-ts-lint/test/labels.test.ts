import { describe, it } from 'vitest';
import { expectFindings, get, validManifests } from './support/manifests.js';

describe('labels', () => {
  it('requires helm.sh/chart', () => {
    const objects = validManifests();
    delete get(objects, 'Service/todo-backend').metadata!.labels!['helm.sh/chart'];
    expectFindings(objects, [
      {
        rule: 'labels',
        object: 'Service/todo-backend',
        path: 'metadata.labels',
        message: 'missing label "helm.sh/chart"',
      },
    ]);
  });

  it('requires every recommended label, on Helm hooks too', () => {
    const objects = validManifests();
    delete get(objects, 'Job/todo-migrations').metadata!.labels;
    expectFindings(
      objects,
      ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'helm.sh/chart'].map(
        (label) => ({ rule: 'labels', object: 'Job/todo-migrations', message: `missing label "${label}"` }),
      ),
    );
  });
});
