import { describe, expect, test } from 'vitest';
import { KNOWN_IMAGE_TAGS_MAX, chooseKnownImageTags } from '../../src/domain/known-image-tags.js';

describe('chooseKnownImageTags', () => {
  test.each<[string[], string | undefined, string | undefined, string[]]>([
    [[], '1.0.1', undefined, []],
    [['1.0.0', '1.0', '1', 'latest'], '1.0.1', undefined, ['1.0.0', 'latest']],
    [['1.0.0', '1.0.1', 'latest'], '1.0.1', undefined, ['1.0.1', 'latest']],
    [['1.0.1', '2.0.0', 'latest'], '1.0.1', undefined, ['1.0.1', '2.0.0', 'latest']],
    [['v1.2.0', 'edge'], '1.3.0', undefined, ['v1.2.0']],
    [['1.2.0', 'latest'], undefined, undefined, ['1.2.0', 'latest']],
    [['1.2.0', '1.3.0-alpine', 'alpine', 'latest'], '1.4.0', 'alpine', ['1.3.0-alpine', 'alpine']],
    [['2.0.0-rc.1', '1.9.0'], '2.0.0-rc.1', undefined, ['2.0.0-rc.1', '1.9.0']],
    [['nightly', 'main'], '1.0.0', undefined, []],
  ])('existing %j, version %s, variant %s', (existing, version, variant, expected) => {
    expect(chooseKnownImageTags(existing, version, variant)).toEqual(expected);
  });

  test('stays bounded however many versions exist', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `1.${i}.0`);
    const chosen = chooseKnownImageTags([...many, 'latest'], '1.17.0', undefined);
    expect(chosen).toEqual(['1.17.0', '1.4999.0', 'latest']);
    expect(chosen.length).toBeLessThanOrEqual(KNOWN_IMAGE_TAGS_MAX);
  });
});
