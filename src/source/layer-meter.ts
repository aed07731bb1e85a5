/**
 * Measuring, while an archive is scanned, the gzip form of each entry that is itself an uncompressed tar
 * (a layer as `docker save` of a graph-driver engine writes it), and optionally staging those compressed
 * bytes. This is what lets the engine source load with one save stream (docker-daemon.ts): the scan learns
 * each layer's gzip digest and size without a second pass.
 */
import { createGzipMeter, type GzipMeter } from './gzip-layer.js';
import type { BlobStager, StagedBlob } from './image-source.js';
import type { Hashed } from './verify-stream.js';

/** Enough of an entry to see the ustar magic of a tar header (bytes 257–262). */
const SNIFF_BYTES = 262;
const TAR_HEADER_BYTES = 512;

/** Fed an entry's bytes in order; decides from the first bytes whether the entry is a layer to measure. */
export interface LayerMeter {
  /** The next bytes of the entry; resolves when the compressor can take more. */
  write(chunk: Buffer): Promise<void>;
  /** Every byte was written: the gzip digest and size of a layer (then staged), undefined for other files. */
  end(): Promise<Hashed | undefined>;
  /** Stops what end() did not finish; abandons the stage. Always call it (a finally). */
  destroy(): void;
}

/** A meter for one entry of `size` bytes; undefined when no entry that small can be a tar. */
export function createLayerMeter(size: number, stager: BlobStager | undefined): LayerMeter | undefined {
  if (size < TAR_HEADER_BYTES) return undefined;
  // The first chunks wait until the tar magic can be seen, then feed the compressor.
  let undecided: Buffer[] | undefined = [];
  let head = Buffer.alloc(0);
  let meter: GzipMeter | undefined;
  let staged: StagedBlob | undefined;
  return {
    async write(chunk) {
      if (meter) return meter.write(chunk);
      if (!undecided) return;
      undecided.push(chunk);
      head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      if (head.length < SNIFF_BYTES) return;
      if (isUncompressedTar(head)) {
        const stage = stager?.begin();
        staged = stage;
        meter = createGzipMeter(stage && ((bytes) => stage.write(bytes)));
        for (const early of undecided) await meter.write(early);
      }
      undecided = undefined;
    },
    async end() {
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
