/**
 * The import rules of CONTRIBUTING.md ("Import rules") are enforced by eslint.config.mjs: a file planted in
 * each layer with a forbidden import fails lint with no-restricted-imports, and one with a permitted
 * import passes. Nothing is written: the planted code is linted as text under a made-up path.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids of the problems in `filePath` holding one import of `specifier`. */
async function problems(filePath: string, specifier: string): Promise<(string | null)[]> {
  const code = `import * as planted from '${specifier}';\n\nexport const used = planted;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId);
}

// [planted file, import]: each one crosses a boundary.
const forbidden: [string, string][] = [
  ['src/domain/planted.ts', '../secrets.js'],
  ['src/domain/planted.ts', '../registry/types.js'],
  ['src/domain/planted.ts', 'node:fs'],
  ['src/domain/planted.ts', 'undici'],
  ['src/registry/planted.ts', '../source/image-source.js'],
  ['src/registry/planted.ts', '../publish/report.js'],
  ['src/registry/planted.ts', '../log.js'],
  ['src/registry/planted.ts', '../cancellation.js'],
  ['src/registry/planted.ts', '@actions/core'],
  ['src/source/planted.ts', '../registry/client.js'],
  ['src/source/planted.ts', '../publish/publish.js'],
  ['src/source/planted.ts', '../log.js'],
  ['src/publish/planted.ts', '../action/outputs.js'],
  ['src/publish/planted.ts', '../cli/words.js'],
  ['src/publish/planted.ts', '../main.js'],
  ['src/action/planted.ts', '../registry/client.js'],
  ['src/action/planted.ts', '../source/image-source.js'],
  ['src/action/planted.ts', '../cli/words.js'],
  ['src/action/planted.ts', '../secrets.js'],
  ['src/action/planted.ts', '@actions/core'],
  ['src/cli/planted.ts', '../registry/client.js'],
  ['src/cli/planted.ts', '../source/source-opener.js'],
  ['src/cli/planted.ts', '../action/words.js'],
  ['src/cli/planted.ts', '../main.js'],
  ['src/cli/planted.ts', '@actions/core'],
  ['src/planted.ts', './registry/client.js'],
  ['src/planted.ts', './publish/report.js'],
  ['src/planted.ts', './main.js'],
  ['src/planted.ts', '@actions/core'],
];

// [planted file, import]: each one is allowed.
const permitted: [string, string][] = [
  ['src/domain/planted.ts', '../errors.js'],
  ['src/domain/planted.ts', './digest.js'],
  ['src/domain/planted.ts', 'node:crypto'],
  ['src/registry/planted.ts', '../domain/digest.js'],
  ['src/registry/planted.ts', '../secrets.js'],
  ['src/registry/planted.ts', '../digest-verifier.js'],
  ['src/registry/planted.ts', '../bounded-read.js'],
  ['src/registry/planted.ts', 'undici'],
  ['src/source/planted.ts', '../registry/types.js'],
  ['src/source/planted.ts', '../map-limited.js'],
  ['src/source/planted.ts', '../user-dirs.js'],
  ['src/source/planted.ts', '../domain/manifest.js'],
  ['src/publish/planted.ts', '../registry/client.js'],
  ['src/publish/planted.ts', '../source/image-source.js'],
  ['src/publish/planted.ts', '../log.js'],
  ['src/publish/planted.ts', '../cancellation.js'],
  ['src/action/planted.ts', '../publish/report.js'],
  ['src/action/planted.ts', '../domain/plan.js'],
  ['src/action/planted.ts', '../errors.js'],
  ['src/cli/planted.ts', '../publish/publish.js'],
  ['src/cli/planted.ts', '../cancellation.js'],
  ['src/cli/planted.ts', '../secrets.js'],
  ['src/cli/planted.ts', '../../package.json'],
  ['src/planted.ts', './domain/digest.js'],
  ['src/planted.ts', './errors.js'],
  ['src/main.ts', '@actions/core'],
  ['src/main.ts', './publish/publish.js'],
];

describe('import rules', () => {
  test.each(forbidden)('%s importing %s fails lint', async (file, specifier) => {
    expect(await problems(file, specifier)).toEqual(['no-restricted-imports']);
  });

  test.each(permitted)('%s importing %s passes lint', async (file, specifier) => {
    expect(await problems(file, specifier)).toEqual([]);
  });
});
