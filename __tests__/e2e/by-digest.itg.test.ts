/**
 * `by-digest` end to end: dist/index.js as a runner starts it (and the CLI), two single-platform images
 * pushed by digest into one repository against a real registry; skopeo reads them back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout, runSkopeo, skopeoListTags, skopeoTarget } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';

interface Report {
  targets: {
    tags: unknown[];
    platforms: { platform: string; digest: string }[];
    blobs: Record<'uploaded' | 'present' | 'mounted', { count: number }>;
    verified: boolean;
  }[];
}

let registry: TestRegistry;
let work: string;
const source: Record<string, string> = {};
const digests: Record<string, string> = {};

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'e2e-by-digest-'));
  for (const architecture of ['amd64', 'arm64']) {
    const dir = join(work, architecture);
    const layout = await makeOciLayout(dir, {
      seed: architecture,
      layers: [4096],
      refName: 'img',
      platform: { os: 'linux', architecture },
    });
    source[architecture] = layout.ref;
    digests[architecture] = layout.manifest.digest;
  }
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const report = (run: { outputs: Record<string, string> }): Report =>
  JSON.parse(run.outputs.json ?? '{}') as Report;

describe('by-digest', () => {
  test('two platforms pushed by digest leave no tag and output their digests and platforms', async () => {
    for (const architecture of ['amd64', 'arm64']) {
      const plan = await runActionDist({
        registry: registry.host,
        image: 'app',
        source: source[architecture] ?? '',
        'by-digest': 'true',
        'dry-run': 'true',
      });
      expect(plan.code, plan.stdout + plan.stderr).toBe(0);
      expect(plan.stdout).toContain('would push by digest (no tag)');
      expect(await inspectDigest(registry, `app@${digests[architecture]}`)).toBeUndefined();

      const run = await runActionDist({
        registry: registry.host,
        image: 'app',
        source: source[architecture] ?? '',
        'by-digest': 'true',
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.outputs.digest).toBe(digests[architecture]);
      expect(run.outputs.tags).toBe('');
      expect(run.outputs.platform).toBe(`linux/${architecture}`);
      const r = report(run).targets[0];
      expect(r?.platforms).toEqual([{ platform: `linux/${architecture}`, digest: digests[architecture] }]);
      expect(r?.verified).toBe(true);
      expect(r?.blobs.uploaded.count).toBe(2); // the layer and the config
      expect(await inspectDigest(registry, `app@${digests[architecture]}`)).toBe(digests[architecture]);
      const config = JSON.parse(
        (
          await runSkopeo([
            'inspect',
            '--config',
            '--raw',
            '--tls-verify=false',
            `docker://${registry.host}/app@${digests[architecture]}`,
          ])
        ).toString('utf8'),
      ) as { architecture?: string };
      expect(config.architecture).toBe(architecture);
    }
    // The distribution registry answers a repository with no tag at all with 404 on tags/list.
    await expect(skopeoListTags(`${registry.host}/app`, skopeoTarget(registry))).rejects.toThrow(/404/);
  });

  test('a re-run writes nothing', async () => {
    const run = await runActionDist({
      registry: registry.host,
      image: 'app',
      source: source.amd64 ?? '',
      'by-digest': 'true',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('already in the repository, nothing to write');
    const r = report(run).targets[0];
    expect(r?.blobs.uploaded.count).toBe(0);
    expect(run.outputs.digest).toBe(digests.amd64);
  });

  test('CLI --by-digest; with --version it is refused before any write', async () => {
    const args = ['--registry', registry.host, '--image', 'cli', '--source', source.arm64 ?? ''];
    const bad = await runCliDist([...args, '--by-digest', '--version', '1.2.3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('error: --by-digest writes no tag, but --version is set');
    expect(await inspectDigest(registry, `cli@${digests.arm64}`)).toBeUndefined();

    const run = await runCliDist([...args, '--by-digest', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { digest: string }).digest).toBe(digests.arm64);
    expect(await inspectDigest(registry, `cli@${digests.arm64}`)).toBe(digests.arm64);
    // The distribution registry answers a repository with no tag at all with 404 on tags/list.
    await expect(skopeoListTags(`${registry.host}/cli`, skopeoTarget(registry))).rejects.toThrow(/404/);
  });

  test('action: by-digest with tags is one line naming both inputs', async () => {
    const run = await runActionDist({
      registry: registry.host,
      image: 'app',
      source: source.amd64 ?? '',
      'by-digest': 'true',
      tags: 'nightly',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::Input "by-digest" writes no tag, but Input "tags" is set');
  });
});
