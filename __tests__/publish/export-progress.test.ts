import { describe, expect, test } from 'vitest';
import { createExportProgress, EXPORT_PROGRESS_MIN_BYTES } from '../../src/publish/export-progress.js';

const HEX = 'ab'.repeat(32);
const SIZE = 4_000_000;

/** Feeds (entry, read, at ms) events to a reporter on a fake clock; returns the lines it logged. */
function run(events: readonly [string, number, number, number][]): string[] {
  const lines: string[] = [];
  let clock = 0;
  const report = createExportProgress({ info: (line) => lines.push(line) }, () => clock);
  for (const [entry, read, size, at] of events) {
    clock = at;
    report(entry, read, size);
  }
  return lines;
}

describe('createExportProgress', () => {
  test.each<[string, [string, number, number, number][], string[]]>([
    [
      'a large layer: a line when it starts, at most one a second, one when it completes',
      [
        [`${HEX}/layer.tar`, 65_536, SIZE, 0],
        [`${HEX}/layer.tar`, 1_000_000, SIZE, 500],
        [`${HEX}/layer.tar`, 2_000_000, SIZE, 1200],
        [`${HEX}/layer.tar`, 3_000_000, SIZE, 1900],
        [`${HEX}/layer.tar`, SIZE, SIZE, 2000],
      ],
      [
        'abababababab: Exporting 65.5 kB / 4.00 MB (1%)',
        'abababababab: Exporting 2.00 MB / 4.00 MB (50%)',
        'abababababab: Exporting 4.00 MB / 4.00 MB (100%)',
      ],
    ],
    [
      'small entries (configs, manifests) print nothing',
      [
        ['manifest.json', 100, 300, 0],
        ['manifest.json', 300, 300, 5000],
        [`blobs/sha256/${HEX}`, EXPORT_PROGRESS_MIN_BYTES - 1, EXPORT_PROGRESS_MIN_BYTES - 1, 0],
      ],
      [],
    ],
    [
      'an OCI save entry is named by its digest; two entries are throttled apart',
      [
        [`blobs/sha256/${HEX}`, 1, SIZE, 0],
        [`blobs/sha256/${'cd'.repeat(32)}`, 1, SIZE, 100],
        [`blobs/sha256/${HEX}`, 2, SIZE, 900],
      ],
      ['abababababab: Exporting 1 B / 4.00 MB (0%)', 'cdcdcdcdcdcd: Exporting 1 B / 4.00 MB (0%)'],
    ],
  ])('%s', (_name, events, expected) => {
    expect(run(events)).toEqual(expected);
  });
});
