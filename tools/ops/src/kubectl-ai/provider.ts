/** The model provider kubectl-ai should use, chosen from the environment. */
export interface Provider {
  id: string;
  model?: string;
  /** Local models without native tool calling need kubectl-ai's tool-use shim. */
  toolUseShim: boolean;
}

export class ProviderError extends Error {}

/**
 * KUBECTL_AI_PROVIDER (gemini, openai, ollama, or any kubectl-ai provider id) wins; otherwise the first of
 * GEMINI_API_KEY, OPENAI_API_KEY (with OPENAI_ENDPOINT for any OpenAI-compatible server), OLLAMA_HOST.
 * KUBECTL_AI_MODEL names the model (OPENAI_MODEL also works for OpenAI).
 */
export function resolveProvider(env: NodeJS.ProcessEnv): Provider {
  const id =
    env.KUBECTL_AI_PROVIDER ||
    (env.GEMINI_API_KEY && 'gemini') ||
    (env.OPENAI_API_KEY && 'openai') ||
    (env.OLLAMA_HOST && 'ollama') ||
    undefined;
  if (!id)
    throw new ProviderError(
      'no model provider: set GEMINI_API_KEY, or OPENAI_API_KEY (+ OPENAI_ENDPOINT for an OpenAI-compatible server), ' +
        'or OLLAMA_HOST with KUBECTL_AI_MODEL',
    );
  const model = env.KUBECTL_AI_MODEL || (id === 'openai' ? env.OPENAI_MODEL : undefined) || undefined;
  if (id === 'ollama' && !model)
    throw new ProviderError('OLLAMA_HOST is set but not KUBECTL_AI_MODEL: name the local model, e.g. qwen3:8b');
  return { id, model, toolUseShim: id === 'ollama' || id === 'llamacpp' };
}
