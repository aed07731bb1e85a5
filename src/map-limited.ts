/**
 * Maps with at most `limit` tasks running, keeping order, started in item order. A failure rejects once
 * every running task has settled. Two failure policies, because callers need both:
 * - `'settle-all'` (default): every item is still tried; the failure of the lowest index is thrown (a tag
 *   write refused must not keep the other tags from being written and reported).
 * - `'stop'`: no new item starts after a failure; the first failure is thrown (a source whose blob is
 *   corrupt need not read the rest).
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onFailure: 'settle-all' | 'stop' = 'settle-all',
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { index: number; error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && (failure === undefined || onFailure === 'settle-all')) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        if (failure === undefined || (onFailure === 'settle-all' && index < failure.index))
          failure = { index, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
