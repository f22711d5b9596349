/** Which cluster, namespace and release the ops tools look at: `todo`/`todo`/current context by default. */
export interface OpsTarget {
  /** kube context; undefined means the kubeconfig's current context. */
  context?: string;
  namespace: string;
  release: string;
}

/** The options every ops CLI takes (parseCli from @todo/cli), and their lines of the usage. */
export const TARGET_OPTIONS = {
  namespace: { type: 'string', default: 'todo' },
  release: { type: 'string', default: 'todo' },
  context: { type: 'string' },
} as const;

export const TARGET_USAGE = `  --namespace <name>  the release's namespace (default todo)
  --release <name>    the Helm release (default todo)
  --context <ctx>     the kube context (default KUBE_CONTEXT, else the current one)`;

/** The target from parsed `--namespace`, `--release`, `--context` (or KUBE_CONTEXT). */
export function targetFrom(
  values: { namespace?: string; release?: string; context?: string },
  env: NodeJS.ProcessEnv = process.env,
): OpsTarget {
  return {
    context: values.context || env.KUBE_CONTEXT || undefined,
    namespace: values.namespace || 'todo',
    release: values.release || 'todo',
  };
}
