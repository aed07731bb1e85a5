/**
 * docker-archive: over hand-made archives (no engine): the legacy format, the Docker 25+ layout, a
 * containerd-store-like layout, gzip'ed layer files, and the ways they can be broken.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBlobs } from '../../src/source/image-source.js';
import {
  IMAGE_NAME,
  OCI_INDEX,
  REF_NAME,
  docker25Save,
  makeLegacySave,
  makeTarBuffer,
  readTarEntries,
  removeLayoutBlob,
  tarDirectory,
  tempDir,
  writeIndexJson,
} from '../fixtures/image-fixtures.js';
import { makeMultiPlatformLayout, makeTar, pseudoRandom } from '../fixtures/skopeo.js';
import {
  asImage,
  asIndex,
  checkImage,
  context,
  expectError,
  load,
  manifestJson,
  sha256,
  withSource,
} from './helpers.js';

const layerA = makeTar([
  { name: 'etc/', dir: true },
  { name: 'etc/a.conf', content: Buffer.from('a=1\n') },
]);
const layerB = makeTar([{ name: 'bin/b', content: pseudoRandom('b', 400_000) }]);
const layerC = makeTar([{ name: 'c.txt', content: Buffer.from('c'.repeat(100_000)) }]);

let work: string;
beforeAll(async () => {
  work = await tempDir();
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('legacy docker save (Docker 20–24)', () => {
  it('builds a Docker schema 2 manifest: config unchanged, layers gzip-compressed', async () => {
    const save = await makeLegacySave(join(work, 'one.tar'), [
      { tags: ['app:1'], layers: [layerA, layerB, layerC] },
    ]);
    await withSource(`docker-archive:${save.path}`, context(), async (artifact) => {
      const image = asImage(artifact);
      expect(image.manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
      const doc = manifestJson(image);
      expect(doc.schemaVersion).toBe(2);
      expect(doc.config).toEqual({
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: image.config.descriptor.size,
        digest: save.images[0]?.configDigest,
      });
      expect(
        doc.layers?.every((l) => l.mediaType === 'application/vnd.docker.image.rootfs.diff.tar.gzip'),
      ).toBe(true);
      const { configDigest, diffIds } = await checkImage(image);
      expect(configDigest).toBe(save.images[0]?.configDigest);
      expect(diffIds).toEqual(save.images[0]?.diffIds);
    });
  });

  it('gives the same digests on every load, whatever the concurrency', async () => {
    const save = await makeLegacySave(join(work, 'det.tar'), [
      { tags: ['app:1'], layers: [layerA, layerB, layerC] },
    ]);
    const runs = await Promise.all([1, 2, 4].map((c) => load(`docker-archive:${save.path}`, context({}, c))));
    const digests = runs.map(
      (r) =>
        collectBlobs(r)
          .map((b) => b.descriptor.digest)
          .join() + r.manifest.digest,
    );
    expect(new Set(digests).size).toBe(1);
  });

  it('follows the symlink Docker writes for a layer shared by two images', async () => {
    const save = await makeLegacySave(join(work, 'two.tar'), [
      { tags: ['a:1'], layers: [layerA, layerB] },
      { tags: ['b:1'], layers: [layerA, layerC] },
    ]);
    await expectError(load(`docker-archive:${save.path}`), 'SOURCE_AMBIGUOUS', 'a:1', 'b:1');
    await withSource(`docker-archive:${save.path}:b:1`, context(), async (artifact) => {
      expect((await checkImage(asImage(artifact))).diffIds).toEqual(save.images[1]?.diffIds);
    });
    const byPosition = await load(`docker-archive:${save.path}:@1`);
    const byDockerHubName = await load(`docker-archive:${save.path}:docker.io/library/b:1`);
    expect(byDockerHubName.manifest.digest).toBe(byPosition.manifest.digest);
  });

  it('keeps gzip-compressed layer files (go-containerregistry tarballs) after checking their diff ID', async () => {
    const gz = gzipSync(layerB);
    const save = await makeLegacySave(join(work, 'gz.tar'), [
      { tags: ['g:1'], layers: [layerA, layerB], config: {} },
    ]);
    // Replace layer 2's file by its gzip, keeping the config's diff IDs.
    const entries = [
      { name: save.images[0]!.configPath, content: await configOf(save.path, save.images[0]!.configPath) },
      { name: save.images[0]!.layerPaths[0]!, content: layerA },
      { name: save.images[0]!.layerPaths[1]!, content: gz },
      {
        name: 'manifest.json',
        content: JSON.stringify([
          { Config: save.images[0]!.configPath, RepoTags: ['g:1'], Layers: save.images[0]!.layerPaths },
        ]),
      },
    ];
    const path = join(work, 'gz2.tar');
    await writeFile(path, await makeTarBuffer(entries));
    await withSource(`docker-archive:${path}`, context(), async (artifact) => {
      const image = asImage(artifact);
      expect(image.layers[1]?.descriptor.size).toBe(gz.length);
      expect((await checkImage(image)).diffIds).toEqual(save.images[0]?.diffIds);
    });
    // a gzip'ed layer whose content is not what the config says
    const wrong = entries.map((e) => (e.content === gz ? { ...e, content: gzipSync(layerC) } : e));
    await writeFile(path, await makeTarBuffer(wrong));
    await expectError(
      load(`docker-archive:${path}`),
      'DIGEST_MISMATCH',
      save.images[0]!.layerPaths[1]!,
      save.images[0]!.diffIds[1]!,
    );
  });

  it('refuses zstd layer files, which schema 2 cannot carry', async () => {
    const save = await makeLegacySave(join(work, 'z.tar'), [{ tags: ['z:1'], layers: [layerA] }]);
    const path = join(work, 'z2.tar');
    await writeFile(
      path,
      await makeTarBuffer([
        { name: save.images[0]!.configPath, content: await configOf(save.path, save.images[0]!.configPath) },
        { name: 'l/layer.tar', content: Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]) },
        {
          name: 'manifest.json',
          content: JSON.stringify([
            { Config: save.images[0]!.configPath, RepoTags: [], Layers: ['l/layer.tar'] },
          ]),
        },
      ]),
    );
    await expectError(load(`docker-archive:${path}`), 'SOURCE_UNSUPPORTED', 'l/layer.tar', 'zstd');
  });

  it('names the layer and both digests when a layer does not match the config’s diff ID', async () => {
    const save = await makeLegacySave(join(work, 'diff.tar'), [
      {
        tags: ['d:1'],
        layers: [layerA, layerB],
        config: { rootfs: { type: 'layers', diff_ids: [sha256(layerA), sha256(layerC)] } },
      },
    ]);
    await expectError(
      load(`docker-archive:${save.path}`),
      'DIGEST_MISMATCH',
      save.images[0]!.layerPaths[1]!,
      sha256(layerC),
      sha256(layerB),
    );
  });

  it('reports broken manifest.json entries: missing layer, wrong diff ID count, escaping symlink', async () => {
    const save = await makeLegacySave(join(work, 'base.tar'), [{ tags: ['m:1'], layers: [layerA] }]);
    const img = save.images[0]!;
    const config = await configOf(save.path, img.configPath);
    const write = async (name: string, entries: Parameters<typeof makeTarBuffer>[0]): Promise<string> => {
      const p = join(work, name);
      await writeFile(p, await makeTarBuffer(entries));
      return p;
    };
    const missing = await write('missing.tar', [
      { name: img.configPath, content: config },
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: img.configPath, RepoTags: [], Layers: ['gone/layer.tar'] }]),
      },
    ]);
    await expectError(load(`docker-archive:${missing}`), 'SOURCE_CORRUPT', 'gone/layer.tar', missing);
    const count = await write('count.tar', [
      { name: img.configPath, content: config },
      { name: 'x/layer.tar', content: layerA },
      {
        name: 'manifest.json',
        content: JSON.stringify([
          { Config: img.configPath, RepoTags: [], Layers: ['x/layer.tar', 'x/layer.tar'] },
        ]),
      },
    ]);
    await expectError(load(`docker-archive:${count}`), 'SOURCE_CORRUPT', '1 diff IDs for 2 layers');
    const escaping = await write('escape.tar', [
      { name: img.configPath, content: config },
      { name: 'x/layer.tar', type: 'symlink', linkname: '../../../etc/passwd' },
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: img.configPath, RepoTags: [], Layers: ['x/layer.tar'] }]),
      },
    ]);
    await expectError(
      load(`docker-archive:${escaping}`),
      'SOURCE_CORRUPT',
      'x/layer.tar',
      'outside the archive',
    );
    const notSave = await write('random.tar', [{ name: 'hello.txt', content: 'hi' }]);
    await expectError(load(`docker-archive:${notSave}`), 'SOURCE_INVALID', 'not a docker save archive');
    const badJson = await write('badjson.tar', [{ name: 'manifest.json', content: '{not json' }]);
    await expectError(load(`docker-archive:${badJson}`), 'SOURCE_CORRUPT', 'manifest.json');
  });
});

describe('Docker 25+ save (OCI layout inside)', () => {
  it('compresses the uncompressed layers into a new OCI manifest; config and diff IDs unchanged', async () => {
    const legacy = await makeLegacySave(join(work, 'for25.tar'), [
      { tags: ['app:1'], layers: [layerA, layerB] },
    ]);
    const d25 = await docker25Save(legacy.path, join(work, 'd25.tar'));
    await withSource(`docker-archive:${d25.path}`, context(), async (artifact) => {
      const image = asImage(artifact);
      expect(image.manifest.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(
        image.layers.every((l) => l.descriptor.mediaType === 'application/vnd.oci.image.layer.v1.tar+gzip'),
      ).toBe(true);
      const { configDigest, diffIds } = await checkImage(image);
      expect(configDigest).toBe(d25.configDigest);
      expect(diffIds).toEqual(d25.diffIds);
      // the index.json annotations stay on the descriptor
      expect(image.descriptor.annotations?.[REF_NAME]).toBe('1');
    });
    const byName = await load(`docker-archive:${d25.path}:app:1`);
    const byFullName = await load(`docker-archive:${d25.path}:docker.io/library/app:1`);
    expect(byFullName.manifest.digest).toBe(byName.manifest.digest);
    await expectError(load(`docker-archive:${d25.path}:other:1`), 'IMAGE_NOT_FOUND', '"other:1"');
  });

  it('checks the layers against the config’s diff IDs', async () => {
    const legacy = await makeLegacySave(join(work, 'for25b.tar'), [
      {
        tags: ['app:1'],
        layers: [layerA],
        config: { rootfs: { type: 'layers', diff_ids: [sha256(layerC)] } },
      },
    ]);
    // docker25Save recomputes layer digests from the files, so the config now disagrees with them
    const d25 = await docker25Save(legacy.path, join(work, 'd25b.tar'));
    await expectError(load(`docker-archive:${d25.path}`), 'DIGEST_MISMATCH', 'diff_ids[0]', sha256(layerC));
  });

  it('publishes a containerd-store save (compressed blobs, multi-platform index) byte for byte', async () => {
    const dir = join(work, 'ctrd');
    await mkdir(dir);
    const layout = await makeMultiPlatformLayout(dir);
    await writeIndexJson(dir, [
      {
        mediaType: OCI_INDEX,
        digest: layout.index.digest,
        size: layout.index.size,
        annotations: { [IMAGE_NAME]: 'docker.io/library/multi:1', [REF_NAME]: '1' },
      },
    ]);
    const tarPath = await tarDirectory(dir, join(work, 'ctrd.tar'), {
      extra: [{ name: 'manifest.json', content: '[]' }],
    });
    const index = asIndex(await load(`docker-archive:${tarPath}`));
    expect(index.manifest.digest).toBe(layout.index.digest);
    expect(index.children.map((c) => c.manifest.digest)).toEqual(layout.images.map((i) => i.manifest.digest));
    await removeLayoutBlob(dir, layout.images[1]!.manifest.digest);
    const partial = await tarDirectory(dir, join(work, 'ctrd-partial.tar'));
    await expectError(
      load(`docker-archive:${partial}`),
      'SOURCE_CORRUPT',
      layout.images[1]!.manifest.digest,
      'linux/arm64',
    );
  });
});

async function configOf(archive: string, name: string): Promise<Buffer> {
  const entry = (await readTarEntries(archive)).get(name);
  return Buffer.from(entry?.content ?? '');
}
