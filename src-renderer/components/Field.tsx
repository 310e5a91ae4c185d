// A labelled form field: the label names the control, the hint and the error are announced with it.
import { useId, type ReactNode } from 'react';

/** What the control inside needs to be tied to its label, hint and error. */
export type FieldIds = { id: string; describedBy: string | undefined; invalid: boolean };

/** A label, a control (rendered by `children` with the ids), a hint and an error. */
export function Field({ label, hint, error, children }: { label: ReactNode; hint?: ReactNode; error?: string | null; children: (ids: FieldIds) => ReactNode }): ReactNode {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint === undefined ? null : hintId, error ? errorId : null].filter((x) => x !== null).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint === undefined ? null : (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error ? (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
