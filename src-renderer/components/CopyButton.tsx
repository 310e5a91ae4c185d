// Copies a text to the clipboard and says so (politely, to screen readers too). Where the clipboard
// is refused (no permission), it says how to copy by hand.
import { useEffect, useState, type ReactNode } from 'react';

/** A "Copy" button for `text`; `label` names what is copied for screen readers ("Copy address"). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }): ReactNode {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setStatus('copied'),
      // Why: the browser may refuse clipboard access; the text is on screen to select instead.
      () => setStatus('failed'),
    );
  };
  return (
    <>
      <button type="button" className="button small" onClick={copy} aria-label={label === 'Copy' ? undefined : label}>
        Copy
      </button>
      <span className="copy-status" aria-live="polite">
        {status === 'copied' ? 'Copied' : status === 'failed' ? 'Select the text and copy it by hand' : ''}
      </span>
    </>
  );
}

/**
 * A value with a copy button beside it: in full, or (`compact`, for long values such as a network
 * link) in a one-line read-only field that can still be selected whole.
 */
export function CopyRow({ value, label, testId, compact = false }: { value: string; label?: string; testId?: string; compact?: boolean }): ReactNode {
  return (
    <div className="copy-row">
      {compact ? (
        <input className="input mono value-field" readOnly value={value} data-testid={testId} aria-label={label?.replace(/^Copy /, '')} onFocus={(event) => event.currentTarget.select()} />
      ) : (
        <span className="value" data-testid={testId}>
          {value}
        </span>
      )}
      <CopyButton text={value} label={label} />
    </div>
  );
}
