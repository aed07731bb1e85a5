/** The `registry-publish` command line from the bundle, against the real registry. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout, skopeoListTags, skopeoTarget } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runCliDist } from '../fixtures/run-dist.js';

let registry: TestRegistry;
let work: string;
const layout = (name: string): string => join(work, name);

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'e2e-cli-'));
  for (const name of ['one', 'two', 'alp', 'pfx', 'var'])
    await makeOciLayout(layout(name), { seed: name, layers: [1000], refName: 'img' });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('registry-publish publish', () => {
  test('--json prints the report; the table lists each reference', async () => {
    const run = await runCliDist([
      'publish',
      '--registry',
      registry.host,
      '--namespace',
      'cli',
      '--image',
      'app',
      '--source',
      `oci:${layout('one')}:img`,
      '--version',
      '1.2.0',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      digest: string;
      targets: { tags: { tag: string; action: string }[]; verified: boolean }[];
    };
    expect(report.targets[0]?.tags.map((t) => `${t.tag}:${t.action}`)).toEqual([
      '1.2.0:created',
      '1.2:created',
      '1:created',
      'latest:created',
    ]);
    expect(report.targets[0]?.verified).toBe(true);
    expect(await inspectDigest(registry, 'cli/app:latest')).toBe(report.digest);

    const again = await runCliDist([
      '--registry',
      registry.host,
      '--namespace',
      'cli',
      '--image',
      'app',
      '--source',
      `oci:${layout('one')}:img`,
      '--version',
      '1.2.0',
    ]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^REFERENCE\s+ACTION\s+DIGEST/m);
    expect(again.stdout).toMatch(new RegExp(`${registry.host}/cli/app:1\\.2\\.0\\s+unchanged`));
  });

  test('reads the password from standard input and REGISTRY_USERNAME', async () => {
    const run = await runCliDist(
      [
        '--registry',
        registry.host,
        '--namespace',
        'cli',
        '--image',
        'stdin',
        '--source',
        `oci:${layout('two')}:img`,
        '--tag',
        'edge',
        '--password-stdin',
      ],
      { REGISTRY_USERNAME: 'someone' },
      'ignored-by-anonymous-registry\n',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('ignored-by-anonymous-registry');
  });

  test('bad input exits 2 with one error line', async () => {
    const run = await runCliDist(['--image', 'app', '--version', '1.0.0', '--latest', 'maybe']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--latest must be auto, true or false');
    const unknown = await runCliDist(['--image', 'app', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--bogus');
    const typo = await runCliDist(['--image', 'app', '--version', '1.0.0', '--dryrun']);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(typo.stderr).toContain('Did you mean --dry-run?');
    const password = await runCliDist(['--image', 'app', '--version', '1.0.0', '--password', 'hunter2']);
    expect(password.code).toBe(2);
    expect(password.stderr).toContain('Use --password-stdin');
    expect(password.stderr).toContain('REGISTRY_PASSWORD');
    expect(password.stderr).not.toContain('hunter2');
    const empty = await runCliDist(['--image', 'app', '--version', '1.0.0'], {
      REGISTRY_USERNAME: 'someone',
      REGISTRY_PASSWORD: '',
    });
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    expect(empty.stderr).toContain('REGISTRY_PASSWORD is set but empty');
    const emptyStdin = await runCliDist(
      ['--image', 'app', '--version', '1.0.0', '--password-stdin'],
      {},
      '\n',
    );
    expect(emptyStdin.code).toBe(2);
    expect(emptyStdin.stderr).toContain('--password-stdin read an empty password');
    const ls = await runCliDist(['ls', 'localhost:5000/app', '--jsn']);
    expect(ls.code).toBe(2);
    expect(ls.stderr).toContain('Did you mean --json? Run registry-publish ls --help');
  });

  test('--help for each command', async () => {
    for (const args of [['--help'], ['publish', '--help'], ['ls', '--help'], ['tags', '--help']]) {
      const run = await runCliDist(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: registry-publish');
    }
  });
});

test('version, -V and --version alone print the version of package.json; --help shows it', async () => {
  const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  for (const args of [['version'], ['-V'], ['--version']]) {
    const run = await runCliDist(args);
    expect(run.code, args.join(' ')).toBe(0);
    expect(run.stdout).toBe(`registry-publish ${version}\n`);
  }
  expect((await runCliDist(['--help'])).stdout).toContain(`registry-publish ${version}`);
  // With a value, --version is still publish's version to tag.
  const publish = await runCliDist(['--version', '1.2.3']);
  expect(publish.code).toBe(2);
  expect(publish.stderr).toContain('--image');
});

describe('registry-publish ls', () => {
  test('lists versions sorted, with digests and the floating tags on each', async () => {
    const base = ['--registry', registry.host, '--namespace', 'ls', '--image', 'app'];
    expect(
      (await runCliDist([...base, '--source', `oci:${layout('one')}:img`, '--version', '1.15.12'])).code,
    ).toBe(0);
    expect(
      (await runCliDist([...base, '--source', `oci:${layout('two')}:img`, '--version', '1.14.3'])).code,
    ).toBe(0);
    expect(
      (
        await runCliDist([
          ...base,
          '--source',
          `oci:${layout('alp')}:img`,
          '--version',
          '1.15.12',
          '--variant',
          'alpine',
        ])
      ).code,
    ).toBe(0);
    const run = await runCliDist(['ls', `${registry.host}/ls/app`]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^VERSION\s+VARIANT\s+DIGEST\s+ALSO TAGGED$/);
    expect(lines[1]).toMatch(/^1\.14\.3\s+-\s+[a-f0-9]{12}\s+1\.14$/);
    expect(lines[2]).toMatch(/^1\.15\.12\s+-\s+[a-f0-9]{12}\s+1\.15, 1, latest$/);
    expect(lines[3]).toMatch(/^1\.15\.12-alpine\s+alpine\s+[a-f0-9]{12}\s+1\.15-alpine, 1-alpine, alpine$/);
    const json = await runCliDist(['ls', `${registry.host}/ls/app`, '--json']);
    const parsed = JSON.parse(json.stdout) as { versions: { tag: string; digest: string }[] };
    expect(parsed.versions.map((v) => v.tag)).toEqual(['1.14.3', '1.15.12', '1.15.12-alpine']);
    expect(parsed.versions[1]?.digest).toBe(await inspectDigest(registry, 'ls/app:latest'));
  });

  test('--prefix lists a prefixed copy among the tags of its version', async () => {
    const base = ['--registry', registry.host, '--namespace', 'lsp', '--image', 'app'];
    const source = ['--source', `oci:${layout('pfx')}:img`];
    expect((await runCliDist([...base, ...source, '--version', '3.7.11', '--prefix', 'v'])).code).toBe(0);
    const plain = JSON.parse((await runCliDist(['ls', `${registry.host}/lsp/app`, '--json'])).stdout) as {
      versions: { tag: string; tags: string[] }[];
    };
    expect(plain.versions.map((v) => v.tag)).toEqual(['3.7.11', 'v3.7.11']);
    const run = await runCliDist(['ls', `${registry.host}/lsp/app`, '--json', '--prefix', 'v']);
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as typeof plain;
    expect(listed.versions.map((v) => v.tag)).toEqual(['3.7.11']);
    expect(listed.versions[0]?.tags.toSorted()).toEqual(['3', '3.7', 'latest', 'v3', 'v3.7', 'v3.7.11']);
  });

  test('tags derives offline', async () => {
    const run = await runCliDist(['tags', '--version', 'v1.15.12', '--variant', 'alpine']);
    expect(run.stdout.trim().split('\n')).toEqual(['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine']);
  });
});

describe('variants on a real registry', () => {
  test('--variant repeated with --bare: every name gets its set, one image, read back with skopeo', async () => {
    const run = await runCliDist([
      ...['--registry', registry.host, '--namespace', 'variants', '--image', 'app'],
      ...['--source', `oci:${layout('var')}:img`, '--version', '1.29.3'],
      ...['--variant', 'trixie', '--variant', 'alpine', '--bare', '--alias', 'mainline'],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const expected = ['1.29.3', '1.29', '1', 'mainline', 'latest'].flatMap((t) => [
      t,
      `${t === 'latest' ? '' : `${t}-`}trixie`,
      `${t === 'latest' ? '' : `${t}-`}alpine`,
    ]);
    const tags = await skopeoListTags(`${registry.host}/variants/app`, skopeoTarget(registry));
    expect(tags.toSorted()).toEqual(expected.toSorted());
    const digests = new Set(
      await Promise.all(tags.map((tag) => inspectDigest(registry, `variants/app:${tag}`))),
    );
    expect(digests.size).toBe(1);
  });
});
