import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ChatMessage, ToolCall } from '@todo/contracts';
import { dateTimeFormat } from '@todo/contracts/zone';
import type { ChatConfig } from '../config.js';
import { localDate } from '../mcp/local-time.js';
import { complete, turnTimedOut, type CompletionMessage, type FunctionTool } from './provider.js';

export interface AgentTurn {
  history: ChatMessage[];
  message: string;
  /** IANA time zone of the user: "tomorrow at 9" means 9 o'clock there. */
  timeZone: string;
  now?: Date;
}

/**
 * The model gets the user's local date and time and gives due times as local times; the tools resolve them with the
 * zone's rules for that day (local-time.ts): offset arithmetic on today's offset is wrong across a DST change.
 */
export function systemPrompt(now: Date, timeZone: string): string {
  const local = dateTimeFormat('en-US', { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(now);
  return [
    "You are the assistant of a todo app. You manage the user's tasks with the tools you are given:",
    'add, list, complete, update and delete. Look a task up with list_tasks when you need its id.',
    `It is now ${local} in ${timeZone}. Give due dates as the user's local date and time, without an offset,`,
    `e.g. ${localDate(now, timeZone)}T17:00 for 5 pm today; the tools apply the time zone.`,
    'Answer briefly in plain text and say what you changed.',
  ].join(' ');
}

/** The model sees the tools without `user_id`: the server knows who is calling. */
function forModel(tool: { name: string; description?: string; inputSchema: Record<string, unknown> }): FunctionTool {
  const {
    properties = {},
    required = [],
    ...schema
  } = tool.inputSchema as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  const rest = Object.fromEntries(Object.entries(properties).filter(([name]) => name !== 'user_id'));
  return {
    type: 'function',
    function: {
      name: tool.name,
      description: tool.description,
      parameters: { ...schema, properties: rest, required: required.filter((name) => name !== 'user_id') },
    },
  };
}

function parseArguments(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const textOf = (result: CallToolResult) =>
  result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

function resultOf(text: string, isError: boolean): unknown {
  if (isError) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Tool calling over Chat Completions: the model asks for tools, they run through the MCP client, their results
 * go back, until the model answers in text. At most `maxToolRounds` rounds of tools, then it must answer; the
 * whole turn shares one deadline.
 */
export async function runAgent(
  config: ChatConfig,
  tools: Client,
  turn: AgentTurn,
  /** Filled as tools run: after a failure, what the turn already changed. */
  toolCalls: ToolCall[] = [],
): Promise<{ response: string; toolCalls: ToolCall[] }> {
  const signal = AbortSignal.timeout(config.timeoutMs);
  const functions = (await tools.listTools()).tools.map(forModel);
  const messages: CompletionMessage[] = [
    { role: 'system', content: systemPrompt(turn.now ?? new Date(), turn.timeZone) },
    ...turn.history.map(({ role, content }) => ({ role, content })),
    { role: 'user', content: turn.message },
  ];

  for (let round = 0; ; round++) {
    const lastRound = round === config.maxToolRounds;
    const reply = await complete(
      config,
      { messages, tools: functions, tool_choice: lastRound ? 'none' : 'auto' },
      signal,
    );
    if (lastRound || !reply.tool_calls?.length) return { response: reply.content ?? '', toolCalls };

    messages.push({ role: 'assistant', content: reply.content ?? null, tool_calls: reply.tool_calls });
    for (const call of reply.tool_calls) {
      const args = parseArguments(call.function.arguments);
      let text: string;
      let isError: boolean;
      if (args === undefined) {
        [text, isError] = ['The arguments must be a JSON object', true];
      } else {
        const result = (await tools
          .callTool({ name: call.function.name, arguments: args }, undefined, { signal })
          .catch((error: unknown) => {
            throw signal.aborted ? turnTimedOut(config) : error;
          })) as CallToolResult;
        [text, isError] = [textOf(result), result.isError ?? false];
      }
      toolCalls.push({
        name: call.function.name,
        arguments: args ?? {},
        result: resultOf(text, isError),
        is_error: isError,
      });
      messages.push({ role: 'tool', tool_call_id: call.id, content: text });
    }
  }
}
