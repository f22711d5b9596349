import type { CliArgs } from './cli-args.js';
import { lintManifests } from './lint.js';
import { parseManifests } from './parse.js';
import { renderChart } from './render.js';
import { reportLines } from './report.js';
import { existingSecretsIn } from './values-secrets.js';

/** Renders and lints the chart for each environment, printing each one's findings; false when any was found. */
export async function lintChart(args: CliArgs): Promise<boolean> {
  let passed = true;
  for (const { name, valuesFiles } of args.environments) {
    try {
      const manifests = await renderChart({ ...args, valuesFiles });
      const objects = parseManifests(manifests);
      const existingSecrets = [...args.existingSecrets, ...(await existingSecretsIn(valuesFiles))];
      const findings = lintManifests(objects, { existingSecrets });
      for (const line of reportLines(name, objects.length, findings)) console.log(line);
      passed &&= findings.length === 0;
    } catch (error) {
      console.error(`${name}: ${(error as Error).message}`);
      passed = false;
    }
  }
  return passed;
}
