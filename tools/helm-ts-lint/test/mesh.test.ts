import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { allowedFlows, type K8sObject } from '../src/index.js';
import { expectFindings, get } from './support/manifests.js';
import { meshedManifests, policy } from './support/mesh.js';

const annotations = (objects: K8sObject[], id: string) =>
  (get<IJob>(objects, id).spec!.template.metadata!.annotations ??= {});

/** A backup CronJob made from the migrations Job's pod template, meshed as given. */
function withBackup(objects: K8sObject[], podAnnotations: Record<string, string>): K8sObject[] {
  const job = get<IJob>(objects, 'Job/todo-migrations');
  const template = structuredClone(job.spec!.template);
  template.metadata = { labels: { ...template.metadata!.labels, 'app.kubernetes.io/component': 'backup' } };
  template.metadata.annotations = podAnnotations;
  const cronJob: ICronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'todo-backup', labels: { ...job.metadata!.labels, 'app.kubernetes.io/component': 'backup' } },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template } } },
  };
  policy(objects, 'todo-postgres').spec!.ingress![0].from![0].podSelector!.matchExpressions![0].values!.push('backup');
  return [...objects, cronJob as unknown as K8sObject];
}

describe('mesh', () => {
  it('passes the meshed manifests, whose meshed pods reach each other on the proxy port too', () => {
    const objects = meshedManifests();
    expectFindings(objects, []);
    expect(allowedFlows(objects).map((f) => `${f.from} -> ${f.to}:${f.port}`)).toEqual([
      'Deployment/todo-frontend -> Deployment/todo-backend:8080',
      'Deployment/todo-frontend -> Deployment/todo-backend:4143',
      'Deployment/todo-backend -> StatefulSet/todo-postgres:5432',
      'Deployment/todo-backend -> StatefulSet/todo-postgres:4143',
      'Job/todo-migrations -> StatefulSet/todo-postgres:5432',
    ]);
  });

  it('requires every serving workload to be meshed once one is', () => {
    const objects = meshedManifests();
    delete annotations(objects, 'StatefulSet/todo-postgres')['linkerd.io/inject'];
    expectFindings(objects, [
      {
        rule: 'mesh',
        object: 'StatefulSet/todo-postgres',
        path: 'spec.template.metadata.annotations',
        message: 'not meshed while other workloads are',
      },
    ]);
  });

  it('requires a pre-install/pre-upgrade hook to opt out explicitly', () => {
    const objects = meshedManifests();
    annotations(objects, 'Job/todo-migrations')['linkerd.io/inject'] = 'enabled';
    expectFindings(objects, [
      { rule: 'mesh', object: 'Job/todo-migrations', message: 'set linkerd.io/inject: disabled' },
      // And the policies, written for an unmeshed hook, do not fit a meshed one.
      { rule: 'mesh', object: 'Job/todo-migrations', message: "reach Linkerd's control plane" },
      { rule: 'mesh', object: 'Job/todo-migrations', message: 'admin port 4191' },
      {
        rule: 'mesh',
        object: 'StatefulSet/todo-postgres',
        message: "Job/todo-migrations may reach it on port 5432 but not on the proxy's inbound port 4143",
      },
    ]);
    delete annotations(objects, 'Job/todo-migrations')['linkerd.io/inject'];
    expectFindings(objects, [
      { rule: 'mesh', object: 'Job/todo-migrations', message: 'set linkerd.io/inject: disabled' },
    ]);
  });

  it('requires a meshed pod that runs to completion to run its proxy as a native sidecar', () => {
    const meshed = { 'linkerd.io/inject': 'enabled' };
    expectFindings(withBackup(meshedManifests(), meshed), [
      {
        rule: 'mesh',
        object: 'CronJob/todo-backup',
        path: 'spec.jobTemplate.spec.template.metadata.annotations',
        message: "set config.beta.linkerd.io/proxy-enable-native-sidecar: 'true'",
      },
    ]);
    const native = { ...meshed, 'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true' };
    expectFindings(withBackup(meshedManifests(), native), []);
  });

  it('says nothing while nothing is meshed', () => {
    const objects = meshedManifests();
    for (const id of ['Deployment/todo-frontend', 'Deployment/todo-backend', 'StatefulSet/todo-postgres'])
      delete annotations(objects, id)['linkerd.io/inject'];
    expectFindings(objects, []);
  });

  it("requires egress to the control plane's identity, destination and policy ports", () => {
    const objects = meshedManifests();
    policy(objects, 'todo-allow-mesh').spec!.egress![0].ports!.pop();
    const message = "no NetworkPolicy lets its proxy reach Linkerd's control plane (namespace linkerd) on TCP 8090";
    expectFindings(
      objects,
      ['Deployment/todo-frontend', 'Deployment/todo-backend', 'StatefulSet/todo-postgres'].map((object) => ({
        rule: 'mesh',
        object,
        message,
      })),
    );
  });

  it("requires the proxy's admin port to be let in", () => {
    const objects = meshedManifests();
    delete policy(objects, 'todo-allow-mesh').spec!.ingress;
    expectFindings(
      objects,
      ['Deployment/todo-frontend', 'Deployment/todo-backend', 'StatefulSet/todo-postgres'].map((object) => ({
        rule: 'mesh',
        object,
        message: "no NetworkPolicy admits ingress to the proxy's admin port 4191",
      })),
    );
  });

  it("rejects a policy that lets a meshed peer in on the app's port but not on the proxy's", () => {
    const objects = meshedManifests();
    policy(objects, 'todo-backend').spec!.ingress![0].ports!.pop();
    expectFindings(objects, [
      {
        rule: 'mesh',
        object: 'Deployment/todo-backend',
        message: "Deployment/todo-frontend may reach it on port 8080 but not on the proxy's inbound port 4143",
      },
    ]);
  });

  it('still keeps other pods off the database through the proxy port', () => {
    const objects = meshedManifests();
    policy(objects, 'todo-postgres').spec!.ingress![1].from!.push({
      podSelector: { matchLabels: { 'app.kubernetes.io/component': 'frontend' } },
    });
    policy(objects, 'todo-frontend').spec!.egress!.push({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'database' } } }],
      ports: [{ port: 4143, protocol: 'TCP' }],
    });
    expectFindings(objects, [
      {
        rule: 'network',
        object: 'StatefulSet/todo-postgres',
        message: 'Deployment/todo-frontend may connect to the database on port 4143/TCP',
      },
      {
        rule: 'network',
        object: 'NetworkPolicy/todo-postgres',
        path: 'spec.ingress[1].from[1]',
        message: 'admits pods',
      },
    ]);
  });
});
