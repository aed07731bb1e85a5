/** Several variant names and `bare`: the whole tag set under each name, each name guarded on its own. */
import { describe, expect, test } from 'vitest';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { formatError, type WordRemedy } from '../../src/errors.js';
import { wordsOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] =>
  deriveTags(request).heldBack.map((h) => `${h.tag}<${h.blockedBy}`);

function errorLine(request: TagRequest, word: WordRemedy): string {
  try {
    deriveTags(request);
  } catch (err) {
    return formatError(err, word);
  }
  return 'no error';
}

describe('deriveTags: a list of variants and bare', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    [
      'nginx default build: bare and trixie',
      { version: '1.29.3', variant: ['trixie'], bare: true, aliases: ['mainline'] },
      [
        '1.29.3',
        '1.29',
        '1',
        'mainline',
        'latest',
        '1.29.3-trixie',
        '1.29-trixie',
        '1-trixie',
        'mainline-trixie',
        'trixie',
      ],
      [],
    ],
    [
      'alpine and alpine3.22',
      { version: '1.29.3', variant: ['alpine', 'alpine3.22'] },
      [
        '1.29.3-alpine',
        '1.29-alpine',
        '1-alpine',
        'alpine',
        '1.29.3-alpine3.22',
        '1.29-alpine3.22',
        '1-alpine3.22',
        'alpine3.22',
      ],
      [],
    ],
    [
      'one variant in a list is the single variant',
      { version: '1.15.12', variant: ['alpine'] },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
      [],
    ],
    [
      'blank and duplicate names are dropped',
      { version: '1.15.12', variant: [' ', 'alpine', 'alpine '] },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
      [],
    ],
    [
      'bare: false keeps only the variants',
      { version: '1.15.12', variant: ['alpine'], bare: false },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
      [],
    ],
    [
      'the guard runs per name: perl held back, trixie-perl not',
      {
        version: '1.28.1',
        variant: ['perl', 'trixie-perl'],
        existing: ['1.29.3-perl', '1.28.0-trixie-perl'],
      },
      ['1.28.1-perl', '1.28-perl', '1.28.1-trixie-perl', '1.28-trixie-perl', '1-trixie-perl', 'trixie-perl'],
      ['1-perl<1.29.3-perl', 'perl<1.29.3-perl'],
    ],
    [
      'the guard per name: the plain set held back by a plain version only',
      { version: '1.28.1', variant: ['trixie'], bare: true, existing: ['1.29.3'] },
      ['1.28.1', '1.28', '1.28.1-trixie', '1.28-trixie', '1-trixie', 'trixie'],
      ['1<1.29.3', 'latest<1.29.3'],
    ],
    [
      'a prerelease gets only its own tag under each name',
      { version: '2.0.0-rc.1', variant: ['alpine', 'trixie'], bare: true },
      ['2.0.0-rc.1', '2.0.0-rc.1-alpine', '2.0.0-rc.1-trixie'],
      [],
    ],
    [
      'latest: true without a version: latest and each name',
      { extraTags: ['nightly'], latest: 'true', variant: ['alpine', 'trixie'], bare: true },
      ['latest', 'alpine', 'trixie', 'nightly'],
      [],
    ],
  ])('%s', (_name, request, tags, held) => {
    expect(tagsOf(request)).toEqual(tags);
    expect(heldOf(request)).toEqual(held);
  });

  test('the plain string form still works', () => {
    expect(tagsOf({ version: '1.15.12', variant: 'alpine', bare: true })).toEqual([
      '1.15.12',
      '1.15',
      '1',
      'latest',
      '1.15.12-alpine',
      '1.15-alpine',
      '1-alpine',
      'alpine',
    ]);
  });

  test.each<[string, TagRequest, string]>([
    [
      'bare without a variant: refused, it could add nothing (residual of issue 17)',
      { version: '1.15.12', bare: true },
      'bare: true needs variant: without a variant the unsuffixed tags are the only ones. Add variant: alpine (each name gets its own set), or drop bare: true. [INPUT_INVALID]',
    ],
    [
      'bare with blank variants only',
      { version: '1.15.12', variant: ['', ' '], bare: true },
      'bare: true needs variant: without a variant the unsuffixed tags are the only ones. Add variant: alpine (each name gets its own set), or drop bare: true. [INPUT_INVALID]',
    ],
    [
      'a bad name among good ones is named',
      { version: '1.2.3', variant: ['alpine', '-slim'] },
      'Input "variant" is "-slim", which starts with "-". Write the variant without the dash: variant: slim; "-" is added to every tag. [INPUT_INVALID]',
    ],
    [
      'an alias carrying any of the variants',
      { version: '1.2.3', variant: ['alpine', 'trixie'], aliases: ['mainline-trixie'] },
      'Input "aliases" has "mainline-trixie", which already ends with the variant "-trixie". Write the alias without the variant (mainline); the variant suffix is added to every alias. [INPUT_INVALID]',
    ],
    [
      'a version carrying one of the variants',
      { version: '1.2.3-trixie', variant: ['alpine', 'trixie'] },
      'Input "version" is "1.2.3-trixie", which already ends with the variant "-trixie". Set version: 1.2.3; the variant suffix is added to every tag. [INPUT_INVALID]',
    ],
    [
      'flags in CLI words',
      {
        version: '1.2.3',
        variant: ['alpine', 'latest'],
      },
      '--variant is "latest", which cannot be a variant: its plain tag would read as latest. A variant is a name such as alpine, bookworm or alpine3.20; leave it empty for the default image. [INPUT_INVALID]',
    ],
  ])('%s', (_name, request, line) => {
    expect(errorLine(request, wordsOf(line))).toBe(line);
  });
});
