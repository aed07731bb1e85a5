/**
 * Durations, one module for both directions: the run's `timeout` is written `90s`, `30m`, `1h30m` or as
 * whole minutes (`45`, like a workflow's `timeout-minutes`), and messages state durations as `30 s`.
 * The range a setting allows and its wording belong to the caller (publish/settings.ts).
 */

const UNIT_MS: Readonly<Record<string, number>> = { h: 3600_000, m: 60_000, s: 1000 };

/** `90s`, `30m`, `2h`, `1h30m` or whole minutes → milliseconds; undefined when `text` is none of them. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 60_000;
  if (text === '' || !/^(\d+h)?(\d+m)?(\d+s)?$/.test(text)) return undefined;
  return [...text.matchAll(/(\d+)([hms])/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) * (UNIT_MS[unit ?? 's'] ?? 0),
    0,
  );
}

/** Milliseconds in the form `parseDuration` reads (`90s` → `1m30s`, `1h30m`), rounded to the second. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest || s === 0 ? `${rest}s` : ''}`;
}

/** Milliseconds as message text: `30 s`, `0.7 s` (to a tenth of a second). */
export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
