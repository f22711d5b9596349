import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { describe, expect, it } from 'vitest';
import { allowedFlows, type K8sObject } from '../src/index.js';
import { get, validManifests } from './support/manifests.js';

const frontend = 'Deployment/todo-frontend';
const backend = 'Deployment/todo-backend';
const postgres = 'StatefulSet/todo-postgres';
const migrations = 'Job/todo-migrations';

function policy(objects: K8sObject[], name: string): INetworkPolicy {
  return get<INetworkPolicy>(objects, `NetworkPolicy/${name}`);
}

const designed = [
  { from: frontend, to: backend, port: 8080, protocol: 'TCP' },
  { from: backend, to: postgres, port: 5432, protocol: 'TCP' },
  { from: migrations, to: postgres, port: 5432, protocol: 'TCP' },
];

describe('allowedFlows', () => {
  it('allows exactly the designed flows', () => {
    expect(allowedFlows(validManifests())).toEqual(designed);
  });

  it('lets every pod reach every declared port when no policy isolates anything', () => {
    const objects = validManifests().filter((object) => object.kind !== 'NetworkPolicy');
    const ports: Record<string, number> = { [frontend]: 3000, [backend]: 8080, [postgres]: 5432 };
    const expected = [frontend, backend, postgres, migrations].flatMap((from) =>
      Object.entries(ports)
        .filter(([to]) => to !== from)
        .map(([to, port]) => ({ from, to, port, protocol: 'TCP' })),
    );
    expect(allowedFlows(objects)).toEqual(expected);
  });

  it('needs the egress side as well as the ingress side', () => {
    const objects = validManifests();
    delete policy(objects, 'todo-frontend').spec!.egress;
    expect(allowedFlows(objects)).toEqual(designed.slice(1));
  });

  it('needs the port and the protocol to match', () => {
    const objects = validManifests();
    policy(objects, 'todo-postgres').spec!.ingress![0].ports = [{ port: 5432, protocol: 'UDP' }];
    expect(allowedFlows(objects)).toEqual(designed.slice(0, 1));
  });

  it('matches port ranges', () => {
    const objects = validManifests();
    policy(objects, 'todo-postgres').spec!.ingress![0].ports = [{ port: 5000, endPort: 6000, protocol: 'TCP' }];
    expect(allowedFlows(objects)).toEqual(designed);
  });

  it('matches namespaceSelectors against the labels of rendered Namespaces', () => {
    const objects = validManifests();
    for (const object of objects) object.metadata!.namespace = 'todo';
    objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'todo', labels: { tier: 'apps' } } });
    const peer = policy(objects, 'todo-backend').spec!.ingress![0].from![0];
    peer.namespaceSelector = { matchLabels: { tier: 'apps' } };
    expect(allowedFlows(objects)).toEqual(designed);
    peer.namespaceSelector = { matchLabels: { tier: 'tools' } };
    expect(allowedFlows(objects)).toEqual(designed.slice(1));
  });

  it("matches a bare podSelector in the policy's own namespace only", () => {
    const objects = validManifests();
    get(objects, backend).metadata!.namespace = 'other';
    expect(allowedFlows(objects)).toEqual(designed.slice(2));
  });
});
