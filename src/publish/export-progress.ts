/**
 * Live progress of an export (the docker-daemon source's save stream, compressed and staged as it is read):
 * without it a first publish into a new repository is silent until the end. One line when a large entry
 * starts, then at most one per interval (a second; 10 s in the action's log), and a last one when a
 * reported entry completes, so the action's log and a terminal both see it move without a flood.
 */
import type { Logger } from '../log.js';
import { createProgressGate } from './progress-gate.js';
import { formatBytes } from './report.js';

/** Entries smaller than this (manifests, configs, small layers) are read too fast to be worth a line. */
export const EXPORT_PROGRESS_MIN_BYTES = 1024 * 1024;
/** At most one line per entry in this interval, the completion line aside. */
export const EXPORT_PROGRESS_INTERVAL_MS = 1000;

export function createExportProgress(
  log: Pick<Logger, 'info'>,
  now: () => number = Date.now,
  intervalMs: number = EXPORT_PROGRESS_INTERVAL_MS,
): (entry: string, read: number, size: number) => void {
  const gate = createProgressGate(intervalMs, now, true);
  return (entry, read, size) => {
    if (size < EXPORT_PROGRESS_MIN_BYTES || !gate(entry, read >= size)) return;
    const percent = Math.floor((read / size) * 100);
    log.info(`${nameEntry(entry)}: Exporting ${formatBytes(read)} / ${formatBytes(size)} (${percent}%)`);
  };
}

/** `3f2a…/layer.tar` (legacy save) or `blobs/sha256/3f2a…` (OCI save): the 12-character id docker prints. */
function nameEntry(entry: string): string {
  const hex = /([0-9a-f]{64})/.exec(entry)?.[1];
  return hex ? hex.slice(0, 12) : entry;
}
