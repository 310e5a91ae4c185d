// A failure as a message box: what happened, what to do, and main's own sentence under "Details".
import type { ReactNode } from 'react';
import type { IpcError } from '../api/api-types.ts';
import { describeError } from '../text/error-text.ts';

/** Shows `error` (an alert, so screen readers read it at once); `children` adds actions. */
export function ErrorPanel({ error, owner = null, children }: { error: IpcError; owner?: string | null; children?: ReactNode }): ReactNode {
  const text = describeError(error, owner);
  const tone = text.kind === 'cancelled' ? 'warn' : 'error';
  return (
    <div className={`message ${tone}`} role="alert" data-error-kind={text.kind} data-error-code={error.code}>
      <h2>{text.title}</h2>
      {text.advice === null ? <p>{text.detail}</p> : <p>{text.advice}</p>}
      {children}
      {text.advice === null || text.detail === '' ? null : (
        <details>
          <summary>Details</summary>
          <p>{text.detail}</p>
        </details>
      )}
    </div>
  );
}
