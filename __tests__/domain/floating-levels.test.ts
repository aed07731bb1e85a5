/** `floating-levels`: which floating version tags exist, by number of numeric parts. */
import { describe, expect, test } from 'vitest';
import { parseFloatingLevels } from '../../src/domain/tag-policy.js';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { formatError } from '../../src/errors.js';
import { wordsOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] =>
  deriveTags(request).heldBack.map((h) => `${h.tag}<${h.blockedBy}`);

describe('deriveTags: floating levels', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    ['default: all', { version: '1.15.12' }, ['1.15.12', '1.15', '1', 'latest'], []],
    ['all', { version: '1.15.12', floatingLevels: 'all' }, ['1.15.12', '1.15', '1', 'latest'], []],
    [
      '2: the two-part tag only (elixir)',
      { version: '1.18.4', floatingLevels: '2' },
      ['1.18.4', '1.18', 'latest'],
      [],
    ],
    [
      '1: the major only (temurin)',
      { version: '11.0.32_9', floatingLevels: '1' },
      ['11.0.32_9', '11', 'latest'],
      [],
    ],
    [
      '1 on a JVM update form',
      { version: '8u502-b07', floatingLevels: '1' },
      ['8u502-b07', '8', 'latest'],
      [],
    ],
    [
      'none: the full version only',
      { version: '22.04', floatingLevels: 'none', latest: 'false' },
      ['22.04'],
      [],
    ],
    ['none keeps latest', { version: '9.2.1', floatingLevels: 'none' }, ['9.2.1', 'latest'], []],
    [
      '1,2 on four parts',
      { version: '29.0.5.0', floatingLevels: '1,2' },
      ['29.0.5.0', '29.0', '29', 'latest'],
      [],
    ],
    [
      'a list form',
      { version: '29.0.5.0', floatingLevels: ['3', ' 1 '] },
      ['29.0.5.0', '29.0.5', '29', 'latest'],
      [],
    ],
    [
      "a level equal to the version's parts is its full version (one setting for 18.6 and 18.6.1)",
      { version: '18.6', floatingLevels: '2' },
      ['18.6', 'latest'],
      [],
    ],
    ['the same on one part', { version: '18', floatingLevels: '1' }, ['18', 'latest'], []],
    [
      'a JVM update form has two parts (8, 8u502)',
      { version: '8u502-b07', floatingLevels: '1,2' },
      ['8u502-b07', '8', 'latest'],
      [],
    ],
    [
      'a prerelease gets its line tag whatever the levels (haproxy dev)',
      { version: '3.5-dev5', floatingLevels: '2', prereleaseAlias: 'dev' },
      ['3.5-dev5', '3.5-dev'],
      [],
    ],
    [
      'with a variant (haproxy)',
      { version: '3.2.9', variant: 'alpine', floatingLevels: '2' },
      ['3.2.9-alpine', '3.2-alpine', 'alpine'],
      [],
    ],
    [
      'the guard still holds back the kept levels',
      { version: '1.18.3', floatingLevels: '2', existing: ['1.18.4', '1.18', 'latest'] },
      ['1.18.3'],
      ['1.18<1.18.4', 'latest<1.18.4'],
    ],
    [
      'a backport keeps its own two-part line',
      { version: '1.17.9', floatingLevels: '2', existing: ['1.18.4', '1.18', 'latest'] },
      ['1.17.9', '1.17'],
      ['latest<1.18.4'],
    ],
  ])('%s', (_name, request, tags, held) => {
    expect(tagsOf(request)).toEqual(tags);
    expect(heldOf(request)).toEqual(held);
  });

  test.each<[string | undefined, readonly number[] | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['ALL', undefined],
    ['None', []],
    ['2', [2]],
    ['1, 2', [1, 2]],
    ['2 2', [2]],
  ])('parseFloatingLevels(%j) = %j', (value, levels) => {
    expect(parseFloatingLevels(value)).toEqual(levels);
  });

  test.each<[string, string, string]>([
    [
      'floating-levels',
      'two',
      'Input "floating-levels" must be all, none or numbers of parts such as 2 or 1,2; got "two"',
    ],
    [
      '--floating-levels',
      '0',
      '--floating-levels must be all, none or numbers of parts such as 2 or 1,2; got "0"',
    ],
    [
      '--floating-levels',
      'none,2',
      '--floating-levels must be all, none or numbers of parts such as 2 or 1,2; got "none"',
    ],
  ])('%s %j: one line naming it', (name, value, start) => {
    let line = 'no error';
    try {
      deriveTags({ version: '1.2.3', floatingLevels: value });
    } catch (err) {
      line = formatError(err, wordsOf(name));
    }
    expect(line.startsWith(start)).toBe(true);
    expect(line).toContain('[INPUT_INVALID]');
  });

  // A level the version cannot have meant nothing and was dropped silently (residual of issue 17).
  test.each<[string, TagRequest, string]>([
    [
      'floating-levels',
      { version: '1.15.12', floatingLevels: '7' },
      'Input "floating-levels" has 7, more numeric parts than 1.15.12 has (3). Use floating-levels: 2 (1.15), 1 (1) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      '--floating-levels',
      { version: '1.15.12', floatingLevels: '7' },
      '--floating-levels has 7, more numeric parts than 1.15.12 has (3). Use --floating-levels 2 (1.15), 1 (1) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      '--floating-levels',
      { version: '1.15.12', floatingLevels: '1,4', variant: 'alpine' },
      '--floating-levels has 4, more numeric parts than 1.15.12 has (3). Use --floating-levels 2 (1.15), 1 (1) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      '--floating-levels',
      { version: '29.0.5.0', floatingLevels: ['3', '5'] },
      '--floating-levels has 5, more numeric parts than 29.0.5.0 has (4). Use --floating-levels 3 (29.0.5), 2 (29.0), 1 (29) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      'floating-levels',
      { version: '18', floatingLevels: '2' },
      'Input "floating-levels" has 2, more numeric parts than 18 has (1). Use floating-levels: none: 18 has no shorter version tag. [INPUT_INVALID]',
    ],
    [
      'floating-levels',
      { version: '8u502-b07', floatingLevels: '3' },
      'Input "floating-levels" has 3, more numeric parts than 8u502-b07 has (2). Use floating-levels: 1 (8) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      '--floating-levels',
      { version: '3.15.0a1', floatingLevels: '4', prereleaseAlias: 'rc' },
      '--floating-levels has 4, more numeric parts than 3.15.0a1 has (3). Use --floating-levels 2 (3.15), 1 (3) or none (the full version only). [INPUT_INVALID]',
    ],
  ])('%s for %j: one line naming it and what to use', (name, request, expected) => {
    let line = 'no error';
    try {
      deriveTags(request);
    } catch (err) {
      line = formatError(err, wordsOf(name));
    }
    expect(line).toBe(expected);
  });
});
