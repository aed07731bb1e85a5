/** Upload progress lines: the first chunk, then at most one per interval, and the last. */
import { expect, test } from 'vitest';
import { createUploadProgress } from '../../src/publish/upload-progress.js';

const D = `sha256:${'ab'.repeat(32)}`;

test.each<[string, number, [number, number][], string[]]>([
  [
    'a log (10 s): the first chunk and the end only, within 10 s',
    10_000,
    [
      [0, 1_000_000],
      [3_000, 2_000_000],
      [9_000, 3_000_000],
      [9_500, 4_000_000],
    ],
    ['abababababab: Pushing 1 MB / 4 MB (25%)', 'abababababab: Pushing 4 MB / 4 MB (100%)'],
  ],
  [
    'a terminal (1 s): a line a second',
    1000,
    [
      [0, 1_000_000],
      [500, 2_000_000],
      [1_200, 3_000_000],
    ],
    ['abababababab: Pushing 1 MB / 4 MB (25%)', 'abababababab: Pushing 3 MB / 4 MB (75%)'],
  ],
])('%s', (_what, interval, events, lines) => {
  const out: string[] = [];
  let clock = 0;
  const progress = createUploadProgress(
    (l) => out.push(l),
    interval,
    () => clock,
  );
  for (const [time, sent] of events) {
    clock = time;
    progress(D, sent, 4_000_000);
  }
  expect(out.map((l) => l.replace(/\d+(\.\d+)? MB/g, (m) => `${Math.round(parseFloat(m))} MB`))).toEqual(
    lines,
  );
});
