import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a client sent to `POST /v1/chat/completions`, as parsed JSON, with its Authorization header. */
export interface CompletionRequest {
  model: string;
  messages: { role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] }[];
  tools?: { type: 'function'; function: { name: string; parameters: unknown } }[];
  tool_choice?: unknown;
  authorization?: string;
}

/** One recorded answer: text, tool calls, or a failure (a status and a raw body); `delayMs` holds it back. */
export interface ScriptedReply {
  content?: string;
  toolCalls?: { name: string; arguments: Record<string, unknown> | string }[];
  status?: number;
  body?: string;
  delayMs?: number;
}

/** The replies in order, or a function of the request (and its index) for tests that run many conversations. */
export type Script = ScriptedReply[] | ((request: CompletionRequest, index: number) => ScriptedReply);

export interface ScriptedProvider {
  /** The OPENAI_BASE_URL to give the backend, e.g. http://127.0.0.1:43123/v1 */
  baseUrl: string;
  requests: CompletionRequest[];
  close(): Promise<void>;
}

let ids = 0;

/** A Chat Completions answer in the real wire format. */
function completion(model: string, reply: ScriptedReply) {
  const toolCalls = reply.toolCalls?.map((call) => ({
    id: `call_${++ids}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
  return {
    id: `chatcmpl-${++ids}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return JSON.parse(text);
}

/**
 * A stand-in for an OpenAI-compatible model provider on 127.0.0.1: it answers `POST /v1/chat/completions` from
 * a script of recorded replies and keeps every request, so a test can check what the backend sent.
 */
export async function startScriptedProvider(script: Script): Promise<ScriptedProvider> {
  const requests: CompletionRequest[] = [];
  const send = (response: ServerResponse, status: number, body: string): void =>
    void response.writeHead(status, { 'content-type': 'application/json' }).end(body);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions')
      return send(response, 404, JSON.stringify({ error: { message: 'not found' } }));
    const body = (await readJson(request)) as CompletionRequest;
    const index = requests.push({ ...body, authorization: request.headers.authorization }) - 1;
    const reply = typeof script === 'function' ? script(body, index) : script[index];
    if (!reply) return send(response, 500, JSON.stringify({ error: { message: `no reply scripted for #${index}` } }));
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (response.destroyed) return;
    if (reply.status) return send(response, reply.status, reply.body ?? '');
    send(response, 200, JSON.stringify(completion(body.model, reply)));
  };
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
