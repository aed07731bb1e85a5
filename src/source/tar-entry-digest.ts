/**
 * One pass over a regular file's data during the archive scan: its sha256, its first bytes (compression
 * sniffing), optionally its bytes (small entries the index keeps) and, through a LayerMeter, the digest of
 * its gzip form.
 */
import { createHash } from 'node:crypto';
import type { Digest } from '../domain/digest.js';
import { streamed } from '../memory.js';
import type { LayerMeter } from './layer-meter.js';
import { truncated } from './tar-reader.js';
import type { Hashed } from './verify-stream.js';

/** How much of the start of each file the index keeps (enough for sniffCompression). */
const HEAD_BYTES = 8;
/** Shared by every empty entry: an archive of a million empty files costs no buffer per entry. */
const EMPTY = Buffer.alloc(0);
const EMPTY_DIGEST: Digest = `sha256:${createHash('sha256').digest('hex')}`;

export interface DigestedEntry {
  readonly digest: Digest;
  readonly head: Buffer;
  /** The whole data, when asked to keep it. */
  readonly bytes?: Buffer;
  /**
   * The digest and size of its gzip form, when a meter measured one: settles once the meter's compressor
   * has taken every byte, which may be after this entry was read (the scan reads on; layer-meter.ts).
   */
  readonly gzip?: Promise<Hashed | undefined>;
}

export interface DigestOptions {
  readonly name: string;
  readonly size: number;
  /** For messages: the archive's description. */
  readonly description: string;
  /** Keep the bytes (the caller has checked they fit its memory budget). */
  readonly keep: boolean;
  readonly meter?: LayerMeter | undefined;
  readonly onProgress?: ((name: string, read: number, size: number) => void) | undefined;
}

/** Consumes `data`; SOURCE_CORRUPT when it holds fewer bytes than the header said. */
export async function digestTarEntry(
  data: AsyncIterable<Buffer>,
  options: DigestOptions,
): Promise<DigestedEntry> {
  const { name, size, keep, meter } = options;
  if (size === 0 && !meter) {
    for await (const chunk of data)
      if (chunk.length > 0)
        throw truncated(options.description, `the entry ${name} is longer than its header says`);
    return { digest: EMPTY_DIGEST, head: EMPTY, ...(keep ? { bytes: EMPTY } : {}) };
  }
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let head = Buffer.alloc(0);
  let seen = 0;
  try {
    for await (const chunk of data) {
      hash.update(chunk);
      seen += chunk.length;
      options.onProgress?.(name, seen, size);
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      if (keep) chunks.push(chunk);
      if (meter) await meter.write(chunk);
      // The scan's chunks, gzip blocks and staged parts are garbage once passed on (memory.ts).
      streamed(chunk.length);
    }
    if (seen !== size) throw truncated(options.description, `the entry ${name} is cut short`);
  } catch (err) {
    meter?.destroy();
    throw err;
  }
  // The meter is the caller's: it destroys it if the scan fails before this settles.
  const gzip = meter?.end();
  gzip?.catch(() => undefined); // awaited by the caller
  // A kept entry's head is a view of its bytes, not a buffer of its own.
  const bytes = keep ? Buffer.concat(chunks) : undefined;
  return {
    digest: `sha256:${hash.digest('hex')}`,
    head: bytes ? bytes.subarray(0, HEAD_BYTES) : head,
    ...(bytes ? { bytes } : {}),
    ...(gzip ? { gzip } : {}),
  };
}
