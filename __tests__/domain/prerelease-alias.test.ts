/** `prerelease-alias`: a prerelease's line tag (`3.15.0a1` → `3.15-rc`), moving only forward. */
import { describe, expect, test } from 'vitest';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { formatError } from '../../src/errors.js';
import { wordsOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] =>
  deriveTags(request).heldBack.map((h) => `${h.tag}<${h.blockedBy}`);

describe('deriveTags: prerelease alias', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    ['python alpha', { version: '3.15.0a1', prereleaseAlias: 'rc' }, ['3.15.0a1', '3.15-rc'], []],
    ['python rc', { version: '3.15.0rc1', prereleaseAlias: 'rc' }, ['3.15.0rc1', '3.15-rc'], []],
    ['two parts, a dev build', { version: '3.5-dev5', prereleaseAlias: 'dev' }, ['3.5-dev5', '3.5-dev'], []],
    ['one part (openjdk)', { version: '28-ea-12', prereleaseAlias: 'ea' }, ['28-ea-12', '28-ea'], []],
    [
      'the variant suffix after the label (php)',
      { version: '8.6.0RC1', variant: 'cli', prereleaseAlias: 'rc' },
      ['8.6.0RC1-cli', '8.6-rc-cli'],
      [],
    ],
    [
      'php beta under the rc line, with bare',
      { version: '8.6.0beta1', variant: ['cli'], bare: true, prereleaseAlias: 'rc' },
      ['8.6.0beta1', '8.6-rc', '8.6.0beta1-cli', '8.6-rc-cli'],
      [],
    ],
    [
      'the version is its own line tag (openjdk 27-rc)',
      { version: '27-rc', variant: 'jdk', prereleaseAlias: 'rc' },
      ['27-rc-jdk'],
      [],
    ],
    [
      'a release gets no line tag',
      { version: '3.14.7', prereleaseAlias: 'rc' },
      ['3.14.7', '3.14', '3', 'latest'],
      [],
    ],
    [
      'an existing line tag is not a version',
      { version: '3.15.0a1', prereleaseAlias: 'rc', existing: ['3.15-rc', '3.15-rc-alpine'] },
      ['3.15.0a1', '3.15-rc'],
      [],
    ],
    [
      'moves forward over an older prerelease',
      { version: '28-ea-12', prereleaseAlias: 'ea', existing: ['28-ea-11', '28-ea'] },
      ['28-ea-12', '28-ea'],
      [],
    ],
    [
      'held back by a higher prerelease of the line',
      { version: '3.5-dev5', prereleaseAlias: 'dev', existing: ['3.5-dev6', '3.5-dev'] },
      ['3.5-dev5'],
      ['3.5-dev<3.5-dev6'],
    ],
    [
      'held back by the line release',
      { version: '3.15.0rc2', prereleaseAlias: 'rc', existing: ['3.15.0'] },
      ['3.15.0rc2'],
      ['3.15-rc<3.15.0'],
    ],
    [
      'another line does not hold it back',
      { version: '3.15.0a1', prereleaseAlias: 'rc', existing: ['3.16.0a1', '3.14.7'] },
      ['3.15.0a1', '3.15-rc'],
      [],
    ],
    [
      'only the variant counts (scope variant)',
      { version: '8.6.0RC1', variant: 'cli', prereleaseAlias: 'rc', existing: ['8.6.0RC2-fpm'] },
      ['8.6.0RC1-cli', '8.6-rc-cli'],
      [],
    ],
    [
      'every variant counts (scope image)',
      {
        version: '8.6.0RC1',
        variant: 'cli',
        prereleaseAlias: 'rc',
        floatingScope: 'image',
        existing: ['8.6.0RC2-fpm'],
      },
      ['8.6.0RC1-cli'],
      ['8.6-rc-cli<8.6.0RC2-fpm'],
    ],
    [
      'floating always: no guard',
      { version: '3.5-dev5', prereleaseAlias: 'dev', floating: 'always', existing: ['3.5-dev6'] },
      ['3.5-dev5', '3.5-dev'],
      [],
    ],
    [
      'prefixed copies',
      { version: '3.0.0-rc.1', prereleaseAlias: 'rc', prefixes: ['v'] },
      ['3.0.0-rc.1', 'v3.0.0-rc.1', '3.0-rc', 'v3.0-rc'],
      [],
    ],
  ])('%s', (_name, request, tags, held) => {
    expect(tagsOf(request)).toEqual(tags);
    expect(heldOf(request)).toEqual(held);
  });

  test.each<[TagRequest, string]>([
    [{ version: '2.0.0-rc.1' }, '2.0.0-rc.1 is a prerelease: it gets only its own tag, no 2.0, 2 or latest'],
    [
      { version: '2.0.0-rc.1', prereleaseAlias: 'rc' },
      '2.0.0-rc.1 is a prerelease: it gets its own tag and its line tag, no 2.0, 2 or latest',
    ],
    [
      // Only the tags a release would get: floating-levels 2 has no `2` to miss.
      { version: '2.0.0-rc.1', floatingLevels: '2', latest: 'false' },
      '2.0.0-rc.1 is a prerelease: it gets only its own tag, no 2.0',
    ],
  ])('notice for %j', (request, notice) => {
    expect(deriveTags(request).notices).toContain(notice);
  });

  test.each<[string, string, string]>([
    [
      'prerelease-alias',
      '-rc',
      'Input "prerelease-alias" is "-rc", which is not a label such as rc, dev or ea',
    ],
    ['--prerelease-alias', '1', '--prerelease-alias is "1", which is not a label such as rc, dev or ea'],
    ['--prerelease-alias', 'r c', '--prerelease-alias is "r c", which is not a label such as rc, dev or ea'],
  ])('%s %j: one line naming it', (name, value, start) => {
    let line = 'no error';
    try {
      deriveTags({ version: '1.2.3-rc.1', prereleaseAlias: value });
    } catch (err) {
      line = formatError(err, wordsOf(name));
    }
    expect(line.startsWith(start)).toBe(true);
    expect(line).toContain('[INPUT_INVALID]');
  });
});
