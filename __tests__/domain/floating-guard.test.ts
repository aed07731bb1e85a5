import { describe, expect, test } from 'vitest';
import { floatingTagsFor } from '../../src/domain/tags.js';
import type { FloatingPolicy } from '../../src/domain/tags.js';
import { parseVersion } from '../../src/domain/version.js';

describe('floatingTagsFor (convergence)', () => {
  test.each<[string, string | undefined, string[], FloatingPolicy, string[]]>([
    ['1.15.12', undefined, [], 'always', ['1.15', '1', 'latest']],
    ['1.15.12', 'alpine', [], 'always', ['1.15-alpine', '1-alpine', 'alpine']],
    ['1.15.12', '', [], 'always', ['1.15', '1', 'latest']],
    ['29.0.5.0', undefined, [], 'always', ['29.0.5', '29.0', '29', 'latest']],
    ['18.6', undefined, [], 'always', ['18', 'latest']],
    ['18', undefined, [], 'always', ['latest']],
    ['2.0.0-rc.1', undefined, [], 'always', []],
    ['19beta3', 'trixie', [], 'always', []],
    ['1.15.12', undefined, ['1.16.0'], 'always', ['1.15', '1', 'latest']],
    ['1.15.12', undefined, ['1.16.0'], 'highest', ['1.15']],
    ['1.15.13', undefined, ['1.15.12', '1.16.0'], 'highest', ['1.15']],
    ['1.16.0', undefined, ['1.15.13', '1.16.0', '1.15', '1', 'latest'], 'highest', ['1.16', '1', 'latest']],
    ['1.15.12', 'alpine', ['1.16.0', '1.16.0-alpine-perl'], 'highest', ['1.15-alpine', '1-alpine', 'alpine']],
    ['28.5.0.5', undefined, ['29.0.5.0'], 'highest', ['28.5.0', '28.5', '28']],
  ])('%s variant %j existing %j policy %s', (version, variant, existing, policy, expected) => {
    expect(floatingTagsFor(parseVersion(version), variant, existing, policy)).toEqual(expected);
  });

  test('defaults to the highest policy', () => {
    expect(floatingTagsFor(parseVersion('1.1.1'), undefined, ['2.5.2'])).toEqual(['1.1', '1']);
  });
});
