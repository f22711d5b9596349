// What the linkerd CLI prints, from Linkerd's own golden files (test/integration/install/testdata: check.pre.golden,
// check.cni.golden) and its `version --short` (one version per line; `unavailable` without a control plane).
const section = (title: string, lines: string[]) => [title, '-'.repeat(title.length), ...lines, ''];

const kubernetes = [
  ...section('kubernetes-api', ['√ can initialize the client', '√ can query the Kubernetes API']),
  ...section('kubernetes-version', ['√ is running the minimum Kubernetes API version']),
];
const version = section('linkerd-version', ['√ can determine the latest version', '√ cli is up-to-date']);

export const CHECK_PRE = [
  'Linkerd core checks',
  '===================',
  '',
  ...kubernetes,
  ...section('pre-kubernetes-setup', [
    '√ control plane namespace does not already exist',
    '√ can create non-namespaced resources',
    '√ can create ServiceAccounts',
    '√ can create Services',
    '√ can create Deployments',
    '√ can create CronJobs',
    '√ can create ConfigMaps',
    '√ can create Secrets',
    '√ can read Secrets',
    '√ can read extension-apiserver-authentication configmap',
    '√ no clock skew detected',
  ]),
  ...version,
  'Status check results are √',
].join('\n');

export const CHECK_PRE_FAILED = [
  'Linkerd core checks',
  '===================',
  '',
  ...kubernetes,
  ...section('pre-kubernetes-setup', [
    '× can create non-namespaced resources',
    '    not authorized to access clusterroles.rbac.authorization.k8s.io',
    '    see https://linkerd.io/2/checks/#pre-k8s for hints',
  ]),
  'Status check results are ×',
].join('\n');

export const CHECK = [
  'Linkerd core checks',
  '===================',
  '',
  ...kubernetes,
  ...section('linkerd-existence', [
    "√ 'linkerd-config' config map exists",
    '√ heartbeat ServiceAccount exist',
    '√ control plane replica sets are ready',
    '√ no unschedulable pods',
    '√ control plane pods are ready',
    '√ cluster networks contains all node podCIDRs',
  ]),
  ...section('linkerd-cni-plugin', [
    '√ cni plugin ConfigMap exists',
    '√ cni plugin ClusterRole exists',
    '√ cni plugin ClusterRoleBinding exists',
    '√ cni plugin ServiceAccount exists',
    '√ cni plugin DaemonSet exists',
    '√ cni plugin pod is running on all nodes',
  ]),
  ...section('linkerd-identity', [
    '√ certificate config is valid',
    '√ trust anchors are within their validity period',
    '√ issuer cert is issued by the trust anchor',
  ]),
  ...version,
  ...section('control-plane-version', [
    '√ can retrieve the control plane version',
    '√ control plane is up-to-date',
    '√ control plane and cli versions match',
  ]),
  'Status check results are √',
].join('\n');

/** The start of what `linkerd install...` prints: enough to tell the manifests apart where they are applied. */
export const MANIFESTS = {
  cni: 'kind: Namespace\napiVersion: v1\nmetadata:\n  name: linkerd-cni',
  crds: 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: servers.policy.linkerd.io',
  controlPlane: 'kind: Namespace\napiVersion: v1\nmetadata:\n  name: linkerd',
  viz: 'kind: Namespace\napiVersion: v1\nmetadata:\n  name: linkerd-viz',
};
