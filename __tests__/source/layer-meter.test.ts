import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../src/source/layer-meter.js';

/** Whether `promise` settles within a few turns of the event loop. */
async function settles(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ReadAhead', () => {
  it('lets writers run ahead up to its limit, then waits until bytes are taken', async () => {
    const ahead = new ReadAhead(100, 1000);
    ahead.hold(60);
    expect(await settles(ahead.room())).toBe(true);
    ahead.hold(60);
    const waiting = ahead.room();
    expect(await settles(waiting)).toBe(false);
    ahead.release(60);
    expect(await settles(waiting)).toBe(true);
  });

  it('past its window holds nothing: a writer waits until every byte handed on was taken', async () => {
    const ahead = new ReadAhead(100, 150);
    ahead.hold(90);
    ahead.release(90);
    ahead.hold(50); // 140 handed on: within the window
    expect(await settles(ahead.room())).toBe(true);
    ahead.hold(20); // 160: past it, 70 still held
    const waiting = ahead.room();
    expect(await settles(waiting)).toBe(false);
    ahead.release(50);
    expect(await settles(waiting)).toBe(false);
    ahead.release(20);
    expect(await settles(waiting)).toBe(true);
  });
});
