import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, runDoctor, type DoctorReport } from '../src/doctor/doctor.js';
import { readSnapshot } from '../src/kube/snapshot.js';
import { backupJob, event, healthyWorld, helmSecret, NS, routes, type World } from './support/cluster.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';

const run = promisify(execFile);
const target = { namespace: NS, release: 'todo' };
let server: FakeApiServer | undefined;
afterEach(async () => server?.close());

async function doctor(world: World): Promise<DoctorReport> {
  server = await startFakeApiServer(routes(world));
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfig);
  return runDoctor(await readSnapshot(kc, target));
}

const only = (report: DoctorReport) => {
  expect(report.findings.map((f) => f.rule)).toHaveLength(1);
  return report.findings[0];
};

function waiting(world: World, index: number, reason: string, message = '') {
  const status = world.pods[index].status;
  status.phase = reason === 'CrashLoopBackOff' ? 'Running' : 'Pending';
  status.conditions[1].status = 'False';
  status.containerStatuses[0] = {
    ...status.containerStatuses[0],
    ready: false,
    started: false,
    state: { waiting: { reason, message } },
  };
}

describe('doctor against recorded API responses', () => {
  it('finds nothing wrong in a healthy release, reading it by the release label', async () => {
    const report = await doctor(healthyWorld());
    expect(report.findings).toEqual([]);
    expect(report.checked.pods).toBe(5);
    const pods = server!.requests.find((u) => u.pathname === `/api/v1/namespaces/${NS}/pods`);
    expect(pods?.searchParams.get('labelSelector')).toBe('app.kubernetes.io/instance=todo');
  });

  it('CrashLoopBackOff with the last log lines of the previous run', async () => {
    const world = healthyWorld();
    waiting(world, 0, 'CrashLoopBackOff', 'back-off 40s restarting failed container');
    const status = world.pods[0].status.containerStatuses[0];
    status.restartCount = 4;
    status.lastState = { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-11-29T10:04:00Z' } };
    world.logs['todo-backend-7d9f8-0/backend'] = 'starting\nConfigError: DATABASE_URL is not a valid URL\n';
    const finding = only(await doctor(world));
    expect(finding).toMatchObject({ rule: 'crash-loop', severity: 'error', object: 'pod/todo-backend-7d9f8-0' });
    expect(finding.evidence.join('\n')).toContain('ConfigError: DATABASE_URL is not a valid URL');
    expect(finding.evidence[0]).toContain('code 1');
    const log = server!.requests.find((u) => u.pathname.endsWith('/log'))!;
    expect(log.searchParams.get('previous')).toBe('true');
    const text = formatReport(await doctor(world));
    expect(text).toContain('ERROR pod/todo-backend-7d9f8-0: container backend is in CrashLoopBackOff (4 restarts)');
    expect(text).toMatch(/evidence: last log lines:\n {4}starting\n {4}ConfigError/);
    expect(text).toContain('  fix: read the error in the logs above');
  });

  it('OOMKilled with the memory limit', async () => {
    const world = healthyWorld();
    const status = world.pods[2].status.containerStatuses[0];
    status.restartCount = 2;
    status.lastState = { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2026-11-29T10:04:00Z' } };
    const finding = only(await doctor(world));
    expect(finding).toMatchObject({ rule: 'oom-killed', object: 'pod/todo-frontend-7d9f8-0' });
    expect(finding.summary).toContain('256Mi');
    expect(finding.fix).toContain('frontend.resources.limits.memory');
  });

  it('ErrImageNeverPull: the image was not loaded into Minikube', async () => {
    const world = healthyWorld();
    waiting(
      world,
      1,
      'ErrImageNeverPull',
      'Container image "todo-backend:id-0123456789ab" is not present with pull policy of Never',
    );
    const finding = only(await doctor(world));
    expect(finding.rule).toBe('image-pull');
    expect(finding.fix).toContain('minikube image load todo-backend:id-0123456789ab');
    expect(finding.fix).toContain('npx nx deploy backend');
  });

  it.each([
    ['0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available', 'minikube start --cpus'],
    ['0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims', 'storage-provisioner'],
    ["0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector", 'nodeSelector'],
  ])('Pending: %s', async (message, fix) => {
    const world = healthyWorld();
    const p = world.pods[4];
    p.spec.nodeName = undefined;
    p.status = {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }],
    };
    world.events.push(event('Pod', p.metadata.name, 'FailedScheduling', message));
    const finding = only(await doctor(world));
    expect(finding.rule).toBe('pending');
    expect(finding.evidence[0]).toContain(message);
    expect(finding.fix).toContain(fix);
  });

  it('failing readiness probe and the Service left without endpoints', async () => {
    const world = healthyWorld();
    world.pods = world.pods.filter((p) => !p.metadata.name.startsWith('todo-backend-7d9f8-1'));
    world.pods[0].status.conditions[1].status = 'False';
    world.pods[0].status.containerStatuses[0].ready = false;
    world.endpointSlices[0].endpoints[0].conditions.ready = false;
    world.events.push(
      event(
        'Pod',
        'todo-backend-7d9f8-0',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
      ),
    );
    const report = await doctor(world);
    expect(report.findings.map((f) => f.rule)).toEqual(['probes', 'service-endpoints']);
    expect(report.findings[0].evidence[0]).toContain('Readiness probe failed');
    expect(report.findings[1]).toMatchObject({ object: 'service/todo-backend' });
    expect(report.findings[1].evidence[0]).toContain('matches 1 pod(s)');
  });

  it('Ingress whose class has no controller (the Minikube addon is off)', async () => {
    const world = healthyWorld();
    world.ingressClasses = [];
    world.ingresses[0].status = { loadBalancer: {} };
    const finding = only(await doctor(world));
    expect(finding).toMatchObject({ rule: 'ingress', severity: 'error' });
    expect(finding.fix).toContain('minikube addons enable ingress');
  });

  it('a user who may not list IngressClasses (403) still gets the rest', async () => {
    const world = healthyWorld();
    server = await startFakeApiServer({
      ...routes(world),
      '/apis/networking.k8s.io/v1/ingressclasses': {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
      },
    });
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    expect(runDoctor(await readSnapshot(kc, target)).findings).toEqual([]);
  });

  it('Ingress without an address', async () => {
    const world = healthyWorld();
    world.ingresses[0].status = { loadBalancer: {} };
    expect(only(await doctor(world))).toMatchObject({ rule: 'ingress', severity: 'warning' });
  });

  it('HPA without metrics', async () => {
    const world = healthyWorld();
    world.hpas[0].status = {
      currentReplicas: 2,
      desiredReplicas: 2,
      conditions: [
        {
          type: 'ScalingActive',
          status: 'False',
          reason: 'FailedGetResourceMetric',
          message: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API',
        },
      ],
    };
    const finding = only(await doctor(world));
    expect(finding).toMatchObject({ rule: 'hpa-metrics', object: 'horizontalpodautoscaler/todo-backend' });
    expect(finding.fix).toContain('minikube addons enable metrics-server');
  });

  it('PVC near full, from the kubelet stats summary', async () => {
    const world = healthyWorld();
    world.stats = {
      node: { nodeName: 'minikube' },
      pods: [
        {
          podRef: { name: 'todo-database-7d9f8-0', namespace: NS },
          volume: [
            {
              name: 'data',
              pvcRef: { name: 'data-todo-database-0', namespace: NS },
              usedBytes: 966367641,
              capacityBytes: 1073741824,
            },
          ],
        },
      ],
    };
    const finding = only(await doctor(world));
    expect(finding).toMatchObject({ rule: 'pvc-usage', summary: 'volume is 90% full', severity: 'warning' });
  });

  it('Helm release in a failed state, decoded from its release Secret', async () => {
    const world = healthyWorld();
    world.secrets.push(helmSecret(3, 'failed', 'Upgrade "todo" failed: context deadline exceeded'));
    const finding = only(await doctor(world));
    expect(finding.summary).toBe('Helm release revision 3 is failed');
    expect(finding.evidence[0]).toContain('context deadline exceeded');
    expect(finding.fix).toContain('helm rollback todo 2 -n todo');
  });

  it('backup CronJob whose last run failed', async () => {
    const world = healthyWorld();
    world.jobs = [
      backupJob('todo-backup-29000000', false),
      {
        ...backupJob('todo-backup-29001440', true),
        metadata: { ...backupJob('todo-backup-29001440', true).metadata, creationTimestamp: '2026-11-30T03:00:00Z' },
      },
    ];
    const finding = only(await doctor(world));
    expect(finding).toMatchObject({ rule: 'backup', summary: 'the last backup failed' });
    expect(finding.evidence[0]).toContain('todo-backup-29001440');
  });

  it('the CLI prints JSON and exits 1 on an error finding, 2 without a cluster', async () => {
    const world = healthyWorld();
    world.secrets.push(helmSecret(3, 'failed'));
    server = await startFakeApiServer(routes(world));
    const cli = resolve(import.meta.dirname, '../src/doctor-cli.ts');
    const args = ['--conditions=@todo/source', '--import', 'tsx', cli, '--json'];
    const failed = await run(process.execPath, args, { env: { ...process.env, KUBECONFIG: server.kubeconfig } }).catch(
      (e) => e,
    );
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout).findings[0].rule).toBe('helm-release');
    const none = await run(process.execPath, args, {
      env: { ...process.env, KUBECONFIG: '/nonexistent', HOME: '/nonexistent' },
    }).catch((e) => e);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('doctor: cannot read the cluster');
  });
});
