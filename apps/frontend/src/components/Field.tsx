'use client';

import { useId, type ReactNode } from 'react';

/** What a control needs from its Field: its id, and its error when there is one. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
}

/**
 * A label tied to its control by id, so the control's accessible name is the label alone; an error shows under the
 * control in plain words, marks it invalid and describes it.
 */
export function Field({
  id: fixedId,
  label,
  hint,
  error,
  className,
  children,
}: {
  /** A fixed id, for a control other code finds (shortcuts, focus); generated otherwise. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const generated = useId();
  const id = fixedId ?? generated;
  const errorId = `${id}-error`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {hint && <span className="muted"> {hint}</span>}
      </label>
      {children(error ? { id, 'aria-invalid': true, 'aria-describedby': errorId } : { id })}
      {error && (
        <p id={errorId} className="error field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
