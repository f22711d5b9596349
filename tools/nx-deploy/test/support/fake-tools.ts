// Stand-ins for minikube, kubectl, helm, docker and linkerd that print what the real tools print in a given cluster state
// (outputs copied from the tools' JSON formats and messages). No cluster can run here; the deploy code under test is
// the real one, calling these through PATH. Every call is appended to calls.log.
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHECK, CHECK_PRE, CHECK_PRE_FAILED, MANIFESTS } from './linkerd-output.js';

export interface ClusterState {
  minikube: 'running' | 'stopped' | 'no-profile';
  context: string | null;
  addons: { ingress: boolean; 'metrics-server': boolean };
  defaultStorageClass: boolean;
  helmVersion: string;
  /** The release's last revision and user-supplied values; undefined when not installed. */
  release?: { revision: number; status: string; description: string; values: object };
  minikubeImages: string[];
  upgradeFails: boolean;
  /** The linkerd CLI's release, and what of Linkerd the cluster holds. */
  linkerd: { client: string; server?: string; gatewayApi: boolean; viz: boolean; preCheckFails?: boolean };
  /** What cosign finds on the registry's images: signatures and SBOM attestations, or neither. */
  signed: boolean;
  /** Whether the CloudNativePG operator's CRDs are installed. */
  cnpg?: boolean;
}

export const healthyCluster = (): ClusterState => ({
  minikube: 'running',
  context: 'minikube',
  addons: { ingress: true, 'metrics-server': true },
  defaultStorageClass: true,
  helmVersion: 'v4.1.4',
  minikubeImages: [],
  upgradeFails: false,
  linkerd: { client: 'edge-25.10.7', gatewayApi: false, viz: false },
  signed: true,
});

const IMAGE_ID = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/**
 * `case` branches: [pattern over "$*", output, exit code, stream (default: stdout on success, else stderr), whether
 * to append what the command reads on stdin to stdin.log (a manifest piped to `kubectl apply -f -`)].
 */
type Branch = [string, string, number?, ('stdout' | 'stderr')?, boolean?];

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** A POSIX sh script using builtins only, so it runs with a PATH that holds nothing but the fakes. */
function script(log: string, branches: Branch[]): string {
  const stdinLog = quote(join(dirname(log), 'stdin.log'));
  const cases = branches
    .map(([pattern, out, code = 0, stream = code === 0 ? 'stdout' : 'stderr', readsStdin]) => {
      const redirect = stream === 'stderr' ? ' >&2' : '';
      const read = readsStdin ? `while IFS= read -r line; do printf '%s\\n' "$line" >> ${stdinLog}; done; ` : '';
      return `  ${pattern}) ${read}printf '%s\\n' ${quote(out)}${redirect}; exit ${code} ;;`;
    })
    .join('\n');
  return `#!/bin/sh\nprintf '%s\\n' "\${0##*/} $*" >> ${quote(log)}\ncase "$*" in\n${cases}\n  *) exit 0 ;;\nesac\n`;
}

const minikubeStatus = (state: ClusterState): Branch => {
  if (state.minikube === 'no-profile')
    return [
      "'status --output json'*",
      '🤷  Profile "minikube" not found. Run "minikube profile list" to view all profiles.\n👉  To start a cluster, run: "minikube start"',
      85,
      'stdout',
    ];
  const up = state.minikube === 'running' ? 'Running' : 'Stopped';
  const status = {
    Name: 'minikube',
    Host: up,
    Kubelet: up,
    APIServer: up,
    Kubeconfig: state.minikube === 'running' ? 'Configured' : 'Stopped',
    Worker: false,
  };
  return ["'status --output json'*", JSON.stringify(status), up === 'Running' ? 0 : 7, 'stdout'];
};

const addon = (on: boolean) => ({ Profile: 'minikube', Status: on ? 'enabled' : 'disabled' });

/** `kubectl get <kind> <name>`: its table when it exists, else the API server's NotFound. */
const kubectlGet = (kind: string, resource: string, name: string, exists: boolean): Branch[] => [
  [
    `*'get ${kind} ${name}'`,
    exists
      ? `NAME${' '.repeat(name.length - 1)}CREATED AT\n${name}   2026-11-29T10:00:00Z`
      : `Error from server (NotFound): ${resource} "${name}" not found`,
    exists ? 0 : 1,
  ],
];

function branches(state: ClusterState): Record<string, Branch[]> {
  const storageClasses = {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: {
          name: 'standard',
          annotations: state.defaultStorageClass ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
        },
        provisioner: 'k8s.io/minikube-hostpath',
      },
    ],
  };
  const { release, linkerd: l } = state;
  return {
    minikube: [
      minikubeStatus(state),
      [
        "'addons list --output json'*",
        JSON.stringify({
          ingress: addon(state.addons.ingress),
          'metrics-server': addon(state.addons['metrics-server']),
          'storage-provisioner': addon(true),
        }),
      ],
      ["'ip'*", '192.168.49.2'],
      ["'image ls'", ['registry.k8s.io/pause:3.10', ...state.minikubeImages].join('\n')],
    ],
    kubectl: [
      ["'config current-context'", state.context ?? 'error: current-context is not set', state.context ? 0 : 1],
      ...kubectlGet(
        'crd',
        'customresourcedefinitions.apiextensions.k8s.io',
        'httproutes.gateway.networking.k8s.io',
        l.gatewayApi,
      ),
      ...kubectlGet('namespace', 'namespaces', 'linkerd-viz', l.viz),
      ...['clusters', 'poolers', 'scheduledbackups'].flatMap((crd) =>
        kubectlGet('crd', 'customresourcedefinitions.apiextensions.k8s.io', `${crd}.postgresql.cnpg.io`, !!state.cnpg),
      ),
      ...kubectlGet('namespace', 'namespaces', 'linkerd', l.server !== undefined),
      ["*'apply -f -'", 'configured', 0, 'stdout', true],
      [
        "*'apply --server-side --force-conflicts -f https://'*",
        'customresourcedefinition.apiextensions.k8s.io/clusters.postgresql.cnpg.io serverside-applied\ndeployment.apps/cnpg-controller-manager serverside-applied',
      ],
      [
        "*'rollout status deployment/cnpg-controller-manager'*",
        'deployment "cnpg-controller-manager" successfully rolled out',
      ],
      [
        "*'apply -f https://'*",
        'customresourcedefinition.apiextensions.k8s.io/httproutes.gateway.networking.k8s.io created',
      ],
      ["*'get storageclass --output json'", JSON.stringify(storageClasses)],
    ],
    helm: [
      ["'version --template {{.Version}}'", state.helmVersion],
      [
        'history*',
        release
          ? JSON.stringify([
              {
                revision: release.revision,
                updated: '2026-11-29T10:00:00Z',
                status: release.status,
                chart: 'todo-0.1.0',
                app_version: '0.1.0',
                description: release.description,
              },
            ])
          : 'Error: release: not found',
        release ? 0 : 1,
      ],
      ['get\\ values*', JSON.stringify(release?.values ?? {})],
      [
        'upgrade*',
        state.upgradeFails
          ? 'Error: UPGRADE FAILED: release todo failed, and has been rolled back due to rollback-on-failure being set: context deadline exceeded'
          : 'Release "todo" has been upgraded. Happy Helming!',
        state.upgradeFails ? 1 : 0,
      ],
    ],
    docker: [["'image inspect --format {{.Id}} '*", IMAGE_ID]],
    linkerd: [
      ["'version --client --short'", l.client],
      ["*'version --short'", `${l.client}\n${l.server ?? 'unavailable'}`],
      ["*'check --pre'*", l.preCheckFails ? CHECK_PRE_FAILED : CHECK_PRE, l.preCheckFails ? 1 : 0, 'stdout'],
      ["*'install-cni'", MANIFESTS.cni],
      ["*'install --crds'", MANIFESTS.crds],
      ["*'install --linkerd-cni-enabled'", MANIFESTS.controlPlane],
      ["*'viz install'", MANIFESTS.viz],
      ["*'viz check'", 'linkerd-viz\n-----------\n√ linkerd-viz Namespace exists\n\nStatus check results are √'],
      ["*'check'", CHECK],
    ],
    // cosign 2.x: the payloads on stdout when verified (its summary goes to stderr); the error twice when not.
    cosign: state.signed
      ? [
          [
            "'verify '*",
            JSON.stringify([
              {
                critical: {
                  identity: { 'docker-reference': 'ghcr.io/me/todo-backend' },
                  image: { 'docker-manifest-digest': `sha256:${'ab'.repeat(32)}` },
                  type: 'cosign container image signature',
                },
                optional: null,
              },
            ]),
          ],
          [
            "'verify-attestation '*",
            JSON.stringify({
              payloadType: 'application/vnd.in-toto+json',
              payload: 'eyJfdHlwZSI6Imh0dHBzOi8vaW4tdG90by5pby9TdGF0ZW1lbnQvdjAuMSJ9',
              signatures: [{ keyid: '', sig: 'MEUCIQ' }],
            }),
          ],
        ]
      : [
          [
            "'verify'*",
            'Error: no matching signatures: no signatures found\nmain.go:74: error during command execution: no matching signatures: no signatures found',
            1,
          ],
        ],
  };
}

export interface FakeTools {
  /** A PATH holding only the fakes named. */
  path: (...tools: string[]) => string;
  calls: () => string[];
  /** What the fakes read on stdin (kubectl apply -f -), in order. */
  stdin: () => string;
  dir: string;
}

export function fakeTools(state: ClusterState): FakeTools {
  const dir = mkdtempSync(join(tmpdir(), 'fake-tools-'));
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  for (const [tool, toolBranches] of Object.entries(branches(state))) {
    writeFileSync(join(dir, tool), script(log, toolBranches));
    chmodSync(join(dir, tool), 0o755);
  }
  return {
    dir,
    path: (...tools) => {
      const only = mkdtempSync(join(dir, 'path-'));
      for (const tool of tools) {
        writeFileSync(join(only, tool), readFileSync(join(dir, tool)));
        chmodSync(join(only, tool), 0o755);
      }
      return only;
    },
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    stdin: () => (existsSync(join(dir, 'stdin.log')) ? readFileSync(join(dir, 'stdin.log'), 'utf8') : ''),
  };
}

export const SHIMMED_IMAGE_TAG = 'id-0123456789ab';
