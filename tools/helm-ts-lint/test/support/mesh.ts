import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { parseManifests, type K8sObject } from '../../src/index.js';
import { podTemplates } from '../../src/k8s/pods.js';
import { get, validManifests } from './manifests.js';

/** The policy the chart adds with the mesh on: the proxies reach the control plane; linkerd-viz scrapes them. */
const allowMesh = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: todo-allow-mesh
  labels:
    app.kubernetes.io/name: todo
    app.kubernetes.io/instance: todo
    app.kubernetes.io/component: network
    app.kubernetes.io/managed-by: Helm
    helm.sh/chart: todo-0.1.0
spec:
  podSelector:
    matchExpressions:
      - { key: app.kubernetes.io/component, operator: NotIn, values: [migrations] }
  policyTypes: [Ingress, Egress]
  ingress:
    - from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: linkerd-viz } } }]
      ports: [{ port: 4191, protocol: TCP }]
  egress:
    - to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: linkerd } } }]
      ports: [{ port: 8080, protocol: TCP }, { port: 8086, protocol: TCP }, { port: 8090, protocol: TCP }]
`;

const proxyPort: INetworkPolicyPort = { port: 4143, protocol: 'TCP' };

export function policy(objects: K8sObject[], name: string): INetworkPolicy {
  return get<INetworkPolicy>(objects, `NetworkPolicy/${name}`);
}

/** The valid manifests meshed the way the chart meshes them: the serving pods injected, the hook opted out. */
export function meshedManifests(): K8sObject[] {
  const objects = [...validManifests(), ...parseManifests(allowMesh)];
  for (const template of podTemplates(objects)) {
    const metadata = (template.object as IDeployment).spec!.template.metadata!;
    metadata.annotations = { 'linkerd.io/inject': template.id === 'Job/todo-migrations' ? 'disabled' : 'enabled' };
  }
  policy(objects, 'todo-frontend').spec!.egress![0].ports!.push(proxyPort);
  policy(objects, 'todo-backend').spec!.ingress![0].ports!.push(proxyPort);
  policy(objects, 'todo-backend').spec!.egress![0].ports!.push(proxyPort);
  policy(objects, 'todo-postgres').spec!.ingress!.push({
    from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/component': 'backend' } } }],
    ports: [proxyPort],
  });
  return objects;
}
