'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ToolCall } from '@todo/contracts';
import { CHAT_LIMITS } from '@todo/contracts/limits';
import { ApiError, getConversation, listConversations, sendChat } from '@/lib/api';
import { Field } from './Field';

interface Line {
  key: string;
  role: 'user' | 'assistant';
  content: string;
  toolCalls?: ToolCall[];
}

/** Failures after which the turn may have run (or may still run): sending the message again is a retry. */
const RETRIED = new Set([0, 409, 502, 503, 504]);

/** A fresh idempotency key (the API accepts letters, digits, `-` and `_`). */
const newKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Tools that only read: calling them leaves the task list as it was. */
const READ_ONLY = new Set(['list_tasks']);

function describe(call: ToolCall): string {
  const result = call.result as { status?: string; title?: string } | unknown[] | string;
  if (call.is_error) return `${call.name} failed: ${String(result)}`;
  if (Array.isArray(result)) return `${call.name}: ${result.length} task(s)`;
  if (typeof result === 'object' && result?.status) return `${result.status}: ${result.title}`;
  return call.name;
}

/**
 * The assistant: it manages tasks in plain language through the chat endpoint. The latest conversation is
 * picked up again on load; `onTasksChanged` runs after the assistant changed tasks. `configured` (from the server's
 * render) says on load when the server has no model; a message typed anyway is kept.
 */
export function ChatPanel({
  userId,
  configured,
  onTasksChanged,
  onSessionEnded,
}: {
  userId: string;
  configured?: boolean;
  onTasksChanged: () => void;
  onSessionEnded: () => void;
}) {
  const [conversationId, setConversationId] = useState<number | undefined>();
  const [lines, setLines] = useState<Line[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notConfigured, setNotConfigured] = useState(configured === false);
  // The message whose answer never came, with its key: sending it again reuses the key, so the backend answers the
  // turn it may have run instead of running it twice. Any other message gets a new key.
  const unanswered = useRef<{ message: string; key: string } | null>(null);

  useEffect(() => {
    let current = true;
    listConversations(userId)
      .then(async ({ items }) => {
        if (!items[0]) return;
        const detail = await getConversation(userId, items[0].id);
        if (!current) return;
        setConversationId(detail.id);
        setLines(detail.messages.map((m) => ({ key: String(m.id), role: m.role, content: m.content })));
      })
      .catch(() => undefined); // history is a convenience: the panel works without it
    return () => {
      current = false;
    };
  }, [userId]);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = draft.trim();
    if (!message || busy) return;
    setBusy(true);
    setError(null);
    setLines((prev) => [...prev, { key: `pending-${prev.length}`, role: 'user', content: message }]);
    setDraft('');
    const key = unanswered.current?.message === message ? unanswered.current.key : newKey();
    unanswered.current = { message, key };
    try {
      const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const answer = await sendChat(userId, {
        conversation_id: conversationId,
        message,
        timezone,
        idempotency_key: key,
      });
      unanswered.current = null;
      setConversationId(answer.conversation_id);
      setLines((prev) => [
        ...prev,
        { key: `reply-${prev.length}`, role: 'assistant', content: answer.response, toolCalls: answer.tool_calls },
      ]);
      if (answer.tool_calls.some((call) => !call.is_error && !READ_ONLY.has(call.name))) onTasksChanged();
    } catch (caught) {
      setLines((prev) => prev.slice(0, -1));
      setDraft(message);
      if (!(caught instanceof ApiError && RETRIED.has(caught.status))) unanswered.current = null;
      if (caught instanceof ApiError && caught.code === 'CHAT_NOT_CONFIGURED') setNotConfigured(true);
      else if (caught instanceof ApiError && caught.status === 401) onSessionEnded();
      else setError(caught instanceof Error ? caught.message : 'The assistant did not answer.');
    } finally {
      setBusy(false);
    }
  }

  function startOver() {
    unanswered.current = null;
    setConversationId(undefined);
    setLines([]);
    setError(null);
  }

  return (
    <section className="card chat" aria-labelledby="chat-heading">
      <header className="top">
        <h2 id="chat-heading">Assistant</h2>
        <button type="button" onClick={startOver} disabled={busy || lines.length === 0}>
          New conversation
        </button>
      </header>
      {notConfigured && (
        <p role="status" className="muted">
          The assistant is not available: no language model is configured on this server. You can still manage your
          tasks on this page.
        </p>
      )}
      {!notConfigured && (
        <div className="chat-log" role="log" aria-label="Conversation" aria-busy={busy}>
          {lines.length === 0 && <p className="muted">Ask me to add, list, complete, change or delete tasks.</p>}
          <ol>
            {lines.map((line) => (
              <li key={line.key} className={`chat-message ${line.role}`}>
                <span className="muted">{line.role === 'user' ? 'You' : 'Assistant'}</span>
                <p>{line.content}</p>
                {line.toolCalls && line.toolCalls.length > 0 && (
                  <ul className="meta" aria-label="Actions">
                    {line.toolCalls.map((call, index) => (
                      <li key={index} className="badge">
                        {describe(call)}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
          {busy && <p className="muted">Thinking…</p>}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form method="post" className="row" aria-label="Chat" onSubmit={send}>
        <Field label="Message" className="grow">
          {(control) => (
            <input
              {...control}
              name="message"
              autoComplete="off"
              maxLength={CHAT_LIMITS.messageMax}
              value={draft}
              onChange={(event) => setDraft(event.target.value)}
              placeholder="e.g. Remind me to call mum on Friday"
              disabled={notConfigured}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy || notConfigured || !draft.trim()}>
          {busy ? 'Sending…' : 'Send'}
        </button>
      </form>
    </section>
  );
}
