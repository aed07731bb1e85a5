/**
 * Annotations on the manifest registry-publish builds for a docker save archive (the engine source builds
 * it the same way): dist/index.js as a runner starts it, against a real registry, read back with skopeo.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeLegacySave } from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeTar, runSkopeo } from '../fixtures/skopeo.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';

interface RawManifestJson {
  mediaType: string;
  config: { mediaType: string; digest: string };
  layers: { mediaType: string; digest: string }[];
  annotations?: Record<string, string>;
}

const SHA = '860c190a1b2c3d4e5f60718293a4b5c6d7e8f901';
const ENV = {
  GITHUB_SHA: SHA,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'org/app',
  SOURCE_DATE_EPOCH: String(Date.UTC(2026, 0, 1) / 1000),
};

let registry: TestRegistry;
let work: string;
let source: string;

async function rawManifest(ref: string): Promise<RawManifestJson> {
  const out = await runSkopeo(['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/${ref}`]);
  return JSON.parse(out.toString('utf8')) as RawManifestJson;
}

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'e2e-annotations-'));
  const save = await makeLegacySave(join(work, 'app.tar'), [
    {
      tags: ['app:1'],
      layers: [
        makeTar([{ name: 'etc/base', content: Buffer.from('base layer') }]),
        makeTar([{ name: 'app/main', content: Buffer.from('the app') }]),
      ],
    },
  ]);
  source = `docker-archive:${save.path}`;
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('annotations on a built manifest', () => {
  test('auto and key=value go on the manifest built for a docker save; layers and config unchanged', async () => {
    const plain = await runActionDist({ registry: registry.host, image: 'plain', source, version: '1.0.0' });
    expect(plain.code, plain.stdout + plain.stderr).toBe(0);
    const before = await rawManifest('plain:1.0.0');
    expect(before.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(before.annotations).toBeUndefined();

    const inputs = {
      registry: registry.host,
      image: 'annotated',
      source,
      version: '2.0.0',
      annotations: 'auto\norg.opencontainers.image.title=app',
    };
    const run = await runActionDist(inputs, ENV);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const after = await rawManifest('annotated:2.0.0');
    // Docker schema 2 has no annotations: the manifest is its OCI equivalent, the blobs the same bytes.
    expect(after.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(after.config).toEqual({ ...before.config, mediaType: 'application/vnd.oci.image.config.v1+json' });
    expect(after.layers.map((l) => l.digest)).toEqual(before.layers.map((l) => l.digest));
    expect(new Set(after.layers.map((l) => l.mediaType))).toEqual(
      new Set(['application/vnd.oci.image.layer.v1.tar+gzip']),
    );
    expect(after.annotations).toEqual({
      'org.opencontainers.image.created': '2026-01-01T00:00:00Z',
      'org.opencontainers.image.revision': SHA,
      'org.opencontainers.image.source': 'https://github.com/org/app',
      'org.opencontainers.image.title': 'app',
      'org.opencontainers.image.version': '2.0.0',
    });
    const digest = run.outputs.digest ?? '';
    for (const tag of ['2.0.0', '2.0', '2', 'latest']) {
      const out = await runSkopeo([
        'inspect',
        '--tls-verify=false',
        '--format',
        '{{.Digest}}',
        `docker://${registry.host}/annotated:${tag}`,
      ]);
      expect(out.toString('utf8').trim()).toBe(digest);
    }
    // A client can pull it: skopeo copies it out, checking every blob.
    await runSkopeo([
      'copy',
      '--src-tls-verify=false',
      `docker://${registry.host}/annotated:2.0.0`,
      `oci:${join(work, 'pulled')}:x`,
    ]);

    // The same inputs and context give the same bytes: a re-run writes nothing.
    const again = await runActionDist(inputs, ENV);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.digest).toBe(digest);
    const tags = (JSON.parse(again.outputs.json ?? '{}') as { targets: { tags: { action: string }[] }[] })
      .targets[0]?.tags;
    expect(tags?.map((t) => t.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  test('CLI --annotation on a docker-archive source', async () => {
    const run = await runCliDist([
      'publish',
      '--registry',
      registry.host,
      '--image',
      'cli',
      '--source',
      source,
      '--tag',
      'edge',
      '--annotation',
      'org.opencontainers.image.title=cli',
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect((await rawManifest('cli:edge')).annotations).toEqual({ 'org.opencontainers.image.title': 'cli' });
  });
});
