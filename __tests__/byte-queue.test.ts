import { describe, expect, test } from 'vitest';
import { ByteQueue } from '../src/byte-queue.js';

describe('ByteQueue.takeParts', () => {
  test('hands out the pushed pieces themselves, cutting only the last, and keeps the rest in order', () => {
    const queue = new ByteQueue();
    const a = Buffer.from('abc');
    const b = Buffer.from('defg');
    const c = Buffer.from('hi');
    for (const piece of [a, b, c]) queue.push(piece);

    const first = queue.takeParts(5);
    expect(first.map(String)).toEqual(['abc', 'de']);
    // No copy: the first piece is the buffer pushed, the cut one a view of it.
    expect(first[0]).toBe(a);
    expect((first[1] as Buffer).buffer).toBe(b.buffer);
    expect(queue.length).toBe(4);

    expect(queue.takeParts(100).map(String)).toEqual(['fg', 'hi']);
    expect(queue.length).toBe(0);
    expect(queue.takeParts(10)).toEqual([]);
  });
});
