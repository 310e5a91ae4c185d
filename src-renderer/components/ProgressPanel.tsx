// The progress of a seal or open: the current step in words, a bar (with the percent done, or moving
// while the total is unknown), bytes, rate, time left and key holders. Screen readers hear each new
// step (aria-live), not every byte.
import type { ReactNode } from 'react';
import type { ProgressEvent } from '../api/operation-tracker.ts';
import { formatBytes, formatDuration, formatRate, percentOf, plural } from '../text/format.ts';

/** The bar and figures of `progress` (null: starting). */
export function ProgressPanel({ progress, label, finished = false }: { progress: ProgressEvent | null; label: string; finished?: boolean }): ReactNode {
  const percent = progress === null ? null : percentOf(progress.bytesDone, progress.bytesTotal);
  // While key holders work no bytes move: the bar waits rather than claiming 0 %.
  const waiting = progress === null || (progress.keyHolders !== null && progress.bytesDone === 0) || percent === null;
  const step = progress === null ? 'starting' : progress.step;
  return (
    <div className="progress" data-testid="progress">
      <p className="progress-step" aria-live="polite">
        {finished ? 'Done' : capitalise(step)}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={waiting ? undefined : (percent ?? undefined)}
        aria-valuetext={waiting ? step : `${percent} %`}
      >
        <div className={waiting && !finished ? 'progress-fill indeterminate' : 'progress-fill'} style={waiting && !finished ? undefined : { width: `${percent ?? 100}%` }} />
      </div>
      {progress === null ? null : <Figures progress={progress} percent={waiting ? null : percent} finished={finished} />}
    </div>
  );
}

function Figures({ progress, percent, finished }: { progress: ProgressEvent; percent: number | null; finished: boolean }): ReactNode {
  const parts: string[] = [];
  if (percent !== null) parts.push(`${percent} %`);
  if (progress.bytesTotal !== null && progress.bytesTotal > 0) parts.push(`${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`);
  else if (progress.bytesDone > 0) parts.push(formatBytes(progress.bytesDone));
  if (progress.rate !== null && progress.rate > 0) parts.push(formatRate(progress.rate));
  if (!finished && progress.eta !== null && progress.eta > 0) parts.push(`${formatDuration(progress.eta)} left`);
  if (progress.entriesTotal !== null && progress.entriesTotal > 0) parts.push(`${progress.entriesDone.toLocaleString('en')} of ${plural(progress.entriesTotal, 'item', 'items')}`);
  if (progress.keyHolders !== null) parts.push(`key holders: ${progress.keyHolders.answered} of ${progress.keyHolders.needed} needed have answered (${progress.keyHolders.total} in the network)`);
  return (
    <p className="progress-figures">
      {parts.map((part) => (
        <span key={part}>{part}</span>
      ))}
    </p>
  );
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
