/** `floating-scope`: whose existing versions hold a variant's floating tags back (redis: image). */
import { describe, expect, test } from 'vitest';
import { parseFloatingScope } from '../../src/domain/tag-policy.js';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { formatError } from '../../src/errors.js';
import { wordsOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] =>
  deriveTags(request).heldBack.map((h) => `${h.tag}<${h.blockedBy}`);

const REDIS = [
  '8.10.1',
  '8.10',
  '8',
  '8.10.1-trixie',
  '8-trixie',
  'trixie',
  '8.10.1-alpine',
  '7.4.11-bookworm',
];

describe('deriveTags: floating scope', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    [
      'variant (default): only bookworm versions count',
      { version: '8.2.9', variant: 'bookworm', existing: REDIS },
      ['8.2.9-bookworm', '8.2-bookworm', '8-bookworm', 'bookworm'],
      [],
    ],
    [
      'image: 8.10.1 under another name holds 8-bookworm and bookworm back (redis)',
      { version: '8.2.9', variant: 'bookworm', bare: true, floatingScope: 'image', existing: REDIS },
      ['8.2.9', '8.2', '8.2.9-bookworm', '8.2-bookworm'],
      ['8<8.10.1', 'latest<8.10.1', '8-bookworm<8.10.1', 'bookworm<8.10.1'],
    ],
    [
      'image: an older line elsewhere does not',
      {
        version: '7.4.11',
        variant: 'bookworm',
        floatingScope: 'image',
        existing: ['7.2.16-alpine', '6.2.24'],
      },
      ['7.4.11-bookworm', '7.4-bookworm', '7-bookworm', 'bookworm'],
      [],
    ],
    [
      'image: a variant name with digits (alpine3.23) is read too',
      { version: '7.4.11', variant: 'bookworm', floatingScope: 'image', existing: ['7.4.12-alpine3.23'] },
      ['7.4.11-bookworm'],
      ['7.4-bookworm<7.4.12-alpine3.23', '7-bookworm<7.4.12-alpine3.23', 'bookworm<7.4.12-alpine3.23'],
    ],
    [
      'image: prereleases elsewhere never hold a release back',
      { version: '8.2.9', variant: 'bookworm', floatingScope: 'IMAGE', existing: ['9.0.0-rc1-alpine'] },
      ['8.2.9-bookworm', '8.2-bookworm', '8-bookworm', 'bookworm'],
      [],
    ],
    [
      'image with floating always: no guard',
      { version: '8.2.9', variant: 'bookworm', floatingScope: 'image', floating: 'always', existing: REDIS },
      ['8.2.9-bookworm', '8.2-bookworm', '8-bookworm', 'bookworm'],
      [],
    ],
  ])('%s', (_name, request, tags, held) => {
    expect(tagsOf(request)).toEqual(tags);
    expect(heldOf(request)).toEqual(held);
  });

  test.each([
    [undefined, 'variant'],
    ['', 'variant'],
    ['Image', 'image'],
  ])('parseFloatingScope(%j) = %j', (value, scope) => {
    expect(parseFloatingScope(value)).toBe(scope);
  });

  test.each<[string, string]>([
    ['floating-scope', 'Input "floating-scope" must be variant or image; got "all"'],
    ['--floating-scope', '--floating-scope must be variant or image; got "all"'],
  ])('%s all: one line naming it', (name, start) => {
    let line = 'no error';
    try {
      deriveTags({ version: '1.2.3', floatingScope: 'all' });
    } catch (err) {
      line = formatError(err, wordsOf(name));
    }
    expect(line.startsWith(start)).toBe(true);
    expect(line).toContain('[INPUT_INVALID]');
  });
});
