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

/** Maps with at most `limit` tasks running; keeps order; the first failure wins after running tasks settle. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
