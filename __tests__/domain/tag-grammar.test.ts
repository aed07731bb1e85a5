import { describe, expect, test } from 'vitest';
import { assertValidTag, isValidTag } from '../../src/domain/tag-grammar.js';
import { isPublishError } from '../../src/errors.js';
import { messageOf } from '../fixtures/adapter-words.js';

describe('tag grammar', () => {
  test.each([
    'UPPER',
    'a',
    '1',
    '_x',
    'latest',
    'a.b-c_d',
    '1.15.12-alpine-perl',
    'sha-860c190',
    'x'.repeat(128),
    '1..2',
    'a--b',
  ])('valid: %s', (tag) => {
    expect(isValidTag(tag)).toBe(true);
    expect(assertValidTag(tag, 'tags')).toBe(tag);
  });

  test.each<[string, string]>([
    ['-x', 'it starts with "-"'],
    ['.x', 'it starts with "."'],
    ['x'.repeat(129), 'it is 129 characters long'],
    ['a/b', 'it contains "/"'],
    ['a+b', 'it contains "+"'],
    ['', 'it is empty'],
    ['a b', 'it contains " "'],
    ['a:b', 'it contains ":"'],
    ['é', 'it contains "é"'],
    ['+x', 'it contains "+"'],
    ['a\nb', 'it contains "\\n"'],
  ])('invalid: %j', (tag, reason) => {
    expect(isValidTag(tag)).toBe(false);
    let caught: unknown;
    try {
      assertValidTag(tag, 'aliases');
    } catch (err) {
      caught = err;
    }
    expect(isPublishError(caught, 'TAG_INVALID')).toBe(true);
    expect(messageOf(caught)).toBe(
      `Input "aliases" has the tag ${JSON.stringify(tag)}, which is not a valid tag: ${reason}`,
    );
    expect((caught as { hint: string }).hint).toContain('[A-Za-z0-9_][A-Za-z0-9._-]{0,127}');
  });
});
