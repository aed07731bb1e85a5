/**
 * The action end to end, through dist/index.js started exactly as a GitHub runner starts it, against real
 * CNCF registries; skopeo (an independent client) checks every published tag.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist } from '../fixtures/run-dist.js';

interface Report {
  digest: string;
  targets: {
    target: string;
    digest: string;
    tags: {
      tag: string;
      action: string;
      previous: string | null;
      digest: string | null;
      reason: string | null;
    }[];
    blobs: Record<'uploaded' | 'present' | 'mounted', { count: number; bytes: number }>;
    verified: boolean;
    error: { code: string; message: string } | null;
  }[];
}

let registry: TestRegistry;
let work: string;
const layouts: Record<string, string> = {};

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'e2e-action-'));
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    layouts[name] = join(work, name);
    await makeOciLayout(layouts[name], { seed: name, layers: [2048, 300_000], refName: 'img' });
  }
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function inputs(extra: Record<string, string>): Record<string, string> {
  return { registry: registry.host, namespace: 'com.example.namespace', image: 'app', ...extra };
}

function report(run: { outputs: Record<string, string> }): Report {
  return JSON.parse(run.outputs.json ?? '{}') as Report;
}

function tagActions(r: Report): Record<string, string> {
  return Object.fromEntries((r.targets[0]?.tags ?? []).map((t) => [t.tag, t.action]));
}

const repo = (): string => `${registry.host}/com.example.namespace/app`;

describe('release flow on one repository', () => {
  let release: string;

  test('release 1.15.12 publishes 1.15.12, 1.15, 1, latest and outputs them', async () => {
    const run = await runActionDist(
      inputs({ version: 'refs/tags/v1.15.12', source: `oci:${layouts.a}:img` }),
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    release = run.outputs.digest ?? '';
    expect(release).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(run.outputs.image).toBe(`${repo()}@${release}`);
    expect(run.outputs.tags?.split('\n')).toEqual(['1.15.12', '1.15', '1', 'latest']);
    expect(run.outputs.refs?.split('\n')).toEqual(
      ['1.15.12', '1.15', '1', 'latest'].map((t) => `${repo()}:${t}`),
    );
    const r = report(run);
    expect(tagActions(r)).toEqual({
      '1.15.12': 'created',
      '1.15': 'created',
      '1': 'created',
      latest: 'created',
    });
    expect(r.targets[0]?.verified).toBe(true);
    expect(r.targets[0]?.blobs.uploaded.count).toBe(3);
    expect((r.targets[0] as unknown as { platforms: { platform: string }[] }).platforms).toEqual([
      { platform: 'linux/amd64', digest: release },
    ]);
    for (const tag of ['1.15.12', '1.15', '1', 'latest'])
      expect(await inspectDigest(registry, `com.example.namespace/app:${tag}`)).toBe(release);
    expect(run.summary).toContain('| `1.15.12` | created |');
    expect(run.stdout).toMatch(/Pushed/);
  });

  test('republishing the same image uploads nothing and writes nothing', async () => {
    const before = await registry.snapshotStorage();
    const run = await runActionDist(inputs({ version: 'v1.15.12', source: `oci:${layouts.a}:img` }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const r = report(run);
    expect(Object.values(tagActions(r))).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(r.targets[0]?.blobs.uploaded).toEqual({ count: 0, bytes: 0 });
    expect(await registry.snapshotStorage()).toBe(before);
  });

  test('a backport 1.14.3 gets 1.14.3 and 1.14 but never 1 or latest', async () => {
    const run = await runActionDist(inputs({ version: '1.14.3', source: `oci:${layouts.b}:img` }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const r = report(run);
    expect(tagActions(r)).toEqual({
      '1.14.3': 'created',
      '1.14': 'created',
      '1': 'skipped',
      latest: 'skipped',
    });
    expect(run.outputs.tags?.split('\n')).toEqual(['1.14.3', '1.14']);
    expect(await inspectDigest(registry, 'com.example.namespace/app:1')).toBe(release);
    expect(await inspectDigest(registry, 'com.example.namespace/app:latest')).toBe(release);
    expect(await inspectDigest(registry, 'com.example.namespace/app:1.14')).toBe(run.outputs.digest);
  });

  test('a prerelease gets only its own tag', async () => {
    const run = await runActionDist(inputs({ version: '2.0.0-rc.1', source: `oci:${layouts.c}:img` }));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tags).toBe('2.0.0-rc.1');
    expect(await inspectDigest(registry, 'com.example.namespace/app:latest')).toBe(release);
  });

  test('variant alpine with channel alias mainline', async () => {
    const run = await runActionDist(
      inputs({ version: '1.15.12', variant: 'alpine', aliases: 'mainline', source: `oci:${layouts.d}:img` }),
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(new Set(run.outputs.tags?.split('\n'))).toEqual(
      new Set(['1.15.12-alpine', 'mainline-alpine', '1.15-alpine', '1-alpine', 'alpine']),
    );
    for (const tag of ['1.15.12-alpine', 'mainline-alpine', '1.15-alpine', '1-alpine', 'alpine']) {
      expect(await inspectDigest(registry, `com.example.namespace/app:${tag}`)).toBe(run.outputs.digest);
    }
    expect(await inspectDigest(registry, 'com.example.namespace/app:latest')).toBe(release);
  });

  test('an existing version tag is immutable unless overwrite: true', async () => {
    const before = await registry.snapshotStorage();
    const refused = await runActionDist(inputs({ version: '1.15.12', source: `oci:${layouts.e}:img` }));
    expect(refused.code).not.toBe(0);
    const firstError = refused.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(firstError).toContain('1.15.12 already points at');
    expect(firstError).toContain('overwrite: true');
    expect(firstError).toContain('[TAG_EXISTS]');
    expect(await registry.snapshotStorage()).toBe(before);

    const forced = await runActionDist(
      inputs({ version: '1.15.12', overwrite: 'true', source: `oci:${layouts.e}:img` }),
    );
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(tagActions(report(forced))['1.15.12']).toBe('updated');
    expect(await inspectDigest(registry, 'com.example.namespace/app:1.15.12')).toBe(forced.outputs.digest);
  });

  test('dry run prints the plan and leaves the storage untouched', async () => {
    const before = await registry.snapshotStorage();
    const run = await runActionDist(
      inputs({ version: '1.16.0', 'dry-run': 'true', source: `oci:${layouts.c}:img` }),
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/TAG\s+NOW\s+AFTER\s+PLAN/);
    expect(run.stdout).toMatch(/1\.16\.0\s+-\s+[a-f0-9]{12}\s+would create/);
    expect(run.stdout).toMatch(/latest\s+[a-f0-9]{12}\s+[a-f0-9]{12}\s+would update/);
    expect(await registry.snapshotStorage()).toBe(before);
  });
});

describe('promotion', () => {
  test('nightly → latest in the same repository moves the tag with zero blob bytes', async () => {
    const nightly = await runActionDist({
      registry: registry.host,
      namespace: 'promo',
      image: 'app',
      tags: 'nightly',
      source: `oci:${layouts.a}:img`,
    });
    expect(nightly.code, nightly.stdout + nightly.stderr).toBe(0);
    const run = await runActionDist({
      registry: registry.host,
      namespace: 'promo',
      image: 'app',
      tags: 'latest',
      source: `docker://${registry.host}/promo/app:nightly`,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const r = report(run);
    expect(r.targets[0]?.blobs.uploaded.bytes).toBe(0);
    expect(await inspectDigest(registry, 'promo/app:latest')).toBe(nightly.outputs.digest);
  });

  test('promotion into another repository of the same registry mounts every blob', async () => {
    const run = await runActionDist({
      registry: registry.host,
      namespace: 'promo',
      image: 'other',
      tags: 'latest',
      source: `docker://${registry.host}/promo/app:nightly`,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const r = report(run);
    expect(r.targets[0]?.blobs.uploaded.bytes).toBe(0);
    expect(r.targets[0]?.blobs.mounted.count).toBe(3);
    expect(run.stdout).toContain('Mounted from promo/app');
  });
});

describe('several targets', () => {
  test('one unreachable target does not stop the others; the step fails naming it', async () => {
    const run = await runActionDist({
      registry: registry.host,
      namespace: 'multi',
      image: 'app',
      targets: `127.0.0.1:9/multi/app\n${registry.host}/multi/copy`,
      version: '3.1.0',
      source: `oci:${layouts.b}:img`,
    });
    expect(run.code).not.toBe(0);
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain('127.0.0.1:9/multi/app');
    expect(error).toContain('[PUBLISH_FAILED]');
    expect(await inspectDigest(registry, 'multi/app:3.1.0')).toBe(run.outputs.digest);
    expect(await inspectDigest(registry, 'multi/copy:latest')).toBe(run.outputs.digest);
    const r = report(run);
    expect(r.targets.map((t) => t.error?.code ?? 'ok')).toEqual(['ok', 'REGISTRY_UNREACHABLE', 'ok']);
  });
});

describe('parallel release jobs', () => {
  test('1.15.13 and 1.16.0 at once end with 1 and latest at 1.16.0 and 1.15 at 1.15.13', async () => {
    for (let round = 0; round < 3; round++) {
      const ns = `race${round}`;
      const seed = await runActionDist({
        registry: registry.host,
        namespace: ns,
        image: 'app',
        version: '1.15.12',
        source: `oci:${layouts.a}:img`,
      });
      expect(seed.code, seed.stdout + seed.stderr).toBe(0);
      const [a, b] = await Promise.all([
        runActionDist({
          registry: registry.host,
          namespace: ns,
          image: 'app',
          version: '1.15.13',
          source: `oci:${layouts.b}:img`,
        }),
        runActionDist({
          registry: registry.host,
          namespace: ns,
          image: 'app',
          version: '1.16.0',
          source: `oci:${layouts.c}:img`,
        }),
      ]);
      expect(a.code, a.stdout + a.stderr).toBe(0);
      expect(b.code, b.stdout + b.stderr).toBe(0);
      expect(await inspectDigest(registry, `${ns}/app:1`)).toBe(b.outputs.digest);
      expect(await inspectDigest(registry, `${ns}/app:latest`)).toBe(b.outputs.digest);
      expect(await inspectDigest(registry, `${ns}/app:1.16`)).toBe(b.outputs.digest);
      expect(await inspectDigest(registry, `${ns}/app:1.15`)).toBe(a.outputs.digest);
    }
  });
});

describe('bad input', () => {
  test.each([
    [{ latest: 'maybe' }, 'Input "latest" must be auto, true or false'],
    [{ version: 'main' }, 'tags'],
    [{ concurrency: '0' }, 'Input "concurrency"'],
    [{ source: 'ftp://x' }, 'source'],
    [{ source: 'oci:/nonexistent/layout' }, '/nonexistent/layout'],
    [{ namespace: 'up_' }, 'up_'],
    [
      { image: 'localhost:5000/ns/app' },
      'Put the registry in registry and the path in namespace: registry: localhost:5000, namespace: ns, image: app.',
    ],
  ])('%o fails with one clear line and writes nothing', async (extra, fragment) => {
    const before = await registry.snapshotStorage();
    const run = await runActionDist(inputs({ version: '9.9.9', source: `oci:${layouts.a}:img`, ...extra }));
    expect(run.code).not.toBe(0);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(fragment);
    expect(await registry.snapshotStorage()).toBe(before);
  });
});

describe('runner files', () => {
  test.each([
    ['GITHUB_OUTPUT', (dir: string) => join(dir, 'missing-dir', 'output')],
    ['GITHUB_STEP_SUMMARY', (dir: string) => dir],
  ])('%s that cannot be written fails before any registry is contacted', async (name, pathIn) => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-files-'));
    try {
      const before = await registry.snapshotStorage();
      const run = await runActionDist(inputs({ version: '9.8.7', source: `oci:${layouts.a}:img` }), {
        [name]: pathIn(dir),
      });
      expect(run.code).not.toBe(0);
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`${name} names ${pathIn(dir)}, which cannot be written`);
      expect(errors[0]).toContain('[RUNNER_FILE_UNWRITABLE]');
      expect(run.everything).not.toContain('INTERNAL');
      expect(run.stdout).not.toContain('Reading oci:');
      expect(await registry.snapshotStorage()).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a GITHUB_OUTPUT file that does not exist yet is created, as the runner would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-files-'));
    try {
      const output = join(dir, 'output');
      const run = await runActionDist(
        inputs({ namespace: 'runner-files', version: '1.0.0', source: `oci:${layouts.a}:img` }),
        { GITHUB_OUTPUT: output },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const written = await readFile(output, 'utf8');
      expect(written).toContain('runner-files/app:1.0.0');
      expect(await inspectDigest(registry, 'runner-files/app:1.0.0')).toMatch(/^sha256:/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('names', () => {
  test('a mixed-case namespace publishes to the lowercase repository with a notice', async () => {
    const run = await runActionDist({
      ...inputs({ version: '3.0.0', source: `oci:${layouts.e}:img` }),
      namespace: 'My-Org',
      image: 'App',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'notice: Input "namespace": My-Org → my-org (repository names are lowercase)',
    );
    expect(run.stdout).toContain('notice: Input "image": App → app (repository names are lowercase)');
    expect(run.outputs.image).toBe(`${registry.host}/my-org/app@${run.outputs.digest ?? ''}`);
    expect(await inspectDigest(registry, 'my-org/app:3.0.0')).toBe(run.outputs.digest);
  });
});
