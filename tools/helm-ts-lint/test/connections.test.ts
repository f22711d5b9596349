import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import { CONNECTIONS_ANNOTATION } from '../src/rules/connection-budget.js';
import { container, expectFindings, get, validManifests } from './support/manifests.js';

type Template = { spec: { template: { metadata: { annotations?: Record<string, string> } } } };

/** The fixture with the backend (pool `pool`, autoscaler max `max`) and migrations declaring their connections. */
function budget({
  pool,
  max,
  maxConnections,
  reserved,
}: {
  pool: number;
  max: number;
  maxConnections: number;
  reserved?: number;
}) {
  const objects = validManifests();
  const annotate = (id: string, count: number) => {
    const { metadata } = get<Template>(objects, id).spec.template;
    metadata.annotations = { ...metadata.annotations, [CONNECTIONS_ANNOTATION]: String(count) };
  };
  annotate('Deployment/todo-backend', pool);
  annotate('Job/todo-migrations', 1);
  (get(objects, 'HorizontalPodAutoscaler/todo-backend').spec as { maxReplicas: number }).maxReplicas = max;
  container(objects, 'StatefulSet/todo-postgres').args = [
    '-c',
    `max_connections=${maxConnections}`,
    ...(reserved === undefined ? [] : ['-c', `superuser_reserved_connections=${reserved}`]),
  ];
  return objects;
}

// The backend at max replicas plus the default 25% surge, times its pool; the migrations Job's one connection.
const needed = (pool: number, max: number, reserved = 3) => (max + Math.ceil(max / 4)) * pool + 1 + reserved;

describe('connection-budget', () => {
  it('fails a max_connections below the clients at maximum scale, naming the numbers', () => {
    // (10 + 3 surge) x 10 + 1 + 3 = 134
    expectFindings(budget({ pool: 10, max: 10, maxConnections: 100 }), [
      {
        rule: 'connection-budget',
        object: 'StatefulSet/todo-postgres',
        path: 'spec.template.spec.containers[0].args',
        message:
          'max_connections 100 is below the connections at maximum scale: Deployment/todo-backend 130 + Job/todo-migrations 1 + reserved 3 = 134',
      },
    ]);
  });

  const cases = [1, 2, 5, 10, 20].flatMap((pool) => [1, 3, 4, 7, 10, 25].map((max) => [pool, max]));
  it.each(cases)('pool %i x maxReplicas %i: fits at exactly the sum, not one below', (pool, max) => {
    const exact = needed(pool, max);
    expect(lintManifests(budget({ pool, max, maxConnections: exact }))).toEqual([]);
    expect(lintManifests(budget({ pool, max, maxConnections: exact - 1 })).map((f) => f.rule)).toEqual([
      'connection-budget',
    ]);
  });

  it('counts the superuser reserve the server is given', () => {
    expectFindings(budget({ pool: 5, max: 4, maxConnections: needed(5, 4, 10), reserved: 10 }), []);
    expectFindings(budget({ pool: 5, max: 4, maxConnections: needed(5, 4, 10) - 1, reserved: 10 }), [
      { rule: 'connection-budget', object: 'StatefulSet/todo-postgres', message: 'reserved 10 = 36' },
    ]);
  });

  it('checks nothing without a server that sets max_connections (an external database: the chart checks it)', () => {
    const objects = budget({ pool: 100, max: 100, maxConnections: 10 });
    container(objects, 'StatefulSet/todo-postgres').args = [];
    expectFindings(objects, []);
  });
});
