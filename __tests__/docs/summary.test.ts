/**
 * The job summary as GitHub shows it: renderSummary's Markdown is rendered to HTML by a small converter that
 * follows the GitHub Flavored Markdown rules that matter here (tables split on unescaped pipes, `\|` inside
 * cells and code spans, code spans, backslash escapes, raw inline HTML passed through, entities), and the
 * HTML is checked: one <table> per target with the header Tag/Action/Digest/Previous/Note, one row per tag,
 * the right cells, and nothing from a registry message turned into markup.
 */
import { describe, expect, test } from 'vitest';
import { renderSummary } from '../../src/action/summary.js';
import type { Digest } from '../../src/domain/digest.js';
import type { PublishReport, TargetReport } from '../../src/publish/report.js';

// ---------------------------------------------------------------------------------------------------------
// A small GFM → HTML converter: ATX headings, paragraphs, block quotes, fenced code, pipe tables; inline
// code spans, backslash escapes, entities and raw HTML. Emphasis and links are left as text.

const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const RAW_HTML =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>|<!--[\s\S]*?-->)/;
const ENTITY = /^&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderInline(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const rest = text.slice(i);
    if (c === '\\' && ASCII_PUNCTUATION.test(text.charAt(i + 1))) {
      out += escapeHtml(text.charAt(i + 1));
      i += 2;
    } else if (c === '`') {
      const run = /^`+/.exec(rest)?.[0] ?? '`';
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
      close.lastIndex = i + run.length;
      const end = close.exec(text);
      if (!end) {
        out += run;
        i += run.length;
        continue;
      }
      let code = text.slice(i + run.length, end.index).replace(/\n/g, ' ');
      if (code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      out += `<code>${escapeHtml(code)}</code>`;
      i = end.index + run.length;
    } else if (c === '<' && RAW_HTML.test(rest)) {
      const html = RAW_HTML.exec(rest)?.[0] ?? '';
      out += html; // GitHub passes inline HTML through (and then sanitises it): it is markup, not text.
      i += html.length;
    } else if (c === '&' && ENTITY.test(rest)) {
      const entity = ENTITY.exec(rest)?.[0] ?? '';
      out += entity;
      i += entity.length;
    } else {
      out += escapeHtml(c);
      i += 1;
    }
  }
  return out;
}

/** GFM table row: split on pipes not preceded by a backslash; `\|` becomes `|` before inline parsing. */
function splitTableRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

interface RenderedTable {
  readonly rawCellCounts: number[];
}

function markdownToHtml(markdown: string, tables: RenderedTable[] = []): string {
  const lines = markdown.split('\n');
  const html: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    if (paragraph.length > 0) html.push(`<p>${renderInline(paragraph.join('\n'))}</p>`);
    paragraph = [];
  };
  const startsBlock = (line: string): boolean => /^(#{1,6}\s|>|```)/.test(line);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = lines[i + 1] ?? '';
    if (line.trim() === '') {
      flush();
    } else if (line.startsWith('```')) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').startsWith('```'); i++) body.push(lines[i] ?? '');
      html.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
    } else if (/^#{1,6}\s/.test(line)) {
      flush();
      const level = /^#+/.exec(line)?.[0].length ?? 1;
      html.push(`<h${level}>${renderInline(line.replace(/^#+\s+/, '').trim())}</h${level}>`);
    } else if (line.startsWith('>')) {
      flush();
      const quoted: string[] = [];
      for (; i < lines.length && (lines[i] ?? '').startsWith('>'); i++)
        quoted.push((lines[i] ?? '').replace(/^>\s?/, ''));
      i--;
      html.push(`<blockquote>${markdownToHtml(quoted.join('\n'), tables)}</blockquote>`);
    } else if (
      line.includes('|') &&
      DELIMITER_ROW.test(next) &&
      splitTableRow(line).length === splitTableRow(next).length
    ) {
      flush();
      const header = splitTableRow(line);
      const counts: number[] = [];
      const rows: string[] = [];
      // The table goes on until a blank line or another block; a line without pipes is still a row.
      for (i += 2; i < lines.length && (lines[i] ?? '').trim() !== '' && !startsBlock(lines[i] ?? ''); i++) {
        const cells = splitTableRow(lines[i] ?? '');
        counts.push(cells.length);
        const padded = header.map((_h, n) => cells[n] ?? '');
        rows.push(`<tr>${padded.map((cell) => `<td>${renderInline(cell)}</td>`).join('')}</tr>`);
      }
      i--;
      tables.push({ rawCellCounts: counts });
      html.push(
        `<table><thead><tr>${header.map((h) => `<th>${renderInline(h)}</th>`).join('')}</tr></thead>` +
          `<tbody>${rows.join('')}</tbody></table>`,
      );
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return html.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Reading the HTML back

const decode = (html: string): string =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
/** The text a reader sees in an HTML fragment: tags removed, entities decoded. */
const textOf = (html: string): string => decode(html.replace(/<[^>]*>/g, ''));

interface HtmlTable {
  readonly header: string[];
  /** Cells as HTML. */
  readonly rows: string[][];
}

function tablesOf(html: string): HtmlTable[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((m) => {
    const body = m[1] ?? '';
    const header = [...body.matchAll(/<th>([\s\S]*?)<\/th>/g)].map((h) => textOf(h[1] ?? ''));
    const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(body)?.[1] ?? '';
    const rows = [...tbody.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
      [...(r[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1] ?? ''),
    );
    return { header, rows };
  });
}

function render(report: PublishReport): { markdown: string; html: string; tables: RenderedTable[] } {
  const markdown = renderSummary(report);
  const tables: RenderedTable[] = [];
  return { markdown, html: markdownToHtml(markdown, tables), tables };
}

// ---------------------------------------------------------------------------------------------------------
// Reports

const digest = (c: string): Digest => `sha256:${c.repeat(64)}`;
const RELEASE = digest('a');
const OLDER = digest('b');
const NEWER = digest('c');
const HEADER = ['Tag', 'Action', 'Digest', 'Previous', 'Note'];

function target(overrides: Partial<TargetReport> & Pick<TargetReport, 'target'>): TargetReport {
  const [registry = '', ...rest] = overrides.target.split('/');
  return {
    registry,
    repository: rest.join('/'),
    digest: RELEASE,
    tags: [],
    blobs: {
      uploaded: { count: 2, bytes: 301_000 },
      present: { count: 1, bytes: 1_500 },
      mounted: { count: 0, bytes: 0 },
    },
    platforms: [{ platform: 'linux/amd64', digest: RELEASE }],
    referrers: [],
    verified: true,
    error: null,
    ...overrides,
  };
}

function report(targets: TargetReport[], dryRun = false): PublishReport {
  return { source: 'oci:./out:img', version: 'v1.16.1', dryRun, digest: RELEASE, targets };
}

const release = target({
  target: 'dockerhub.example.com:5100/com.example.namespace/app',
  tags: [
    { tag: '1.16.1', action: 'created', previous: null, digest: RELEASE, reason: null },
    { tag: '1.16', action: 'updated', previous: OLDER, digest: RELEASE, reason: null },
    {
      tag: 'mainline',
      action: 'unchanged',
      previous: RELEASE,
      digest: RELEASE,
      reason: 'already points at this image',
    },
    { tag: '1', action: 'skipped', previous: NEWER, digest: NEWER, reason: 'held back: 1.17.0 exists' },
    { tag: 'latest', action: 'skipped', previous: NEWER, digest: NEWER, reason: 'held back: 1.17.0 exists' },
  ],
});

// ---------------------------------------------------------------------------------------------------------

describe('the GFM converter follows GitHub on the cases that matter', () => {
  test.each([
    ['| a \\| b |', 'a | b'],
    ['| `x\\|y` |', '<code>x|y</code>'],
    ['| \\<b> |', '&lt;b&gt;'],
    ['| &lt;b&gt; |', '&lt;b&gt;'],
    ['| <b>bold</b> |', '<b>bold</b>'],
    ['| `<b>` |', '<code>&lt;b&gt;</code>'],
    ['| a < b |', 'a &lt; b'],
  ])('%s → %s', (row, cell) => {
    const html = markdownToHtml(`| H |\n| --- |\n${row}\n`);
    expect(tablesOf(html)[0]?.rows).toEqual([[cell]]);
  });

  test('an unescaped pipe makes an extra cell, which GitHub drops', () => {
    const tables: RenderedTable[] = [];
    const html = markdownToHtml('| A | B |\n| --- | --- |\n| a | b | c |\n', tables);
    expect(tables[0]?.rawCellCounts).toEqual([3]);
    expect(tablesOf(html)[0]?.rows).toEqual([['a', 'b']]);
  });

  test('a line right after a table is one more row', () => {
    const html = markdownToHtml('| A |\n| --- |\n| a |\nBlobs: 1\n');
    expect(tablesOf(html)[0]?.rows).toEqual([['a'], ['Blobs: 1']]);
  });
});

describe('job summary rendered as GitHub renders it', () => {
  test('one <table> for the target, header Tag/Action/Digest/Previous/Note, one row per tag', () => {
    const { html, tables } = render(report([release]));
    const [table, ...others] = tablesOf(html);
    expect(others).toEqual([]);
    expect(table?.header).toEqual(HEADER);
    expect(tables[0]?.rawCellCounts).toEqual(release.tags.map(() => 5));
    expect(table?.rows).toEqual([
      ['<code>1.16.1</code>', 'created', '<code>aaaaaaaaaaaa</code>', '-', ''],
      ['<code>1.16</code>', 'updated', '<code>aaaaaaaaaaaa</code>', '<code>bbbbbbbbbbbb</code>', ''],
      [
        '<code>mainline</code>',
        'unchanged',
        '<code>aaaaaaaaaaaa</code>',
        '<code>aaaaaaaaaaaa</code>',
        'already points at this image',
      ],
      [
        '<code>1</code>',
        'skipped',
        '<code>cccccccccccc</code>',
        '<code>cccccccccccc</code>',
        'held back: 1.17.0 exists',
      ],
      [
        '<code>latest</code>',
        'skipped',
        '<code>cccccccccccc</code>',
        '<code>cccccccccccc</code>',
        'held back: 1.17.0 exists',
      ],
    ]);
  });

  test('the heading names the target and its status, and the blob counts are a paragraph', () => {
    const { html } = render(report([release]));
    expect(html).toContain('<h2>registry-publish</h2>');
    expect(html).toContain(
      '<h3><code>dockerhub.example.com:5100/com.example.namespace/app</code> — ✅ verified</h3>',
    );
    expect(html).toContain('<code>oci:./out:img</code>');
    expect(html).toContain(`<code>${RELEASE}</code>`);
    expect(html).toContain(
      '<p>Blobs: 2 pushed (301.0 kB), 1 already present (1.50 kB), 0 mounted (0 B).</p>',
    );
  });

  test('several targets: one table each; a failed target shows its error', () => {
    const failed = target({
      target: 'ghcr.io/org/app',
      verified: false,
      tags: [{ tag: '1.16.1', action: 'created', previous: null, digest: RELEASE, reason: null }],
      error: {
        code: 'AUTH_FORBIDDEN',
        message: 'PUT manifest 1.16.1 on ghcr.io/org/app denied [AUTH_FORBIDDEN]',
      },
    });
    const { html } = render(report([release, failed]));
    const tables = tablesOf(html);
    expect(tables.map((t) => t.header)).toEqual([HEADER, HEADER]);
    expect(tables.map((t) => t.rows.length)).toEqual([5, 1]);
    expect(html).toContain('<h3><code>ghcr.io/org/app</code> — ❌ failed</h3>');
    expect(textOf(/<blockquote>([\s\S]*?)<\/blockquote>/.exec(html)?.[1] ?? '')).toBe(
      'PUT manifest 1.16.1 on ghcr.io/org/app denied [AUTH_FORBIDDEN]',
    );
  });

  test('a dry run is titled as a plan', () => {
    const { html } = render(report([release], true));
    expect(html).toContain('<h2>registry-publish plan (dry run)</h2>');
    expect(html).toContain('📝 planned');
    expect(html).not.toContain('Blobs:');
    expect(tablesOf(html)[0]?.header).toEqual(HEADER);
  });

  test('a multi-platform image adds a platform table after the blob counts', () => {
    const multi = target({
      target: 'localhost:5000/app',
      tags: [{ tag: '2.0.0', action: 'created', previous: null, digest: RELEASE, reason: null }],
      platforms: [
        { platform: 'linux/amd64', digest: OLDER },
        { platform: 'linux/arm64/v8', digest: NEWER },
      ],
    });
    const tables = tablesOf(render(report([multi])).html);
    expect(tables.map((t) => t.header)).toEqual([HEADER, ['Platform', 'Digest']]);
    expect(tables[1]?.rows).toEqual([
      ['linux/amd64', `<code>${OLDER}</code>`],
      ['linux/arm64/v8', `<code>${NEWER}</code>`],
    ]);
  });

  test('a | in a note stays in its cell', () => {
    const piped = target({
      target: 'localhost:5000/app',
      tags: [
        { tag: '1', action: 'skipped', previous: NEWER, digest: NEWER, reason: 'held back | by 1.17.0' },
      ],
    });
    const { html, tables } = render(report([piped]));
    expect(tables[0]?.rawCellCounts).toEqual([5]);
    expect(textOf(tablesOf(html)[0]?.rows[0]?.[4] ?? '')).toBe('held back | by 1.17.0');
  });

  test('a < in a note is text, not markup', () => {
    const reason = 'left at <img src=x onerror=alert(1)> & <b>1.17.0</b>';
    const hostile = target({
      target: 'localhost:5000/app',
      tags: [{ tag: '1', action: 'updated', previous: OLDER, digest: NEWER, reason }],
    });
    const { html, tables } = render(report([hostile]));
    expect(tables[0]?.rawCellCounts).toEqual([5]);
    const note = tablesOf(html)[0]?.rows[0]?.[4] ?? '';
    expect(note).not.toMatch(/<img|<b>/);
    expect(textOf(note)).toBe(reason);
  });

  test('a < in an error message is text, not markup', () => {
    const message = 'GET tag list on localhost:5000/app failed (502 <html><body>Bad Gateway</body></html>)';
    const failed = target({ target: 'localhost:5000/app', verified: false, error: { code: 'X', message } });
    const quote = /<blockquote>([\s\S]*?)<\/blockquote>/.exec(render(report([failed])).html)?.[1] ?? '';
    expect(quote).not.toMatch(/<html>|<body>/);
    expect(textOf(quote)).toBe(message);
  });
});
