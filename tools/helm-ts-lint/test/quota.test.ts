import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import type { K8sObject } from '../src/types.js';
import { expectFindings, get, validManifests } from './support/manifests.js';

/** The fixture with a quota and the backend's autoscaler at `max` replicas. */
function withQuota(hard: Record<string, string>, max = 5) {
  const objects = validManifests();
  (get(objects, 'HorizontalPodAutoscaler/todo-backend').spec as { maxReplicas: number }).maxReplicas = max;
  const labels = get(objects, 'Service/todo-backend').metadata!.labels;
  objects.push({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'todo', labels },
    spec: { hard },
  } as K8sObject);
  return objects;
}

// The fixture at scale: backend and frontend (limits 1 CPU each) at their autoscalers' maxima plus the default 25%
// surge, rounded up; the database (1 CPU) and the migrations Job (500m) once.
const surged = (replicas: number) => replicas + Math.ceil(replicas / 4);
const limitsCpu = (backendMax: number) => surged(backendMax) + surged(5) + 1 + 0.5;

describe('quota-fits', () => {
  it('fails a quota below the release at maximum scale, naming what it needs', () => {
    expectFindings(withQuota({ 'limits.cpu': '8', pods: '30' }), [
      {
        rule: 'quota-fits',
        object: 'ResourceQuota/todo',
        path: 'spec.hard.limits.cpu',
        message: 'limits.cpu 8 is below what the release takes at maximum scale (15.5)',
      },
    ]);
  });

  it.each(Array.from({ length: 12 }, (_, i) => i + 1))(
    'backend maxReplicas %i: the quota fits exactly at the sum, and not a millicore below',
    (max) => {
      const needed = limitsCpu(max);
      expect(lintManifests(withQuota({ 'limits.cpu': `${needed * 1000}m` }, max))).toEqual([]);
      const findings = lintManifests(withQuota({ 'limits.cpu': `${needed * 1000 - 1}m` }, max));
      expect(findings.map((f) => f.rule)).toEqual(['quota-fits']);
    },
  );

  it('counts memory in binary units and pods', () => {
    // memory limits: frontend 7 x 384Mi, backend 7 x 256Mi, database 512Mi, migrations 128Mi; 16 pods
    expectFindings(withQuota({ 'limits.memory': '5120Mi', 'requests.memory': '4Gi', pods: '16' }), []);
    expectFindings(withQuota({ 'limits.memory': '5Gi', pods: '15' }), [
      { rule: 'quota-fits', object: 'ResourceQuota/todo', path: 'spec.hard.pods', message: 'pods 15 is below' },
    ]);
    expectFindings(withQuota({ 'limits.memory': '5119Mi' }), [
      { rule: 'quota-fits', object: 'ResourceQuota/todo', message: 'limits.memory 5119Mi is below' },
    ]);
  });

  it('takes a fixed surge and a Deployment without an autoscaler at its replicas', () => {
    const withoutAutoscaler = (cpu: string) => {
      const objects = withQuota({ 'limits.cpu': cpu });
      const backend = get(objects, 'Deployment/todo-backend');
      Object.assign(backend.spec as object, { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } });
      const hpa = get(objects, 'HorizontalPodAutoscaler/todo-backend');
      return objects.filter((o) => o !== hpa);
    };
    // backend 2 + 1, frontend 5 + 2, database 1, migrations 0.5
    expectFindings(withoutAutoscaler('11.5'), []);
    expectFindings(withoutAutoscaler('11499m'), [
      {
        rule: 'quota-fits',
        object: 'ResourceQuota/todo',
        message: 'limits.cpu 11499m is below what the release takes at maximum scale (11.5)',
      },
    ]);
  });

  it('adds native sidecars to the containers, and counts a plain init container only when it outweighs them', () => {
    const withInit = (restartPolicy: string | undefined, cpu: string, quota: string) => {
      const objects = withQuota({ 'limits.cpu': quota });
      const { template } = get<{ spec: { template: { spec: Record<string, unknown> } } }>(
        objects,
        'StatefulSet/todo-postgres',
      ).spec;
      const resources = { requests: { cpu, memory: '16Mi' }, limits: { cpu, memory: '16Mi' } };
      template.spec.initContainers = [
        { name: 'init', image: 'docker.io/library/postgres:18.1-alpine', restartPolicy, resources },
      ];
      return lintManifests(objects).filter((f) => f.rule === 'quota-fits');
    };
    // 15.5 without it: a 500m sidecar makes 16; a 500m init container (below the database's 1) adds nothing
    expect(withInit('Always', '500m', '16')).toEqual([]);
    expect(withInit('Always', '500m', '15999m')).toHaveLength(1);
    expect(withInit(undefined, '500m', '15.5')).toEqual([]);
    // a 3-CPU init container outweighs the database's 1 while it runs
    expect(withInit(undefined, '3', '17.5')).toEqual([]);
    expect(withInit(undefined, '3', '17499m')).toHaveLength(1);
  });

  it("counts Linkerd's injected proxy: from its resource annotations, else the LimitRange's defaults", () => {
    type Template = { spec: { template: { metadata: { annotations?: Record<string, string> } } } };
    const meshed = (annotations: Record<string, string>, limitRange: boolean, quota: string) => {
      const objects = withQuota({ 'limits.cpu': quota });
      const { metadata } = get<Template>(objects, 'StatefulSet/todo-postgres').spec.template;
      metadata.annotations = { ...metadata.annotations, 'linkerd.io/inject': 'enabled', ...annotations };
      if (limitRange) {
        const labels = get(objects, 'Service/todo-backend').metadata!.labels;
        objects.push({
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: { name: 'todo', labels },
          spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' } }] },
        } as K8sObject);
      }
      return lintManifests(objects).filter((f) => f.rule === 'quota-fits');
    };
    const limit = { 'config.linkerd.io/proxy-cpu-limit': '100m' };
    // 15.5 without the proxy
    expect(meshed(limit, true, '15.6')).toEqual([]);
    expect(meshed(limit, true, '15599m')).toHaveLength(1);
    expect(meshed({}, true, '16')).toEqual([]); // the LimitRange's default limit, 500m
    expect(meshed({}, true, '15999m')).toHaveLength(1);
    expect(meshed({}, false, '15.5')).toEqual([]); // no limit at all
  });
});
