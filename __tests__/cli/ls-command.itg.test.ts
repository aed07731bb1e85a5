/** `registry-publish ls` in process against a real registry: its flags and exit codes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runLsCommand } from '../../src/cli/ls-command.js';
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

async function ls(args: readonly string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    readStdin: () => Promise.resolve(''),
    env: {},
    interactive: false,
  };
  const code = await runLsCommand([`${registry.host}/ls/app`, '--insecure', ...args], io);
  return { code, stdout, stderr };
}

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
