/**
 * Deterministic gzip for uncompressed layers (what `docker save` of a graph-driver engine gives).
 *
 * The same bytes must give the same compressed blob on every run, so a republished image uploads nothing:
 * - a fixed zlib level, window and memory level, and the default strategy;
 * - node writes the gzip header with mtime 0, no file name and the OS byte of the platform (3 on Linux);
 * - deflate output does not depend on how the input is split into chunks (no flushes until the end).
 * The compressed digest therefore depends only on the layer bytes, this level and the zlib that node bundles:
 * a different Node major version or CPU family could compress differently, which costs one re-upload and
 * is never wrong (the manifest is rebuilt from what was actually compressed).
 *
 * Level 1: on a 700 MB tar of shared libraries, level 1 compresses at ~56 MB/s to 37 % and level 6 at
 * ~27 MB/s to 34 %. Every converted layer is compressed twice (once in load() to learn its digest and size,
 * once while uploading), so speed wins over the last 9 % of size.
 */
import { once } from 'node:events';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip, createGzip, type Gzip } from 'node:zlib';
import { chain, createHashSink, createHashingPassThrough, type Hashed } from './verify-stream.js';

export const LAYER_GZIP_LEVEL = 1;

/** A gzip stream with the fixed parameters above. */
export function createLayerGzip(): Gzip {
  return createGzip({
    level: LAYER_GZIP_LEVEL,
    windowBits: 15,
    memLevel: 8,
    strategy: constants.Z_DEFAULT_STRATEGY,
  });
}

export interface CompressedLayer {
  /** Digest and size of the gzip stream (the blob that will be uploaded). */
  readonly compressed: Hashed;
  /** Digest and size of the input (the layer's diff ID). */
  readonly uncompressed: Hashed;
}

/** Compresses `input` and hashes both sides; the compressed bytes are discarded. */
export async function measureCompression(input: Readable): Promise<CompressedLayer> {
  const before = createHashingPassThrough();
  const after = createHashSink();
  await pipeline(input, before, createLayerGzip(), after);
  return { compressed: after.result(), uncompressed: before.result() };
}

/** Compresses chunks as they are written (layer parameters) and hashes the gzip output; nothing is kept. */
export interface GzipMeter {
  /** Resolves when the compressor can take more (backpressure). */
  write(chunk: Buffer): Promise<void>;
  /** Digest and size of the whole gzip stream. */
  end(): Promise<Hashed>;
  destroy(): void;
}

/** `onOutput`, when given, also receives every compressed chunk (the compressor waits for it). */
export function createGzipMeter(onOutput?: (chunk: Buffer) => Promise<void>): GzipMeter {
  const gzip = createLayerGzip();
  const sink = createHashSink(onOutput);
  const done = pipeline(gzip, sink);
  done.catch(() => undefined);
  return {
    async write(chunk) {
      if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), done]);
    },
    async end() {
      gzip.end();
      await done;
      return sink.result();
    },
    destroy() {
      gzip.destroy();
    },
  };
}

/** Decompresses `input` (gzip) and hashes the result: the diff ID of a compressed layer. */
export async function measureDecompression(input: Readable): Promise<CompressedLayer> {
  const before = createHashingPassThrough();
  const after = createHashSink();
  await pipeline(input, before, createGunzip(), after);
  return { compressed: before.result(), uncompressed: after.result() };
}

/** Compression of layer files by their first bytes. */
export type LayerCompression = 'none' | 'gzip' | 'zstd' | 'xz' | 'bzip2';

export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a)
    return 'xz';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  return 'none';
}

/** The stream of the compressed layer: `input` → gzip, as one Transform chain. */
export function compressLayer(input: Readable, ...before: Transform[]): Readable {
  return chain(input, ...before, createLayerGzip());
}
