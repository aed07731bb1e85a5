import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_BYTES,
  LAYER_GZIP_LEVEL,
  STORE_ENTROPY_BITS,
  compressLayer,
  createGzipMeter,
  sampledEntropy,
  measureCompression,
  sniffCompression,
} from '../../src/source/gzip-layer.js';
import { createVerifyStream, verified } from '../../src/source/verify-stream.js';
import { makeTar, pseudoRandom } from '../fixtures/skopeo.js';
import { readAll, sha256 } from './helpers.js';

const layer = makeTar([
  { name: 'a/', dir: true },
  { name: 'a/random.bin', content: pseudoRandom('layer', 200_000) },
  { name: 'a/text.txt', content: Buffer.from('text '.repeat(40_000)) },
]);

function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

describe('deterministic layer gzip', () => {
  it('gives the same bytes whatever the chunking, with mtime 0 in the header', async () => {
    const outputs = await Promise.all(
      [13, 511, 4096, 65536, layer.length].map(async (n) => readAll(compressLayer(chunked(layer, n)))),
    );
    const digests = new Set(outputs.map((o) => sha256(o)));
    expect(digests.size).toBe(1);
    const gz = outputs[0] as Buffer;
    expect(gz.readUInt32LE(4)).toBe(0); // MTIME
    expect(gunzipSync(gz).equals(layer)).toBe(true);
    expect(LAYER_GZIP_LEVEL).toBeGreaterThanOrEqual(1);
  });

  it('encodes a layer of many blocks the same way whatever the chunking: text compressed, random stored', async () => {
    const text = Buffer.from('GET /index.html HTTP/1.1 200 '.repeat(120_000)); // 3.5 MB
    const random = pseudoRandom('incompressible', 2 * BLOCK_BYTES + 12_345);
    const mixed = makeTar([
      { name: 'log.txt', content: text },
      { name: 'blob.bin', content: random },
      { name: 'again.txt', content: text.subarray(0, 1_000_000) },
    ]);
    const outputs = await Promise.all(
      [4096, 65536, 1_000_003, mixed.length].map(async (n) => readAll(compressLayer(chunked(mixed, n)))),
    );
    expect(new Set(outputs.map((o) => sha256(o))).size).toBe(1);
    const gz = outputs[0] as Buffer;
    expect(gunzipSync(gz).equals(mixed)).toBe(true);
    expect(gz.subarray(0, 10)).toEqual(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]));
    // The random part is stored (5 bytes per 64 KiB), the text compressed to a small fraction.
    expect(gz.length).toBeLessThan(random.length + 60_000);
    const storedOnly = await readAll(compressLayer(Readable.from([random])));
    expect(storedOnly[10]).toBe(0); // a stored block, not final
    expect(storedOnly.readUInt16LE(11)).toBe(65_535);
    expect(storedOnly.readUInt16LE(13)).toBe(0);
    expect(gunzipSync(storedOnly).equals(random)).toBe(true);
    const textOnly = await readAll(compressLayer(Readable.from([text])));
    expect(textOnly.length).toBeLessThan(text.length / 50);
    expect(gunzipSync(textOnly).equals(text)).toBe(true);
  });

  it('estimates byte entropy: random bytes near 8 bits, text far below the storing threshold', () => {
    expect(sampledEntropy(pseudoRandom('e', BLOCK_BYTES))).toBeGreaterThan(STORE_ENTROPY_BITS);
    expect(sampledEntropy(Buffer.from('hello world '.repeat(90_000)))).toBeLessThan(4);
    expect(sampledEntropy(Buffer.alloc(1000))).toBe(0);
  });

  it("meters what compressLayer produces through its pooled blocks, whatever the consumer's pace", async () => {
    const text = Buffer.from('GET /index.html HTTP/1.1 200 '.repeat(80_000));
    const random = pseudoRandom('pooled', 6 * BLOCK_BYTES + 777);
    const input = Buffer.concat([text, random, text]); // every block of the pool is reused several times
    const gz = await readAll(compressLayer(Readable.from([input])));
    const copies: Buffer[] = [];
    const meter = createGzipMeter(async (chunk) => {
      // Read only later, while the compressor goes on: the chunk stays intact until this resolves.
      await new Promise((resolve) => setImmediate(resolve));
      copies.push(Buffer.from(chunk));
    });
    for (let at = 0; at < input.length; at += 100_003) await meter.write(input.subarray(at, at + 100_003));
    expect(await meter.end()).toEqual({ digest: sha256(gz), size: gz.length });
    expect(Buffer.concat(copies).equals(gz)).toBe(true);
  });

  it('gives a valid gzip for an empty layer', async () => {
    const gz = await readAll(compressLayer(Readable.from([])));
    expect(gunzipSync(gz).length).toBe(0);
  });

  it('measures what compressLayer produces', async () => {
    const measured = await measureCompression(chunked(layer, 3000));
    const gz = await readAll(compressLayer(Readable.from([layer])));
    expect(measured.compressed).toEqual({ digest: sha256(gz), size: gz.length });
    expect(measured.uncompressed).toEqual({ digest: sha256(layer), size: layer.length });
  });

  it('sniffs compression by magic bytes', () => {
    expect(sniffCompression(Buffer.from([0x1f, 0x8b, 8]))).toBe('gzip');
    expect(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe('zstd');
    expect(sniffCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toBe('xz');
    expect(sniffCompression(Buffer.from('BZh9'))).toBe('bzip2');
    expect(sniffCompression(layer)).toBe('none');
  });
});

describe('verifying streams', () => {
  const bytes = Buffer.from('content');
  it('passes matching bytes through', async () => {
    expect(
      await readAll(
        verified(Readable.from([bytes]), { digest: sha256(bytes) as never, size: bytes.length }, 'x'),
      ),
    ).toEqual(bytes);
  });
  it('fails with DIGEST_MISMATCH naming the file and both digests', async () => {
    const other = sha256('other') as never;
    await expect(
      readAll(
        verified(
          Readable.from([bytes]),
          { digest: other, size: bytes.length },
          'blobs/sha256/x in oci:./out',
        ),
      ),
    ).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      message: expect.stringContaining(
        `blobs/sha256/x in oci:./out hashes to ${sha256(bytes)}, not to the declared ${other}`,
      ),
    });
  });
  it('fails on a size mismatch, also when too long', async () => {
    await expect(
      readAll(
        Readable.from([bytes]).pipe(createVerifyStream({ digest: sha256(bytes) as never, size: 3 }, 'f')),
      ),
    ).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    await expect(
      readAll(
        Readable.from([bytes]).pipe(createVerifyStream({ digest: sha256(bytes) as never, size: 30 }, 'f')),
      ),
    ).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });
});
