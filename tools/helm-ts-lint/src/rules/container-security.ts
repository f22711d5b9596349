import { containersOf, podTemplates } from '../k8s/pods.js';
import type { Issue, Rule } from '../types.js';

/** The restricted Pod Security Standard: non-root, no privilege escalation, no capabilities, read-only root, seccomp. */
export const containerSecurity: Rule = {
  id: 'containers',
  check: (objects) =>
    podTemplates(objects).flatMap((template): Issue[] => {
      const pod = template.spec.securityContext ?? {};
      const podIssues =
        pod.runAsUser !== undefined && pod.runAsUser <= 0
          ? [
              {
                object: template.id,
                path: `${template.path}.securityContext.runAsUser`,
                message: `pod runs as user ${pod.runAsUser} (root)`,
              },
            ]
          : [];
      const containerIssues = containersOf(template).flatMap(({ container, path }) => {
        const own = container.securityContext ?? {};
        // [failed, field of the container's securityContext, what is wrong]
        const checks: [boolean, string, string][] = [
          [(own.runAsNonRoot ?? pod.runAsNonRoot) !== true, 'runAsNonRoot', 'does not set runAsNonRoot: true'],
          [own.runAsUser !== undefined && own.runAsUser <= 0, 'runAsUser', `runs as user ${own.runAsUser} (root)`],
          [own.allowPrivilegeEscalation !== false, 'allowPrivilegeEscalation', 'allows privilege escalation'],
          [!(own.capabilities?.drop ?? []).includes('ALL'), 'capabilities.drop', 'does not drop ALL capabilities'],
          [own.readOnlyRootFilesystem !== true, 'readOnlyRootFilesystem', 'does not set readOnlyRootFilesystem: true'],
          [
            (own.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault',
            'seccompProfile',
            'has no seccompProfile of type RuntimeDefault',
          ],
        ];
        return checks
          .filter(([failed]) => failed)
          .map(([, field, message]) => ({
            object: template.id,
            path: `${path}.securityContext.${field}`,
            message: `container "${container.name}" ${message}`,
          }));
      });
      return [...podIssues, ...containerIssues];
    }),
};
