// The short text to send along with a sealed file, with a Copy button.
import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton.tsx';

/** "A note to send with it": `message`, shown and copyable. */
export function NoteToSend({ message, testId }: { message: string; testId?: string }): ReactNode {
  return (
    <div className="field">
      <span className="label">A note to send with it</span>
      <div className="copy-row">
        <p className="value note" data-testid={testId}>
          {message}
        </p>
        <CopyButton text={message} label="Copy the note" />
      </div>
    </div>
  );
}
