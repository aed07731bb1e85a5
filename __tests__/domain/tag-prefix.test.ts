/** `prefix`: the version-derived tags published a second time with a prefix (traefik's `v3.7`). */
import { describe, expect, test } from 'vitest';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { formatError } from '../../src/errors.js';
import { wordsOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] => deriveTags(request).heldBack.map((h) => h.tag);

describe('deriveTags: prefixes', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    [
      'traefik',
      { version: '3.7.11', prefixes: ['v'] },
      ['3.7.11', 'v3.7.11', '3.7', 'v3.7', '3', 'v3', 'latest'],
      [],
    ],
    [
      'an unprefixed existing version holds the copies back too',
      { version: '3.7.10', prefixes: ['v'], existing: ['3.7.11'] },
      ['3.7.10', 'v3.7.10'],
      ['3.7', 'v3.7', '3', 'v3', 'latest'],
    ],
    [
      'an existing tag with only the prefix counts, any prefix',
      { version: '3.7.10', prefixes: ['release-'], existing: ['release-3.7.11'] },
      ['3.7.10', 'release-3.7.10'],
      ['3.7', 'release-3.7', '3', 'release-3', 'latest'],
    ],
    [
      'a prefixed tag of a variant counts for that variant',
      { version: '3.7.10', prefixes: ['release-'], variant: 'alpine', existing: ['release-3.8.0-alpine'] },
      ['3.7.10-alpine', 'release-3.7.10-alpine', '3.7-alpine', 'release-3.7-alpine'],
      ['3-alpine', 'release-3-alpine', 'alpine'],
    ],
    [
      'without the prefix input, a release- tag is not a version',
      { version: '3.7.10', existing: ['release-3.7.11'] },
      ['3.7.10', '3.7', '3', 'latest'],
      [],
    ],
    [
      'from a v tag',
      { version: 'v3.7.11', prefixes: ['v'] },
      ['3.7.11', 'v3.7.11', '3.7', 'v3.7', '3', 'v3', 'latest'],
      [],
    ],
    [
      'aliases, latest and extra tags get no prefix',
      { version: '3.7.11', prefixes: ['v'], aliases: ['stable'], extraTags: ['nightly'] },
      ['3.7.11', 'v3.7.11', '3.7', 'v3.7', '3', 'v3', 'stable', 'latest', 'nightly'],
      [],
    ],
    [
      'with a variant the suffix stays last',
      { version: '3.7.11', prefixes: ['v'], variant: 'nanoserver' },
      [
        '3.7.11-nanoserver',
        'v3.7.11-nanoserver',
        '3.7-nanoserver',
        'v3.7-nanoserver',
        '3-nanoserver',
        'v3-nanoserver',
        'nanoserver',
      ],
      [],
    ],
    [
      'two prefixes, duplicates dropped',
      { version: '1.2', prefixes: ['v', 'release-', 'v'] },
      ['1.2', 'v1.2', 'release-1.2', '1', 'v1', 'release-1', 'latest'],
      [],
    ],
    [
      'a prerelease: its own tag and copies',
      { version: '3.8.0-rc1', prefixes: ['v'] },
      ['3.8.0-rc1', 'v3.8.0-rc1'],
      [],
    ],
    [
      'held back together with the tag they copy; an existing v tag counts',
      { version: '3.6.9', prefixes: ['v'], existing: ['v3.7.11'] },
      ['3.6.9', 'v3.6.9', '3.6', 'v3.6'],
      ['3', 'v3', 'latest'],
    ],
    [
      'with floating levels',
      { version: '3.7.11', prefixes: ['v'], floatingLevels: '1' },
      ['3.7.11', 'v3.7.11', '3', 'v3', 'latest'],
      [],
    ],
  ])('%s', (_name, request, tags, held) => {
    expect(tagsOf(request)).toEqual(tags);
    expect(heldOf(request)).toEqual(held);
  });

  test.each<[string, TagRequest, string]>([
    [
      'a prefix ending in a digit',
      { version: '1.2.3', prefixes: ['v1'] },
      'Input "prefix" has "v1", which ends in a digit and would run into the version. Use a prefix such as v or release-; prefix: v gives v1.2.3. [INPUT_INVALID]',
    ],
    ['a prefix that cannot start a tag, as a flag', { version: '1.2.3', prefixes: ['-v'] }, '--prefix'],
  ])('%s: one line naming it', (_name, request, start) => {
    let line = 'no error';
    try {
      deriveTags(request);
    } catch (err) {
      line = formatError(err, wordsOf(start));
    }
    expect(line.startsWith(start)).toBe(true);
    expect(line.split('\n')).toHaveLength(1);
  });
});
