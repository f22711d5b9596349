// Lints a Helm chart as rendered for each environment:
// node --conditions=@todo/source --import tsx tools/helm-ts-lint/src/cli.ts --chart deploy/charts/todo \
//   --env local=deploy/environments/local.yaml --env production=deploy/environments/production.yaml
import { parseCliArgs, usage, UsageError } from './cli-args.js';
import { lintChart } from './lint-chart.js';

try {
  process.exitCode = (await lintChart(parseCliArgs(process.argv.slice(2)))) ? 0 : 1;
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${usage}`);
  process.exitCode = 2;
}
