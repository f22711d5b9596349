/** Which cluster, namespace and release the ops tools look at: `todo`/`todo`/current context by default. */
export interface OpsTarget {
  /** kube context; undefined means the kubeconfig's current context. */
  context?: string;
  namespace: string;
  release: string;
}

/** Reads `--namespace`, `--release`, `--context` (or KUBE_CONTEXT) from the command line. */
export function parseTarget(argv: string[], env: NodeJS.ProcessEnv = process.env): OpsTarget {
  const value = (name: string) => {
    const prefix = `--${name}=`;
    const inline = argv.find((arg) => arg.startsWith(prefix));
    if (inline) return inline.slice(prefix.length);
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  return {
    context: value('context') || env.KUBE_CONTEXT || undefined,
    namespace: value('namespace') || 'todo',
    release: value('release') || 'todo',
  };
}
