import { shortDigest } from '../domain/digest.js';
import { formatBytes, type PublishReport, type TargetReport } from '../publish/report.js';

/** The job summary (GITHUB_STEP_SUMMARY) as GitHub-flavoured Markdown. */
export function renderSummary(report: PublishReport): string {
  const lines: string[] = [];
  const title = report.dryRun ? 'registry-publish plan (dry run)' : 'registry-publish';
  lines.push(`## ${title}`, '');
  lines.push(
    `Source: \`${escapeCell(report.source)}\`${report.version ? ` · version \`${escapeCell(report.version)}\`` : ''}`,
  );
  if (report.digest) lines.push(`Digest: \`${report.digest}\``);
  lines.push('');
  for (const target of report.targets) lines.push(...renderTarget(target, report.dryRun), '');
  return lines.join('\n');
}

function renderTarget(target: TargetReport, dryRun: boolean): string[] {
  const status = target.error
    ? '❌ failed'
    : dryRun
      ? '📝 planned'
      : target.verified
        ? '✅ verified'
        : '⚠️ not verified';
  const out = [`### \`${escapeCell(target.target)}\` — ${status}`, ''];
  if (target.error) out.push(`> ${escapeCell(target.error.message)}`, '');
  if (target.tags.length > 0) {
    out.push('| Tag | Action | Digest | Previous | Note |', '| --- | --- | --- | --- | --- |');
    for (const t of target.tags) {
      out.push(
        `| \`${escapeCell(t.tag)}\` | ${t.action} | ${t.digest ? `\`${shortDigest(t.digest)}\`` : '-'} | ${t.previous ? `\`${shortDigest(t.previous)}\`` : '-'} | ${escapeCell(t.reason ?? '')} |`,
      );
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
    for (const p of target.platforms) out.push(`| ${escapeCell(p.platform)} | \`${p.digest}\` |`);
  }
  return out;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
