import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { describe, it } from 'vitest';
import type { K8sObject } from '../src/index.js';
import { expectFindings, get, validManifests } from './support/manifests.js';

function policy(objects: K8sObject[], name: string): INetworkPolicy {
  return get<INetworkPolicy>(objects, `NetworkPolicy/${name}`);
}

function without(objects: K8sObject[], id: string): K8sObject[] {
  return objects.filter((object) => `${object.kind}/${object.metadata?.name}` !== id);
}

const workloads = [
  'Deployment/todo-frontend',
  'Deployment/todo-backend',
  'StatefulSet/todo-postgres',
  'Job/todo-migrations',
];

describe('network: default deny', () => {
  it('requires a default-deny policy', () => {
    expectFindings(without(validManifests(), 'NetworkPolicy/todo-default-deny'), [
      { rule: 'network', object: 'NetworkPolicy/*', message: 'no default-deny NetworkPolicy' },
    ]);
  });

  it('does not count a policy with rules as a default deny', () => {
    const objects = validManifests();
    policy(objects, 'todo-default-deny').spec!.egress = [{}];
    expectFindings(objects, [{ rule: 'network', object: 'NetworkPolicy/*', message: 'no default-deny NetworkPolicy' }]);
  });

  it('requires the default deny to cover egress', () => {
    const objects = validManifests();
    policy(objects, 'todo-default-deny').spec!.policyTypes = ['Ingress'];
    expectFindings(objects, [{ rule: 'network', object: 'NetworkPolicy/*', message: 'no default-deny NetworkPolicy' }]);
  });
});

describe('network: DNS', () => {
  it('requires every workload to reach DNS', () => {
    expectFindings(
      without(validManifests(), 'NetworkPolicy/todo-allow-dns'),
      workloads.map((object) => ({
        rule: 'network',
        object,
        message: 'no NetworkPolicy allows its pods egress to DNS on port 53 over UDP and TCP',
      })),
    );
  });

  it('requires DNS over TCP as well as UDP', () => {
    const objects = validManifests();
    policy(objects, 'todo-allow-dns').spec!.egress![0].ports!.pop();
    expectFindings(
      objects,
      workloads.map((object) => ({ rule: 'network', object, message: 'egress to DNS on port 53 over TCP' })),
    );
  });
});

describe('network: Service ingress', () => {
  it("requires some policy to admit traffic to a Service's pods", () => {
    const objects = validManifests();
    delete policy(objects, 'todo-frontend').spec!.ingress;
    expectFindings(objects, [
      {
        rule: 'network',
        object: 'Service/todo-frontend',
        path: 'spec.ports[0]',
        message: 'no NetworkPolicy admits ingress to Deployment/todo-frontend on port 3000/TCP',
      },
    ]);
  });

  it('notices when the database loses its policy', () => {
    expectFindings(without(validManifests(), 'NetworkPolicy/todo-postgres'), [
      {
        rule: 'network',
        object: 'Service/todo-postgres',
        message: 'no NetworkPolicy admits ingress to StatefulSet/todo-postgres on port 5432/TCP',
      },
    ]);
  });
});

describe('network: database', () => {
  it('rejects a flow from the frontend to postgres', () => {
    const objects = validManifests();
    policy(objects, 'todo-frontend').spec!.egress!.push({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'database' } } }],
    });
    policy(objects, 'todo-postgres').spec!.ingress![0].from![0].podSelector!.matchExpressions![0].values!.push(
      'frontend',
    );
    expectFindings(objects, [
      {
        rule: 'network',
        object: 'StatefulSet/todo-postgres',
        message: 'Deployment/todo-frontend may connect to the database on port 5432/TCP',
      },
      {
        rule: 'network',
        object: 'NetworkPolicy/todo-postgres',
        path: 'spec.ingress[0].from[0]',
        message: 'admits pods not labelled app.kubernetes.io/component in (backend, migrations, backup, pooler)',
      },
    ]);
  });

  it('lets a backup CronJob in', () => {
    const objects = validManifests();
    const job = get<IJob>(objects, 'Job/todo-migrations');
    const template = structuredClone(job.spec!.template);
    template.metadata!.labels!['app.kubernetes.io/component'] = 'backup';
    objects.push({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'todo-backup', labels: { ...job.metadata!.labels, 'app.kubernetes.io/component': 'backup' } },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template } } },
    });
    policy(objects, 'todo-postgres').spec!.ingress![0].from![0].podSelector!.matchExpressions![0].values!.push(
      'backup',
    );
    expectFindings(objects, []);
  });

  it('rejects a rule that admits anyone', () => {
    const objects = validManifests();
    delete policy(objects, 'todo-postgres').spec!.ingress![0].from;
    // The frontend's own egress policy still keeps it away: the finding is the rule itself.
    expectFindings(objects, [
      { rule: 'network', object: 'NetworkPolicy/todo-postgres', path: 'spec.ingress[0]', message: 'admits anyone' },
    ]);
  });

  it('rejects addresses and other namespaces', () => {
    const objects = validManifests();
    policy(objects, 'todo-postgres').spec!.ingress![0].from!.push(
      { ipBlock: { cidr: '10.0.0.0/8' } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } },
    );
    expectFindings(
      objects,
      [1, 2].map((j) => ({
        rule: 'network',
        object: 'NetworkPolicy/todo-postgres',
        path: `spec.ingress[0].from[${j}]`,
        message: 'admits pods not labelled',
      })),
    );
  });

  it('rejects a database no policy isolates', () => {
    const objects = without(
      without(validManifests(), 'NetworkPolicy/todo-postgres'),
      'NetworkPolicy/todo-default-deny',
    );
    expectFindings(objects, [
      { rule: 'network', object: 'NetworkPolicy/*', message: 'no default-deny' },
      {
        rule: 'network',
        object: 'StatefulSet/todo-postgres',
        message: 'no NetworkPolicy restricts ingress to the database',
      },
    ]);
  });
});
