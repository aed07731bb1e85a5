import { describe, expect, test } from 'vitest';
import { mapLimited } from '../src/map-limited.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapLimited', () => {
  test('keeps order, starts in item order and never runs more than the limit', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n, i) => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      for (let k = 0; k < n; k += 1) await tick();
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  test.each([
    ['settle-all', [0, 1, 2, 3, 4], 'fail 1'],
    ['stop', [0, 1], 'fail 1'],
  ] as const)(
    '%s: which items run after a failure, and which failure is thrown',
    async (policy, ran, thrown) => {
      const seen: number[] = [];
      const run = mapLimited(
        [0, 1, 2, 3, 4],
        2,
        async (_, i) => {
          seen.push(i);
          await tick();
          if (i === 1 || i === 3) throw new Error(`fail ${i}`);
          if (i === 0) await tick();
        },
        policy,
      );
      await expect(run).rejects.toThrow(thrown);
      expect(seen).toEqual(ran);
    },
  );

  test('a limit that is not a positive integer is a RangeError', async () => {
    await expect(mapLimited([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });
});
