// The local cluster the app needs: a Minikube profile with pinned Kubernetes, enough CPU and memory, a CNI that
// enforces NetworkPolicies, the ingress and metrics-server addons and a default StorageClass; optionally Secrets
// encrypted at rest and an API audit log. Idempotent: a running cluster only gets its missing addons.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Step } from '@todo/cli/steps';

export const CLUSTER = {
  profile: 'minikube',
  cpus: 2,
  memory: '4g',
  kubernetesVersion: 'v1.34.0',
  cni: 'calico',
  addons: ['ingress', 'metrics-server', 'default-storageclass', 'storage-provisioner'],
};

/** Inside the node: minikube copies $MINIKUBE_HOME/files/<path> to /<path> when it starts. */
export const NODE_FILES = {
  encryption: '/var/lib/minikube/certs/todo-encryption.yaml',
  auditPolicy: '/var/lib/minikube/certs/todo-audit-policy.yaml',
};

export interface ClusterOptions {
  encryption: boolean;
  audit: boolean;
}

export function startStep(minikube: string, options: ClusterOptions): Step {
  const argv = [
    minikube,
    'start',
    '--profile',
    CLUSTER.profile,
    '--cpus',
    String(CLUSTER.cpus),
    '--memory',
    CLUSTER.memory,
    '--kubernetes-version',
    CLUSTER.kubernetesVersion,
    '--cni',
    CLUSTER.cni,
  ];
  if (options.encryption) argv.push(`--extra-config=apiserver.encryption-provider-config=${NODE_FILES.encryption}`);
  if (options.audit)
    argv.push(
      `--extra-config=apiserver.audit-policy-file=${NODE_FILES.auditPolicy}`,
      '--extra-config=apiserver.audit-log-path=-', // to the API server's log: kubectl -n kube-system logs kube-apiserver-minikube
    );
  return {
    title: `Starting Minikube (${CLUSTER.cpus} CPUs, ${CLUSTER.memory}, Kubernetes ${CLUSTER.kubernetesVersion}, ${CLUSTER.cni})`,
    argv,
  };
}

export function addonSteps(minikube: string, addonsJson: string): Step[] {
  const addons = JSON.parse(addonsJson) as Record<string, { Status?: string }>;
  return CLUSTER.addons
    .filter((name) => addons[name]?.Status !== 'enabled')
    .map((name) => ({
      title: `Enabling the ${name} addon`,
      argv: [minikube, 'addons', 'enable', name, '--profile', CLUSTER.profile],
    }));
}

/** Secrets encrypted with AES-CBC under a key made once (never replaced: that would make existing Secrets unreadable). */
export function encryptionConfig(): string {
  return `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: todo-1
              secret: ${randomBytes(32).toString('base64')}
      - identity: {}
`;
}

/** Who changed what in the app's namespace; Secret and ConfigMap bodies never logged, reads not at all. */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    resources:
      - group: ''
        resources: [secrets, configmaps]
  - level: RequestResponse
    namespaces: [todo]
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
`;

/** Writes the node files the options need into $MINIKUBE_HOME/files; returns what it wrote (existing keys are kept). */
export function writeNodeFiles(
  options: ClusterOptions,
  minikubeHome = process.env.MINIKUBE_HOME || join(homedir(), '.minikube'),
): string[] {
  const written: string[] = [];
  const write = (nodePath: string, content: () => string, keep: boolean) => {
    const file = join(minikubeHome, 'files', nodePath);
    if (keep && existsSync(file)) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content(), { mode: 0o600 });
    written.push(file);
  };
  if (options.encryption) write(NODE_FILES.encryption, encryptionConfig, true);
  if (options.audit) write(NODE_FILES.auditPolicy, () => AUDIT_POLICY, false);
  return written;
}
