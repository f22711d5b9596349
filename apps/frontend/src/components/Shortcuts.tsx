'use client';

import { useEffect, useRef } from 'react';

/** Inputs that take no typing: a shortcut pressed on them is a shortcut. */
const NOT_TEXT = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Whether a key press belongs to a text field (or carries a modifier), not to the page's shortcuts. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (event.key === 'Escape') return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type);
  return target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Page-wide single-key shortcuts, ignored while the user types in a field (Escape always reaches its handler). */
export function useShortcuts(handlers: Record<string, () => void>): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    function keyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || typing(event)) return;
      const handler = latest.current[event.key];
      if (!handler) return;
      event.preventDefault();
      handler();
    }
    document.addEventListener('keydown', keyDown);
    return () => document.removeEventListener('keydown', keyDown);
  }, []);
}

/** The shortcuts, documented on the page. */
export function Shortcuts() {
  return (
    <details className="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <dl>
        <dt>
          <kbd>n</kbd>
        </dt>
        <dd>New task: go to its title</dd>
        <dt>
          <kbd>/</kbd>
        </dt>
        <dd>Search</dd>
        <dt>
          <kbd>Escape</kbd>
        </dt>
        <dd>Cancel the edit; in the search box, clear the search</dd>
        <dt>
          <kbd>Enter</kbd> on a task&apos;s checkbox, or double-click
        </dt>
        <dd>Edit the task</dd>
        <dt>
          <kbd>Space</kbd> on a task&apos;s checkbox
        </dt>
        <dd>Complete or reopen it</dd>
      </dl>
    </details>
  );
}
