/**
 * The README and .env.example document the contract in action.yml and the code; these tests keep them
 * identical: the input and output tables, every error code, every row of the tag table (run through the
 * real deriveTags), the CLI flags, and the `with:` keys of every workflow example.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');

// ---------------------------------------------------------------------------------------------------------
// action.yml, read with the failsafe schema: every scalar stays the string it is written as (`'8'`, `'true'`).

type YamlValue = string | YamlMap;
interface YamlMap {
  [key: string]: YamlValue;
}

function readYaml(text: string): YamlMap {
  return parseYaml(text, { schema: 'failsafe' }) as YamlMap;
}

interface ActionInput {
  readonly description: string;
  readonly required: boolean;
  readonly default: string;
}

function readAction(): { inputs: Map<string, ActionInput>; outputs: Map<string, string> } {
  const action = readYaml(read('action.yml'));
  const inputs = new Map<string, ActionInput>();
  for (const [name, spec] of Object.entries(action.inputs as YamlMap)) {
    const s = spec as YamlMap;
    inputs.set(name, {
      description: String(s.description ?? '').trim(),
      required: s.required === 'true',
      default: String(s.default ?? ''),
    });
  }
  const outputs = new Map<string, string>();
  for (const [name, spec] of Object.entries(action.outputs as YamlMap)) {
    outputs.set(name, String((spec as YamlMap).description ?? '').trim());
  }
  return { inputs, outputs };
}

// ---------------------------------------------------------------------------------------------------------
// README tables

const README = read('README.md');

/** The lines of the section under `## title` (up to the next heading of the same or a higher level). */
function section(markdown: string, title: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#{2,6} /.test(l) && l.replace(/^#+ /, '').trim() === title);
  if (start === -1) throw new Error(`README has no section "${title}"`);
  const level = /^#+/.exec(lines[start] ?? '')?.[0].length ?? 2;
  const out: string[] = [];
  let fenced = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^(#+) /.exec(line);
    if (heading && (heading[1]?.length ?? 0) <= level) break;
    out.push(line);
  }
  return out;
}

/** GFM: split a table row on pipes that are not escaped, then unescape `\|`. */
function splitRow(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** The tables in some lines, each as header + rows of cells. */
function tablesIn(lines: readonly string[]): { header: string[]; rows: string[][] }[] {
  const tables: { header: string[]; rows: string[][] }[] = [];
  let fenced = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced || !line.trim().startsWith('|')) continue;
    const delimiter = lines[n + 1] ?? '';
    if (!/^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(delimiter)) continue;
    const header = splitRow(line);
    const rows: string[][] = [];
    let m = n + 2;
    for (; m < lines.length && (lines[m] ?? '').trim().startsWith('|'); m++)
      rows.push(splitRow(lines[m] ?? ''));
    tables.push({ header, rows });
    n = m;
  }
  return tables;
}

function tableUnder(title: string, firstHeader: string): { header: string[]; rows: string[][] } {
  const table = tablesIn(section(README, title)).find((t) => t.header[0] === firstHeader);
  if (!table) throw new Error(`README section "${title}" has no table starting with "${firstHeader}"`);
  return table;
}

/** `` `x` `` → `x`; the contents of every code span in a cell. */
function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
}

function unquote(cell: string): string {
  const spans = codeSpans(cell);
  return spans.length === 1 && cell === `\`${spans[0]}\`` ? (spans[0] as string) : cell;
}

// ---------------------------------------------------------------------------------------------------------

describe('the action.yml reader', () => {
  test('reads plain, quoted and folded values', () => {
    const yaml = readYaml(
      [
        'name: x',
        'inputs:',
        '  a:',
        "    default: ''",
        "    other: 'it''s'",
        '    plain: value # comment',
        '    quoted: "q: #1"',
        '    folded: >-',
        '      one',
        '      two',
        '',
        '      three',
        '  b:',
        '    literal: |',
        '      line 1',
        '      line 2',
      ].join('\n'),
    );
    expect(yaml).toEqual({
      name: 'x',
      inputs: {
        a: { default: '', other: "it's", plain: 'value', quoted: 'q: #1', folded: 'one two\nthree' },
        b: { literal: 'line 1\nline 2\n' },
      },
    });
  });

  test('reads every input and output of action.yml', () => {
    const { inputs, outputs } = readAction();
    expect(inputs.size).toBeGreaterThanOrEqual(18);
    expect(inputs.get('image')?.required).toBe(true);
    expect(inputs.get('registry')?.default).toBe('docker.io');
    expect(inputs.get('source')?.description).toMatch(
      /^Where the image comes from: docker-daemon:NAME\[:TAG\] /,
    );
    expect(outputs.get('json')).toMatch(/^The full report: per target, per tag/);
  });
});

describe('README: inputs and outputs are those of action.yml', () => {
  const { inputs, outputs } = readAction();

  test('the inputs table has one row per input, in the same order', () => {
    const table = tableUnder('Inputs', 'Input');
    expect(table.header).toEqual(['Input', 'Description', 'Default', 'Required']);
    expect(table.rows.map((r) => unquote(r[0] ?? ''))).toEqual([...inputs.keys()]);
  });

  test.each([...readAction().inputs.keys()])('input %s: description, default and required match', (name) => {
    const row = tableUnder('Inputs', 'Input').rows.find((r) => unquote(r[0] ?? '') === name);
    const spec = inputs.get(name) as ActionInput;
    expect(row, `README has no row for input ${name}`).toBeDefined();
    const [, description, defaultCell, required] = row as string[];
    expect(description).toBe(spec.description);
    expect(defaultCell === '' ? '' : unquote(defaultCell ?? '')).toBe(spec.default);
    expect(required).toBe(spec.required ? 'yes' : 'no');
  });

  test('the outputs table has every output with its description, in the same order', () => {
    const table = tableUnder('Outputs', 'Output');
    expect(table.header).toEqual(['Output', 'Description']);
    expect(table.rows.map((r) => [unquote(r[0] ?? ''), r[1]])).toEqual([...outputs.entries()]);
  });

  test('every input has a command-line flag that exists', () => {
    // The source text, not an import: the help must not need the whole engine to load.
    const PUBLISH_HELP = /PUBLISH_HELP = `([\s\S]*?)`;/.exec(read('src/cli/publish-command.ts'))?.[1] ?? '';
    expect(PUBLISH_HELP).toContain('Usage: registry-publish');
    const table = tableUnder('Command line', 'Input');
    const documented = new Map(table.rows.map((r) => [unquote(r[0] ?? ''), r[1] ?? '']));
    for (const name of inputs.keys()) {
      const cell = documented.get(name);
      expect(cell, `no flag documented for input ${name}`).toBeDefined();
      const flag = /--[a-z-]+/.exec(cell ?? '')?.[0] ?? '';
      expect(PUBLISH_HELP, `flag ${flag} for ${name}`).toContain(flag);
    }
  });
});

describe('README: workflow examples use only real inputs', () => {
  const { inputs } = readAction();
  const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const steps: { keys: string[]; text: string }[] = [];
  for (const block of blocks) {
    const lines = block.split('\n');
    lines.forEach((line, n) => {
      if (!/uses: (org\/registry-publish@v1|\.\/)\s*$/.test(line)) return;
      const stepIndent = line.length - line.replace(/^\s*-?\s*/, '').length;
      const withLine = lines.slice(n + 1).findIndex((l) => l.trim() === 'with:');
      const keys: string[] = [];
      if (withLine !== -1 && withLine < 4) {
        const start = n + 1 + withLine;
        const keyIndent = (lines[start + 1] ?? '').search(/\S/);
        for (const next of lines.slice(start + 1)) {
          if (next.trim() === '') continue;
          const indent = next.search(/\S/);
          if (indent < keyIndent || indent <= stepIndent - 2) break;
          if (indent === keyIndent) keys.push(next.trim().split(':')[0] ?? '');
        }
      }
      steps.push({ keys, text: lines.slice(n, n + 20).join('\n') });
    });
  }

  test('the README has the promised examples', () => {
    expect(steps.length).toBeGreaterThanOrEqual(12);
    const all = steps.map((s) => s.text).join('\n');
    for (const fragment of [
      'source: docker://ghcr.io/my-org/app:nightly',
      'tags: latest',
      "variant: ${{ matrix.variant != 'debian' && matrix.variant || '' }}",
      'targets: |',
      'registry: dockerhub.example.com:5100',
      'namespace: com.example.namespace',
      'ca-file: certs/corporate-ca.pem',
      'password: ${{ secrets.GITHUB_TOKEN }}',
      'registry: ${{ steps.ecr.outputs.registry }}',
      'username: 00000000-0000-0000-0000-000000000000',
    ])
      expect(all).toContain(fragment);
  });

  test('every `with:` key is an input of action.yml, and image is always set', () => {
    for (const step of steps) {
      for (const key of step.keys) expect([...inputs.keys()], `${key} in:\n${step.text}`).toContain(key);
      expect(step.keys, step.text).toContain('image');
    }
  });

  test('the ECR example gives no username or password (the Docker config is used)', () => {
    const ecr = steps.find((s) => s.text.includes('steps.ecr.outputs.registry'));
    expect(ecr?.keys).not.toContain('username');
    expect(ecr?.keys).not.toContain('password');
  });
});

describe('README: error codes', () => {
  const union = /export type ErrorCode =([\s\S]*?);/.exec(read('src/errors.ts'))?.[1] ?? '';
  const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] as string);
  const table = tableUnder('Error codes', 'Code');
  const documented = table.rows.map((r) => unquote(r[0] ?? ''));

  test('the ErrorCode union was read', () => {
    expect(codes.length).toBeGreaterThanOrEqual(20);
    expect(codes).toContain('TAG_EXISTS');
  });

  test.each(codes)('%s is documented with a meaning and a fix', (code) => {
    const row = table.rows.find((r) => unquote(r[0] ?? '') === code);
    expect(row, `README error table has no row for ${code}`).toBeDefined();
    expect(row?.[1]?.length ?? 0).toBeGreaterThan(10);
    expect(row?.[2]?.length ?? 0).toBeGreaterThan(10);
  });

  test('no documented code is unknown to the code (INTERNAL is formatError’s fallback)', () => {
    expect(documented.filter((c) => !codes.includes(c))).toEqual(['INTERNAL']);
    expect(read('src/errors.ts')).toContain('[INTERNAL]');
  });
});

describe('README: every row of the tag table is what deriveTags returns', () => {
  const table = tableUnder('Tag rules', 'Inputs');
  const list = (cell: string): string[] => (cell === '—' ? [] : codeSpans(cell));

  test('the table has the columns and enough rows', () => {
    expect(table.header).toEqual(['Inputs', 'Already in the repository', 'Tags, in order', 'Held back']);
    expect(table.rows.length).toBeGreaterThanOrEqual(30);
  });

  test.each(table.rows.map((r) => [r[0] ?? '', r] as const))('%s', (_label, row) => {
    const [inputsCell, existingCell, tagsCell, heldCell] = row;
    const derivation = deriveTags(requestOf(inputsCell ?? '', list(existingCell ?? '')));
    expect(derivation.tags.map((t) => t.tag)).toEqual(list(tagsCell ?? ''));
    expect(derivation.heldBack.map((h) => h.tag)).toEqual(list(heldCell ?? ''));
  });
});

describe('README: every row of "As the Official Images do it" is what deriveTags returns', () => {
  const table = tableUnder('Tag rules', 'Official image');
  const list = (cell: string): string[] => (cell === '—' ? [] : codeSpans(cell));

  test.each(table.rows.map((r) => [r[0] ?? '', r] as const))('%s', (_label, row) => {
    const [, inputsCell, existingCell, tagsCell, heldCell] = row;
    const derivation = deriveTags(requestOf(inputsCell ?? '', list(existingCell ?? '')));
    expect(derivation.tags.map((t) => t.tag)).toEqual(list(tagsCell ?? ''));
    expect(derivation.heldBack.map((h) => h.tag)).toEqual(list(heldCell ?? ''));
  });
});

/** The tag request an Inputs cell of a README tag table stands for (`version: 1.15.12` `variant: alpine`). */
function requestOf(inputsCell: string, existing: string[]): TagRequest {
  const request: Record<string, unknown> = { existing };
  for (const span of codeSpans(inputsCell)) {
    const at = span.indexOf(': ');
    const key = span.slice(0, at);
    const value = span.slice(at + 2);
    const items = value.split(',').map((v) => v.trim());
    if (key === 'version' || key === 'latest' || key === 'floating') request[key] = value;
    else if (key === 'variant') request.variant = items;
    else if (key === 'bare') request.bare = value === 'alias' ? 'alias' : value === 'true';
    else if (key === 'floating-levels') request.floatingLevels = value;
    else if (key === 'prefix') request.prefixes = items;
    else if (key === 'alias-variant') request.aliasVariants = items;
    else if (key === 'prerelease-alias') request.prereleaseAlias = value;
    else if (key === 'floating-scope') request.floatingScope = value;
    else if (key === 'aliases') request.aliases = items;
    else if (key === 'tags') request.extraTags = items;
    else throw new Error(`unknown input "${key}" in the tag table`);
  }
  return request as TagRequest;
}

describe('.env.example', () => {
  const env = read('.env.example');
  const assigned = new Map(
    env
      .split('\n')
      .filter((l) => /^[A-Za-z_][\w.-]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  const { inputs } = readAction();

  test.each([...readAction().inputs.keys()])('has INPUT_ for %s, after a comment naming it', (name) => {
    const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    expect(assigned.has(variable), `${variable} missing`).toBe(true);
    const lines = env.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${variable}=`));
    const comments = lines.slice(Math.max(0, at - 4), at).join('\n');
    expect(comments).toMatch(new RegExp(`^#.*\\b${name.replace(/-/g, '\\-')}\\b`, 'm'));
  });

  test('assigns no INPUT_ that action.yml does not have', () => {
    const known = new Set([...inputs.keys()].map((n) => `INPUT_${n.toUpperCase()}`));
    expect([...assigned.keys()].filter((k) => k.startsWith('INPUT_') && !known.has(k))).toEqual([]);
  });

  test('non-empty defaults are the defaults of action.yml', () => {
    for (const [name, spec] of inputs) {
      const value = assigned.get(`INPUT_${name.toUpperCase()}`);
      if (spec.default !== '' && value !== undefined && value !== '' && !['registry'].includes(name))
        expect(value, name).toBe(spec.default);
    }
  });

  test('holds no password and documents the GITHUB_* variables', () => {
    expect(assigned.get('INPUT_PASSWORD')).toBe('');
    for (const name of ['GITHUB_REF', 'GITHUB_REF_NAME', 'GITHUB_SHA', 'GITHUB_REPOSITORY', 'GITHUB_ACTOR'])
      expect(assigned.has(name), name).toBe(true);
  });

  test('the README documents the local-action command and package.json runs it', () => {
    expect(README).toContain('npx @github/local-action run . src/main.ts .env');
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts['local-action']).toMatch(/local-action run \. src\/main\.ts \.env$/);
  });
});
