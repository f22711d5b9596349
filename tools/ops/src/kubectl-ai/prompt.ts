import type { OpsTarget } from '../kube/target.js';

/** What kubectl-ai is told about this project before the user's question. */
export function preamble(target: OpsTarget, allowChanges: boolean): string {
  return [
    `You operate the "todo" app: a Helm release "${target.release}" of the chart deploy/charts/todo in namespace ` +
      `"${target.namespace}" (the kubeconfig's current context and namespace already point there).`,
    'Components (label app.kubernetes.io/component): backend (Fastify API, /healthz and /readyz), frontend ' +
      '(Next.js), database (PostgreSQL StatefulSet), backup (a CronJob running pg_dump), migrations (a Helm hook Job).',
    'Objects are named <release>-<component> and labelled app.kubernetes.io/instance=<release>.',
    'Prefer the project tools: todo_doctor (what is wrong, with evidence and fix), todo_recommend (resource and ' +
      'autoscaling suggestions), helm (history, status, values of the release), and the todo-ops MCP tools when present.',
    'Scaling and configuration go through Helm values, not kubectl scale or edit: the next deploy would undo them. ' +
      'The project command is: npx nx run deploy:scale --set backend.replicas=N.',
    allowChanges
      ? 'Changes are allowed: say what you will change and why before each one.'
      : 'This session is read-only: do not run commands that change the cluster; instead, say which command would ' +
        'make the change and why.',
    'Question:',
  ].join('\n');
}
