import { ErrorCode } from '@todo/contracts';
import type { ChatConfig } from '../config.js';
import { HttpError } from '../errors.js';

/** The subset of the Chat Completions wire format the agent uses. */
export interface ToolCallRequest {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CompletionMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCallRequest[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

export type AssistantMessage = Extract<CompletionMessage, { role: 'assistant' }>;

const providerError = (message: string) => new HttpError(502, ErrorCode.providerError, message);

export const turnTimedOut = (config: ChatConfig) =>
  new HttpError(504, ErrorCode.providerTimeout, `The model provider did not answer within ${config.timeoutMs} ms`);

/**
 * One `POST {baseUrl}/chat/completions`. A provider that cannot be reached, fails or answers nonsense is a 502;
 * one that is still thinking when `signal` fires (the turn's deadline) is a 504.
 */
export async function complete(
  config: ChatConfig,
  request: { messages: CompletionMessage[]; tools: FunctionTool[]; tool_choice: 'auto' | 'none' },
  signal: AbortSignal,
): Promise<AssistantMessage> {
  let response: Response;
  try {
    response = await fetch(`${config.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({ model: config.model, ...request }),
      signal,
    });
  } catch {
    throw signal.aborted ? turnTimedOut(config) : providerError('The model provider cannot be reached');
  }
  let body: { choices?: { message?: AssistantMessage }[] } | undefined;
  try {
    body = (await response.json()) as typeof body;
  } catch {
    if (signal.aborted) throw turnTimedOut(config);
  }
  if (!response.ok) throw providerError(`The model provider answered ${response.status}`);
  const message = body?.choices?.[0]?.message;
  if (!message || message.role !== 'assistant') throw providerError('The model provider answered without a message');
  return message;
}
