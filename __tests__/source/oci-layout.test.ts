/**
 * oci: and oci-archive: sources over layouts made by the fixture writer (skopeo.ts), umoci, and by hand:
 * single images, several images, multi-platform indexes with attestations and nesting, and corrupt ones.
 */
import { cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectBlobs } from '../../src/source/image-source.js';
import { openImageSource, parseSourceSpec } from '../../src/source/source-opener.js';
import {
  OCI_MANIFEST,
  addAttestedIndex,
  flipByte,
  hasCommand,
  layoutBlobPath,
  makeLegacySave,
  readIndexJson,
  removeLayoutBlob,
  tarDirectory,
  tempDir,
  umociLayout,
  writeIndexJson,
  writeLayoutBlob,
} from '../fixtures/image-fixtures.js';
import { makeMultiPlatformLayout, makeOciLayout, makeTar, readLayoutBlob } from '../fixtures/skopeo.js';
import {
  asImage,
  asIndex,
  checkImage,
  context,
  expectError,
  load,
  loadAndVerify,
  manifestJson,
  readAll,
  readBlob,
  sha256,
} from './helpers.js';

let work: string;
let n = 0;
const fresh = async (): Promise<string> => {
  const dir = join(work, `l${n++}`);
  await mkdir(dir, { recursive: true });
  return dir;
};

beforeAll(async () => {
  work = await tempDir();
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('oci: single images', () => {
  it('loads the manifest byte for byte, with verified config and layers', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir, { layers: [2048, 100_000], refName: '1.0' });
    const image = asImage(await load(`oci:${dir}`));
    expect(image.manifest.digest).toBe(layout.manifest.digest);
    expect(Buffer.from(image.manifest.bytes).equals(layout.manifest.bytes)).toBe(true);
    expect(image.manifest.mediaType).toBe(OCI_MANIFEST);
    expect(image.descriptor).toMatchObject({ digest: layout.manifest.digest, size: layout.manifest.size });
    const { configDigest, diffIds } = await checkImage(image);
    expect(configDigest).toBe(layout.config.digest);
    expect(diffIds).toEqual(layout.layers.map((l) => l.diffId));
    expect(image.layers[1]?.label).toBe(`layer 2 of oci:${dir}`);
    expect(image.config.label).toBe(`config of oci:${dir}`);
    expect(image.layers[0]?.location).toBeUndefined();
  });

  it('selects by ref name, digest or position, and lists the images when the choice is ambiguous or wrong', async () => {
    const dir = await fresh();
    const one = await makeOciLayout(dir, { seed: 'one', refName: '1.0' });
    const two = await makeOciLayout(dir, { seed: 'two', refName: '2.0' });
    await expectError(load(`oci:${dir}`), 'SOURCE_AMBIGUOUS', `oci:${dir}`, '"1.0"', '"2.0"');
    expect((await load(`oci:${dir}:2.0`)).manifest.digest).toBe(two.manifest.digest);
    expect((await load(`oci:${dir}:${one.manifest.digest}`)).manifest.digest).toBe(one.manifest.digest);
    expect((await load(`oci:${dir}:@1`)).manifest.digest).toBe(two.manifest.digest);
    await expectError(load(`oci:${dir}:3.0`), 'IMAGE_NOT_FOUND', '"3.0"', '"1.0"', '"2.0"');
  });

  it('is not ambiguous when several names point at the same image', async () => {
    const dir = await fresh();
    const a = await makeOciLayout(dir, { refName: 'a' });
    await makeOciLayout(dir, { refName: 'b' });
    expect((await load(`oci:${dir}`)).manifest.digest).toBe(a.manifest.digest);
  });

  it('keeps uncompressed and zstd layers as they are (registry form)', async () => {
    const dir = await fresh();
    const tarLayer = makeTar([{ name: 'f', content: Buffer.from('plain') }]);
    const zstdLayer = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4]);
    const l1 = await writeLayoutBlob(dir, tarLayer);
    const l2 = await writeLayoutBlob(dir, zstdLayer);
    const config = await writeLayoutBlob(
      dir,
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [l1.digest, sha256('x')] },
      }),
    );
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
        layers: [
          { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...l1 },
          { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', ...l2 },
        ],
      }),
    );
    const m = await writeLayoutBlob(dir, manifest);
    await writeIndexJson(dir, [{ mediaType: OCI_MANIFEST, ...m }]);
    const image = asImage(await load(`oci:${dir}`));
    expect(image.manifest.digest).toBe(m.digest);
    expect(image.layers.map((l) => l.descriptor.digest)).toEqual([l1.digest, l2.digest]);
    expect((await readBlob(image.layers[1]!)).equals(zstdLayer)).toBe(true);
  });

  it.skipIf(!hasCommand('umoci'))('reads a layout made by umoci', async () => {
    const dir = join(await fresh(), 'layout');
    const made = await umociLayout(dir, 'v1', { 'etc/app.conf': 'x=1\n', 'bin/run': 'run' });
    const image = asImage(await load(`oci:${dir}:v1`));
    expect(image.manifest.digest).toBe(made.manifestDigest);
    await checkImage(image);
  });
});

describe('oci: multi-platform indexes', () => {
  it('loads every platform; the digest is the index’s; a shared layer is one blob', async () => {
    const dir = await fresh();
    const layout = await makeMultiPlatformLayout(dir);
    const index = asIndex(await load(`oci:${dir}:latest`));
    expect(index.manifest.digest).toBe(layout.index.digest);
    expect(Buffer.from(index.manifest.bytes).equals(layout.index.bytes)).toBe(true);
    expect(index.children.map((c) => c.descriptor.platform)).toEqual(layout.images.map((i) => i.platform));
    expect(index.children.map((c) => c.manifest.digest)).toEqual(layout.images.map((i) => i.manifest.digest));
    for (const child of index.children) await checkImage(asImage(child));
    const blobs = collectBlobs(index);
    expect(blobs.filter((b) => b.descriptor.digest === layout.sharedLayer.digest)).toHaveLength(1);
    expect(blobs).toHaveLength(1 + 2 * 2); // shared layer + (own layer + config) per platform
    expect(asImage(index.children[1]!).layers[1]?.label).toBe(`layer 2 of linux/arm64 in oci:${dir}:latest`);
  });

  it('loads Docker manifest lists byte for byte', async () => {
    const dir = await fresh();
    const layout = await makeMultiPlatformLayout(dir, { mediaTypes: 'docker' });
    const index = asIndex(await load(`oci:${dir}`));
    expect(index.manifest).toMatchObject({
      digest: layout.index.digest,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    });
    expect(
      index.children.every(
        (c) => c.manifest.mediaType === 'application/vnd.docker.distribution.manifest.v2+json',
      ),
    ).toBe(true);
  });

  it('loads attestation manifests (unknown/unknown) and nested indexes', async () => {
    const dir = await fresh();
    const layout = await makeMultiPlatformLayout(dir);
    const platforms = layout.images.map((i) => ({ ...i.manifest, platform: { ...i.platform } }));
    const attested = await addAttestedIndex(dir, platforms, { nested: true });
    const outer = asIndex(await load(`oci:${dir}`));
    expect(outer.manifest.digest).toBe(attested.outer?.digest);
    const inner = asIndex(outer.children[0]!);
    expect(inner.manifest.digest).toBe(attested.index.digest);
    expect(inner.children).toHaveLength(3);
    const attestation = asImage(inner.children[2]!);
    expect(attestation.descriptor.platform).toEqual({ architecture: 'unknown', os: 'unknown' });
    expect(attestation.layers[0]?.descriptor.mediaType).toBe('application/vnd.in-toto+json');
    for (const blob of collectBlobs(outer)) await readBlob(blob);
  });
});

describe('oci: errors before anything is published', () => {
  it('names a missing directory, and a directory that is not a layout', async () => {
    await expectError(load(`oci:${work}/nope`), 'SOURCE_NOT_FOUND', `${work}/nope`);
    const dir = await fresh();
    await writeFile(join(dir, 'README'), 'hi');
    await expectError(load(`oci:${dir}`), 'SOURCE_INVALID', dir, 'no index.json');
    await writeFile(join(dir, 'manifest.json'), '[]');
    const err = await expectError(load(`oci:${dir}`), 'SOURCE_INVALID', dir);
    expect((err as { hint?: string }).hint).toContain('docker-archive:');
  });

  it('names a missing layer blob by digest', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir, { layers: [100, 200] });
    await removeLayoutBlob(dir, layout.layers[1]!.digest);
    await expectError(
      load(`oci:${dir}`),
      'SOURCE_CORRUPT',
      layout.layers[1]!.digest,
      'layer 2',
      `oci:${dir}`,
    );
  });

  it('names the digest when index.json or an index points nowhere', async () => {
    const dir = await fresh();
    const nowhere = sha256('nowhere');
    await writeIndexJson(dir, [{ mediaType: OCI_MANIFEST, digest: nowhere, size: 10 }]);
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', nowhere);
    const multi = await fresh();
    const layout = await makeMultiPlatformLayout(multi);
    await removeLayoutBlob(multi, layout.images[1]!.manifest.digest);
    await expectError(
      load(`oci:${multi}`),
      'SOURCE_CORRUPT',
      layout.images[1]!.manifest.digest,
      'linux/arm64',
    );
  });

  it('finds a flipped byte in a layer before anything is written, naming the blob and both digests', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir, { layers: [50_000] });
    const layer = layout.layers[0]!;
    await flipByte(layoutBlobPath(dir, layer.digest));
    // load() reads manifests and configs only; verify() reads the layer, before the publisher writes.
    const loaded = await load(`oci:${dir}`);
    expect(loaded.kind).toBe('image');
    const err = await expectError(
      loadAndVerify(`oci:${dir}`),
      'DIGEST_MISMATCH',
      `blobs/sha256/${layer.digest.slice(7)}`,
      layer.digest,
      `oci:${dir}`,
    );
    expect(err.message).toMatch(/hashes to sha256:[a-f0-9]{64}/);
  });

  it('fails the upload stream when a blob changes after load', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir, { layers: [50_000] });
    const source = openImageSource(parseSourceSpec(`oci:${dir}`), context());
    const image = asImage(await source.load());
    await flipByte(layoutBlobPath(dir, layout.layers[0]!.digest));
    await expect(readAll(await image.layers[0]!.open())).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    await source.close();
  });

  it('after verify() has checked a blob, open() streams it without hashing it again', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir, { layers: [50_000] });
    const source = openImageSource(parseSourceSpec(`oci:${dir}`), context());
    const layer = asImage(await source.load()).layers[0]!;
    await layer.verify?.();
    // Changed on disk after the check: the bytes stream as they are now; the registry's digest check on
    // commit (PUT ?digest=) refuses them (covered against the real registry in __tests__/registry).
    await flipByte(layoutBlobPath(dir, layout.layers[0]!.digest));
    const bytes = await readAll(await layer.open());
    expect(bytes.length).toBe(layout.layers[0]!.size);
    expect(sha256(bytes)).not.toBe(layout.layers[0]!.digest);
    await source.close();
  });

  it('refuses a manifest whose descriptor size is wrong', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir);
    const index = await readIndexJson(dir);
    await writeIndexJson(
      dir,
      index.manifests.map((m) => ({ ...m, size: m.size + 1 })),
    );
    await expectError(load(`oci:${dir}`), 'DIGEST_MISMATCH', layout.manifest.digest);
  });

  it('refuses schema 1 manifests', async () => {
    const dir = await fresh();
    const m = await writeLayoutBlob(
      dir,
      JSON.stringify({ schemaVersion: 1, name: 'x', tag: 'y', fsLayers: [], history: [] }),
    );
    await writeIndexJson(dir, [
      { mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', ...m },
    ]);
    await expectError(load(`oci:${dir}`), 'SOURCE_UNSUPPORTED', 'schema 1');
  });

  it('refuses another layout version and blob symlinks that leave the layout', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir);
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
    await expectError(load(`oci:${dir}`), 'SOURCE_UNSUPPORTED', '"2.0.0"');
    await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    const outside = join(work, 'outside.bin');
    const layerPath = layoutBlobPath(dir, layout.layers[0]!.digest);
    await cp(layerPath, outside);
    await rm(layerPath);
    await symlink(outside, layerPath);
    await expectError(
      load(`oci:${dir}`),
      'SOURCE_CORRUPT',
      'symbolic link',
      layout.layers[0]!.digest.slice(7),
    );
  });
});

describe('oci-archive:', () => {
  it('reads a tar of a layout, plain or gzip-compressed, byte for byte', async () => {
    const dir = await fresh();
    const layout = await makeMultiPlatformLayout(dir);
    for (const gzip of [false, true]) {
      const tarPath = await tarDirectory(dir, join(work, `layout-${gzip}.tar`), { gzip });
      const index = asIndex(await load(`oci-archive:${tarPath}`));
      expect(index.manifest.digest).toBe(layout.index.digest);
      const source = openImageSource(parseSourceSpec(`oci-archive:${tarPath}`), context());
      const loaded = await source.load();
      for (const blob of collectBlobs(loaded)) {
        expect((await readBlob(blob)).equals(await readLayoutBlob(dir, blob.descriptor.digest))).toBe(true);
      }
      await source.close();
    }
  });

  it('finds a flipped byte (before anything is written) and a missing blob (at load)', async () => {
    const dir = await fresh();
    const layout = await makeOciLayout(dir, { layers: [30_000] });
    const layer = layout.layers[0]!;
    await flipByte(layoutBlobPath(dir, layer.digest));
    const flipped = await tarDirectory(dir, join(work, 'flipped.tar'));
    await expectError(loadAndVerify(`oci-archive:${flipped}`), 'DIGEST_MISMATCH', layer.digest, flipped);
    await removeLayoutBlob(dir, layer.digest);
    const missing = await tarDirectory(dir, join(work, 'missing.tar'));
    await expectError(load(`oci-archive:${missing}`), 'SOURCE_CORRUPT', layer.digest, missing);
  });

  it('points a docker save at docker-archive:', async () => {
    const save = await makeLegacySave(join(work, 'legacy.tar'), [
      { tags: ['a:1'], layers: [makeTar([{ name: 'x', content: Buffer.from('x') }])] },
    ]);
    const err = await expectError(load(`oci-archive:${save.path}`), 'SOURCE_INVALID', 'no index.json');
    expect((err as { hint?: string }).hint).toContain('docker-archive:');
  });

  it('reads an archive with a multi-megabyte layer', async () => {
    const dir = await fresh();
    await makeOciLayout(dir, { layers: [2 * 1024 * 1024] });
    const tarPath = await tarDirectory(dir, join(work, 'big.tar'));
    const image = asImage(await load(`oci-archive:${tarPath}`));
    expect(manifestJson(image).layers).toHaveLength(1);
    expect((await readFile(tarPath)).length).toBeGreaterThan(2 * 1024 * 1024);
  });
});
