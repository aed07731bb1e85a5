import { describe, expect, test } from 'vitest';
import { parseAnnotations, resolveAnnotations } from '../../src/domain/annotations.js';

const created = new Date('2026-01-02T03:04:05.678Z');

describe('annotations', () => {
  test.each([
    { lines: [], context: {}, out: {} },
    { lines: ['b=2', 'a=x=y'], context: {}, out: { a: 'x=y', b: '2' } },
    {
      lines: ['auto'],
      context: { version: '1.2.3', revision: 'abc', source: 'https://github.com/o/r' },
      out: {
        'org.opencontainers.image.created': '2026-01-02T03:04:05Z',
        'org.opencontainers.image.revision': 'abc',
        'org.opencontainers.image.source': 'https://github.com/o/r',
        'org.opencontainers.image.version': '1.2.3',
      },
    },
    {
      lines: ['auto', 'org.opencontainers.image.version=custom'],
      context: {},
      out: {
        'org.opencontainers.image.created': '2026-01-02T03:04:05Z',
        'org.opencontainers.image.version': 'custom',
      },
    },
    {
      lines: ['auto'],
      context: { created: undefined, revision: 'abc' },
      out: { 'org.opencontainers.image.revision': 'abc' },
    },
  ])('$lines', ({ lines, context, out }) => {
    const resolved = resolveAnnotations(parseAnnotations(lines, 'Input "annotations"'), {
      created,
      ...context,
    });
    expect(resolved).toEqual(out);
    expect(Object.keys(resolved)).toEqual(Object.keys(out).sort());
  });

  test.each(['novalue', '=x', 'a key=v'])('"%s" is refused naming the input', (line) => {
    expect(() => parseAnnotations([line], '--annotation')).toThrow(
      `--annotation line "${line}" is not key=value`,
    );
  });
});
