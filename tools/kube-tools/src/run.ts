// Runs helm or kubectl (see binaries.ts for which one), passing the arguments and the exit code through.
//   node --conditions=@todo/source --import tsx tools/kube-tools/src/run.ts helm lint --strict deploy/charts/todo
import { spawnSync } from 'node:child_process';
import { kubeTool, PINNED, type KubeTool } from './binaries.js';

const [tool, ...args] = process.argv.slice(2);
if (!(tool in PINNED)) {
  console.error(`Usage: run.ts <${Object.keys(PINNED).join('|')}> [arguments...]`);
  process.exit(2);
}
const result = spawnSync(await kubeTool(tool as KubeTool), args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
