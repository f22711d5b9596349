// `nx trivy-scan <project>`: scans the project's image with Trivy and fails on HIGH or CRITICAL vulnerabilities
// that have a fix. Writes apps/<project>/dist/trivy/report.json and a CycloneDX SBOM (sbom.cdx.json) beside it.
// Uses a local `trivy` binary, else the aquasec/trivy container; .trivyignore (with a reason per entry) applies.
// TRIVY_SKIP=1 skips the gate with a loud warning, for machines that can reach neither.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { componentArg } from './components.js';
import { planScan, TRIVY_IMAGE, trivyRunner } from './trivy.js';

const project = componentArg('scan');
if (process.env.TRIVY_SKIP === '1') {
  console.warn(`\n!!! WARNING: TRIVY_SKIP=1: the ${project} image was NOT scanned for vulnerabilities. !!!\n`);
  process.exit(0);
}
const trivy = trivyRunner();
if (!trivy) {
  console.error(
    `Cannot scan the ${project} image: Trivy is not installed and the ${TRIVY_IMAGE} image cannot be pulled. Install it (https://trivy.dev/latest/getting-started/installation/) or set TRIVY_SKIP=1 to skip the gate.`,
  );
  process.exit(1);
}
const plan = planScan(project);
mkdirSync(plan.outDir, { recursive: true });
console.log(`Scanning ${plan.image} (HIGH and CRITICAL with a fix fail the gate)...`);
const [gate, sbom] = plan.runs.map((args) => trivy(args));
console.log(`Report: ${join(plan.outDir, 'report.json')}; SBOM: ${join(plan.outDir, 'sbom.cdx.json')}`);
if (sbom !== 0) console.error('The SBOM could not be written.');
process.exit(gate || sbom);
