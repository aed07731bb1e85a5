import { afterEach, describe, expect, test, vi } from 'vitest';
import { TimedRead } from '../../src/publish/timed-read.js';

/** A read answered when the test says, on a clock the test moves. */
function pending<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('TimedRead', () => {
  let now = 0;
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const clock = (): void => {
    now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  };

  test('is not fresh before its answer', () => {
    clock();
    const read = new TimedRead(() => pending<string>().promise);
    expect(read.fresh()).toBe(false);
  });

  test('stays fresh for as long as its answer took to come, then is stale', async () => {
    clock();
    const answer = pending<string>();
    const read = new TimedRead(() => answer.promise);
    now += 40; // the round trip
    answer.resolve('tags');
    await read.settled();
    expect(await read.answer).toBe('tags');
    now += 40;
    expect(read.fresh()).toBe(true);
    now += 1;
    expect(read.fresh()).toBe(false);
  });

  test('a failed read is timed too, and its failure is kept for the caller without going unhandled', async () => {
    clock();
    const answer = pending<string>();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const read = new TimedRead(() => answer.promise);
      now += 10;
      answer.reject(new Error('reset'));
      await read.settled();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).not.toHaveBeenCalled();
      expect(read.fresh()).toBe(true);
      await expect(read.answer).rejects.toThrow('reset');
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  test('the time is taken before a caller awaiting the answer resumes', async () => {
    clock();
    const answer = pending<string>();
    const read = new TimedRead(() => answer.promise);
    now += 20;
    const seen = read.answer.then(() => read.fresh());
    answer.resolve('x');
    expect(await seen).toBe(true);
  });
});
