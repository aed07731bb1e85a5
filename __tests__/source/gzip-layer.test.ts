import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  LAYER_GZIP_LEVEL,
  compressLayer,
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
