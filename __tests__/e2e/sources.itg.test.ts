/**
 * Round trips (issue 4 + 5): an image built by a real Docker engine is published from every source form
 * through dist/index.js as the action, then copied back by skopeo and pulled into the engine: the image ID
 * (config digest) and the layer diff IDs match the original.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  hasDockerEngine,
  NO_ENGINE,
  startDockerEngine,
  type DockerEngineFixture,
} from '../fixtures/docker-engine.js';
import {
  buildImage,
  docker25Save,
  pullImage,
  saveImage,
  skopeoToOci,
  skopeoToOciArchive,
  tempDir,
  type BuiltImage,
} from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeMultiPlatformLayout, pseudoRandom, runSkopeo, skopeoCopy } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist } from '../fixtures/run-dist.js';

const engineAvailable = hasDockerEngine();
let engine: DockerEngineFixture;
let registry: TestRegistry;
let work: string;
let original: BuiltImage;
let legacySave: string;

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await tempDir('rp-e2e-src-');
  if (!engineAvailable) return;
  engine = await startDockerEngine({ insecureRegistries: [registry.host] });
  original = await buildImage(engine, {
    tag: 'roundtrip:1',
    layers: [
      { 'etc/app.conf': 'listen 80\n' },
      // Several gzip blocks of the layer encoder: compressed text, then stored incompressible bytes.
      {
        'usr/share/app/data.bin': Buffer.alloc(200_000, 7),
        'usr/share/app/text.txt': 'line of text\n'.repeat(120_000),
        'usr/share/app/random.bin': pseudoRandom('e2e-random', 2_500_000),
      },
      { 'app/version': '1.0.0\n' },
    ],
    labels: { 'org.opencontainers.image.title': 'roundtrip' },
  });
  legacySave = await saveImage(engine, ['roundtrip:1'], join(work, 'legacy.tar'));
}, 240_000);

afterAll(async () => {
  await engine?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The config digest (image ID) of the single image in an OCI layout. */
async function layoutConfigDigest(dir: string): Promise<string> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  const manifestDigest = index.manifests[0]?.digest ?? '';
  const manifest = JSON.parse(
    await readFile(join(dir, 'blobs', 'sha256', manifestDigest.slice(7)), 'utf8'),
  ) as { config: { digest: string } };
  return manifest.config.digest;
}

async function publishAndCheck(
  source: string,
  namespace: string,
  env: Record<string, string> = {},
  expectedId?: string,
) {
  const run = await runActionDist(
    { registry: registry.host, namespace, image: 'app', version: '1.0.0', source },
    env,
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);
  for (const tag of ['1.0.0', '1.0', '1', 'latest'])
    expect(await inspectDigest(registry, `${namespace}/app:${tag}`)).toBe(run.outputs.digest);
  // skopeo copies it back out of the registry, and the engine pulls it: same image ID and diff IDs.
  await skopeoCopy(
    `docker://${registry.host}/${namespace}/app:1.0.0`,
    `oci:${join(work, `back-${namespace}`)}:x`,
    { src: { tlsVerify: false } },
  );
  const pulled = await pullImage(engine, `${registry.host}/${namespace}/app:1.0.0`);
  expect(pulled.id).toBe(expectedId ?? original.id);
  expect(pulled.diffIds).toEqual(original.diffIds);
  return run;
}

describe.runIf(engineAvailable)(`round trips from every source (${NO_ENGINE})`, () => {
  test('docker-daemon: the image docker build made; a second run uploads 0 bytes', async () => {
    const first = await publishAndCheck('docker-daemon:roundtrip:1', 'daemon', { DOCKER_HOST: engine.host });
    const again = await runActionDist(
      { registry: registry.host, namespace: 'daemon', image: 'app', version: '1.0.0', source: 'roundtrip:1' },
      { DOCKER_HOST: engine.host },
    );
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs.digest).toBe(first.outputs.digest);
    const report = JSON.parse(again.outputs.json ?? '{}') as {
      targets: { blobs: { uploaded: { bytes: number } }; tags: { action: string }[] }[];
    };
    expect(report.targets[0]?.blobs.uploaded.bytes).toBe(0);
    expect(report.targets[0]?.tags.every((t) => t.action === 'unchanged')).toBe(true);
  });

  test('docker-daemon with annotations: an OCI manifest carrying them, the same image for the engine', async () => {
    const run = await runActionDist(
      {
        registry: registry.host,
        namespace: 'annotated',
        image: 'app',
        version: '1.0.0',
        source: 'roundtrip:1',
        annotations: 'org.opencontainers.image.title=roundtrip',
      },
      { DOCKER_HOST: engine.host },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const raw = JSON.parse(
      (
        await runSkopeo([
          'inspect',
          '--raw',
          '--tls-verify=false',
          `docker://${registry.host}/annotated/app:1.0.0`,
        ])
      ).toString('utf8'),
    ) as { mediaType: string; annotations?: Record<string, string> };
    expect(raw.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(raw.annotations).toEqual({ 'org.opencontainers.image.title': 'roundtrip' });
    const pulled = await pullImage(engine, `${registry.host}/annotated/app:1.0.0`);
    expect(pulled.id).toBe(original.id);
    expect(pulled.diffIds).toEqual(original.diffIds);
  });

  test('docker-archive: a legacy docker save tarball', async () => {
    await publishAndCheck(`docker-archive:${legacySave}`, 'legacy');
  });

  test('docker-archive: the Docker 25+ save layout', async () => {
    const save = await docker25Save(legacySave, join(work, 'docker25.tar'));
    await publishAndCheck(`docker-archive:${save.path}`, 'docker25');
  });

  test('oci: a layout made by skopeo keeps its manifest digest byte for byte', async () => {
    const dir = join(work, 'oci-layout');
    const digest = await skopeoToOci(legacySave, dir, 'v1');
    // skopeo rewrites the config into OCI form, so the image ID is that config's digest.
    const run = await publishAndCheck(`oci:${dir}:v1`, 'ocilayout', {}, await layoutConfigDigest(dir));
    expect(run.outputs.digest).toBe(digest);
  });

  test('oci-archive: buildx-style tar of a layout', async () => {
    const path = join(work, 'image.oci.tar');
    const digest = await skopeoToOciArchive(legacySave, path, 'v1');
    const unpacked = join(work, 'oci-archive-copy');
    await skopeoCopy(`oci-archive:${path}:v1`, `oci:${unpacked}:v1`);
    const run = await publishAndCheck(
      `oci-archive:${path}`,
      'ociarchive',
      {},
      await layoutConfigDigest(unpacked),
    );
    expect(run.outputs.digest).toBe(digest);
  });

  test('docker://: a remote image copied to another registry, streamed', async () => {
    const other = await startRegistry({ kind: 'anonymous' });
    try {
      const run = await runActionDist({
        registry: other.host,
        namespace: 'copied',
        image: 'app',
        version: '1.0.0',
        source: `docker://${registry.host}/daemon/app:1.0.0`,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(await inspectDigest(other, 'copied/app:latest')).toBe(
        await inspectDigest(registry, 'daemon/app:1.0.0'),
      );
      const report = JSON.parse(run.outputs.json ?? '{}') as {
        targets: { blobs: { uploaded: { count: number } } }[];
      };
      expect(report.targets[0]?.blobs.uploaded.count).toBe(4);
    } finally {
      await other.stop();
    }
  });
});

describe('multi-platform index', () => {
  test('every platform is published and the digest is the index digest', async () => {
    const dir = join(work, 'multi');
    const layout = await makeMultiPlatformLayout(dir, { refName: 'multi' });
    const run = await runActionDist({
      registry: registry.host,
      namespace: 'multi',
      image: 'app',
      version: '2.0.0',
      source: `oci:${dir}:multi`,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.digest).toBe(layout.index.digest);
    const report = JSON.parse(run.outputs.json ?? '{}') as {
      targets: { platforms: { platform: string }[] }[];
    };
    expect(report.targets[0]?.platforms.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(await inspectDigest(registry, 'multi/app:latest')).toBe(run.outputs.digest);
  });
});
