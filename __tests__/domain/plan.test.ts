import { describe, expect, test } from 'vitest';
import { planTags, tagsToWrite } from '../../src/domain/plan.js';
import type { Digest } from '../../src/domain/digest.js';
import { isPublishError } from '../../src/errors.js';

const A = `sha256:${'a'.repeat(64)}` as Digest;
const B = `sha256:${'b'.repeat(64)}` as Digest;
const tags = [
  { tag: '1.15.12', kind: 'version' as const },
  { tag: '1.15', kind: 'floating' as const },
  { tag: '1', kind: 'floating' as const },
  { tag: 'latest', kind: 'latest' as const },
  { tag: 'nightly', kind: 'extra' as const },
];

describe('planTags', () => {
  test.each([
    [
      'empty repository: everything created',
      new Map(),
      false,
      ['created', 'created', 'created', 'created', 'created'],
    ],
    [
      're-run: everything unchanged',
      new Map(tags.map((t) => [t.tag, A])),
      false,
      ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged'],
    ],
    [
      'floating tags on an older image are updated',
      new Map([
        ['1.15', B],
        ['1', B],
        ['latest', B],
      ]),
      false,
      ['created', 'updated', 'updated', 'updated', 'created'],
    ],
    [
      'overwrite replaces a version tag',
      new Map([['1.15.12', B]]),
      true,
      ['updated', 'created', 'created', 'created', 'created'],
    ],
    [
      'extra tags move freely',
      new Map([['nightly', B]]),
      false,
      ['created', 'created', 'created', 'created', 'updated'],
    ],
  ] as const)('%s', (_name, current, overwrite, actions) => {
    const entries = planTags({ digest: A, tags, heldBack: [], current, overwrite, targetName: 'r/app' });
    expect(entries.map((e) => e.action)).toEqual(actions);
    expect(entries.every((e) => e.action === 'unchanged' || e.next === A)).toBe(true);
  });

  test('an existing version tag at another digest is refused without overwrite', () => {
    let caught: unknown;
    try {
      planTags({
        digest: A,
        tags,
        heldBack: [],
        current: new Map([['1.15.12', B]]),
        overwrite: false,
        targetName: 'r/app',
      });
    } catch (err) {
      caught = err;
    }
    expect(isPublishError(caught, 'TAG_EXISTS')).toBe(true);
    expect(String((caught as Error).message)).toContain('r/app:1.15.12');
  });

  test('held-back tags are skipped with their reason and keep their digest', () => {
    const entries = planTags({
      digest: A,
      tags: tags.slice(0, 2),
      heldBack: [{ tag: 'latest', kind: 'latest', reason: 'held back: 2.5.2 exists', blockedBy: '2.5.2' }],
      current: new Map([['latest', B]]),
      overwrite: false,
      targetName: 'r/app',
    });
    expect(entries.at(-1)).toEqual({
      tag: 'latest',
      kind: 'latest',
      action: 'skipped',
      previous: B,
      next: B,
      reason: 'held back: 2.5.2 exists',
    });
    expect(tagsToWrite(entries).map((e) => e.tag)).toEqual(['1.15.12', '1.15']);
  });
});
