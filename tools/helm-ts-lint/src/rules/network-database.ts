import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { PROXY_ADMIN } from '../k8s/mesh.js';
import { objectId } from '../k8s/objects.js';
import { allowedFlows } from '../network/flows.js';
import { isolating, network, rulesOf } from '../network/policies.js';
import type { Issue, Rule } from '../types.js';

const component = 'app.kubernetes.io/component';
const clients = ['backend', 'migrations', 'backup', 'pooler'];

/** Whether a peer only designates database clients, by their component label. */
function onlyClients(peer: INetworkPolicyPeer): boolean {
  const selector = peer.podSelector;
  if (peer.ipBlock || !selector) return false;
  const label = selector.matchLabels?.[component];
  return (
    (label !== undefined && clients.includes(label)) ||
    (selector.matchExpressions ?? []).some(
      ({ key, operator, values = [] }) =>
        key === component && operator === 'In' && values.every((v) => clients.includes(v)),
    )
  );
}

/** A rule that only opens the Linkerd proxy's admin port (its metrics): that never reaches the database. */
function onlyProxyAdmin(ports: INetworkPolicyPort[] = []): boolean {
  return ports.length > 0 && ports.every((p) => p.port === PROXY_ADMIN.port || p.port === PROXY_ADMIN.name);
}

/** Only backend, migrations, backup and pooler pods may reach pods labelled `app.kubernetes.io/component: database`. */
export const networkDatabase: Rule = {
  id: 'network',
  check: (objects) => {
    const net = network(objects);
    const databases = net.pods.filter((pod) => pod.labels[component] === 'database');
    const componentOf = new Map(net.pods.map((pod) => [pod.id, pod.labels[component]]));
    const flows = allowedFlows(objects);
    const only = `only ${clients.join(', ')} pods may`;
    const fromManifests = databases.flatMap((db): Issue[] =>
      isolating(net, db, 'ingress').length === 0
        ? [
            {
              object: db.id,
              message: `no NetworkPolicy restricts ingress to the database: any pod may connect; ${only}`,
            },
          ]
        : flows
            .filter((flow) => flow.to === db.id && !clients.includes(componentOf.get(flow.from) ?? ''))
            .map((flow) => ({
              object: db.id,
              message: `${flow.from} may connect to the database on port ${flow.port}/${flow.protocol}; ${only}`,
            })),
    );
    const policies = new Set(databases.flatMap((db) => isolating(net, db, 'ingress')));
    const fromElsewhere = [...policies].flatMap((policy) =>
      rulesOf(policy, 'ingress').flatMap((rule, i): Issue[] =>
        onlyProxyAdmin(rule.ports)
          ? []
          : !rule.peers?.length
            ? [
                {
                  object: objectId(policy),
                  path: `spec.ingress[${i}]`,
                  message: `admits anyone to the database; ${only}`,
                },
              ]
            : rule.peers.flatMap((peer, j) =>
                onlyClients(peer)
                  ? []
                  : [
                      {
                        object: objectId(policy),
                        path: `spec.ingress[${i}].from[${j}]`,
                        message: `admits pods not labelled ${component} in (${clients.join(', ')}) to the database`,
                      },
                    ],
              ),
      ),
    );
    return [...fromManifests, ...fromElsewhere];
  },
};
