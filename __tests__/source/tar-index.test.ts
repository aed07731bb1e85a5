import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureCompression } from '../../src/source/gzip-layer.js';
import {
  ARCHIVE_BYTES_PER_ENTRY,
  MAX_TAR_ENTRIES,
  TarIndex,
  entryBudget,
  fileOrigin,
  type TarOrigin,
} from '../../src/source/tar-index.js';
import { makeTarBuffer, tempDir } from '../fixtures/image-fixtures.js';
import { pseudoRandom } from '../fixtures/skopeo.js';
import { expectError, readAll, sha256, withTmpdir } from './helpers.js';

const big = pseudoRandom('big', 3 * 1024 * 1024 + 17);
const small = Buffer.from('{"hello":"world"}');

/** An origin over bytes that cannot be seeked (like the engine's save stream); counts opens. */
function streamOrigin(bytes: Buffer, description = 'stream:test'): TarOrigin & { opens: number } {
  const origin = {
    description,
    opens: 0,
    openRaw: async () => {
      origin.opens += 1;
      // small chunks, to exercise entry boundaries inside chunks
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 7001) chunks.push(bytes.subarray(i, i + 7001));
      return Readable.from(chunks);
    },
  };
  return origin;
}

describe('TarIndex', () => {
  let dir: string;
  let archive: Buffer;
  beforeAll(async () => {
    dir = await tempDir();
    archive = await makeTarBuffer([
      { name: './meta/', type: 'directory' },
      { name: './meta/small.json', content: small },
      { name: 'data/big.bin', content: big },
      { name: 'data/empty', content: '' },
      { name: 'links/big', type: 'symlink', linkname: '../data/big.bin' },
      { name: 'links/chain', type: 'symlink', linkname: 'big' },
      { name: 'links/hard', type: 'link', linkname: 'data/big.bin' },
      { name: 'links/out', type: 'symlink', linkname: '../../etc/passwd' },
      { name: 'links/abs', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'links/loop1', type: 'symlink', linkname: 'loop2' },
      { name: 'links/loop2', type: 'symlink', linkname: 'loop1' },
      { name: 'links/dir', type: 'symlink', linkname: '../meta' },
    ]);
    await writeFile(join(dir, 'a.tar'), archive);
    await writeFile(join(dir, 'a.tar.gz'), gzipSync(archive));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['a plain file (byte ranges)', () => fileOrigin(join(dir, 'a.tar'), 'docker-archive:a.tar')],
    [
      'a gzip-compressed file (decompressed once, to a spool)',
      () => fileOrigin(join(dir, 'a.tar.gz'), 'docker-archive:a.tar.gz'),
    ],
    ['a stream (read once, to a spool)', () => streamOrigin(archive)],
  ])('indexes, hashes and opens entries of %s', async (_name, makeOrigin) => {
    const index = await TarIndex.scan(makeOrigin());
    const entry = index.file('data/big.bin');
    expect(entry).toMatchObject({
      name: 'data/big.bin',
      type: 'file',
      size: big.length,
      digest: sha256(big),
    });
    expect(sha256(await readAll(await index.open(entry!)))).toBe(sha256(big));
    expect((await index.read(index.file('meta/small.json')!, 1024)).toString()).toBe(small.toString());
    expect(await readAll(await index.open(index.file('data/empty')!))).toHaveLength(0);
    // opens are independent streams: concurrent reads are correct
    const results = await Promise.all(
      [1, 2, 3].map(async () => sha256(await readAll(await index.open(entry!)))),
    );
    expect(new Set(results)).toEqual(new Set([sha256(big)]));
    await index.close();
  });

  it('follows symlinks and hard links inside the archive', async () => {
    const index = await TarIndex.scan(fileOrigin(join(dir, 'a.tar'), 'x'));
    expect(index.file('links/big')?.name).toBe('data/big.bin');
    expect(index.file('links/chain')?.name).toBe('data/big.bin');
    expect(index.file('./links/hard')?.name).toBe('data/big.bin');
    expect(index.file('nothing')).toBeUndefined();
  });

  it('refuses links that leave the archive, are absolute, loop or end at a directory', async () => {
    const index = await TarIndex.scan(fileOrigin(join(dir, 'a.tar'), 'docker-archive:a.tar'));
    for (const [name, what] of [
      ['links/out', 'outside the archive'],
      ['links/abs', 'absolute path'],
      ['links/loop1', 'does not end'],
      ['links/dir', 'directory'],
    ] as const) {
      await expectError(
        Promise.resolve().then(() => index.file(name)),
        'SOURCE_CORRUPT',
        name,
        what,
        'docker-archive:a.tar',
      );
    }
  });

  it('refuses archives with absolute or ".." entry names', async () => {
    for (const name of ['../evil', 'a/../../evil', '/etc/evil']) {
      const path = join(dir, 'evil.tar');
      await writeFile(
        path,
        await makeTarBuffer([
          { name: 'ok', content: 'x' },
          { name, content: 'x' },
        ]),
      );
      await expectError(
        TarIndex.scan(fileOrigin(path, 'docker-archive:evil.tar')),
        'SOURCE_CORRUPT',
        'unsafe path',
        name,
      );
    }
  });

  it('tells a truncated archive from something that is not a tar at all', async () => {
    const cut = join(dir, 'cut.tar');
    await writeFile(cut, archive.subarray(0, 2 * 1024 * 1024));
    await expectError(
      TarIndex.scan(fileOrigin(cut, 'docker-archive:cut.tar')),
      'SOURCE_CORRUPT',
      'cut.tar',
      'truncated',
    );
    // cut exactly at an entry boundary: only the missing end-of-archive marker shows it
    const boundary = join(dir, 'boundary.tar');
    await writeFile(boundary, archive.subarray(0, 1536));
    await expectError(
      TarIndex.scan(fileOrigin(boundary, 'docker-archive:boundary.tar')),
      'SOURCE_CORRUPT',
      'end-of-archive',
    );
    const gzCut = join(dir, 'cut.tar.gz');
    await writeFile(gzCut, (await readFile(join(dir, 'a.tar.gz'))).subarray(0, 5000));
    await expectError(
      TarIndex.scan(fileOrigin(gzCut, 'docker-archive:cut.tar.gz')),
      'SOURCE_CORRUPT',
      'cut.tar.gz',
    );
    const json = join(dir, 'not.tar');
    await writeFile(json, JSON.stringify({ a: 'b'.repeat(2000) }));
    await expectError(
      TarIndex.scan(fileOrigin(json, 'docker-archive:not.tar')),
      'SOURCE_INVALID',
      'not a tar archive',
    );
    const empty = join(dir, 'empty.tar');
    await writeFile(empty, '');
    await expectError(
      TarIndex.scan(fileOrigin(empty, 'docker-archive:empty.tar')),
      'SOURCE_INVALID',
      'empty',
    );
    const zstd = join(dir, 'z.tar.zst');
    await writeFile(zstd, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]));
    await expectError(
      TarIndex.scan(fileOrigin(zstd, 'docker-archive:z.tar.zst')),
      'SOURCE_UNSUPPORTED',
      'zstd',
    );
  });

  it('reads a stream once: entries open and visit from the spooled tar, which close() removes', async () => {
    const origin = streamOrigin(archive);
    const index = await TarIndex.scan(origin);
    const entry = index.file('data/big.bin')!;
    await Promise.all(
      [1, 2].map(async () => expect(sha256(await readAll(await index.open(entry)))).toBe(sha256(big))),
    );
    await index.visit([[entry, index.file('meta/small.json')!]], async (_entry, data) => {
      await readAll(data);
    });
    expect(origin.opens).toBe(1);
    expect(index.origin.path && existsSync(index.origin.path)).toBe(true);
    const spooled = index.origin.path!;
    await index.close();
    expect(existsSync(spooled)).toBe(false);
  });

  it('without room for a spool, visits entries of a stream in one pass per group', async () => {
    const origin = streamOrigin(archive);
    const index = await withTmpdir(join(dir, 'no-such-dir'), () => TarIndex.scan(origin));
    const seen: string[] = [];
    await index.visit(
      [[index.file('data/big.bin')!, index.file('meta/small.json')!]],
      async (entry, data) => {
        seen.push(`${entry.name}:${sha256(await readAll(data))}`);
      },
    );
    expect(seen).toEqual([`meta/small.json:${sha256(small)}`, `data/big.bin:${sha256(big)}`]);
    expect(origin.opens).toBe(2); // the scan, then one pass
  });

  it('without room for a spool, notices when a re-read stream no longer matches the scan', async () => {
    let bytes = archive;
    const origin: TarOrigin = { description: 'stream:changing', openRaw: async () => Readable.from([bytes]) };
    const index = await withTmpdir(join(dir, 'no-such-dir'), () => TarIndex.scan(origin));
    bytes = await makeTarBuffer([{ name: 'other', content: 'x' }]);
    await expect(readAll(await index.open(index.file('data/big.bin')!))).rejects.toMatchObject({
      code: 'SOURCE_CORRUPT',
    });
  });
});

describe('a gzip-compressed archive', () => {
  it('is decompressed once: entries open from the spooled tar, which close() removes', async () => {
    const dir = await tempDir();
    try {
      const tarBytes = await makeTarBuffer([
        { name: 'one', content: big },
        { name: 'two', content: pseudoRandom('two', 2 * 1024 * 1024) },
      ]);
      const path = join(dir, 'x.tar.gz');
      await writeFile(path, gzipSync(tarBytes));
      const file = fileOrigin(path, 'docker-archive:x.tar.gz');
      let opens = 0;
      const counted: TarOrigin = {
        ...file,
        openRaw: () => {
          opens += 1;
          return file.openRaw();
        },
      };
      const index = await TarIndex.scan(counted);
      for (const name of ['one', 'two', 'one']) {
        const entry = index.file(name);
        if (!entry) throw new Error(`no ${name}`);
        expect(sha256(await readAll(await index.open(entry)))).toBe(entry.digest);
      }
      await index.visit([[index.file('two')!, index.file('one')!]], async (_e, data) => {
        await readAll(data);
      });
      // The scan's pass only: every later read is a byte range of the spool.
      expect(opens).toBe(1);
      const spool = (index as unknown as { origin: TarOrigin }).origin.path;
      expect(spool).not.toBe(path);
      expect(existsSync(spool!)).toBe(true);
      await index.close();
      expect(existsSync(spool!)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TarIndex.scan with measureGzip', () => {
  it('compresses uncompressed tar entries (layers) during the scan, and nothing else', async () => {
    const layer = await makeTarBuffer([{ name: 'etc/data.bin', content: pseudoRandom('layer', 200_000) }]);
    const gzipped = gzipSync(layer);
    const archive = await makeTarBuffer([
      { name: 'abc/layer.tar', content: layer },
      { name: 'gz/layer.tar.gz', content: gzipped },
      { name: 'config.json', content: small },
    ]);
    const index = await TarIndex.scan(streamOrigin(archive), { measureGzip: true });
    const expected = await measureCompression(Readable.from([layer]));
    expect(index.file('abc/layer.tar')?.gzip).toEqual(expected.compressed);
    expect(index.file('gz/layer.tar.gz')?.gzip).toBeUndefined();
    expect(index.file('config.json')?.gzip).toBeUndefined();
    const plain = await TarIndex.scan(streamOrigin(archive));
    expect(plain.file('abc/layer.tar')?.gzip).toBeUndefined();
    await Promise.all([index.close(), plain.close()]);
  });

  /**
   * A stager recording what the scan does with its stages; the first stage takes nothing until `gate`
   * settles (the registry behind it is slow).
   */
  function recordingStager(gate: Promise<void>, onBegin: (n: number) => void = () => undefined) {
    const events: string[] = [];
    let begun = 0;
    const stager = {
      begin() {
        const n = ++begun;
        events.push(`begin ${n}`);
        onBegin(n);
        return {
          write: async () => {
            if (n === 1) await gate;
          },
          end: async () => {
            events.push(`end ${n}`);
          },
          abandon: () => events.push(`abandon ${n}`),
        };
      },
    };
    return { stager, events };
  }

  async function twoLayers(): Promise<{ first: Buffer; second: Buffer; archive: Buffer }> {
    const first = await makeTarBuffer([{ name: 'a.txt', content: Buffer.alloc(600_000, 'text ') }]);
    const second = await makeTarBuffer([{ name: 'b.bin', content: pseudoRandom('second', 300_000) }]);
    const archive = await makeTarBuffer([
      { name: 'one/layer.tar', content: first },
      { name: 'two/layer.tar', content: second },
    ]);
    return { first, second, archive };
  }

  it('reads on into the next layer while a layer is still compressing and staging', async () => {
    const { first, second, archive } = await twoLayers();
    // The first stage takes nothing until the second has begun (or a second has passed): a scan that
    // waits for each layer's compressor before reading on begins the second only after the first ended.
    let secondBegun = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      secondBegun = resolve;
      setTimeout(resolve, 1000);
    });
    const { stager, events } = recordingStager(gate, (n) => n === 2 && secondBegun());
    const index = await TarIndex.scan(streamOrigin(archive), { measureGzip: true, stager, spool: false });
    expect(events).toEqual(['begin 1', 'begin 2', 'end 2', 'end 1']);
    // What was measured does not depend on it: the same digests as compressing each layer on its own.
    for (const [name, layer] of [
      ['one/layer.tar', first],
      ['two/layer.tar', second],
    ] as const) {
      const expected = await measureCompression(Readable.from([layer]));
      expect(index.file(name)?.gzip).toEqual(expected.compressed);
    }
    await index.close();
  });

  it('a scan that fails while an earlier layer still compresses abandons that layer too', async () => {
    const { archive } = await twoLayers();
    let open = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
      setTimeout(resolve, 5000);
    });
    const { stager, events } = recordingStager(gate);
    // cut inside the second layer: the first is still waiting for its stage when the cut is seen
    const cut = archive.subarray(0, archive.length - 200_000);
    await expectError(
      TarIndex.scan(streamOrigin(cut), { measureGzip: true, stager, spool: false }),
      'SOURCE_CORRUPT',
      'truncated',
    );
    expect(events).toEqual(['begin 1', 'begin 2', 'abandon 2', 'abandon 1']);
    open();
  });

  it('opens small entries kept by the scan from memory, without another pass', async () => {
    const origin = streamOrigin(await makeTarBuffer([{ name: 'config.json', content: small }]));
    const index = await TarIndex.scan(origin);
    const entry = index.file('config.json');
    expect(entry).toBeDefined();
    expect((await readAll(await index.open(entry!))).equals(small)).toBe(true);
    expect(origin.opens).toBe(1);
    await index.close();
  });
});

describe('the entry budget scales with the archive', () => {
  it.each([
    ['an empty archive', 0, MAX_TAR_ENTRIES],
    ['a 7 MB .tar.gz (the million empty files of issue 19)', 7_000_000, MAX_TAR_ENTRIES],
    ['just under the size where it grows', MAX_TAR_ENTRIES * ARCHIVE_BYTES_PER_ENTRY - 1, MAX_TAR_ENTRIES],
    ['a 4 GiB docker save', 4 * 1024 ** 3, 262_144],
    ['a 20 GB docker save', 20e9, Math.floor(20e9 / ARCHIVE_BYTES_PER_ENTRY)],
  ])('%s: %s bytes allow %s entries', (_name, bytes, budget) => {
    expect(entryBudget(bytes)).toBe(budget);
  });

  // Small limits so the archives stay small: 10 entries whatever the size, one more per KiB.
  const limits = { floor: 10, bytesPerEntry: 1024 };
  const empties = Array.from({ length: 20 }, (_, i) => ({ name: `f/${i}`, content: '' }));
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    ['a tar file of 21 entries, 76 KB', 'none', 'random', 'indexed'],
    ['its .tar.gz, 68 KB as read', 'gzip', 'random', 'indexed'],
    ['a .tar.gz of the same entries with zeros, under 1 KB as read', 'gzip', 'zeros', 'refused'],
  ] as const)('%s: %s', async (_name, compression, fill, outcome) => {
    const content = fill === 'random' ? pseudoRandom('budget', 64 * 1024) : Buffer.alloc(64 * 1024);
    const tarBytes = await makeTarBuffer([{ name: 'big', content }, ...empties]);
    const path = join(dir, `${compression}-${fill}.tar`);
    await writeFile(path, compression === 'gzip' ? gzipSync(tarBytes) : tarBytes);
    const scan = TarIndex.scan(fileOrigin(path, 'docker-archive:x.tar'), { limits });
    if (outcome === 'indexed') {
      const index = await scan;
      expect(index.list()).toHaveLength(21);
      await index.close();
    } else {
      await expectError(scan, 'SOURCE_UNSUPPORTED', 'docker-archive:x.tar holds more than 10 entries;');
    }
  });

  it('a stream earns its budget as it is read: with its big entry first it is indexed, last it is refused', async () => {
    // 400 empty entries take 200 KB of headers: more than the parsers read ahead of the entry they are at.
    const content = pseudoRandom('budget', 1024 * 1024);
    const headers = Array.from({ length: 400 }, (_, i) => ({ name: `h/${i}`, content: '' }));
    const first = await makeTarBuffer([{ name: 'big', content }, ...headers]);
    const indexed = await TarIndex.scan(streamOrigin(first), { limits });
    expect(indexed.list()).toHaveLength(401);
    await indexed.close(); // its spool
    const last = await makeTarBuffer([...headers, { name: 'big', content }]);
    await expectError(
      TarIndex.scan(streamOrigin(last), { limits }),
      'SOURCE_UNSUPPORTED',
      'stream:test holds more than',
    );
    // The same bytes as a file: its size is known before the first entry.
    const path = join(dir, 'last.tar');
    await writeFile(path, last);
    const index = await TarIndex.scan(fileOrigin(path, 'docker-archive:last.tar'), { limits });
    expect(index.list()).toHaveLength(401);
  });

  it('past the floor the message says the budget follows the size', async () => {
    const content = pseudoRandom('budget', 16 * 1024);
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `g/${i}`, content: '' }));
    const bytes = await makeTarBuffer([{ name: 'big', content }, ...many]);
    const path = join(dir, 'many.tar');
    await writeFile(path, bytes);
    const budget = Math.floor(bytes.length / 1024);
    expect(budget).toBeGreaterThan(limits.floor);
    expect(budget).toBeLessThan(41);
    await expectError(
      TarIndex.scan(fileOrigin(path, 'docker-archive:many.tar'), { limits }),
      'SOURCE_UNSUPPORTED',
      `docker-archive:many.tar holds more than ${budget} entries (one for every 1 KiB of the archive); an image archive holds a few per layer`,
    );
  });
});
