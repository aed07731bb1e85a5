/**
 * Hostile layouts and archives (#19 items 1, 2, 7; #18 item 6): every file a source opens is a regular
 * file reached without leaving the source's root, small files are read with a hard cap, and the shape of
 * the image tree is bounded. Each case ends in one typed error naming the file, at once: no case reads
 * more than the cap of the file concerned (4 MiB), and the fan-out cases read each distinct manifest once.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_SIZE_LIMIT } from '../../src/domain/content-limits.js';
import { FileRefused, readCappedFile, readCappedFileSync } from '../../src/regular-file.js';
import { MAX_INDEX_ENTRIES, MAX_TREE_MANIFESTS } from '../../src/source/traversal-bounds.js';
import {
  OCI_INDEX,
  layoutBlobPath,
  tempDir,
  writeIndexJson,
  writeLayoutBlob,
} from '../fixtures/image-fixtures.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';
import { expectError, load, loadAndVerify } from './helpers.js';

let work: string;
let outside: string;
let good: OciLayout;
let n = 0;

/** A copy of the good layout, changed by `change`. */
async function variant(change: (dir: string) => Promise<void>): Promise<string> {
  const dir = join(work, `v${n++}`);
  await cp(good.dir, dir, { recursive: true });
  await change(dir);
  return dir;
}

beforeAll(async () => {
  work = await tempDir('rp-hostile-files-');
  good = await makeOciLayout(join(work, 'good'), { seed: 'hostile-files', layers: [1024, 4096] });
  // A copy of the blobs outside every layout: what a symlink out of the layout would publish.
  outside = join(work, 'outside');
  await cp(join(good.dir, 'blobs'), join(outside, 'blobs'), { recursive: true });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('every file a layout source opens is a regular file inside the layout', () => {
  it('loads the untouched layout (the cases below differ from it in one file each)', async () => {
    expect((await loadAndVerify(`oci:${good.dir}`)).manifest.digest).toBe(good.manifest.digest);
  });

  it.each(['index.json', 'oci-layout'])('%s as a symlink to /dev/zero fails at once', async (name) => {
    const dir = await variant(async (d) => {
      await rm(join(d, name));
      await symlink('/dev/zero', join(d, name));
    });
    const started = Date.now();
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', name, 'outside the directory');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('index.json that is a FIFO inside the layout is refused without blocking', async () => {
    const dir = await variant(async (d) => {
      await rm(join(d, 'index.json'));
      execFileSync('mkfifo', [join(d, 'index.json')]);
    });
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', 'index.json', 'FIFO');
  });

  it('index.json that is a directory gives a clear error, not INTERNAL', async () => {
    const dir = await variant(async (d) => {
      await rm(join(d, 'index.json'));
      await mkdir(join(d, 'index.json'));
    });
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', 'index.json', 'is a directory');
  });

  it('index.json over the 4 MiB cap is refused before it is read', async () => {
    const dir = await variant(async (d) => {
      await writeFile(join(d, 'index.json'), Buffer.alloc(MANIFEST_SIZE_LIMIT + 1, 0x20));
    });
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', 'index.json', 'over the limit');
  });

  it.each([
    ['blobs/', (d: string) => replaceWithLink(join(d, 'blobs'), join(outside, 'blobs'))],
    [
      'blobs/sha256/',
      (d: string) => replaceWithLink(join(d, 'blobs', 'sha256'), join(outside, 'blobs', 'sha256')),
    ],
  ])('%s symlinked out of the layout is refused (every path component checked)', async (_what, change) => {
    const dir = await variant(change);
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', 'outside the directory');
  });

  it('a layer blob that is a symlink to /dev/zero is refused before reading', async () => {
    const layer = good.layers[1]?.digest as string;
    const dir = await variant(async (d) => replaceWithLink(layoutBlobPath(d, layer), '/dev/zero'));
    await expectError(load(`oci:${dir}`), 'SOURCE_CORRUPT', layer.slice(7), 'outside the directory');
  });

  it('a blob that is a directory, or a FIFO, is named, not INTERNAL', async () => {
    const config = good.config.digest;
    const asDir = await variant(async (d) => {
      await rm(layoutBlobPath(d, config));
      await mkdir(layoutBlobPath(d, config));
    });
    await expectError(load(`oci:${asDir}`), 'SOURCE_CORRUPT', config.slice(7), 'is a directory');
    const asFifo = await variant(async (d) => {
      await rm(layoutBlobPath(d, config));
      execFileSync('mkfifo', [layoutBlobPath(d, config)]);
    });
    await expectError(load(`oci:${asFifo}`), 'SOURCE_CORRUPT', config.slice(7), 'FIFO');
  });

  it('a symlink inside the layout is still followed', async () => {
    const layer = good.layers[0]?.digest as string;
    const dir = await variant(async (d) => {
      await rename(layoutBlobPath(d, layer), join(d, 'kept-layer'));
      await symlink('../../kept-layer', layoutBlobPath(d, layer));
    });
    expect((await loadAndVerify(`oci:${dir}`)).manifest.digest).toBe(good.manifest.digest);
  });

  it.each([
    ['/dev/zero', 'a device'],
    ['fifo', 'a FIFO'],
    ['socket', 'a socket'],
  ])('an archive path that is %s fails at once', async (what, words) => {
    let path = what;
    let server: ReturnType<typeof createServer> | undefined;
    if (what === 'fifo') {
      path = join(work, `archive-${n++}.fifo`);
      execFileSync('mkfifo', [path]);
    } else if (what === 'socket') {
      path = join(work, `archive-${n++}.sock`);
      server = createServer();
      await new Promise<void>((resolve) => server?.listen(path, resolve));
    }
    try {
      for (const kind of ['oci-archive', 'docker-archive']) {
        const started = Date.now();
        await expectError(load(`${kind}:${path}`), 'SOURCE_INVALID', words);
        expect(Date.now() - started).toBeLessThan(2000);
      }
    } finally {
      await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    }
  });
});

describe('readCappedFile', () => {
  it('refuses devices, directories, over-cap files; reads a file of exactly the cap', async () => {
    const file = join(work, 'capped');
    await writeFile(file, Buffer.alloc(100, 1));
    expect((await readCappedFile(file, 100)).length).toBe(100);
    expect(readCappedFileSync(file, 100).length).toBe(100);
    for (const [path, limit, reason] of [
      ['/dev/zero', 1 << 20, 'not-regular'],
      [work, 1 << 20, 'directory'],
      [file, 99, 'too-large'],
      [join(work, 'absent'), 10, 'missing'],
    ] as const) {
      await expect(readCappedFile(path, limit)).rejects.toMatchObject({ reason });
      expect(() => readCappedFileSync(path, limit)).toThrow(FileRefused);
    }
  });
});

describe('bounds on the shape of the image tree', () => {
  /** Index blobs nesting `levels` deep, each listing the one below `fanout` times; the leaf is the good image. */
  async function fanOut(dir: string, levels: number, fanout: number): Promise<void> {
    let child = {
      mediaType: good.manifest.mediaType,
      digest: good.manifest.digest,
      size: good.manifest.size,
    };
    for (let level = 0; level < levels; level++) {
      const blob = await writeLayoutBlob(
        dir,
        JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: Array(fanout).fill(child) }),
      );
      child = { mediaType: OCI_INDEX, ...blob };
    }
    await writeIndexJson(dir, [child]);
  }

  it('an index listing the same child 100 × 100 × 100 times fails at once, each manifest read once', async () => {
    const dir = await variant((d) => fanOut(d, 3, 100));
    const started = Date.now();
    await expectError(load(`oci:${dir}`), 'SOURCE_UNSUPPORTED', `more than ${MAX_TREE_MANIFESTS} manifests`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('an index with more entries than one index may list is refused before its children are read', async () => {
    const dir = await variant((d) => fanOut(d, 1, MAX_INDEX_ENTRIES + 1));
    await expectError(load(`oci:${dir}`), 'SOURCE_UNSUPPORTED', `more than the ${MAX_INDEX_ENTRIES}`);
  });

  it('indexes nested deeper than 8 are refused', async () => {
    const dir = await variant((d) => fanOut(d, 10, 1));
    await expectError(load(`oci:${dir}`), 'SOURCE_UNSUPPORTED', 'more than 8 deep');
  });

  it('a legitimate repeat (the same platform manifest twice) still loads, both entries kept', async () => {
    const dir = await variant((d) => fanOut(d, 1, 2));
    const artifact = await load(`oci:${dir}`);
    expect(artifact.kind === 'index' && artifact.children.length).toBe(2);
  });
});

async function replaceWithLink(path: string, target: string): Promise<void> {
  await rm(path, { recursive: true });
  await symlink(target, path);
}
