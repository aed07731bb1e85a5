import { shortDigest, type Digest } from '../domain/digest.js';
import type { TagPlanEntry } from '../domain/plan.js';

const WOULD: Record<TagPlanEntry['action'], string> = {
  created: 'would create',
  updated: 'would update',
  unchanged: 'unchanged',
  skipped: 'would skip',
};

/** Before a real run writes anything, the plan speaks in the future tense. */
const WILL: Record<TagPlanEntry['action'], string> = {
  created: 'will create',
  updated: 'will update',
  unchanged: 'unchanged',
  skipped: 'will skip',
};

/** The plan as an aligned text table: tag | now | after | action. */
export function renderPlan(entries: readonly TagPlanEntry[], dryRun: boolean): string[] {
  const rows = entries.map((e) => [
    e.tag,
    formatDigest(e.previous),
    formatDigest(e.next),
    (dryRun ? WOULD : WILL)[e.action] + (e.reason ? ` (${e.reason})` : ''),
  ]);
  return renderTable(['TAG', 'NOW', 'AFTER', 'PLAN'], rows);
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
