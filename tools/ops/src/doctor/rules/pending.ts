import { componentOf, describeEvent, eventsFor, type Rule } from '../finding.js';

/** Why the scheduler could not place a pod, from its PodScheduled condition message, with the fix. */
function diagnose(message: string, component: string, namespace: string): string {
  if (/Insufficient (cpu|memory)/i.test(message))
    return (
      `the nodes lack the requested CPU or memory: lower ${component}.resources.requests (npx nx run ops:recommend), ` +
      `scale down other workloads, or give Minikube more (minikube start --cpus=4 --memory=8g)`
    );
  if (/unbound.*PersistentVolumeClaim|persistentvolumeclaim .* not found/i.test(message))
    return (
      `its PVC is not bound: check kubectl get pvc -n ${namespace}; on Minikube enable the storage provisioner ` +
      `(minikube addons enable storage-provisioner default-storageclass) or set the chart's storageClass`
    );
  if (/node affinity|node selector|untolerated taint|didn't match/i.test(message))
    return `no node matches its nodeSelector, affinity or tolerations: fix them in the values or label a node`;
  return `read the scheduler message above (kubectl describe pod -n ${namespace})`;
}

export const pending: Rule = {
  name: 'pending',
  check: (snapshot) =>
    snapshot.pods
      .filter((pod) => pod.status?.phase === 'Pending')
      .flatMap((pod) => {
        const name = pod.metadata!.name!;
        const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
        if (!unscheduled) return [];
        const message = unscheduled.message ?? '';
        const events = eventsFor(snapshot, 'Pod', name).filter((e) => e.reason === 'FailedScheduling');
        return [
          {
            rule: 'pending',
            severity: 'error' as const,
            object: `pod/${name}`,
            summary: `pod cannot be scheduled (${unscheduled.reason ?? 'Unschedulable'})`,
            evidence: [`scheduler: ${message}`, ...events.slice(-2).map(describeEvent)],
            fix: diagnose(message, componentOf(pod), snapshot.target.namespace),
          },
        ];
      }),
};
