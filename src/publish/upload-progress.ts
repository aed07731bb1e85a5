/**
 * Upload progress lines, `3f2a1b4c5d6e: Pushing 12 MB / 40 MB (30%)`: the first chunk of a blob gives one
 * (so a slow upload shows before it completes), then at most one per interval, and one at the end. A
 * terminal takes them every second (redrawn in place, cli/live-lines.ts); a CI log every 10 s.
 */
import { shortDigest, type Digest } from '../domain/digest.js';
import { createProgressGate } from './progress-gate.js';
import { formatBytes } from './report.js';

/** A terminal redraws in place: a line a second per blob. */
export const TERMINAL_PROGRESS_INTERVAL_MS = 1000;
/** A job log keeps every line: at most one per blob every 10 s. */
export const LOG_PROGRESS_INTERVAL_MS = 10_000;

export function createUploadProgress(
  write: (line: string) => void,
  intervalMs: number,
  now: () => number = Date.now,
): (digest: string, sent: number, total: number) => void {
  const gate = createProgressGate(intervalMs, now, false);
  return (digest, sent, total) => {
    if (!gate(digest, sent >= total)) return;
    const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
    write(
      `${shortDigest(digest as Digest)}: Pushing ${formatBytes(sent)} / ${formatBytes(total)} (${percent}%)`,
    );
  };
}
