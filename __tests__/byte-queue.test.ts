import { describe, expect, test } from 'vitest';
import { ByteQueue } from '../src/byte-queue.js';

describe('ByteQueue.take', () => {
  test.each([
    // pushed, n, taken, left
    [['abc', 'defg', 'hi'], 5, 'abcde', 'fghi'],
    [['abc', 'defg', 'hi'], 3, 'abc', 'defghi'],
    [['abc', 'defg', 'hi'], 2, 'ab', 'cdefghi'],
    [['abc', 'defg', 'hi'], 100, 'abcdefghi', ''],
    [['abc'], 0, '', 'abc'],
    [[], 4, '', ''],
  ])('%j, take(%i) → %j, leaves %j', (pushed, n, taken, left) => {
    const queue = new ByteQueue();
    for (const piece of pushed) queue.push(Buffer.from(piece));
    expect(String(queue.take(n))).toBe(taken);
    expect(queue.length).toBe(left.length);
    expect(String(queue.take(Infinity))).toBe(left);
    expect(queue.length).toBe(0);
  });

  test('joins only the pieces it hands out: the first piece itself when it covers them, the rest untouched', () => {
    const queue = new ByteQueue();
    const a = Buffer.from('abcdef');
    const b = Buffer.from('gh');
    queue.push(a);
    queue.push(b);
    const first = queue.take(4);
    expect(first.buffer).toBe(a.buffer); // a view, no copy
    expect(String(queue.take(4))).toBe('efgh');
  });
});

describe('ByteQueue.takeInto', () => {
  test.each([
    // pushed, target size, taken, left
    [['abc', 'defg', 'hi'], 5, 'abcde', 'fghi'],
    [['abc', 'defg', 'hi'], 7, 'abcdefg', 'hi'],
    [['abc', 'defg', 'hi'], 100, 'abcdefghi', ''],
    [[], 4, '', ''],
  ])('%j into %i bytes → %j, leaves %j', (pushed, size, taken, left) => {
    const queue = new ByteQueue();
    for (const piece of pushed) queue.push(Buffer.from(piece));
    const target = Buffer.alloc(size);
    const view = queue.takeInto(target);
    expect(String(view)).toBe(taken);
    expect(view.buffer).toBe(target.buffer); // copied into the target, nothing allocated
    expect(queue.length).toBe(left.length);
    expect(String(queue.take(Infinity))).toBe(left);
  });
});
