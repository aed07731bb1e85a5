/**
 * Deterministic gzip for uncompressed layers (what `docker save` of a graph-driver engine gives).
 *
 * The same bytes must give the same compressed blob on every run, so a republished image uploads nothing.
 * The layer is cut into blocks of exactly BLOCK_BYTES, and each block is encoded on its own, as pigz does:
 * - a block that can compress is raw deflate at level 1 (window 15, memLevel 8, default strategy), primed
 *   with the 32 KiB of input before it as the dictionary (so matches reach back across the cut) and
 *   ended with a sync flush (byte-aligned, not final);
 * - a block that cannot (byte entropy above STORE_ENTROPY_BITS: random or already compressed bytes, where
 *   deflate gains nothing yet level 1 still runs at ~32 MB/s on the bench machine) is written as stored
 *   deflate blocks, at memory speed;
 * - a fixed gzip header (mtime 0, no name, OS 3), an empty final stored block, then CRC-32 and size.
 * Each block's encoding depends only on its bytes and the bytes before it, so the output does not depend
 * on how the input is split into chunks, and blocks compress in parallel on the thread pool (a single
 * layer uses every core). The digest depends only on the layer bytes, these rules and the zlib that node
 * bundles: a different Node major version or CPU family could compress differently, which costs one
 * re-upload and is never wrong (the manifest is rebuilt from what was actually compressed).
 *
 * Level 1: on a 700 MB tar of shared libraries, level 1 compresses at ~56 MB/s to 37 % and level 6 at
 * ~27 MB/s to 34 %, so speed wins over the last 9 % of size.
 */
import { availableParallelism } from 'node:os';
import { Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { constants, crc32, createGunzip, deflateRaw, type ZlibOptions } from 'node:zlib';
import { BinPool } from '../bin-queue.js';
import { ByteQueue } from '../byte-queue.js';
import {
  chain,
  createHashSink,
  createHashingPassThrough,
  createSizedHash,
  type Hashed,
} from './verify-stream.js';

export const LAYER_GZIP_LEVEL = 1;
/** Blocks of this size are encoded on their own (compressed or stored). */
export const BLOCK_BYTES = 1024 * 1024;
/** Above this byte entropy (bits per byte, estimated from every 4th byte) a block is stored. */
export const STORE_ENTROPY_BITS = 7.9;

const WINDOW_BYTES = 32 * 1024;
const STORED_MAX = 65_535;
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** An empty stored block with BFINAL set: ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);
/** The blocks a meter keeps for reuse: those being encoded at once, and the one being emitted. */
const POOLED_BLOCKS = 5;
const deflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(deflateRaw);

/** The layer gzip stream (see above). */
export function createLayerGzip(): Duplex {
  return new LayerGzip();
}

/** The byte entropy of `block` in bits per byte, from every 4th byte. */
export function sampledEntropy(block: Uint8Array): number {
  const counts = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < block.length; i += 4) {
    const b = block[i] as number;
    counts[b] = (counts[b] as number) + 1;
    n++;
  }
  let bits = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** `block` as stored deflate blocks (not final): 0x00, LEN, NLEN, bytes; at most 65535 bytes each. */
function storedBlocks(block: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < block.length; at += STORED_MAX) {
    const piece = block.subarray(at, at + STORED_MAX);
    const head = Buffer.alloc(5);
    head.writeUInt16LE(piece.length, 1);
    head.writeUInt16LE(~piece.length & 0xffff, 3);
    out.push(head, piece);
  }
  return out;
}

async function encodeBlock(block: Buffer, dictionary: Buffer): Promise<Buffer[]> {
  if (sampledEntropy(block) > STORE_ENTROPY_BITS) return storedBlocks(block);
  const compressed = await deflateRawAsync(block, {
    level: LAYER_GZIP_LEVEL,
    windowBits: 15,
    memLevel: 8,
    strategy: constants.Z_DEFAULT_STRATEGY,
    finishFlush: constants.Z_SYNC_FLUSH,
    ...(dictionary.length > 0 ? { dictionary } : {}),
  });
  return [compressed];
}

/** A block's encoded pieces, and the pooled buffer holding the block once they have been consumed. */
interface Encoded {
  readonly pieces: Promise<Buffer[]>;
  readonly block?: Buffer;
}

/**
 * Cuts the input into blocks, encodes up to `parallel` of them at once and hands the pieces to `emit` in
 * order, waiting for it. With a pool, `emit` must have consumed (hashed, copied) a piece when it resolves:
 * each full block is then cut into a buffer of the pool, given back once its pieces are consumed (stored
 * blocks are views of it), so a layer leaves no block-sized garbage behind: a new 1 MiB block per MiB,
 * waiting its turn through young-generation collections (memory.ts), was promoted and left to full
 * collections (S8, the engine's 2 GiB image: GC time 7.1–8.1 → 4.4 s, CPU −1.5 s; docs/benchmarks.md, S8).
 */
class BlockEncoder {
  private readonly parallel = Math.max(2, Math.min(4, availableParallelism()));
  private readonly input = new ByteQueue();
  private crc = 0;
  private size = 0;
  private tail = Buffer.alloc(0);
  private readonly queue: Encoded[] = [{ pieces: Promise.resolve([GZIP_HEADER]) }];

  constructor(
    private readonly emit: (piece: Buffer) => Promise<void>,
    private readonly pool?: BinPool,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    this.input.push(chunk);
    await this.encodeBlocks(false);
  }

  async end(): Promise<void> {
    await this.encodeBlocks(true);
    await this.emitQueued(0);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.size % 2 ** 32, 4);
    await this.emit(FINAL_BLOCK);
    await this.emit(trailer);
  }

  private async encodeBlocks(final: boolean): Promise<void> {
    while (this.input.length >= BLOCK_BYTES || (final && this.input.length > 0)) {
      const pooled = this.pool && this.input.length >= BLOCK_BYTES ? this.pool.take() : undefined;
      const block = pooled ? this.input.takeInto(pooled) : this.input.take(BLOCK_BYTES);
      const dictionary = this.tail;
      this.crc = crc32(block, this.crc);
      this.size += block.length;
      this.tail = Buffer.from(
        block.length >= WINDOW_BYTES
          ? block.subarray(block.length - WINDOW_BYTES)
          : Buffer.concat([dictionary, block]).subarray(-WINDOW_BYTES),
      );
      // deflate copies the dictionary when it starts: `dictionary` is not read after this call.
      const pieces = encodeBlock(block, dictionary);
      pieces.catch(() => undefined); // awaited in order by emitQueued
      this.queue.push(pooled ? { pieces, block: pooled } : { pieces });
      await this.emitQueued(this.parallel);
    }
  }

  /** Emits queued blocks in order until at most `keep` are still being encoded. */
  private async emitQueued(keep: number): Promise<void> {
    while (this.queue.length > keep) {
      const next = this.queue.shift() as Encoded;
      for (const piece of await next.pieces) await this.emit(piece);
      if (next.block) this.pool?.give([next.block]);
    }
  }
}

/** The encoder as a stream: pieces are pushed (not consumed yet when pushed), so blocks are not pooled. */
class LayerGzip extends Duplex {
  private readonly encoder = new BlockEncoder((piece) => this.pushInOrder(piece));
  private wake: (() => void) | undefined;

  override _read(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.encoder.write(chunk).then(() => callback(), callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.encoder.end().then(() => {
      this.push(null);
      callback();
    }, callback);
  }

  private async pushInOrder(piece: Buffer): Promise<void> {
    if (!this.push(piece)) await new Promise<void>((resolve) => (this.wake = resolve));
  }
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

/**
 * `onOutput`, when given, also receives every compressed chunk (the compressor waits for it); a chunk is
 * reused once its promise resolves, so `onOutput` must have copied what it keeps by then.
 */
export function createGzipMeter(onOutput?: (chunk: Buffer) => Promise<void>): GzipMeter {
  const hash = createSizedHash();
  let destroyed = false;
  const encoder = new BlockEncoder(
    async (piece) => {
      if (destroyed) throw new Error('the layer compressor was stopped');
      hash.update(piece);
      if (onOutput) await onOutput(piece);
    },
    new BinPool(BLOCK_BYTES, POOLED_BLOCKS),
  );
  /** The calls so far, in order: the encoder takes one at a time. */
  let last: Promise<void> = Promise.resolve();
  const next = (step: () => Promise<void>): Promise<void> => {
    if (destroyed) return Promise.reject(new Error('the layer compressor was stopped'));
    last = last.then(step);
    return last;
  };
  return {
    write: (chunk) => next(() => encoder.write(chunk)),
    async end() {
      await next(() => encoder.end());
      return hash.result();
    },
    destroy() {
      destroyed = true;
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

/** The stream of the compressed layer: `input` → gzip, as one chain. */
export function compressLayer(input: Readable, ...before: Duplex[]): Readable {
  return chain(input, ...before, createLayerGzip());
}
