// nx run deploy:doctor [-- --json] [--namespace todo] [--release todo] [--context <ctx>]: what is wrong, with the
// evidence and the fix. Exits 1 when it found an error.
import { runDoctor, formatReport } from './doctor/doctor.js';
import { loadKubeConfig } from './kube/client.js';
import { readSnapshot } from './kube/snapshot.js';
import { parseTarget } from './kube/target.js';

const argv = process.argv.slice(2);
const target = parseTarget(argv);
try {
  const report = runDoctor(await readSnapshot(loadKubeConfig(target), target));
  process.stdout.write(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  process.exitCode = report.findings.some((f) => f.severity === 'error') ? 1 : 0;
} catch (error) {
  console.error(`doctor: cannot read the cluster: ${(error as Error).message}`);
  process.exitCode = 2;
}
