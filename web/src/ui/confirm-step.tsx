import { useState, type ReactNode } from 'react';

/**
 * A destructive action in two steps, inline (no `window.confirm`): the button, then "Are you sure?" with the
 * confirming button and Cancel. `onConfirm` runs the action; the step closes when it settles.
 */
export function ConfirmStep({ label, question, confirmLabel, onConfirm, busy, className = 'danger' }: { label: string; question: ReactNode; confirmLabel?: string; onConfirm: () => Promise<unknown>; busy?: boolean; className?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={className === 'danger' ? 'secondary' : className} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm-step" role="group" aria-label={label}>
      <span>{question}</span>
      <button type="button" className={className} disabled={busy} aria-busy={busy || undefined} onClick={() => void onConfirm().finally(() => setAsking(false))} autoFocus>
        {busy ? 'Working…' : (confirmLabel ?? `Yes, ${label.toLowerCase()}`)}
      </button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
