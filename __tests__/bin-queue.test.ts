import { describe, expect, test } from 'vitest';
import { BinPool, BinQueue } from '../src/bin-queue.js';

describe('BinQueue', () => {
  test('copies bytes into bins, hands them out in order as views, and spends a bin only once emptied', () => {
    const pool = new BinPool(4, 8);
    const queue = new BinQueue(pool);
    const piece = Buffer.from('abcdef');
    queue.push(piece);
    piece.fill(0x7a); // copied in: the caller may reuse its piece
    queue.push(Buffer.from('gh'));
    expect(queue.length).toBe(8);

    const first = queue.take(5);
    expect(Buffer.concat(first.parts).toString()).toBe('abcde');
    expect(first.spent).toHaveLength(1); // 'abcd' is out; 'efgh' still holds 'fgh'
    pool.give(first.spent);
    expect(pool.idle).toBe(1);

    queue.push(Buffer.from('ij')); // reuses the spent bin
    expect(pool.idle).toBe(0);
    const rest = queue.take(100, true);
    expect(Buffer.concat(rest.parts).toString()).toBe('fghij');
    expect(rest.spent).toHaveLength(2);
    expect(queue.length).toBe(0);
  });

  test('a drained pool keeps nothing; a cleared queue gives nothing back', () => {
    const pool = new BinPool(4, 8);
    const queue = new BinQueue(pool);
    queue.push(Buffer.from('abcdefgh'));
    queue.clear();
    expect(queue.length).toBe(0);
    expect(pool.idle).toBe(0);
    pool.drain();
    pool.give([Buffer.alloc(4)]);
    expect(pool.idle).toBe(0);
  });
});
