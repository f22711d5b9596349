import { describe, expect, it } from 'vitest';
import type { ImageRef } from '../src/images.js';
import { normalizeOptions, type DeployOptions } from '../src/options.js';
import {
  appUrl,
  blocked,
  fingerprint,
  helmUpgrade,
  parseReleaseState,
  planRelease,
  rollouts,
  type ReleaseInput,
} from '../src/plan.js';

const image = (component: 'backend' | 'frontend', tag = 'id-aaaaaaaaaaaa'): ImageRef => ({
  component,
  built: `todo-${component}:local`,
  tag,
  ref: `todo-${component}:${tag}`,
});

function input(overrides: Partial<ReleaseInput> = {}, options: Partial<DeployOptions> = {}): ReleaseInput {
  return {
    options: normalizeOptions({ components: ['backend', 'frontend'], ...options }),
    target: { kind: 'minikube', context: 'minikube' },
    tools: { helm: '/bin/helm', helmMajor: 4, kubectl: '/bin/kubectl' },
    chart: '/w/dist/deploy/todo-0.1.0.tgz',
    valuesFiles: ['/w/deploy/environments/local.yaml'],
    images: [image('backend'), image('frontend')],
    inputsDigest: 'digest-1',
    settings: {
      autoscaling: false,
      ingress: { host: 'todo.local', tls: true },
      mesh: false,
      database: 'statefulset',
      pooler: false,
    },
    ...overrides,
  };
}

const installed = {
  revision: 3,
  status: 'deployed',
  description: 'Upgrade complete',
  tags: { backend: 'id-old000000000', frontend: 'id-front0000000' },
};

describe('helm upgrade', () => {
  it('installs the whole release with both tags, waiting and rolling back on failure (Helm 4)', () => {
    const { argv } = helmUpgrade(input());
    expect(argv.slice(0, 5)).toEqual(['/bin/helm', 'upgrade', '--install', 'todo', '/w/dist/deploy/todo-0.1.0.tgz']);
    expect(argv.join(' ')).toContain('--kube-context minikube --namespace todo --create-namespace');
    expect(argv.join(' ')).toContain(
      '--values /w/deploy/environments/local.yaml --set backend.image.tag=id-aaaaaaaaaaaa --set frontend.image.tag=id-aaaaaaaaaaaa',
    );
    expect(argv.join(' ')).toContain('--wait --timeout 5m --rollback-on-failure');
    expect(argv).not.toContain('--atomic');
    expect(argv).not.toContain('--reset-then-reuse-values');
  });

  it('uses --atomic with Helm 3', () => {
    const { argv } = helmUpgrade(input({ tools: { helm: 'helm', helmMajor: 3, kubectl: 'kubectl' } }));
    expect(argv).toContain('--atomic');
    expect(argv).not.toContain('--rollback-on-failure');
  });

  it('upgrades only the backend tag of an installed release, keeping the frontend one', () => {
    const { argv } = helmUpgrade(
      input({ images: [image('backend')], current: installed }, { components: ['backend'] }),
    );
    expect(argv).toContain('--reset-then-reuse-values');
    expect(argv).not.toContain('--create-namespace');
    expect(argv.filter((arg) => arg.includes('image.tag'))).toEqual(['backend.image.tag=id-aaaaaaaaaaaa']);
  });

  it('points staging at its context and registry, and passes the user --set pairs last', () => {
    const { argv } = helmUpgrade(
      input(
        { target: { kind: 'cluster', context: 'staging-eks', registry: 'ghcr.io/me' } },
        { environment: 'staging', set: ['backend.replicas=3'] },
      ),
    );
    expect(argv.join(' ')).toContain('--kube-context staging-eks');
    expect(argv.join(' ')).toMatch(/--set image.registry=ghcr.io\/me --set backend.replicas=3 --wait/);
  });
});

describe('fingerprint and no-op', () => {
  it('is the same for the same deploy and changes with a tag, the chart or the values', () => {
    const base = fingerprint(input());
    expect(fingerprint(input())).toBe(base);
    expect(fingerprint(input({ images: [image('backend', 'id-bbbbbbbbbbbb'), image('frontend')] }))).not.toBe(base);
    expect(fingerprint(input({ inputsDigest: 'digest-2' }))).not.toBe(base);
    expect(fingerprint(input({}, { set: ['backend.replicas=2'] }))).not.toBe(base);
  });

  it('counts the tag a partial deploy keeps, so it matches the full deploy that set the same tags', () => {
    const full = input({ current: { ...installed, tags: {} } });
    const partial = input(
      { images: [image('backend')], current: { ...installed, tags: { frontend: 'id-aaaaaaaaaaaa' } } },
      { components: ['backend'] },
    );
    expect(fingerprint(partial)).toBe(fingerprint(full));
  });

  it('plans nothing when the last revision deployed this fingerprint', () => {
    const first = input({ current: { ...installed, tags: {} } });
    const again = input({ current: { ...installed, tags: {}, description: `todo-deploy ${fingerprint(first)}` } });
    expect(planRelease(again)).toEqual([]);
    expect(planRelease(input({ current: { ...again.current!, status: 'failed' } }))).not.toEqual([]);
  });
});

describe('steps', () => {
  it('waits for every workload on install, then runs helm test', () => {
    const steps = planRelease(input());
    expect(steps.map((step) => step.title)).toEqual([
      'Installing release todo (backend id-aaaaaaaaaaaa, frontend id-aaaaaaaaaaaa)',
      'Waiting for statefulset/todo-database',
      'Waiting for deployment/todo-backend',
      'Waiting for deployment/todo-frontend',
      'Running helm test todo',
    ]);
    expect(steps.at(-1)!.argv).toEqual([
      '/bin/helm',
      'test',
      'todo',
      '--kube-context',
      'minikube',
      '--namespace',
      'todo',
      '--logs',
      '--timeout',
      '5m',
    ]);
  });

  it('waits for the database the values choose: the StatefulSet and PgBouncer, the CloudNativePG Cluster, or none', () => {
    const waits = (settings: Partial<ReleaseInput['settings']>) =>
      rollouts(input({ settings: { ...input().settings, ...settings } }))
        .map((step) => step.argv.slice(5).join(' '))
        .filter((step) => !/backend|frontend/.test(step));
    expect(waits({ pooler: true })).toEqual([
      'rollout status statefulset/todo-database --timeout 5m',
      'rollout status deployment/todo-pooler --timeout 5m',
    ]);
    expect(waits({ database: 'cloudnative-pg', pooler: true })).toEqual([
      'wait --for=condition=Ready cluster/todo-database --timeout 5m',
    ]);
    expect(waits({ database: 'external' })).toEqual([]);
  });

  it('waits only for the component a partial deploy changed, and skips helm test when asked', () => {
    const partial = input(
      { images: [image('backend')], current: installed },
      { components: ['backend'], skipTests: true },
    );
    expect(rollouts(partial).map((step) => step.argv.slice(5, 8))).toEqual([
      ['rollout', 'status', 'deployment/todo-backend'],
    ]);
    expect(planRelease(partial).map((step) => step.title)).not.toContain('Running helm test todo');
  });

  it('refuses a partial deploy before the release exists, and a release stuck pending', () => {
    expect(blocked(input({ images: [image('backend')] }, { components: ['backend'] }))).toMatch(
      /not installed yet: .*nx run deploy:up$/,
    );
    expect(blocked(input({ current: { ...installed, status: 'pending-upgrade' } }))).toMatch(
      /pending-upgrade.*helm rollback todo -n todo/,
    );
    expect(blocked(input())).toBeUndefined();
  });

  it('prints the ingress URL, or how to port-forward without one', () => {
    expect(appUrl(input())).toBe('https://todo.local');
    expect(
      appUrl(input({ settings: { autoscaling: false, mesh: false, database: 'statefulset', pooler: false } })),
    ).toMatch(/port-forward svc\/todo-frontend/);
  });
});

describe('release state', () => {
  it('reads the last revision and the tags the release was given', () => {
    const history = JSON.stringify([
      {
        revision: 7,
        updated: 'x',
        status: 'deployed',
        chart: 'todo-0.1.0',
        app_version: '0.1.0',
        description: 'todo-deploy abc',
      },
    ]);
    const values = JSON.stringify({ backend: { image: { tag: 'id-111111111111' } }, image: { pullPolicy: 'Never' } });
    expect(parseReleaseState(history, values)).toEqual({
      revision: 7,
      status: 'deployed',
      description: 'todo-deploy abc',
      tags: { backend: 'id-111111111111' },
    });
    expect(parseReleaseState('[]', 'null')).toBeUndefined();
  });
});
