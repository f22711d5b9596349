import { list } from '../k8s/objects.js';
import { allContainers, podTemplates } from '../k8s/pods.js';
import { maxPods } from '../k8s/scale.js';
import type { Issue, Rule } from '../types.js';

/** Pod-template annotation: the database connections one pod of the workload may open. */
export const CONNECTIONS_ANNOTATION = 'todo.dev/database-connections';

/** A PostgreSQL setting among a container's arguments (`-c name=value`), as a number. */
function setting(args: string[], name: string): number | undefined {
  const found = args.find((arg) => arg.startsWith(`${name}=`));
  return found === undefined ? undefined : Number(found.slice(name.length + 1));
}

/**
 * The database's max_connections holds its clients at maximum scale: each workload that declares its connections per
 * pod (CONNECTIONS_ANNOTATION), times its most pods (autoscaler maximum plus surge), plus the superuser reserve.
 * A pooler in front declares its server-side pool instead of the API. Checked against the PostgreSQL containers that
 * set max_connections; an external database is checked by the chart itself.
 */
export const connectionBudget: Rule = {
  id: 'connection-budget',
  check: (objects) => {
    const clients = podTemplates(objects).flatMap((template) => {
      const perPod = Number(template.annotations[CONNECTIONS_ANNOTATION] ?? NaN);
      return Number.isFinite(perPod) ? [{ id: template.id, total: perPod * maxPods(objects, template) }] : [];
    });
    const needed = clients.reduce((sum, c) => sum + c.total, 0);
    return allContainers(objects).flatMap(({ template, container, path }): Issue[] => {
      const args = list(container.args);
      const max = setting(args, 'max_connections');
      if (max === undefined) return [];
      const reserved = setting(args, 'superuser_reserved_connections') ?? 3;
      if (needed + reserved <= max) return [];
      const parts = clients.map((c) => `${c.id} ${c.total}`).join(' + ');
      return [
        {
          object: template.id,
          path: `${path}.args`,
          message: `max_connections ${max} is below the connections at maximum scale: ${parts} + reserved ${reserved} = ${needed + reserved}`,
        },
      ];
    });
  },
};
