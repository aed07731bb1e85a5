/** `alias-variant`: names that get only the floating tags and their plain name (eclipse-temurin). */
import { describe, expect, test } from 'vitest';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { formatError } from '../../src/errors.js';
import { wordsOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] =>
  deriveTags(request).heldBack.map((h) => `${h.tag}<${h.blockedBy}`);

describe('deriveTags: alias variants', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    [
      'temurin 8 alpine: no 8u502-b07-alpine',
      {
        version: '8u502-b07',
        variant: ['jdk-alpine-3.24', 'jdk-alpine'],
        aliasVariants: ['alpine-3.24', 'alpine'],
        floatingLevels: '1',
        existing: ['25.0.1_8-jdk-alpine-3.24', '25-jdk-alpine', '25-alpine', '25-alpine-3.24'],
      },
      [
        '8u502-b07-jdk-alpine-3.24',
        '8-jdk-alpine-3.24',
        '8u502-b07-jdk-alpine',
        '8-jdk-alpine',
        '8-alpine-3.24',
        '8-alpine',
      ],
      [
        'jdk-alpine-3.24<25.0.1_8-jdk-alpine-3.24',
        'jdk-alpine<25-jdk-alpine',
        // The full names' versions are the alias names' too: the highest one is named.
        'alpine-3.24<25.0.1_8-jdk-alpine-3.24',
        'alpine<25.0.1_8-jdk-alpine-3.24',
      ],
    ],
    [
      'a higher build of the line under the full name holds the alias back (no 8-alpine back to 8u502)',
      {
        version: '8u502-b07',
        variant: 'jdk-alpine',
        aliasVariants: ['alpine'],
        floatingLevels: '1',
        latest: 'false',
        existing: ['8u512-b07-jdk-alpine', '8-jdk-alpine', '8-alpine'],
      },
      ['8u502-b07-jdk-alpine'],
      ['8-jdk-alpine<8u512-b07-jdk-alpine', '8-alpine<8u512-b07-jdk-alpine'],
    ],
    [
      'the same with two full names and two alias names (temurin alpine-3.24)',
      {
        version: '8u502-b07',
        variant: ['jdk-alpine-3.24', 'jdk-alpine'],
        aliasVariants: ['alpine-3.24', 'alpine'],
        floatingLevels: '1',
        latest: 'false',
        existing: ['8u512-b07-jdk-alpine-3.24', '8u512-b07-jdk-alpine'],
      },
      ['8u502-b07-jdk-alpine-3.24', '8u502-b07-jdk-alpine'],
      [
        '8-jdk-alpine-3.24<8u512-b07-jdk-alpine-3.24',
        '8-jdk-alpine<8u512-b07-jdk-alpine',
        '8-alpine-3.24<8u512-b07-jdk-alpine-3.24',
        '8-alpine<8u512-b07-jdk-alpine-3.24',
      ],
    ],
    [
      'an alias line tag (1.15-alpine) follows the plain versions of a bare release',
      { version: '1.15.12', variant: 'slim', bare: true, aliasVariants: ['alpine'], existing: ['1.15.13'] },
      ['1.15.12', '1.15.12-slim', '1.15-slim', '1-slim', 'slim'],
      [
        '1.15<1.15.13',
        '1<1.15.13',
        'latest<1.15.13',
        '1.15-alpine<1.15.13',
        '1-alpine<1.15.13',
        'alpine<1.15.13',
      ],
    ],
    [
      "another variant is not the alias name's (variant scope)",
      {
        version: '8u502-b07',
        variant: 'jdk-alpine',
        aliasVariants: ['alpine'],
        floatingLevels: '1',
        latest: 'false',
        existing: ['8u512-b07-jre-alpine'],
      },
      ['8u502-b07-jdk-alpine', '8-jdk-alpine', '8-alpine'],
      [],
    ],
    [
      'scope image: another variant holds the alias back too',
      {
        version: '8u502-b07',
        variant: 'jdk-alpine',
        aliasVariants: ['alpine'],
        floatingLevels: '1',
        latest: 'false',
        floatingScope: 'image',
        existing: ['8u512-b07-jre-alpine'],
      },
      ['8u502-b07-jdk-alpine'],
      ['8-jdk-alpine<8u512-b07-jre-alpine', '8-alpine<8u512-b07-jre-alpine'],
    ],
    [
      'the highest version gets the plain name too',
      { version: '25.0.1_8', variant: 'jdk-noble', aliasVariants: ['noble'], floatingLevels: '1' },
      ['25.0.1_8-jdk-noble', '25-jdk-noble', 'jdk-noble', '25-noble', 'noble'],
      [],
    ],
    [
      'no channel aliases on an alias variant',
      { version: '1.2.3', variant: 'full', aliasVariants: ['short'], aliases: ['stable'] },
      ['1.2.3-full', '1.2-full', '1-full', 'stable-full', 'full', '1.2-short', '1-short', 'short'],
      [],
    ],
    [
      'with bare and a prefix',
      {
        version: '3.7.11',
        variant: 'alpine',
        bare: true,
        aliasVariants: ['a'],
        prefixes: ['v'],
        latest: 'false',
      },
      [
        '3.7.11',
        'v3.7.11',
        '3.7',
        'v3.7',
        '3',
        'v3',
        '3.7.11-alpine',
        'v3.7.11-alpine',
        '3.7-alpine',
        'v3.7-alpine',
        '3-alpine',
        'v3-alpine',
        '3.7-a',
        'v3.7-a',
        '3-a',
        'v3-a',
      ],
      [],
    ],
    [
      'bare: alias, the plain set without its full version (temurin 25)',
      { version: '25.0.4_7', variant: 'jdk', bare: 'alias', floatingLevels: '1' },
      ['25.0.4_7-jdk', '25-jdk', 'jdk', '25', 'latest'],
      [],
    ],
    [
      'bare: alias is guarded like every name',
      {
        version: '8u502-b07',
        variant: 'jdk',
        bare: 'alias',
        floatingLevels: '1',
        existing: ['25', '25-jdk'],
      },
      ['8u502-b07-jdk', '8-jdk', '8'],
      ['jdk<25-jdk', 'latest<25'],
    ],
    [
      "bare: alias follows the variants' versions (temurin 25.0.3 after 25.0.4)",
      {
        version: '25.0.3_9',
        variant: 'jdk',
        bare: 'alias',
        floatingLevels: '1',
        existing: ['25.0.4_7-jdk', '25-jdk', 'jdk', '25', 'latest'],
      },
      ['25.0.3_9-jdk'],
      ['25-jdk<25.0.4_7-jdk', 'jdk<25.0.4_7-jdk', '25<25.0.4_7-jdk', 'latest<25.0.4_7-jdk'],
    ],
    [
      'its own guard',
      { version: '1.2.3', variant: 'x', aliasVariants: ['y'], existing: ['2-y'] },
      ['1.2.3-x', '1.2-x', '1-x', 'x', '1.2-y', '1-y'],
      ['y<2-y'],
    ],
    [
      'a prerelease: only the line tag',
      { version: '3.15.0a1', variant: 'slim-trixie', aliasVariants: ['slim'], prereleaseAlias: 'rc' },
      ['3.15.0a1-slim-trixie', '3.15-rc-slim-trixie', '3.15-rc-slim'],
      [],
    ],
  ])('%s', (_name, request, tags, held) => {
    expect(tagsOf(request)).toEqual(tags);
    expect(heldOf(request)).toEqual(held);
  });

  test.each<[string, TagRequest, string]>([
    [
      'also a variant',
      { version: '1.2.3', variant: 'alpine', aliasVariants: ['alpine'] },
      'Input "alias-variant" has "alpine", which is also in variant',
    ],
    [
      'a version',
      { version: '1.2.3', aliasVariants: ['1.2'] },
      '--alias-variant is "1.2", which cannot be a variant',
    ],
    [
      'a dash',
      { version: '1.2.3', aliasVariants: ['-alpine'] },
      'Input "alias-variant" is "-alpine", which starts with "-"',
    ],
    [
      'bare: alias without a variant (it could add nothing)',
      { version: '1.2.3', bare: 'alias' },
      'bare: alias needs variant: without a variant the unsuffixed tags are the only ones. Add variant: alpine (each name gets its own set), or drop bare: alias.',
    ],
    [
      '--bare-alias without --variant',
      { version: '1.2.3', bare: 'alias' },
      '--bare-alias needs --variant: without a variant the unsuffixed tags are the only ones. Add --variant alpine (each name gets its own set), or drop --bare-alias.',
    ],
  ])('%s: one line naming it', (_name, request, start) => {
    let line = 'no error';
    try {
      deriveTags(request);
    } catch (err) {
      line = formatError(err, wordsOf(start));
    }
    expect(line.startsWith(start)).toBe(true);
    expect(line).toContain('[INPUT_INVALID]');
  });
});
