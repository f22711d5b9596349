// nx run ops:ai -- "<question>" [--allow-changes] [--namespace todo] [--release todo] [--context <ctx>]:
// kubectl-ai with the project's context (kube context and namespace, a preamble, helm and the ops commands as
// custom tools, the todo-ops MCP server when ops:ai-setup added it) and the provider from the environment.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseCli, refuse } from '@todo/cli';
import { kubeTool } from '@todo/kube-tools';
import { TARGET_OPTIONS, TARGET_USAGE, targetFrom } from './kube/target.js';
import { kubectlAiArgs } from './kubectl-ai/args.js';
import { findOnPath } from './kubectl-ai/find-binary.js';
import { preamble } from './kubectl-ai/prompt.js';
import { resolveProvider } from './kubectl-ai/provider.js';
import { customToolsYaml } from './kubectl-ai/tools-config.js';
import { INSTALL_COMMAND, KUBECTL_AI_VERSION } from './kubectl-ai/version.js';

const { values, positionals } = parseCli({
  usage: `Usage: ai-cli.ts "<question>" [--allow-changes] [--namespace todo] [--release todo] [--context <ctx>]
       (npx nx run ops:ai -- "why is the backend failing?")

Runs kubectl-ai (v${KUBECTL_AI_VERSION}, installed separately) scoped to the release, with helm and the ops commands as
tools; the provider comes from GEMINI_API_KEY, OPENAI_API_KEY/OPENAI_ENDPOINT or OLLAMA_HOST.

  --allow-changes     let it change the cluster (read-only otherwise)
${TARGET_USAGE}`,
  allowPositionals: true,
  options: { ...TARGET_OPTIONS, 'allow-changes': { type: 'boolean', default: false } },
});
const question = positionals.join(' ').trim();
const allowChanges = values['allow-changes'];
if (!question) refuse('a question is needed: npx nx run ops:ai -- "why is the backend failing?"');

const fail = (message: string, code = 1) => {
  console.error(message);
  process.exit(code);
};

const binary = findOnPath('kubectl-ai');
if (!binary) fail(`kubectl-ai is not installed (this project uses v${KUBECTL_AI_VERSION}): ${INSTALL_COMMAND}`, 127);

const target = targetFrom(values);
// The heavy modules (the Kubernetes client, the MCP SDK) load once the arguments are read: --help and a refused
// option answer without them.
const [{ loadKubeConfig }, { scopedKubeConfig }, { hasOpsServer }] = await Promise.all([
  import('./kube/client.js'),
  import('./kubectl-ai/kubeconfig.js'),
  import('./kubectl-ai/mcp-config.js'),
]);
const work = await mkdtemp(join(tmpdir(), 'todo-ai-'));
try {
  const provider = resolveProvider(process.env);
  const [helm, kubectl] = [await kubeTool('helm'), await kubeTool('kubectl')];
  const kubeconfig = join(work, 'kubeconfig');
  const toolsConfig = join(work, 'tools.yaml');
  await writeFile(kubeconfig, scopedKubeConfig(loadKubeConfig(target), target), { mode: 0o600 });
  await writeFile(toolsConfig, customToolsYaml(target, helm));
  const args = kubectlAiArgs({
    question,
    preamble: preamble(target, allowChanges),
    provider,
    kubeconfig,
    toolsConfig,
    mcpClient: await hasOpsServer(),
    allowChanges,
  });
  const child = spawn(binary!, args, {
    stdio: 'inherit',
    env: { ...process.env, KUBECONFIG: kubeconfig, PATH: `${dirname(kubectl)}:${process.env.PATH}` },
  });
  process.exitCode = await new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)));
} catch (error) {
  console.error(`ai: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await rm(work, { recursive: true, force: true });
}
