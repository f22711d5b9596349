import type { Rule } from '../types.js';
import { configMapSecrets } from './configmap-secrets.js';
import { connectionBudget } from './connection-budget.js';
import { containerProbes } from './container-probes.js';
import { containerResources } from './container-resources.js';
import { containerSecurity } from './container-security.js';
import { envRefs } from './env-refs.js';
import { envSecrets } from './env-secrets.js';
import { gracePeriod } from './grace-period.js';
import { images } from './images.js';
import { ingressRefs } from './ingress-refs.js';
import { labels } from './labels.js';
import { meshInjection } from './mesh-injection.js';
import { meshNetwork } from './mesh-network.js';
import { networkDatabase } from './network-database.js';
import { networkDefaultDeny } from './network-default-deny.js';
import { networkDns } from './network-dns.js';
import { networkEgressCidrs } from './network-egress-cidrs.js';
import { networkServiceIngress } from './network-service-ingress.js';
import { pdbDrain } from './pdb-drain.js';
import { pdbRefs } from './pdb-refs.js';
import { podTemplateLabels } from './pod-template-labels.js';
import { probePorts } from './probe-ports.js';
import { pullSecrets } from './pull-secrets.js';
import { quotaFits } from './quota-fits.js';
import { requestsWithinLimits } from './requests-within-limits.js';
import { scaleTargetRefs } from './scale-target-refs.js';
import { schemaFields } from './schema-fields.js';
import { schemaTypes } from './schema-types.js';
import { serviceRefs } from './service-refs.js';
import { volumeRefs } from './volume-refs.js';

/** Every check, in the order findings are reported. */
export const rules: Rule[] = [
  // schema
  schemaTypes,
  schemaFields,
  // containers
  containerResources,
  requestsWithinLimits,
  containerProbes,
  containerSecurity,
  // images, labels
  images,
  pullSecrets,
  labels,
  podTemplateLabels,
  // secrets
  configMapSecrets,
  envSecrets,
  // references
  serviceRefs,
  ingressRefs,
  probePorts,
  envRefs,
  volumeRefs,
  scaleTargetRefs,
  pdbRefs,
  // network
  networkDefaultDeny,
  networkDns,
  networkServiceIngress,
  networkDatabase,
  networkEgressCidrs,
  // day two: scale, shutdown, drains, the database's connections
  quotaFits,
  gracePeriod,
  pdbDrain,
  connectionBudget,
  // mesh
  meshInjection,
  meshNetwork,
];
