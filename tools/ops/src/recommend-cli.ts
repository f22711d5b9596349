// nx run ops:recommend [-- --samples 20 --interval 15 | --prometheus http://127.0.0.1:9090 --window 3600]
//   [--write-values <file>] [--json]: resource requests/limits and autoscaling suggestions from observed usage.
import { writeFile } from 'node:fs/promises';
import { parseCli, refuse } from '@todo/cli';
import { TARGET_OPTIONS, TARGET_USAGE, targetFrom } from './kube/target.js';

const { values } = parseCli({
  usage: `Usage: recommend-cli.ts [--samples 10 --interval 15 | --prometheus <url> --window 3600]
                         [--write-values <file>] [--json] [--namespace todo] [--release todo] [--context <ctx>]
       (npx nx run ops:recommend -- --write-values <file>)

Suggests requests, limits and autoscaling from observed usage: samples of the metrics API, or Prometheus.

  --samples <n>          metrics API samples (default 10), --interval <s> apart (default 15)
  --prometheus <url>     read usage from Prometheus instead (default PROMETHEUS_URL), over --window <s> (3600)
  --write-values <file>  write the suggestions as a values file for nx deploy --values
  --json                 the suggestions as JSON
${TARGET_USAGE}`,
  options: {
    ...TARGET_OPTIONS,
    samples: { type: 'string', default: '10' },
    interval: { type: 'string', default: '15' },
    prometheus: { type: 'string', default: process.env.PROMETHEUS_URL },
    window: { type: 'string', default: '3600' },
    'write-values': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (!/^[1-9]\d*$/.test(values.samples)) refuse(`--samples must be a positive whole number (got "${values.samples}")`);
for (const name of ['interval', 'window'] as const)
  if (!(Number(values[name]) > 0)) refuse(`--${name} must be a positive number of seconds (got "${values[name]}")`);
if (values.prometheus !== undefined && !URL.canParse(values.prometheus))
  refuse(`--prometheus must be a URL (got "${values.prometheus}")`);
const target = targetFrom(values);
// The heavy modules (the Kubernetes client, the MCP SDK) load once the arguments are read: --help and a refused
// option answer without them.
const [{ loadKubeConfig }, { runRecommend }, { formatRecommendations, valuesPatchYaml }] = await Promise.all([
  import('./kube/client.js'),
  import('./recommend/run.js'),
  import('./recommend/values-patch.js'),
]);
try {
  const recs = await runRecommend(loadKubeConfig(target), target, {
    samples: Number(values.samples),
    intervalSeconds: Number(values.interval),
    prometheus: values.prometheus,
    windowSeconds: Number(values.window),
  });
  process.stdout.write(values.json ? `${JSON.stringify(recs, null, 2)}\n` : formatRecommendations(recs));
  if (values['write-values'] && recs.containers.length > 0) {
    await writeFile(values['write-values'], valuesPatchYaml(recs));
    console.log(`wrote ${values['write-values']}: npx nx deploy backend --values ${values['write-values']}`);
  }
} catch (error) {
  const message =
    (error as { code?: number }).code === 404
      ? 'the metrics API is not served: minikube addons enable metrics-server'
      : (error as Error).message;
  console.error(`recommend: ${message}`);
  process.exitCode = 2;
}
