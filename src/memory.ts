/**
 * Prompt release of streamed chunks. A blob streams to the registry as 1 MiB Buffers that are garbage as
 * soon as the socket has taken them, but V8 keeps Buffer memory outside its heap and collects it only
 * after about 64 MB have piled up, so any large upload raised peak RSS by ~70 MB whatever the layer size
 * (a 64 MiB layer: 155 MB peak, heap 12 MB). A young-generation collection after every 8 MiB streamed
 * frees those chunks while they are still young (about 1 ms each on this process's small heap): the same
 * upload then peaks near 100 MB. `gc` is exposed at run time (node:v8 + node:vm), so no Node flag is
 * needed where the runner starts `node dist/index.js`. The benchmark that keeps it is bench/ scenario S6
 * (`npm run bench -- --only S6`; with and without it: docs/benchmarks.md, "young-generation collection").
 *
 * The count is one for the whole process, not one per stream: with one per stream, four uploads at once
 * collected every 2 MiB, so chunks still in flight (a few MiB per stream) lived through two collections,
 * were moved to the old generation and piled up there until V8's own full collection, ~64 MB later (S7: a
 * 2 GiB image of 12 layers from an OCI layout peaked at 143–146 MB, 131–134 MB with one count).
 *
 * Every 4 MiB rather than 8, and the young generation kept at its start-up size (semi-space growth factor
 * 1): the forced collections' survivors otherwise grew it to 64 MB on a 2 GiB engine image (V8 heap 80 MB
 * committed, 12 MB used), so memory grew with the image (docs/benchmarks.md, the S8 row and paragraph).
 */
import { Transform, pipeline, type Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const RELEASE_EVERY_BYTES = 4 * 1024 * 1024;

type Collect = (options: { type: 'minor' | 'major' }) => void;
let collect: Collect | null | undefined;

/** Runs a young-generation collection; a no-op where `gc` cannot be exposed. */
function releaseGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      setFlagsFromString('--semi-space-growth-factor=1');
      collect = runInNewContext('gc') as Collect;
    } catch {
      collect = null;
    }
  }
  collect?.({ type: 'minor' });
}

let sinceRelease = 0;

/** Counts `bytes` streamed anywhere in the process; a young-generation collection per RELEASE_EVERY_BYTES. */
export function streamed(bytes: number): void {
  sinceRelease += bytes;
  if (sinceRelease < RELEASE_EVERY_BYTES) return;
  sinceRelease = 0;
  releaseGarbage();
}

/**
 * `stream` passed through unchanged, counted by streamed(), and reporting the running byte count to
 * `onBytes` (progress) when given. Destroying the result destroys `stream`.
 */
export function releasingStream(stream: Readable, onBytes?: (total: number) => void): Readable {
  let total = 0;
  const passThrough = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      onBytes?.(total);
      callback(null, chunk);
      streamed(chunk.length);
    },
  });
  // As verify-stream.ts chain(): an error anywhere reaches the result; destroying it destroys `stream`.
  pipeline(stream, passThrough, () => undefined);
  return passThrough;
}
