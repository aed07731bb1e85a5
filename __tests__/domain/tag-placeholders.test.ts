import { describe, expect, test } from 'vitest';
import { expandTagTemplate, formatTagDate, type TagContext } from '../../src/domain/tag-placeholders.js';
import { isPublishError } from '../../src/errors.js';
import { messageOf, spelled } from '../fixtures/adapter-words.js';

const SHA = '860c190a1b2c3d4e5f60718293a4b5c6d7e8f901';
const FULL: TagContext = {
  sha: SHA,
  branch: 'feature/Login_v2',
  pr: 42,
  now: new Date('2026-12-02T23:59:59Z'),
};
const NONE: TagContext = { now: new Date('2026-01-05T00:00:00Z') };

describe('expandTagTemplate', () => {
  test.each([
    ['sha-{{sha}}', 'sha-860c190'],
    ['{{sha_long}}', SHA],
    ['{{ sha }}', '860c190'],
    ['{{branch}}', 'feature-Login_v2'],
    ['pr-{{pr}}', 'pr-42'],
    ['nightly-{{date}}', 'nightly-20261202'],
    ['{{branch}}-{{sha}}-{{date}}', 'feature-Login_v2-860c190-20261202'],
    ['plain', 'plain'],
  ])('%s → %s', (template, expected) => {
    expect(expandTagTemplate(template, FULL, 'tags')).toBe(expected);
  });

  test('{{date}} needs no context and is the UTC day', () => {
    expect(expandTagTemplate('{{date}}', NONE, 'tags')).toBe('20260105');
    expect(formatTagDate(new Date('2026-03-01T00:30:00+02:00'))).toBe('20260228');
  });

  test('a branch that starts with "." or "-" loses those characters', () => {
    expect(expandTagTemplate('{{branch}}', { ...NONE, branch: '-.dev/x' }, 'tags')).toBe('dev-x');
  });

  test.each([
    [
      'pr-{{pr}}',
      'tags',
      'Input "tags" has "pr-{{pr}}", but {{pr}} is unknown in this run: this run is not a pull request',
    ],
    [
      'sha-{{sha}}',
      '--tag',
      '--tag has "sha-{{sha}}", but {{sha}} is unknown in this run: no commit id is known',
    ],
    [
      '{{branch}}',
      'tags',
      'Input "tags" has "{{branch}}", but {{branch}} is unknown in this run: this run is not on a branch',
    ],
    ['{{ref}}', 'tags', 'Input "tags" has "{{ref}}", whose placeholder {{ref}} is not known'],
  ])('%s fails naming %s and the placeholder', (template, input, message) => {
    try {
      expandTagTemplate(template, NONE, spelled(input).setting);
      expect.unreachable();
    } catch (err) {
      expect(isPublishError(err) && err.code).toBe('INPUT_INVALID');
      expect(messageOf(err, spelled(input).word)).toContain(message);
    }
  });

  test('the reason the adapter gives is in the message', () => {
    expect(() =>
      expandTagTemplate(
        '{{pr}}',
        { ...NONE, missing: { pr: 'GITHUB_REF is refs/heads/main, not a pull request' } },
        'tags',
      ),
    ).toThrow('GITHUB_REF is refs/heads/main, not a pull request');
  });

  test('a branch with no tag character at all is refused', () => {
    expect(() => expandTagTemplate('{{branch}}', { ...NONE, branch: '///' }, 'tags')).toThrow(
      'has no tag characters',
    );
    expect(() => expandTagTemplate('{{branch}}', { ...NONE, branch: '...' }, 'tags')).toThrow(
      'has no tag characters',
    );
  });
});
