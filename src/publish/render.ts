import { shortDigest, type Digest } from '../domain/digest.js';
import type { TagPlanEntry } from '../domain/plan.js';

const WOULD: Record<TagPlanEntry['action'], string> = {
  created: 'create',
  updated: 'update',
  unchanged: 'unchanged',
  skipped: 'skip',
};

/** The plan as an aligned text table: tag | now | after | action. */
export function renderPlan(entries: readonly TagPlanEntry[], dryRun: boolean): string[] {
  const rows = entries.map((e) => [
    e.tag,
    formatDigest(e.previous),
    formatDigest(e.next),
    (dryRun ? WOULD[e.action] : e.action) + (e.reason ? ` (${e.reason})` : ''),
  ]);
  return renderTable([dryRun ? 'TAG' : 'TAG', 'NOW', 'AFTER', dryRun ? 'PLAN' : 'ACTION'], rows);
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function formatDigest(digest: Digest | undefined): string {
  return digest ? shortDigest(digest) : '-';
}
