import { componentOf, type Rule } from '../finding.js';

const PULL_ERRORS = ['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName'];

export const imagePull: Rule = {
  name: 'image-pull',
  check: (snapshot) =>
    snapshot.pods.flatMap((pod) =>
      [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
        .filter((c) => PULL_ERRORS.includes(c.state?.waiting?.reason ?? ''))
        .map((c) => {
          const component = componentOf(pod);
          return {
            rule: 'image-pull',
            severity: 'error' as const,
            object: `pod/${pod.metadata!.name}`,
            summary: `image ${c.image} of container ${c.name} cannot be pulled (${c.state!.waiting!.reason})`,
            evidence: [`${c.state!.waiting!.reason}: ${c.state!.waiting!.message ?? ''}`.trim()],
            fix:
              `the image is not in the cluster: on Minikube load it (minikube image load ${c.image}) or rebuild and ` +
              `load it with npx nx deploy ${component}; on another cluster push it to IMAGE_REGISTRY`,
          };
        }),
    ),
};
