import type { Provider } from './provider.js';

export interface KubectlAiRun {
  question: string;
  preamble: string;
  provider: Provider;
  kubeconfig: string;
  toolsConfig: string;
  /** add --mcp-client: kubectl-ai then starts the servers of its mcp.yaml (ops:ai-setup adds todo-ops) */
  mcpClient: boolean;
  allowChanges: boolean;
}

/**
 * kubectl-ai's command line. Questions are one-shot (--quiet); --allow-changes runs it interactively so the user
 * answers kubectl-ai's confirmation of each change. --skip-permissions is never passed.
 */
export function kubectlAiArgs(run: KubectlAiRun): string[] {
  return [
    '--llm-provider',
    run.provider.id,
    ...(run.provider.model ? ['--model', run.provider.model] : []),
    ...(run.provider.toolUseShim ? ['--enable-tool-use-shim'] : []),
    '--kubeconfig',
    run.kubeconfig,
    '--custom-tools-config',
    run.toolsConfig,
    ...(run.mcpClient ? ['--mcp-client'] : []),
    ...(run.allowChanges ? [] : ['--quiet']),
    `${run.preamble}\n${run.question}`,
  ];
}
