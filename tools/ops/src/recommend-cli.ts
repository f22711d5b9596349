// nx run deploy:recommend [-- --samples 20 --interval 15 | --prometheus http://127.0.0.1:9090 --window 3600]
//   [--write-values <file>] [--json]: resource requests/limits and autoscaling suggestions from observed usage.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadKubeConfig } from './kube/client.js';
import { parseTarget } from './kube/target.js';
import { runRecommend } from './recommend/run.js';
import { formatRecommendations, valuesPatchYaml } from './recommend/values-patch.js';

const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv,
  strict: false,
  options: {
    samples: { type: 'string', default: '10' },
    interval: { type: 'string', default: '15' },
    prometheus: { type: 'string', default: process.env.PROMETHEUS_URL },
    window: { type: 'string', default: '3600' },
    'write-values': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const target = parseTarget(argv);
try {
  const recs = await runRecommend(loadKubeConfig(target), target, {
    samples: Number(values.samples),
    intervalSeconds: Number(values.interval),
    prometheus: values.prometheus as string | undefined,
    windowSeconds: Number(values.window),
  });
  process.stdout.write(values.json ? `${JSON.stringify(recs, null, 2)}\n` : formatRecommendations(recs));
  if (values['write-values'] && recs.containers.length > 0) {
    await writeFile(values['write-values'] as string, valuesPatchYaml(recs));
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
