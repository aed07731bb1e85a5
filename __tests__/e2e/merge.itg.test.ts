/**
 * `sources` end to end (issue 14): two single-platform images pushed by digest, then merged into one index
 * by dist/index.js as the action, against real distribution registries; skopeo resolves each platform.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addAttestedIndex } from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import {
  makeMultiPlatformLayout,
  makeOciLayout,
  runSkopeo,
  skopeoListTags,
  skopeoTarget,
  type OciLayout,
} from '../fixtures/skopeo.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';

interface Report {
  targets: {
    tags: { tag: string; action: string }[];
    platforms: { platform: string; digest: string }[];
    blobs: Record<'uploaded' | 'present' | 'mounted', { count: number }>;
    error: { code: string } | null;
  }[];
}

let registry: TestRegistry;
let other: TestRegistry;
let work: string;
const layouts: Record<string, OciLayout> = {};
let mergedDigest = '';

const report = (run: { outputs: Record<string, string> }): Report =>
  JSON.parse(run.outputs.json ?? '{}') as Report;

/** The first layer of the image skopeo picks for linux/<architecture> (checked to be that architecture). */
async function resolveArch(ref: string, architecture: string): Promise<string | undefined> {
  const out = await runSkopeo([
    'inspect',
    '--override-arch',
    architecture,
    '--override-os',
    'linux',
    '--tls-verify=false',
    `docker://${ref}`,
  ]);
  const picked = JSON.parse(out.toString('utf8')) as { Architecture: string; Layers: string[] };
  expect(picked.Architecture).toBe(architecture);
  return picked.Layers[0];
}

async function rawIndex(ref: string): Promise<{ mediaType: string; manifests: { digest: string }[] }> {
  const out = await runSkopeo(['inspect', '--raw', '--tls-verify=false', `docker://${ref}`]);
  return JSON.parse(out.toString('utf8')) as { mediaType: string; manifests: { digest: string }[] };
}

beforeAll(async () => {
  [registry, other] = await Promise.all([
    startRegistry({ kind: 'anonymous' }),
    startRegistry({ kind: 'anonymous' }),
  ]);
  work = await mkdtemp(join(tmpdir(), 'e2e-merge-'));
  for (const [name, architecture, seed] of [
    ['amd64', 'amd64', 'amd64'],
    ['arm64', 'arm64', 'arm64'],
    ['amd64b', 'amd64', 'another-amd64'],
  ] as const) {
    layouts[name] = await makeOciLayout(join(work, name), {
      seed,
      layers: [4096],
      refName: 'img',
      platform: { os: 'linux', architecture },
    });
  }
  for (const name of ['amd64', 'arm64', 'amd64b']) {
    const run = await runActionDist({
      registry: registry.host,
      image: 'app',
      source: layouts[name]?.ref ?? '',
      'by-digest': 'true',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.platform).toBe(`linux/${layouts[name]?.platform.architecture}`);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([registry?.stop(), other?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

const remote = (name: string): string => `docker://${registry.host}/app@${layouts[name]?.manifest.digest}`;

describe('sources: merge platforms into one index', () => {
  test('dry run shows the plan and writes nothing; the run publishes 1.2.3, 1.2, 1, latest', async () => {
    const inputs = {
      registry: registry.host,
      image: 'app',
      sources: `${remote('amd64')}\n${remote('arm64')}`,
      version: '1.2.3',
    };
    const plan = await runActionDist({ ...inputs, 'dry-run': 'true' });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/1\.2\.3.*would create/);
    await expect(skopeoListTags(`${registry.host}/app`, skopeoTarget(registry))).rejects.toThrow(/404/);

    const run = await runActionDist(inputs);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    mergedDigest = run.outputs.digest ?? '';
    expect(run.outputs.tags?.split('\n')).toEqual(['1.2.3', '1.2', '1', 'latest']);
    expect(run.outputs.platform).toBe('linux/amd64,linux/arm64');
    expect(report(run).targets[0]?.blobs.uploaded.count).toBe(0);
    for (const tag of ['1.2.3', '1.2', '1', 'latest'])
      expect(await inspectDigest(registry, `app:${tag}`)).toBe(mergedDigest);
    const index = await rawIndex(`${registry.host}/app:1.2.3`);
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => m.digest)).toEqual([
      layouts.amd64?.manifest.digest,
      layouts.arm64?.manifest.digest,
    ]);
    expect(await resolveArch(`${registry.host}/app:1.2.3`, 'amd64')).toBe(layouts.amd64?.layers[0]?.digest);
    expect(await resolveArch(`${registry.host}/app:1.2.3`, 'arm64')).toBe(layouts.arm64?.layers[0]?.digest);

    const again = await runActionDist(inputs);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.digest).toBe(mergedDigest);
    expect(report(again).targets[0]?.tags.map((t) => t.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
  });

  test('the same merge from two oci: layouts, in the other order, gives the same index digest', async () => {
    expect(mergedDigest).not.toBe('');
    const run = await runActionDist({
      registry: registry.host,
      image: 'fromoci',
      sources: `${layouts.arm64?.ref}\n${layouts.amd64?.ref}`,
      version: '1.2.3',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.digest).toBe(mergedDigest);
    expect(await inspectDigest(registry, 'fromoci:1.2.3')).toBe(mergedDigest);
  });

  test('children in another registry are copied first (CLI --source repeated)', async () => {
    const run = await runCliDist([
      '--registry',
      other.host,
      '--image',
      'prod/app',
      '--source',
      remote('amd64'),
      '--source',
      remote('arm64'),
      '--version',
      '1.2.3',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { digest: string }).digest).toBe(mergedDigest);
    expect(await inspectDigest(other, 'prod/app:1')).toBe(mergedDigest);
    expect(await resolveArch(`${other.host}/prod/app:1.2.3`, 'arm64')).toBe(layouts.arm64?.layers[0]?.digest);
    await runSkopeo([
      'copy',
      '--all',
      '--src-tls-verify=false',
      `docker://${other.host}/prod/app:1.2.3`,
      `oci:${join(work, 'copied')}:x`,
    ]);
  });

  test('a duplicate platform is refused before any write, naming both sources', async () => {
    const run = await runActionDist({
      registry: registry.host,
      image: 'dup',
      sources: `${remote('amd64')}\n${remote('arm64')}\n${layouts.amd64b?.ref}`,
      version: '1.0.0',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${remote('amd64')} and ${layouts.amd64b?.ref} are both linux/amd64`);
    expect(run.stdout).toContain('PLATFORM_DUPLICATE');
    await expect(skopeoListTags(`${registry.host}/dup`, skopeoTarget(registry))).rejects.toThrow(/404/);
  });

  test('an index child contributes its platforms and keeps its buildx attestation manifest', async () => {
    const dir = join(work, 'multi');
    const multi = await makeMultiPlatformLayout(dir, {
      seed: 'multi',
      platforms: [
        { os: 'linux', architecture: 'arm64' },
        { os: 'linux', architecture: 's390x' },
      ],
    });
    const attested = await addAttestedIndex(
      dir,
      multi.images.map((i) => ({
        digest: i.manifest.digest,
        size: i.manifest.size,
        mediaType: i.manifest.mediaType,
        platform: { ...i.platform },
      })),
      { refName: 'multi' },
    );
    const run = await runActionDist({
      registry: registry.host,
      image: 'attested',
      sources: `${layouts.amd64?.ref}\n${`oci:${dir}:multi`}`,
      tags: 'edge',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.platform).toBe('linux/amd64,linux/arm64,linux/s390x');
    const index = (await rawIndex(`${registry.host}/attested:edge`)) as unknown as {
      manifests: { digest: string; annotations?: Record<string, string> }[];
    };
    expect(index.manifests.map((m) => m.digest)).toEqual([
      layouts.amd64?.manifest.digest,
      multi.images[0]?.manifest.digest,
      multi.images[1]?.manifest.digest,
      attested.attestation.digest,
    ]);
    expect(index.manifests[3]?.annotations).toEqual({
      'vnd.docker.reference.digest': multi.images[0]?.manifest.digest,
      'vnd.docker.reference.type': 'attestation-manifest',
    });
    expect(await inspectDigest(registry, `attested@${attested.attestation.digest}`)).toBe(
      attested.attestation.digest,
    );
  });

  test('annotations: auto and key=value go on the index, with SOURCE_DATE_EPOCH a stable digest', async () => {
    const env = {
      GITHUB_SHA: '860c1904a1ce19322e91ac35af1ab07466440c37',
      GITHUB_REPOSITORY: 'org/app',
      GITHUB_SERVER_URL: 'https://github.com',
      SOURCE_DATE_EPOCH: '1767225600',
    };
    const inputs = {
      registry: registry.host,
      image: 'annotated',
      sources: `${remote('amd64')}\n${remote('arm64')}`,
      version: 'v2.0.0',
      annotations: 'auto\norg.opencontainers.image.title=app',
    };
    const run = await runActionDist(inputs, env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const index = (await rawIndex(`${registry.host}/annotated:2.0.0`)) as unknown as {
      annotations: Record<string, string>;
    };
    expect(index.annotations).toEqual({
      'org.opencontainers.image.created': '2026-01-01T00:00:00Z',
      'org.opencontainers.image.revision': env.GITHUB_SHA,
      'org.opencontainers.image.source': 'https://github.com/org/app',
      'org.opencontainers.image.title': 'app',
      'org.opencontainers.image.version': '2.0.0',
    });
    const again = await runActionDist(inputs, env);
    expect(again.outputs.digest).toBe(run.outputs.digest);
    expect(report(again).targets[0]?.tags.every((t) => t.action === 'unchanged')).toBe(true);

    const bad = await runActionDist({ ...inputs, sources: '', source: layouts.amd64?.ref ?? '' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Input "annotations" needs Input "sources"');
  });

  test('children in another repository of the same registry are mounted', async () => {
    const run = await runActionDist({
      registry: registry.host,
      image: 'mounted',
      sources: `${remote('amd64')}\n${remote('arm64')}`,
      version: '1.2.3',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.digest).toBe(mergedDigest);
    const blobs = report(run).targets[0]?.blobs;
    expect(blobs?.mounted.count).toBe(4); // two layers, two configs
    expect(blobs?.uploaded.count).toBe(0);
    expect(await resolveArch(`${registry.host}/mounted:1`, 'amd64')).toBe(layouts.amd64?.layers[0]?.digest);
  });
});
