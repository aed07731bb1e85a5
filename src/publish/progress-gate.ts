/**
 * When a progress line is worth printing, per item (a blob, an archive entry): its first report, then at
 * most one per interval, and its last (`done`). The export and upload progress lines share it.
 */
export function createProgressGate(
  intervalMs: number,
  now: () => number,
  /** The last report only for an item already shown (small items stay silent from start to end). */
  lastOnlyIfShown: boolean,
): (key: string, done: boolean) => boolean {
  const shown = new Map<string, number>();
  return (key, done) => {
    const previous = shown.get(key);
    if (done) {
      shown.delete(key);
      return previous !== undefined || !lastOnlyIfShown;
    }
    const time = now();
    if (previous !== undefined && time - previous < intervalMs) return false;
    shown.set(key, time);
    return true;
  };
}
