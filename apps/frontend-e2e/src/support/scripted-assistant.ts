import type { CompletionRequest, ScriptedReply } from '@todo/local-stack/scripted-provider';

/**
 * The scripted model of the end-to-end stack: "add <title>" adds a task; "complete <title>" lists the tasks, then
 * completes the one with that title; after a tool it reports the result; anything else gets a hint.
 */
export function scriptedAssistant(request: CompletionRequest): ScriptedReply {
  const last = request.messages.at(-1)!;
  const asked = request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  const [, verb, title] = /^(add|complete) (.+)$/i.exec(asked.trim()) ?? [];
  if (last.role === 'tool') {
    const result = JSON.parse(last.content ?? 'null') as
      { tasks: { id: number; title: string }[] } | { status: string; title: string };
    if (!('tasks' in result)) return { content: `Done: ${result.status} "${result.title}".` };
    const task = result.tasks.find((candidate) => candidate.title === title);
    return task
      ? { toolCalls: [{ name: 'complete_task', arguments: { task_id: task.id } }] }
      : { content: `There is no task called "${title}".` };
  }
  if (verb?.toLowerCase() === 'add') return { toolCalls: [{ name: 'add_task', arguments: { title } }] };
  if (verb?.toLowerCase() === 'complete') return { toolCalls: [{ name: 'list_tasks', arguments: {} }] };
  return { content: 'Try "add <title>" or "complete <title>".' };
}
