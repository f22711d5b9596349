import type { Rule } from '../finding.js';

export const PVC_FULL_RATIO = 0.85;

const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** Bound volumes more than 85% full (kubelet stats), and claims that are not bound at all. */
export const pvcUsage: Rule = {
  name: 'pvc-usage',
  check: (snapshot) =>
    snapshot.pvcs.flatMap((pvc) => {
      const name = pvc.metadata!.name!;
      if (pvc.status?.phase !== 'Bound')
        return [
          {
            rule: 'pvc-usage',
            severity: 'error' as const,
            object: `persistentvolumeclaim/${name}`,
            summary: `claim is ${pvc.status?.phase ?? 'not bound'}`,
            evidence: [`storageClassName ${pvc.spec?.storageClassName ?? '(default)'}`],
            fix: 'no volume can be provisioned: on Minikube minikube addons enable storage-provisioner default-storageclass',
          },
        ];
      const usage = snapshot.volumes[name];
      if (!usage || usage.usedBytes / usage.capacityBytes < PVC_FULL_RATIO) return [];
      const percent = Math.round((usage.usedBytes / usage.capacityBytes) * 100);
      return [
        {
          rule: 'pvc-usage',
          severity: percent >= 95 ? ('error' as const) : ('warning' as const),
          object: `persistentvolumeclaim/${name}`,
          summary: `volume is ${percent}% full`,
          evidence: [`${gib(usage.usedBytes)} used of ${gib(usage.capacityBytes)}`],
          fix:
            'grow the claim (database.persistence.size or backup.persistence.size; the StorageClass must allow ' +
            'expansion) or free space: for backups lower backup.retention',
        },
      ];
    }),
};
