import type { IContainer } from 'kubernetes-models/v1/Container';
import { describe, it } from 'vitest';
import type { K8sObject } from '../src/index.js';
import { container, expectFindings, get, podSpec, validManifests } from './support/manifests.js';

const backend = 'Deployment/todo-backend';

/** A compliant init container (the migrations one) added to the backend, optionally altered. */
function withInitContainer(objects: K8sObject[], alter: (c: IContainer) => void = () => {}): void {
  const init: IContainer = structuredClone(container(objects, 'Job/todo-migrations'));
  alter(init);
  podSpec(objects, backend).initContainers = [init];
}

describe('containers: resources', () => {
  it('requires cpu and memory limits', () => {
    const objects = validManifests();
    delete container(objects, backend).resources!.limits;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: 'spec.template.spec.containers[0].resources.limits',
        message: 'container "backend" has no limits for cpu, memory',
      },
    ]);
  });

  it('requires a memory request', () => {
    const objects = validManifests();
    delete container(objects, 'StatefulSet/todo-postgres').resources!.requests!.memory;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: 'StatefulSet/todo-postgres',
        path: 'spec.template.spec.containers[0].resources.requests',
        message: 'container "postgres" has no requests for memory',
      },
    ]);
  });

  it('covers init containers and Helm hook Jobs', () => {
    const objects = validManifests();
    withInitContainer(objects, (init) => delete init.resources);
    delete container(objects, 'Job/todo-migrations').resources!.requests!.cpu;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: 'spec.template.spec.initContainers[0].resources.requests',
        message: 'cpu, memory',
      },
      {
        rule: 'containers',
        object: backend,
        path: 'spec.template.spec.initContainers[0].resources.limits',
        message: 'cpu, memory',
      },
      {
        rule: 'containers',
        object: 'Job/todo-migrations',
        path: 'spec.template.spec.containers[0].resources.requests',
        message: 'container "migrations" has no requests for cpu',
      },
    ]);
  });
});

describe('containers: probes', () => {
  it('requires a readinessProbe', () => {
    const objects = validManifests();
    delete container(objects, 'Deployment/todo-frontend').readinessProbe;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: 'Deployment/todo-frontend',
        path: 'spec.template.spec.containers[0].readinessProbe',
        message: 'container "frontend" has no readinessProbe',
      },
    ]);
  });

  it('requires a livenessProbe', () => {
    const objects = validManifests();
    delete container(objects, 'StatefulSet/todo-postgres').livenessProbe;
    expectFindings(objects, [
      { rule: 'containers', object: 'StatefulSet/todo-postgres', message: 'container "postgres" has no livenessProbe' },
    ]);
  });

  it('does not ask init containers, hook Jobs or helm test Pods for probes', () => {
    const objects = validManifests();
    withInitContainer(objects);
    const job = get(objects, 'Job/todo-migrations');
    objects.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'todo-test', labels: job.metadata!.labels, annotations: { 'helm.sh/hook': 'test' } },
      spec: podSpec(objects, 'Job/todo-migrations'),
    });
    expectFindings(objects, []);
  });
});

describe('containers: security context', () => {
  const postgres = 'StatefulSet/todo-postgres';
  const at = 'spec.template.spec.containers[0].securityContext';

  it('requires runAsNonRoot on the pod or the container', () => {
    const objects = validManifests();
    delete podSpec(objects, postgres).securityContext!.runAsNonRoot;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: postgres,
        path: `${at}.runAsNonRoot`,
        message: 'container "postgres" does not set runAsNonRoot: true',
      },
    ]);
  });

  it('accepts runAsNonRoot and seccomp on the container alone', () => {
    const objects = validManifests();
    const pod = podSpec(objects, postgres).securityContext!;
    delete pod.runAsNonRoot;
    delete pod.seccompProfile;
    Object.assign(container(objects, postgres).securityContext!, {
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expectFindings(objects, []);
  });

  it('lets the container override the pod for the worse', () => {
    const objects = validManifests();
    Object.assign(container(objects, 'Deployment/todo-frontend').securityContext!, {
      runAsNonRoot: false,
      seccompProfile: { type: 'Unconfined' },
    });
    expectFindings(objects, [
      { rule: 'containers', object: 'Deployment/todo-frontend', path: `${at}.runAsNonRoot`, message: 'runAsNonRoot' },
      {
        rule: 'containers',
        object: 'Deployment/todo-frontend',
        path: `${at}.seccompProfile`,
        message: 'container "frontend" has no seccompProfile of type RuntimeDefault',
      },
    ]);
  });

  it('requires a RuntimeDefault seccomp profile', () => {
    const objects = validManifests();
    delete podSpec(objects, postgres).securityContext!.seccompProfile;
    expectFindings(objects, [
      { rule: 'containers', object: postgres, path: `${at}.seccompProfile`, message: 'RuntimeDefault' },
    ]);
  });

  it('forbids privilege escalation', () => {
    const objects = validManifests();
    container(objects, backend).securityContext!.allowPrivilegeEscalation = true;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: `${at}.allowPrivilegeEscalation`,
        message: 'container "backend" allows privilege escalation',
      },
    ]);
  });

  it('requires dropping ALL capabilities', () => {
    const objects = validManifests();
    container(objects, backend).securityContext!.capabilities = { drop: ['NET_RAW'] };
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: `${at}.capabilities.drop`,
        message: 'container "backend" does not drop ALL capabilities',
      },
    ]);
  });

  it('requires a read-only root filesystem, init containers included', () => {
    const objects = validManifests();
    withInitContainer(objects, (init) => delete init.securityContext!.readOnlyRootFilesystem);
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: 'spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem',
        message: 'container "migrations" does not set readOnlyRootFilesystem: true',
      },
    ]);
  });

  it('forbids user 0 on the container', () => {
    const objects = validManifests();
    container(objects, backend).securityContext!.runAsUser = 0;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: `${at}.runAsUser`,
        message: 'container "backend" runs as user 0 (root)',
      },
    ]);
  });

  it('forbids user 0 on the pod', () => {
    const objects = validManifests();
    podSpec(objects, backend).securityContext!.runAsUser = 0;
    expectFindings(objects, [
      {
        rule: 'containers',
        object: backend,
        path: 'spec.template.spec.securityContext.runAsUser',
        message: 'pod runs as user 0 (root)',
      },
    ]);
  });
});

describe('requests-within-limits', () => {
  const pairs: [string, string, string, boolean][] = [
    ['cpu', '100m', '1', true],
    ['cpu', '1', '1000m', true],
    ['cpu', '1001m', '1', false],
    ['cpu', '0.5', '499m', false],
    ['memory', '1Gi', '1024Mi', true],
    ['memory', '1025Mi', '1Gi', false],
    ['memory', '1G', '1Gi', true], // 10^9 < 2^30
    ['memory', '1Gi', '1G', false],
    ['ephemeral-storage', '64Mi', '256Mi', true],
    ['ephemeral-storage', '257Mi', '256Mi', false],
  ];
  it.each(pairs)('%s request %s, limit %s: fits %s', (resource, request, limit, fits) => {
    const objects = validManifests();
    container(objects, 'Deployment/todo-backend').resources = {
      requests: { cpu: '10m', memory: '1Mi', [resource]: request },
      limits: { cpu: '10', memory: '10Gi', [resource]: limit },
    };
    expectFindings(
      objects,
      fits
        ? []
        : [
            {
              rule: 'requests-within-limits',
              object: 'Deployment/todo-backend',
              path: `spec.template.spec.containers[0].resources.requests.${resource}`,
              message: `requests ${resource} ${request}, above its limit ${limit}`,
            },
          ],
    );
  });
});
