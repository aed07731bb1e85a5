import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { byteLength, readBounded } from '../src/bounded-read.js';

function body(chunks: string[], failAfter?: number): Readable {
  return Readable.from(
    (async function* () {
      for (const [i, chunk] of chunks.entries()) {
        if (i === failAfter) throw new Error('reset');
        yield Buffer.from(chunk);
      }
    })(),
    { objectMode: false },
  );
}

describe('readBounded', () => {
  test.each([
    { chunks: ['ab', 'cd'], limit: 4, text: 'abcd', overflowed: false },
    { chunks: ['ab', 'cde'], limit: 4, text: 'abcd', overflowed: true },
    { chunks: ['abcdef', 'gh'], limit: 3, text: 'abc', overflowed: true },
    { chunks: [], limit: 4, text: '', overflowed: false },
  ])(
    '$chunks with limit $limit: "$text", overflowed $overflowed',
    async ({ chunks, limit, text, overflowed }) => {
      const source = body(chunks);
      const read = await readBounded(source, limit);
      expect(read.bytes.toString()).toBe(text);
      expect(read.overflowed).toBe(overflowed);
      if (overflowed) expect(source.destroyed).toBe(true);
    },
  );

  test('a stream that fails is rethrown, with what arrived kept in `received`', async () => {
    const received: Buffer[] = [];
    await expect(readBounded(body(['ab', 'cd', 'ef'], 2), 100, received)).rejects.toThrow('reset');
    expect(Buffer.concat(received).toString()).toBe('abcd');
    expect(byteLength(received)).toBe(4);
  });
});
