// Lints a Helm chart as rendered for each environment:
// node --conditions=@todo/source --import tsx tools/helm-ts-lint/src/cli.ts --chart deploy/charts/todo \
//   --env local=deploy/environments/local.yaml --env production=deploy/environments/production.yaml
import { parseCliArgs, usage, UsageError } from './cli-args.js';
import { lintManifests } from './lint.js';
import { parseManifests } from './parse.js';
import { renderChart } from './render.js';
import { reportLines } from './report.js';
import { existingSecretsIn } from './values-secrets.js';

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  let failed = false;
  for (const { name, valuesFiles } of args.environments) {
    try {
      const manifests = await renderChart({ ...args, valuesFiles });
      const objects = parseManifests(manifests);
      const existingSecrets = [...args.existingSecrets, ...(await existingSecretsIn(valuesFiles))];
      const findings = lintManifests(objects, { existingSecrets });
      for (const line of reportLines(name, objects.length, findings)) console.log(line);
      failed ||= findings.length > 0;
    } catch (error) {
      console.error(`${name}: ${(error as Error).message}`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${usage}`);
  process.exitCode = 2;
}
