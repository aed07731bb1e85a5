/**
 * Measuring, while an archive is scanned, the gzip form of each entry that is itself an uncompressed tar
 * (a layer as `docker save` of a graph-driver engine writes it), and optionally staging those compressed
 * bytes. This is what lets the engine source load with one save stream (docker-daemon.ts): the scan learns
 * each layer's gzip digest and size without a second pass.
 *
 * With a ReadAhead, at the start of the stream, a layer's bytes are handed to its compressor without
 * waiting for it (up to READ_AHEAD_BYTES not yet taken, all layers together), and end() settles when the
 * compressor has caught up: the scan reads on into the next entry meanwhile. A text layer first in the save
 * stream otherwise held everything behind it while it compressed (40–80 MB/s on 2 cores), with nothing
 * uploading yet, so the link sat idle until its last byte although the random layer behind it could go out
 * at link speed (bench S5 over the WAN link: the first PATCH 130–290 ms after the save's first byte). Past
 * the first READ_AHEAD_WINDOW bytes the stager's own budget keeps the link busy while a layer compresses,
 * and a scan held back by a compressor (the 2 GiB engine image on loopback) would only hold raw bytes
 * longer: there the meter waits for its compressor again, as without a read-ahead.
 */
import { createGzipMeter, type GzipMeter } from './gzip-layer.js';
import type { BlobStager, StagedBlob } from './image-source.js';
import type { Hashed } from './verify-stream.js';

/** Enough of an entry to see the ustar magic of a tar header (bytes 257–262). */
const SNIFF_BYTES = 262;
const TAR_HEADER_BYTES = 512;

/**
 * Raw bytes handed to the compressors of one scan and not taken by them yet (the read-ahead's memory; the
 * compressed side is bounded by the stager's budget).
 */
export const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** The read-ahead is open for the scan's first this many layer bytes. */
export const READ_AHEAD_WINDOW = 32 * 1024 * 1024;

/** The read-ahead of one scan: bytes held, bytes handed on so far, and writers waiting for room. */
export class ReadAhead {
  private used = 0;
  private handed = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly limit: number = READ_AHEAD_BYTES,
    readonly window: number = READ_AHEAD_WINDOW,
  ) {}

  hold(n: number): void {
    this.used += n;
    this.handed += n;
  }

  release(n: number): void {
    this.used -= n;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once the bytes held are within the limit again (none held, past the window). */
  async room(): Promise<void> {
    while (this.used > (this.handed <= this.window ? this.limit : 0))
      await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/** Fed an entry's bytes in order; decides from the first bytes whether the entry is a layer to measure. */
export interface LayerMeter {
  /** The next bytes of the entry; resolves when the compressor can take more. */
  write(chunk: Buffer): Promise<void>;
  /**
   * Every byte was written: the gzip digest and size of a layer (then staged), undefined for other files;
   * with a read-ahead, once the compressor has taken every byte.
   */
  end(): Promise<Hashed | undefined>;
  /** Stops what end() did not finish; abandons the stage. Always call it (a finally). */
  destroy(): void;
}

/** A meter for one entry of `size` bytes; undefined when no entry that small can be a tar. */
export function createLayerMeter(
  size: number,
  stager: BlobStager | undefined,
  readAhead?: ReadAhead,
): LayerMeter | undefined {
  if (size < TAR_HEADER_BYTES) return undefined;
  // The first chunks wait until the tar magic can be seen, then feed the compressor.
  let undecided: Buffer[] | undefined = [];
  let head = Buffer.alloc(0);
  let meter: GzipMeter | undefined;
  let staged: StagedBlob | undefined;
  /** The writes handed on and not taken yet, in order (with a read-ahead). */
  let fed: Promise<void> = Promise.resolve();
  const feed = async (gzip: GzipMeter, chunk: Buffer): Promise<void> => {
    if (!readAhead) return gzip.write(chunk);
    readAhead.hold(chunk.length);
    fed = fed.then(() => gzip.write(chunk)).finally(() => readAhead.release(chunk.length));
    fed.catch(() => undefined); // surfaces in end()
    await readAhead.room();
  };
  return {
    async write(chunk) {
      if (meter) return feed(meter, chunk);
      if (!undecided) return;
      undecided.push(chunk);
      head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      if (head.length < SNIFF_BYTES) return;
      if (isUncompressedTar(head)) {
        const stage = stager?.begin();
        staged = stage;
        meter = createGzipMeter(stage && ((bytes) => stage.write(bytes)));
        for (const early of undecided) await feed(meter, early);
      }
      undecided = undefined;
    },
    async end() {
      await fed;
      const gzip = meter ? await meter.end() : undefined;
      meter = undefined;
      if (staged && gzip) await staged.end(gzip);
      staged = undefined;
      return gzip;
    },
    destroy() {
      meter?.destroy();
      staged?.abandon();
    },
  };
}

function isUncompressedTar(head: Buffer): boolean {
  return head.subarray(257, 262).toString('latin1') === 'ustar';
}
