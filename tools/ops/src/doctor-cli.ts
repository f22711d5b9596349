// nx run ops:doctor [-- --json] [--namespace todo] [--release todo] [--context <ctx>]: what is wrong, with the
// evidence and the fix. Exits 1 when it found an error.
import { parseCli } from '@todo/cli';
import { TARGET_OPTIONS, TARGET_USAGE, targetFrom } from './kube/target.js';

const { values } = parseCli({
  usage: `Usage: doctor-cli.ts [--json] [--namespace todo] [--release todo] [--context <ctx>]
       (npx nx run ops:doctor -- --json)

Reads the release through the Kubernetes API and reports each problem with its evidence and fix; exits 1 when it
found an error, 2 when it cannot read the cluster.

  --json              the report as JSON
${TARGET_USAGE}`,
  options: { ...TARGET_OPTIONS, json: { type: 'boolean', default: false } },
});
const target = targetFrom(values);
// The heavy modules (the Kubernetes client, the MCP SDK) load once the arguments are read: --help and a refused
// option answer without them.
const [{ runDoctor, formatReport }, { loadKubeConfig }, { readSnapshot }] = await Promise.all([
  import('./doctor/doctor.js'),
  import('./kube/client.js'),
  import('./kube/snapshot.js'),
]);
try {
  const report = runDoctor(await readSnapshot(loadKubeConfig(target), target));
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  process.exitCode = report.findings.some((f) => f.severity === 'error') ? 1 : 0;
} catch (error) {
  console.error(`doctor: cannot read the cluster: ${(error as Error).message}`);
  process.exitCode = 2;
}
