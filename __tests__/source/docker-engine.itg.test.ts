/**
 * Sources against images built by a real Docker engine (a private dockerd 20.10 as root, else the runner's):
 * docker-daemon (engine API), docker-archive (legacy, gzip'ed, Docker 25+ layout, containerd-store-like),
 * oci and oci-archive made by skopeo from the same image.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudoRandom } from '../fixtures/skopeo.js';
import {
  hasDockerEngine,
  NO_ENGINE,
  startDockerEngine,
  type DockerEngineFixture,
} from '../fixtures/docker-engine.js';
import {
  buildImage,
  docker25Save,
  flipByteInTarEntry,
  gzipFile,
  readTarEntries,
  saveImage,
  skopeoToOci,
  skopeoToOciArchive,
  tarDirectory,
  tempDir,
  truncateFile,
  type BuiltImage,
} from '../fixtures/image-fixtures.js';
import { openImageSource, parseSourceSpec } from '../../src/source/source-opener.js';
import { collectBlobs } from '../../src/source/image-source.js';
import {
  asImage,
  checkImage,
  context,
  expectError,
  load,
  manifestJson,
  readAll,
  sha256,
  withSource,
} from './helpers.js';

const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const DOCKER_TYPES = { manifest: DOCKER_MANIFEST, config: DOCKER_CONFIG, layer: DOCKER_LAYER_GZIP };
const OCI_TYPES = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};

describe.skipIf(!hasDockerEngine())(`sources reading Docker engine images (${NO_ENGINE})`, () => {
  let engine: DockerEngineFixture;
  let work: string;
  let app1: BuiltImage;
  let app2: BuiltImage;
  let save1: string;
  let saveBoth: string;
  const ctx = (): ReturnType<typeof context> => context(engine.env, 2);

  beforeAll(async () => {
    engine = await startDockerEngine();
    work = await tempDir();
    app1 = await buildImage(engine, {
      tag: 'app:1',
      layers: [
        { 'etc/hello.txt': 'hello\n', 'bin/tool': pseudoRandom('tool', 300 * 1024) },
        { 'data/notes.txt': 'x'.repeat(50_000) },
        { 'data/more.bin': pseudoRandom('more', 10_000) },
      ],
      labels: { purpose: 'test' },
    });
    app2 = await buildImage(engine, { tag: 'localhost:5000/team/app:2', layers: [{ 'two.txt': 'two' }] });
    save1 = await saveImage(engine, ['app:1'], join(work, 'app1.tar'));
    saveBoth = await saveImage(engine, ['app:1', 'localhost:5000/team/app:2'], join(work, 'both.tar'));
  });

  afterAll(async () => {
    await engine?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('docker-daemon', () => {
    it('loads a built image as a Docker schema 2 manifest with the engine’s image ID and diff IDs', async () => {
      await withSource('docker-daemon:app:1', ctx(), async (artifact) => {
        const image = asImage(artifact);
        // Docker 20–24 save Docker schema 2 images; Docker 25+ an OCI layout, kept OCI.
        const types = engine.saveFormat === 'legacy' ? DOCKER_TYPES : OCI_TYPES;
        expect(image.manifest.mediaType).toBe(types.manifest);
        expect(image.config.descriptor.mediaType).toBe(types.config);
        expect(image.layers.map((l) => l.descriptor.mediaType)).toEqual([
          types.layer,
          types.layer,
          types.layer,
        ]);
        const { configDigest, diffIds } = await checkImage(image);
        expect(configDigest).toBe(app1.id);
        expect(diffIds).toEqual(app1.diffIds);
        expect(image.descriptor.digest).toBe(image.manifest.digest);
        expect(image.layers[0]?.label).toContain('docker-daemon:app:1');
      });
    });

    it('gives the same digests every time (republishing uploads nothing), and the same as its docker save', async () => {
      const a = asImage(await load('docker-daemon:app:1', ctx()));
      const b = asImage(await load('app:1', context(engine.env, 1)));
      const c = asImage(await load(`docker-archive:${save1}`, ctx()));
      expect(b.manifest.digest).toBe(a.manifest.digest);
      expect(c.manifest.digest).toBe(a.manifest.digest);
      expect(Buffer.from(b.manifest.bytes).equals(Buffer.from(a.manifest.bytes))).toBe(true);
      expect(collectBlobs(c).map((x) => x.descriptor.digest)).toEqual(
        collectBlobs(a).map((x) => x.descriptor.digest),
      );
    });

    it('accepts a bare name, the full image ID and a short ID', async () => {
      const byName = await load('app:1', ctx());
      const byId = await load(app1.id, ctx());
      const byShortId = await load(`docker-daemon:${app1.id.slice(7, 19)}`, ctx());
      expect(byId.manifest.digest).toBe(byName.manifest.digest);
      expect(byShortId.manifest.digest).toBe(byName.manifest.digest);
      const other = asImage(await load('localhost:5000/team/app:2', ctx()));
      expect(other.config.descriptor.digest).toBe(app2.id);
    });

    it('exports the image once: blobs opened at once read the spooled save stream and verify', async () => {
      const exports = (): number =>
        engine.calls().filter((c) => c.method === 'GET' && /\/images\/[^/]+\/get(\?|$)/.test(c.path)).length;
      const before = exports();
      const source = openImageSource(parseSourceSpec('docker-daemon:app:1'), ctx());
      try {
        const image = asImage(await source.load());
        const blobs = [...image.layers, image.config, ...image.layers];
        const contents = await Promise.all(blobs.map(async (b) => readAll(await b.open())));
        contents.forEach((bytes, i) => expect(sha256(bytes)).toBe(blobs[i]?.descriptor.digest));
        expect(exports() - before).toBe(1);
      } finally {
        await source.close();
      }
    });

    it('says when the image is not in the engine', async () => {
      await expectError(
        load('docker-daemon:nothere:9', ctx()),
        'IMAGE_NOT_FOUND',
        '"nothere:9"',
        engine.host,
      );
      const err = await expectError(load('nothere', ctx()), 'IMAGE_NOT_FOUND', 'nothere');
      expect((err as { hint?: string }).hint).toContain('docker images');
    });

    it('says when the engine cannot be reached, naming DOCKER_HOST', async () => {
      const missing = join(work, 'no.sock');
      const err = await expectError(
        load('docker-daemon:app:1', context({ DOCKER_HOST: `unix://${missing}` })),
        'ENGINE_UNAVAILABLE',
        missing,
        'DOCKER_HOST',
      );
      expect((err as { hint?: string }).hint).toMatch(/Start Docker/);
    });
  });

  describe('docker-archive', () => {
    it('reads a legacy docker save', async () => {
      const image = asImage(await load(`docker-archive:${save1}`, ctx()));
      const { configDigest, diffIds } = await checkImage(image);
      expect(configDigest).toBe(app1.id);
      expect(diffIds).toEqual(app1.diffIds);
    });

    it('reads a gzip-compressed docker save to the same image', async () => {
      const gz = await gzipFile(save1, join(work, 'app1.tar.gz'));
      const plain = await load(`docker-archive:${save1}`, ctx());
      const image = asImage(await load(`docker-archive:${gz}`, ctx()));
      expect(image.manifest.digest).toBe(plain.manifest.digest);
      await checkImage(image);
    });

    it('asks which image when a save holds several, and takes a tag, an ID or a position', async () => {
      await expectError(
        load(`docker-archive:${saveBoth}`, ctx()),
        'SOURCE_AMBIGUOUS',
        'app:1',
        'localhost:5000/team/app:2',
      );
      const two = asImage(await load(`docker-archive:${saveBoth}:localhost:5000/team/app:2`, ctx()));
      expect(two.config.descriptor.digest).toBe(app2.id);
      const one = asImage(await load(`docker-archive:${saveBoth}:app:1`, ctx()));
      expect(one.config.descriptor.digest).toBe(app1.id);
      const byId = asImage(await load(`docker-archive:${saveBoth}:${app2.id}`, ctx()));
      expect(byId.config.descriptor.digest).toBe(app2.id);
      await expectError(
        load(`docker-archive:${saveBoth}:app:7`, ctx()),
        'IMAGE_NOT_FOUND',
        '"app:7"',
        'app:1',
      );
    });

    it('reads the Docker 25+ save layout (OCI layout with uncompressed layers plus manifest.json)', async () => {
      const d25 = await docker25Save(save1, join(work, 'd25.tar'));
      const image = asImage(await load(`docker-archive:${d25.path}`, ctx()));
      expect(image.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(image.manifest.digest).not.toBe(d25.manifestDigest); // layers compressed: a new manifest
      expect(
        image.layers.every((l) => l.descriptor.mediaType === 'application/vnd.oci.image.layer.v1.tar+gzip'),
      ).toBe(true);
      const { configDigest, diffIds } = await checkImage(image);
      expect(configDigest).toBe(app1.id);
      expect(diffIds).toEqual(app1.diffIds);
      const again = await load(`docker-archive:${d25.path}:app:1`, ctx());
      expect(again.manifest.digest).toBe(image.manifest.digest);
    });

    it('publishes a containerd-store style save (compressed blobs and manifests) byte for byte', async () => {
      const layout = join(work, 'containerd-layout');
      const digest = await skopeoToOci(save1, layout, 'latest');
      const tarPath = await tarDirectory(layout, join(work, 'containerd-save.tar'), {
        extra: [{ name: 'manifest.json', content: '[]' }],
      });
      const image = asImage(await load(`docker-archive:${tarPath}`, ctx()));
      expect(image.manifest.digest).toBe(digest);
      expect(sha256(image.manifest.bytes)).toBe(digest);
      // skopeo rewrote the Docker config as an OCI config: same layers, another config digest.
      expect((await checkImage(image)).diffIds).toEqual(app1.diffIds);
    });

    it('rejects a truncated save, naming the file', async () => {
      const cut = join(work, 'cut.tar');
      await (await import('node:fs/promises')).copyFile(save1, cut);
      await truncateFile(cut, Math.floor((await readFile(save1)).length * 0.6));
      await expectError(load(`docker-archive:${cut}`, ctx()), 'SOURCE_CORRUPT', cut, 'truncated');
    });

    it('rejects a flipped byte in a layer before anything is published, naming the layer and both digests', async () => {
      const bad = join(work, 'flipped.tar');
      await (await import('node:fs/promises')).copyFile(save1, bad);
      const entries = await readTarEntries(save1);
      const manifest = JSON.parse(String(entries.get('manifest.json')?.content)) as { Layers: string[] }[];
      const layerPath = manifest[0]?.Layers[0] as string;
      await flipByteInTarEntry(bad, layerPath);
      const err = await expectError(
        load(`docker-archive:${bad}`, ctx()),
        'DIGEST_MISMATCH',
        layerPath,
        bad,
        app1.diffIds[0] as string,
      );
      expect(err.message).toMatch(/hashes to sha256:[a-f0-9]{64}/);
    });
  });

  describe('oci and oci-archive made by skopeo', () => {
    it('loads an OCI layout byte for byte: skopeo’s manifest digest, the engine’s diff IDs', async () => {
      const dir = join(work, 'oci');
      const digest = await skopeoToOci(save1, dir, 'v1');
      const image = asImage(await load(`oci:${dir}:v1`, ctx()));
      expect(image.manifest.digest).toBe(digest);
      expect(manifestJson(image).mediaType ?? 'application/vnd.oci.image.manifest.v1+json').toBe(
        image.manifest.mediaType,
      );
      expect((await checkImage(image)).diffIds).toEqual(app1.diffIds);
    });

    it('loads an OCI archive byte for byte', async () => {
      const out = join(work, 'app.oci.tar');
      const digest = await skopeoToOciArchive(save1, out, 'v1');
      const image = asImage(await load(`oci-archive:${out}`, ctx()));
      expect(image.manifest.digest).toBe(digest);
      expect((await checkImage(image)).diffIds).toEqual(app1.diffIds);
    });
  });
});
