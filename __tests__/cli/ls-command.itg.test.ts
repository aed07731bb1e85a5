/** `registry-publish ls` in process against a real registry: its flags and exit codes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { LS_HELP, runLsCommand } from '../../src/cli/ls-command.js';
import { rawPush, startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout } from '../fixtures/skopeo.js';

let registry: TestRegistry;
let work: string;

// Variants no detection finds: no plain `slim` or `1-slim` tag beside the versions.
const TAGS = ['1.2.0', '1.2.0-slim', '1.2.0-bookworm', '1.3.0-bookworm'];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-ls-'));
  registry = await startRegistry({ kind: 'anonymous' });
  const layout = await makeOciLayout(join(work, 'image'), { seed: 'ls-command', layers: [512] });
  for (const tag of TAGS)
    await rawPush(registry, 'ls/app', tag, {
      blobs: [...layout.layers, layout.config],
      manifest: {
        digest: layout.manifest.digest,
        mediaType: layout.manifest.mediaType,
        bytes: layout.manifest.bytes,
      },
    });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function runLs(
  argv: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    readStdin: () => Promise.resolve(''),
    env,
    interactive: false,
  };
  const code = await runLsCommand(argv, io);
  return { code, stdout, stderr };
}

const ls = (args: readonly string[]): ReturnType<typeof runLs> =>
  runLs([`${registry.host}/ls/app`, '--insecure', ...args]);

/** tag → variant ('-' for none) of each listed version. */
async function variantsListed(args: readonly string[]): Promise<Record<string, string>> {
  const run = await ls([...args, '--json']);
  expect(run.code, run.stderr.join('\n')).toBe(0);
  const listing = JSON.parse(run.stdout.join('\n')) as {
    versions: { tag: string; variant: string | null }[];
  };
  return Object.fromEntries(listing.versions.map((v) => [v.tag, v.variant ?? '-']));
}

describe('registry-publish ls --variant', () => {
  test.each<[string, string[], Record<string, string>]>([
    ['one name', ['--variant', 'slim'], { '1.2.0': '-', '1.2.0-slim': 'slim' }],
    [
      'comma-separated',
      ['--variant', 'slim,bookworm'],
      { '1.2.0': '-', '1.2.0-slim': 'slim', '1.2.0-bookworm': 'bookworm', '1.3.0-bookworm': 'bookworm' },
    ],
    [
      'repeated',
      ['--variant', 'slim', '--variant', 'bookworm'],
      { '1.2.0': '-', '1.2.0-slim': 'slim', '1.2.0-bookworm': 'bookworm', '1.3.0-bookworm': 'bookworm' },
    ],
    [
      'repeated and comma-separated, spaces and empty items dropped',
      ['--variant', ' slim , ,', '--variant=bookworm,'],
      { '1.2.0': '-', '1.2.0-slim': 'slim', '1.2.0-bookworm': 'bookworm', '1.3.0-bookworm': 'bookworm' },
    ],
  ])('%s', async (_name, args, expected) => {
    expect(await variantsListed(args)).toEqual(expected);
  });

  test('without --variant an undetected suffix is no variant: those tags are not versions', async () => {
    expect(await variantsListed([])).toEqual({ '1.2.0': '-' });
  });
});

describe('registry-publish ls exit codes (as publish and tags: 0 done, 1 failed, 2 bad input)', () => {
  test('0: the listing, and --help', async () => {
    const listed = await ls([]);
    expect(listed.code, listed.stderr.join('\n')).toBe(0);
    expect(listed.stdout[0]).toMatch(/^VERSION\s+VARIANT\s+DIGEST\s+ALSO TAGGED$/);
    expect(await runLs(['--help'])).toEqual({ code: 0, stdout: [LS_HELP], stderr: [] });
  });

  test.each<[string, () => string[], Record<string, string>, RegExp]>([
    [
      'no repository',
      () => ['--json'],
      {},
      /^error: ls takes exactly one repository, e\.g\. localhost:5000\/team\/app\. .*\[INPUT_INVALID\]$/,
    ],
    [
      'two repositories',
      () => [`${registry.host}/ls/app`, `${registry.host}/ls/other`],
      {},
      /^error: ls takes exactly one repository.*\[INPUT_INVALID\]$/,
    ],
    [
      'a misspelt flag',
      () => [`${registry.host}/ls/app`, '--variants', 'slim'],
      {},
      /^error: Unknown option --variants\. Did you mean --variant\? .*\[INPUT_INVALID\]$/,
    ],
    ['not a repository', () => ['Bad Name'], {}, /\[REFERENCE_INVALID\]$/],
    [
      'an empty REGISTRY_PASSWORD',
      () => [`${registry.host}/ls/app`, '--insecure'],
      { REGISTRY_PASSWORD: '' },
      /^error: REGISTRY_PASSWORD is set but empty\. .*\[INPUT_INVALID\]$/,
    ],
  ])('2: %s, in one error line', async (_name, argv, env, line) => {
    const run = await runLs(argv(), env);
    expect(run.code).toBe(2);
    expect(run.stdout).toEqual([]);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(line);
  });

  test('1: the registry cannot be read (a TLS registry whose CA is not trusted)', async () => {
    const tls = await startRegistry({ kind: 'anonymous', tls: true });
    try {
      const run = await runLs([`${tls.host}/ls/app`]);
      expect(run.code).toBe(1);
      expect(run.stdout).toEqual([]);
      expect(run.stderr.at(-1)).toMatch(/^error: .*\[TLS_FAILED\]$/);
    } finally {
      await tls.stop();
    }
  });
});
