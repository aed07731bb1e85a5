import { availableParallelism } from 'node:os';

/**
 * How many layers a source compresses or hashes at once: the context's `concurrency`, else 4, and never
 * more than the CPUs (compression is CPU-bound; zlib runs on libuv's pool of 4 threads anyway).
 */
export function sourceConcurrency(requested: number | undefined): number {
  const cpus = Math.max(1, availableParallelism());
  const wanted = requested !== undefined && Number.isInteger(requested) && requested > 0 ? requested : 4;
  return Math.max(1, Math.min(wanted, cpus));
}
