// What will be sealed, before anything is: the dropped names (each removable), how many files and
// folders, the size, and what would be left out and why (special files, links leaving the folder).
import type { ReactNode } from 'react';
import type { ResponseOf } from '../../api/api-types.ts';
import { formatBytes, plural } from '../../text/format.ts';

type Plan = ResponseOf<'seal:plan'>;

/** The summary of `plan` for `paths`. */
export function PlanSummary({ paths, plan, onRemove, onClear }: { paths: string[]; plan: Plan | null; onRemove(path: string): void; onClear(): void }): ReactNode {
  return (
    <section className="card" aria-labelledby="plan-title" data-testid="plan">
      <div className="card-header">
        <h2 id="plan-title">What will be sealed</h2>
        <button type="button" className="button link" onClick={onClear}>
          Start over
        </button>
      </div>
      <p className="plan-totals" aria-live="polite">
        {plan === null
          ? 'Counting…'
          : `${plural(plan.files, 'file', 'files')}, ${formatBytes(plan.bytes)}${plan.entries > plan.files ? ` (${plural(plan.entries, 'item', 'items')} with the folders)` : ''}.`}
      </p>
      <ul className="path-list">
        {paths.map((path) => (
          <li key={path}>
            <span className="mono">{path}</span>
            <button type="button" className="button link small" onClick={() => onRemove(path)} aria-label={`Remove ${path}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {plan === null || plan.skipped.length === 0 ? null : (
        <div className="message warn">
          <h3>{plural(plan.skipped.length, 'item', 'items')} will be left out</h3>
          <ul>
            {plan.skipped.slice(0, 20).map((skipped) => (
              <li key={skipped.name}>
                <span className="mono">{skipped.name}</span>: {skipped.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
