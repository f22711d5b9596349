'use client';

import { useEffect } from 'react';

export interface Toast {
  id: number;
  message: string;
  undo: () => void;
}

/** What just happened, with Undo, for `durationMs`; announced politely. */
export function UndoToast({
  toast,
  durationMs,
  onClose,
}: {
  toast: Toast | null;
  durationMs: number;
  onClose: () => void;
}) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onClose, durationMs);
    return () => clearTimeout(timer);
  }, [toast, durationMs, onClose]);

  return (
    <div className="toast-region" role="status">
      {toast && (
        <div className="toast" key={toast.id}>
          <span>{toast.message}</span>
          <button
            type="button"
            onClick={() => {
              toast.undo();
              onClose();
            }}
          >
            Undo
          </button>
        </div>
      )}
    </div>
  );
}
