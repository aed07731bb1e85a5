/**
 * The engine keeps no adapter vocabulary: no string in src/domain, src/registry, src/publish, src/source or
 * the shared modules of src/ spells a setting the way one adapter does (`Input "latest"`, `overwrite: true`,
 * `--overwrite`, `${{ … }}`, docker/login-action). Messages, hints and notices name a setting with
 * `settingSubject`, `settingName`, `settingExample` or a remedy (src/errors.ts), and each adapter words it
 * (src/action/words.ts, src/cli/words.ts).
 * src/source and the shared modules quote other tools' flags (`docker save`, `buildx --output`,
 * `node --expose-gc`), so there only this command line's own flags are refused.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { FLAG_OF } from '../src/cli/words.js';

const ROOT = resolve(import.meta.dirname, '..');
const ENGINE_DIRS = ['src/domain', 'src/registry', 'src/publish'];
/** Code that quotes other tools' command lines, checked for this CLI's flags only. */
const QUOTING_DIRS = ['src/source', 'src'];
/** The adapters' own files at the top of src/ (the action's entry, the bundle's switch between the two). */
const ADAPTER_FILES = new Set(['src/main.ts', 'src/index.ts', 'src/entry.ts']);

const ACTION_SYNTAX: readonly [string, RegExp][] = [
  ['an action input named as the subject', /\bInputs? "/],
  ['an action input set to a switch value', /\b[a-z][a-z-]*: (true|false)\b/],
  ['a workflow expression', /\$\{\{/],
  ['the action that logs in', /docker\/login-action/],
];

const ANY_FLAG: [string, RegExp] = ['a command-line flag', /(^|[^\w-])--[a-z][a-z-]*/];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const OWN_FLAG: [string, RegExp] = [
  'one of this command line’s flags',
  new RegExp(`(^|[^\\w-])(${[...new Set(Object.values(FLAG_OF))].map(escape).join('|')})(?![\\w-])`),
];

/** Every string literal and template piece of a file, with its line. */
function stringsOf(path: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    )
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function offenders(text: string, patterns: readonly [string, RegExp][]): string[] {
  return patterns.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

function findIn(dir: string, patterns: readonly [string, RegExp][]): string[] {
  const files = readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f))
    .filter((f) => !ADAPTER_FILES.has(f));
  expect(files.length).toBeGreaterThan(0);
  return files.flatMap((file) =>
    stringsOf(join(ROOT, file)).flatMap(({ line, text }) =>
      offenders(text, patterns).map(
        (what) => `${relative(ROOT, file)}:${line}: ${what}: ${JSON.stringify(text)}`,
      ),
    ),
  );
}

const ENGINE_PATTERNS = [...ACTION_SYNTAX, ANY_FLAG];
const QUOTING_PATTERNS = [...ACTION_SYNTAX, OWN_FLAG];

describe('adapter vocabulary stays in the adapters', () => {
  test.each(ENGINE_DIRS)('%s: no string spells a setting in one adapter’s syntax', (dir) => {
    expect(findIn(dir, ENGINE_PATTERNS)).toEqual([]);
  });

  test.each(QUOTING_DIRS)(
    '%s: no string spells a setting in the action’s syntax or this CLI’s flags',
    (dir) => {
      expect(findIn(dir, QUOTING_PATTERNS)).toEqual([]);
    },
  );

  test.each([
    ['Input "latest" must be auto, true or false', 'an action input named as the subject'],
    ['set overwrite: true to replace it', 'an action input set to a switch value'],
    ['pass --overwrite', 'a command-line flag'],
    ['username: ${{ github.actor }}', 'a workflow expression'],
    ['log in with docker/login-action', 'the action that logs in'],
  ])('the engine check catches %j', (text, what) => {
    expect(offenders(text, ENGINE_PATTERNS)).toContain(what);
  });

  test.each(['--tag main', 'use --latest true', '--password-stdin is set', 'Input "source": the source'])(
    'the check of quoting code catches %j',
    (text) => {
      expect(offenders(text, QUOTING_PATTERNS)).not.toEqual([]);
    },
  );

  test.each(['use the overwrite setting', 'a well-formed tag: lowercase', 'x-y', 'name--double'])(
    'the engine check leaves %j alone',
    (text) => {
      expect(offenders(text, ENGINE_PATTERNS)).toEqual([]);
    },
  );

  test.each(['buildx --output type=oci', 'docker pull --platform os/arch', 'node --expose-gc', '--tagged'])(
    'the check of quoting code leaves another tool’s flag %j alone',
    (text) => {
      expect(offenders(text, QUOTING_PATTERNS)).toEqual([]);
    },
  );
});
