import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import * as z from 'zod';
import { kubeTool } from '@todo/kube-tools';
import { bounds, scalableComponents } from '../chart-limits.js';
import { runDoctor } from '../doctor/doctor.js';
import { loadKubeConfig } from '../kube/client.js';
import { eventTime, readSnapshot, type ClusterSnapshot } from '../kube/snapshot.js';
import type { OpsTarget } from '../kube/target.js';
import { runRecommend } from '../recommend/run.js';
import { valuesPatch } from '../recommend/values-patch.js';
import { backupCommand, rollbackCommand, runCommand, scaleCommand, showCommand, type Command } from './commands.js';

const json = (value: unknown) => ({ content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }] });
const fail = (text: string) => ({ content: [{ type: 'text' as const, text }], isError: true });

const confirm = z
  .boolean()
  .default(false)
  .describe('Must be true to act. Without it the tool only answers with the command it would run.');

/** Runs a mutating command only when confirmed; otherwise describes it. */
async function mutate(command: Command, confirmed: boolean, what: string) {
  if (!confirmed)
    return json({ confirmed: false, wouldRun: showCommand(command), note: `call again with confirm: true to ${what}` });
  const { code, output } = await runCommand(command);
  return code === 0
    ? json({ ran: showCommand(command), output })
    : fail(`${showCommand(command)} failed (exit ${code}):\n${output}`);
}

function podHealth(snapshot: ClusterSnapshot, component?: string) {
  return snapshot.pods
    .filter((pod) => !component || pod.metadata?.labels?.['app.kubernetes.io/component'] === component)
    .map((pod) => {
      const name = pod.metadata!.name!;
      return {
        pod: name,
        component: pod.metadata?.labels?.['app.kubernetes.io/component'],
        phase: pod.status?.phase,
        ready: pod.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True',
        containers: (pod.status?.containerStatuses ?? []).map((c) => ({
          name: c.name,
          restarts: c.restartCount,
          state: c.state?.waiting?.reason ?? (c.state?.running ? 'Running' : c.state?.terminated?.reason),
          lastTermination: c.lastState?.terminated?.reason,
          previousLogs: snapshot.logs[`${name}/${c.name}`],
        })),
        recentEvents: snapshot.events
          .filter((e) => e.involvedObject.name === name)
          .slice(-5)
          .map((e) => ({
            at: new Date(eventTime(e)).toISOString(),
            type: e.type,
            reason: e.reason,
            message: e.message,
          })),
      };
    });
}

/** The project's ops tools, against one release. */
export function registerOpsTools(server: McpServer, target: OpsTarget): void {
  const snapshot = async () => readSnapshot(loadKubeConfig(target), target);
  const where = `release ${target.release} in namespace ${target.namespace}`;
  const components = scalableComponents() as [string, ...string[]];

  server.registerTool(
    'release_status',
    {
      description: `Helm revisions of the ${where} (status, chart, when, description) and a pod summary.`,
      annotations: { readOnlyHint: true },
    },
    async () => {
      const s = await snapshot();
      return json({
        target,
        revisions: s.releases.map(({ config: _config, ...r }) => r),
        pods: s.pods.map((p) => `${p.metadata?.name} ${p.status?.phase}`),
      });
    },
  );

  server.registerTool(
    'pod_health',
    {
      description: `Pods of the ${where}: phase, readiness, restarts, last termination, recent events and the previous logs of crashing containers.`,
      inputSchema: { component: z.string().optional().describe('backend, frontend, database, backup...') },
      annotations: { readOnlyHint: true },
    },
    async ({ component }) => json(podHealth(await snapshot(), component)),
  );

  server.registerTool(
    'diagnose',
    {
      description: `Runs the doctor on the ${where}: each problem with its evidence and fix (crash loops, OOM kills, image pulls, pending pods, probes, services without endpoints, ingress, HPA metrics, PVC usage, failed Helm releases, backups).`,
      annotations: { readOnlyHint: true },
    },
    async () => json(runDoctor(await snapshot())),
  );

  server.registerTool(
    'recommend',
    {
      description: `Samples CPU and memory of the ${where} from the metrics API and suggests requests, limits and autoscaling, with a values patch for nx deploy --values.`,
      inputSchema: {
        samples: z.number().int().min(1).max(20).default(3),
        intervalSeconds: z.number().min(1).max(60).default(10),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ samples, intervalSeconds }) => {
      const recs = await runRecommend(loadKubeConfig(target), target, {
        samples,
        intervalSeconds,
        windowSeconds: 3600,
      });
      return json({ ...recs, valuesPatch: valuesPatch(recs) });
    },
  );

  server.registerTool(
    'scale',
    {
      description: `Sets a component's replicas in the ${where} through nx run deploy:scale (a helm upgrade keeping the other values). Bounded by the chart's values schema. With autoscaling on, the HPA decides instead.`,
      inputSchema: { component: z.enum(components), replicas: z.number().int(), confirm },
      annotations: { destructiveHint: false, readOnlyHint: false },
    },
    async ({ component, replicas, confirm }) => {
      const { minimum, maximum } = bounds(component, 'replicas');
      if (replicas < minimum || replicas > maximum)
        return fail(
          `${component}.replicas must be between ${minimum} and ${maximum} (deploy/charts/todo/values.schema.json)`,
        );
      return mutate(scaleCommand(target, component, replicas), confirm, `scale ${component} to ${replicas}`);
    },
  );

  server.registerTool(
    'rollback',
    {
      description: `Rolls the ${where} back with helm rollback, to the given revision or the last good one before the newest.`,
      inputSchema: { revision: z.number().int().min(1).optional(), confirm },
      annotations: { destructiveHint: true },
    },
    async ({ revision, confirm }) => {
      const [newest, ...older] = (await snapshot()).releases;
      const to = revision ?? older.find((r) => r.status === 'deployed' || r.status === 'superseded')?.revision;
      if (!newest || !to) return fail(`no earlier revision of ${target.release} to roll back to`);
      if (to === newest.revision) return fail(`revision ${to} is already the current one`);
      return mutate(rollbackCommand(target, to, await kubeTool('helm')), confirm, `roll back to revision ${to}`);
    },
  );

  server.registerTool(
    'backup_now',
    {
      description: `Backs up the database of the ${where} now (a Job from the backup CronJob, against kubectl's current context); prints the backup's file name.`,
      inputSchema: { confirm },
      annotations: { destructiveHint: false, readOnlyHint: false },
    },
    async ({ confirm }) => mutate(backupCommand(target), confirm, 'start a backup'),
  );
}
