import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { releasingStream } from '../src/memory.js';

const MiB = 1024 * 1024;

/** `count` fresh 1 MiB chunks, as fs.createReadStream gives them (a new Buffer per read). */
function chunks(count: number): Readable {
  let left = count;
  return new Readable({
    read() {
      this.push(left-- > 0 ? Buffer.allocUnsafeSlow(MiB) : null);
    },
  });
}

/** A sink that keeps every chunk it was given until the test drops `held`. */
function keepingSink(held: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      held.push(chunk);
      callback();
    },
  });
}

/** The kinds of the garbage collections that ran during `work`. */
async function collectionsDuring(work: () => Promise<void>): Promise<number[]> {
  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
  });
  observer.observe({ entryTypes: ['gc'] });
  await work();
  await sleep(50); // gc entries are delivered after the fact
  observer.disconnect();
  return kinds;
}

describe('releasingStream', () => {
  it('collects per 8 MiB streamed by the whole process, not per stream', async () => {
    const held: Buffer[] = [];
    // 4 streams of 6 MiB: none reaches 8 MiB alone, together they stream 24 MiB
    const kinds = await collectionsDuring(async () => {
      await Promise.all(
        Array.from({ length: 4 }, () => pipeline(releasingStream(chunks(6)), keepingSink(held))),
      );
    });
    expect(kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MINOR).length).toBeGreaterThanOrEqual(2);
    held.length = 0;
  });
});
