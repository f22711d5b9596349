export { formatFinding } from './format.js';
export type { CliArgs as ChartLintOptions } from './cli-args.js';
export { lintChart } from './lint-chart.js';
export { lintManifests } from './lint.js';
export { allowedFlows, type Flow } from './network/flows.js';
export { parseManifests } from './parse.js';
export { helmTemplateArgs, renderChart, type RenderOptions } from './render.js';
export { rules } from './rules/index.js';
export type { Finding, K8sObject, LintOptions, Rule } from './types.js';
