import { shortDigest } from '../domain/digest.js';
import type { TagAction } from '../domain/plan.js';
import { formatBytes, tagsAtDigest, type PublishReport, type TargetReport } from '../publish/report.js';

const PLANNED: Record<TagAction, string> = {
  created: 'would create',
  updated: 'would update',
  unchanged: 'unchanged',
  skipped: 'would skip',
};

/** The job summary (GITHUB_STEP_SUMMARY) as GitHub-flavoured Markdown. */
export function renderSummary(report: PublishReport): string {
  const lines: string[] = [];
  const title = report.dryRun ? 'registry-publish plan (dry run)' : 'registry-publish';
  lines.push(`## ${title}`, '');
  lines.push(
    `Source: ${code(report.source)}${report.version ? ` · version ${code(report.version)}` : ''}`,
    '',
  );
  lines.push(statusLine(report), '');
  if (report.digest) lines.push(`Digest: ${code(report.digest)}`, '');
  for (const target of report.targets) lines.push(...renderTarget(target, report.dryRun), '');
  return lines.join('\n');
}

/** One line first: how many tags landed on how many targets, and which targets failed. */
export function statusLine(report: PublishReport): string {
  const total = report.targets.length;
  const failed = report.targets.filter((t) => t.error !== null);
  const failures = failed.length
    ? `; ${failed.length} ${failed.length === 1 ? 'target' : 'targets'} failed: ${failed.map((t) => `${code(t.target)} (${t.error?.code ?? 'ERROR'})`).join(', ')}`
    : '';
  if (report.dryRun) {
    const planned = report.targets.reduce((n, t) => n + t.tags.length, 0);
    return `**Plan:** ${planned} tags on ${total} ${total === 1 ? 'target' : 'targets'}, nothing written${failures}`;
  }
  const reached = report.targets.filter((t) => tagsAtDigest(t).length > 0);
  const tags = reached.reduce((n, t) => n + tagsAtDigest(t).length, 0);
  return `**${failed.length ? '❌' : '✅'} ${tags} ${tags === 1 ? 'tag' : 'tags'} on ${reached.length} of ${total} ${total === 1 ? 'target' : 'targets'}**${failures}`;
}

function renderTarget(target: TargetReport, dryRun: boolean): string[] {
  const status = target.error
    ? '❌ failed'
    : dryRun
      ? '📝 planned'
      : target.verified
        ? '✅ verified'
        : '⚠️ not verified';
  const out = [`### ${code(target.target)} — ${status}`, ''];
  if (target.error) out.push(`> ${escapeText(target.error.message)}`, '');
  if (target.tags.length > 0) {
    out.push('| Tag | Action | Digest | Previous | Note |', '| --- | --- | --- | --- | --- |');
    for (const t of target.tags) {
      const action = dryRun && t.action in PLANNED ? PLANNED[t.action as TagAction] : t.action;
      const digest = t.digest ? code(shortDigest(t.digest)) : '-';
      const previous = t.previous ? code(shortDigest(t.previous)) : '-';
      out.push(`| ${code(t.tag)} | ${action} | ${digest} | ${previous} | ${escapeText(t.reason ?? '')} |`);
    }
    out.push('');
  }
  const { uploaded, present, mounted } = target.blobs;
  if (!dryRun) {
    out.push(
      `Blobs: ${uploaded.count} pushed (${formatBytes(uploaded.bytes)}), ${present.count} already present (${formatBytes(present.bytes)}), ${mounted.count} mounted (${formatBytes(mounted.bytes)}).`,
    );
  }
  if (target.platforms.length > 1) {
    out.push('', '| Platform | Digest |', '| --- | --- |');
    for (const p of target.platforms) out.push(`| ${escapeText(p.platform)} | ${code(p.digest)} |`);
  }
  if (target.referrers.length > 0) {
    out.push('', '| Referrer | Of | Action |', '| --- | --- | --- |');
    for (const r of target.referrers) {
      const what = r.tag
        ? code(r.tag)
        : `${code(shortDigest(r.digest))}${r.artifactType ? ` ${escapeText(r.artifactType)}` : ''}`;
      out.push(`| ${what} | ${code(shortDigest(r.subject))} | ${r.action} |`);
    }
  }
  return out;
}

/** A code span that survives table cells: `|` escaped, no backticks or line breaks inside. */
function code(text: string): string {
  return `\`${text.replace(/[`\r\n]/g, ' ').replace(/\|/g, '\\|')}\``;
}

/** Plain text for Markdown and table cells: no HTML, no emphasis, no cell breaks. */
function escapeText(text: string): string {
  const entity: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]|<>&]/g, (c) => entity[c] ?? `\\${c}`);
}
