/**
 * The engine keeps no adapter vocabulary: no string in src/domain, src/registry or src/publish spells a
 * setting the way one adapter does (`overwrite: true`, `--overwrite`, `${{ … }}`, docker/login-action).
 * A hint names a setting with a remedy (src/errors.ts) or the adapter's InputNamer, and each adapter words it.
 * (src/source is left out: its hints quote other tools' flags, `docker save`, `buildx --output`.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ENGINE_DIRS = ['src/domain', 'src/registry', 'src/publish'];

const ADAPTER_SYNTAX: readonly [string, RegExp][] = [
  ['an action input set to a switch value', /\b[a-z][a-z-]*: (true|false)\b/],
  ['a command-line flag', /(^|[^\w-])--[a-z][a-z-]*/],
  ['a workflow expression', /\$\{\{/],
  ['the action that logs in', /docker\/login-action/],
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

function offenders(text: string): string[] {
  return ADAPTER_SYNTAX.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

describe('adapter vocabulary stays in the adapters', () => {
  test.each(ENGINE_DIRS)('%s: no string spells a setting in one adapter’s syntax', (dir) => {
    const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => {
      const path = join(ROOT, dir, file);
      return stringsOf(path).flatMap(({ line, text }) =>
        offenders(text).map((what) => `${relative(ROOT, path)}:${line}: ${what}: ${JSON.stringify(text)}`),
      );
    });
    expect(found).toEqual([]);
  });

  test.each([
    ['set overwrite: true to replace it', 'an action input set to a switch value'],
    ['pass --overwrite', 'a command-line flag'],
    ['username: ${{ github.actor }}', 'a workflow expression'],
    ['log in with docker/login-action', 'the action that logs in'],
  ])('the check catches %j', (text, what) => {
    expect(offenders(text)).toContain(what);
  });

  test.each(['use the overwrite setting', 'a well-formed tag: lowercase', 'x-y', 'name--double'])(
    'the check leaves %j alone',
    (text) => {
      expect(offenders(text)).toEqual([]);
    },
  );
});
