/**
 * docs/registry-quirks.md is the catalogue the code cites: every `docs/registry-quirks.md#…` in src/ must
 * resolve to an entry, src/ never names a quirk by number without its link, every entry is cited, has its
 * fields, and the files and test names it gives under "Handled in" and "Tested by" exist.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');
const CATALOGUE = 'docs/registry-quirks.md';
const FIELDS = ['Symptom', 'Registries', 'Sources', 'Handled in', 'Tested by'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');
}

interface Entry {
  readonly number: number;
  readonly anchor: string;
  readonly fields: ReadonlyMap<string, string>;
}

function readEntries(): Entry[] {
  const sections = read(CATALOGUE).split(/^## /m).slice(1);
  return sections.map((section) => {
    const [heading = '', ...body] = section.split('\n');
    const fields = new Map<string, string>();
    let current: string | undefined;
    for (const line of body) {
      const field = /^- \*\*(.+?)\*\*: (.*)$/.exec(line);
      if (field) {
        current = field[1] as string;
        fields.set(current, field[2] as string);
      } else if (current && /^ {2}\S/.test(line)) {
        fields.set(current, `${fields.get(current)} ${line.trim()}`);
      } else if (line.trim() !== '') {
        current = undefined;
      }
    }
    return { number: Number(/^Q(\d+) /.exec(heading)?.[1]), anchor: anchorOf(heading.trim()), fields };
  });
}

const entries = readEntries();
const citations = sourceFiles(resolve(ROOT, 'src')).map((file) => ({
  file: relative(ROOT, file),
  text: readFileSync(file, 'utf8'),
}));
const cited = new Set(
  citations.flatMap(({ text }) =>
    [...text.matchAll(/docs\/registry-quirks\.md#([a-z0-9-]+)/g)].map((m) => m[1]),
  ),
);

describe('docs/registry-quirks.md', () => {
  test('entries are numbered Q1, Q2, … in order, with unique anchors', () => {
    expect(entries.length).toBeGreaterThan(30);
    expect(entries.map((e) => e.number)).toEqual(entries.map((_, i) => i + 1));
    expect(new Set(entries.map((e) => e.anchor)).size).toBe(entries.length);
  });

  test('every quirk cited in src/ resolves to an entry, and src/ cites no quirk without its link', () => {
    const anchors = new Set(entries.map((e) => e.anchor));
    for (const { file, text } of citations) {
      for (const m of text.matchAll(/docs\/registry-quirks\.md#([a-z0-9-]+)/g)) {
        expect(anchors.has(m[1] as string), `${file} cites #${m[1]}`).toBe(true);
      }
      expect(text.match(/\bquirks? \d+/gi) ?? [], `${file} names a quirk by number without its link`).toEqual(
        [],
      );
    }
  });

  test.each(entries.map((e) => [e.anchor, e] as const))(
    '%s is cited in src/ and complete',
    (anchor, entry) => {
      expect(cited.has(anchor), `no comment in src/ links to #${anchor}`).toBe(true);
      for (const field of FIELDS) expect(entry.fields.get(field), `${anchor}: ${field}`).toBeTruthy();
      expect(entry.fields.get('Sources')).toMatch(/https:\/\/|specification section/);

      const handled = [...(entry.fields.get('Handled in') ?? '').matchAll(/`(src\/[^`]+)`/g)].map(
        (m) => m[1],
      );
      expect(handled.length, `${anchor}: Handled in names no src/ file`).toBeGreaterThan(0);
      for (const file of handled) {
        expect(existsSync(resolve(ROOT, file as string)), `${anchor}: ${file} exists`).toBe(true);
        expect(read(file as string), `${file} links to #${anchor}`).toContain(`${CATALOGUE}#${anchor}`);
      }

      // "Tested by": `file` "test name" and "another test name"; `other file` "…". Each name is in its file.
      const tested = entry.fields.get('Tested by') ?? '';
      const parts = tested.split(/(?=`__tests__\/)/).filter((p) => p.startsWith('`'));
      expect(parts.length, `${anchor}: Tested by names no test file`).toBeGreaterThan(0);
      for (const part of parts) {
        const file = /^`([^`]+)`/.exec(part)?.[1] as string;
        expect(existsSync(resolve(ROOT, file)), `${anchor}: ${file} exists`).toBe(true);
        const names = [...part.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
        expect(names.length, `${anchor}: no test name given for ${file}`).toBeGreaterThan(0);
        const source = read(file).replace(/\s+/g, ' ');
        for (const name of names) expect(source, `${anchor}: ${file} has a test "${name}"`).toContain(name);
      }
    },
  );
});
