import type {
  ChatRequest,
  ChatResponse,
  ConversationDetail,
  ConversationList,
  ErrorBody,
  Task,
  TaskCreate,
  TaskListQuery,
  TaskPage,
  TaskUpdate,
} from '@todo/contracts';
import { taskEtag } from '@todo/contracts/etag';

/** An error answer of the API, with its field issues when the input was refused. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: NonNullable<ErrorBody['error']['details']> = [],
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: { ...(init?.body ? { 'content-type': 'application/json' } : {}), ...init?.headers },
      credentials: 'same-origin',
      // Revalidate every time: the API's ETag turns an unchanged answer into a 304 without a body.
      cache: 'no-cache',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check your connection.');
  }
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'UNKNOWN',
      error?.message ?? `Request failed (${response.status})`,
      error?.details,
    );
  }
  return body as T;
}

const tasksPath = (userId: string) => `/api/${encodeURIComponent(userId)}/tasks`;

export function listTasks(userId: string, query: TaskListQuery): Promise<TaskPage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return call(`${tasksPath(userId)}${search ? `?${search}` : ''}`);
}

export const createTask = (userId: string, input: TaskCreate) =>
  call<Task>(tasksPath(userId), { method: 'POST', body: JSON.stringify(input) });

/** Saves the edit of `task` as it was read: a task changed since answers 412 (`PRECONDITION_FAILED`), never lost. */
export const updateTask = (userId: string, task: Task, input: TaskUpdate) =>
  call<Task>(`${tasksPath(userId)}/${task.id}`, {
    method: 'PUT',
    body: JSON.stringify(input),
    headers: { 'if-match': taskEtag(task) },
  });

/** Sends the target state, never a toggle: a retried request leaves the same result. */
export const setCompleted = (userId: string, id: number, completed: boolean) =>
  call<Task>(`${tasksPath(userId)}/${id}/complete`, { method: 'PATCH', body: JSON.stringify({ completed }) });

export const deleteTask = (userId: string, id: number) =>
  call<void>(`${tasksPath(userId)}/${id}`, { method: 'DELETE' });

export const sendChat = (userId: string, input: ChatRequest) =>
  call<ChatResponse>(`/api/${encodeURIComponent(userId)}/chat`, { method: 'POST', body: JSON.stringify(input) });

export const listConversations = (userId: string) =>
  call<ConversationList>(`/api/${encodeURIComponent(userId)}/conversations`);

export const getConversation = (userId: string, id: number) =>
  call<ConversationDetail>(`/api/${encodeURIComponent(userId)}/conversations/${id}`);
