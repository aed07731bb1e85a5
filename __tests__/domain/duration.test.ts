/** Durations: the `timeout` grammar read and written, and the seconds messages state. */
import { describe, expect, test } from 'vitest';
import { formatDuration, formatSeconds, parseDuration } from '../../src/domain/duration.js';

describe('parseDuration', () => {
  test.each<[string, number]>([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h0m5s', 3_605_000],
    ['45', 2_700_000],
    ['0s', 0],
  ])('%j → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'm', '1.5h', '10 minutes', '30m1h', '1h 30m', '-5s', '5ms'])(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  test.each<[number, string]>([
    [0, '0s'],
    [1000, '1s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_605_000, '1h5s'],
    [86_400_000, '24h'],
    [1499, '1s'],
  ])('%d ms → %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test('what it writes parses back to the same whole seconds', () => {
    for (let s = 0; s <= 90_000; s += 599) {
      expect(parseDuration(formatDuration(s * 1000)), `${s} s`).toBe(s * 1000);
    }
  });
});

describe('formatSeconds', () => {
  test.each<[number, string]>([
    [30_000, '30 s'],
    [700, '0.7 s'],
    [1234, '1.2 s'],
    [1000, '1 s'],
    [600_000, '600 s'],
    [0, '0 s'],
  ])('%d ms → %j', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text);
  });
});
