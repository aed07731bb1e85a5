import { describe, expect, test } from 'vitest';
import { parseVersionTag, variantOfTag } from '../../src/domain/version-tag.js';

describe('parseVersionTag', () => {
  test.each<[string, string | undefined, string | undefined, string | undefined]>([
    // tag, variant, normalized (undefined = not a version of that variant), prerelease
    ['1.15.12', undefined, '1.15.12', undefined],
    ['1.15', undefined, '1.15', undefined],
    ['1', undefined, '1', undefined],
    ['29.0.5.0', undefined, '29.0.5.0', undefined],
    ['2024.05.1', undefined, '2024.05.1', undefined],
    ['v2.0.0', undefined, '2.0.0', undefined],
    ['2.0.0-rc.1', undefined, '2.0.0-rc.1', 'rc.1'],
    ['19beta3', undefined, '19beta3', 'beta3'],
    ['3.15.0rc1', undefined, '3.15.0rc1', 'rc1'],
    ['1.2.3-1', undefined, '1.2.3-1', '1'],
    ['1.0.0-alpha-1', undefined, '1.0.0-alpha-1', 'alpha-1'],
    ['2.0.0-rc.1-alpine', undefined, undefined, undefined],
    ['3.15.0rc1-trixie', undefined, undefined, undefined],
    ['3.15.0rc1-trixie', 'trixie', '3.15.0rc1', 'rc1'],
    ['1.15.12-alpine', undefined, undefined, undefined],
    ['1.15.12-perl', undefined, undefined, undefined],
    ['1.15.12-bookworm', undefined, undefined, undefined],
    ['latest', undefined, undefined, undefined],
    ['alpine', undefined, undefined, undefined],
    ['nightly', undefined, undefined, undefined],
    ['sha-860c190', undefined, undefined, undefined],
    ['1.15.12-alpine', 'alpine', '1.15.12', undefined],
    ['1-alpine', 'alpine', '1', undefined],
    ['2.0.0-rc.1-alpine', 'alpine', '2.0.0-rc.1', 'rc.1'],
    ['1.15.12-alpine-perl', 'alpine', undefined, undefined],
    ['1.15.12-alpine-perl', 'alpine-perl', '1.15.12', undefined],
    ['1.15.12-perl-alpine', 'alpine', undefined, undefined],
    ['1.15.12', 'alpine', undefined, undefined],
    ['alpine', 'alpine', undefined, undefined],
    ['mainline-alpine', 'alpine', undefined, undefined],
    ['1.15.12-alpine3.24', 'alpine', undefined, undefined],
  ])('%s as variant %s', (tag, variant, normalized, prerelease) => {
    const version = parseVersionTag(tag, variant);
    expect(version?.normalized).toBe(normalized);
    expect(version?.prerelease).toBe(prerelease);
    if (version) expect(version.raw).toBe(tag);
  });
});

describe('variantOfTag', () => {
  test.each<[string, readonly string[], string | undefined, string | undefined]>([
    // tag, known variants, version, variant ('-' = not a version tag)
    ['1.15.12', [], '1.15.12', undefined],
    ['2.0.0-rc.1', [], '2.0.0-rc.1', undefined],
    ['1.15.12-alpine', [], '1.15.12', 'alpine'],
    ['1.15.12-alpine-perl', [], '1.15.12', 'alpine-perl'],
    ['2.0.0-rc.1-alpine', [], '2.0.0-rc.1', 'alpine'],
    ['2.0.0-rc-alpine-perl', [], '2.0.0-rc', 'alpine-perl'],
    ['1.31.4-alpine3.24', [], '1.31.4', 'alpine3.24'],
    ['1.15.12-alpine-perl', ['alpine', 'alpine-perl'], '1.15.12', 'alpine-perl'],
    ['1.15.12-rc-alpine', ['rc-alpine'], '1.15.12', 'rc-alpine'],
    ['latest', [], '-', '-'],
    ['alpine', ['alpine'], '-', '-'],
    ['sha-860c190', [], '-', '-'],
  ])('%s (known %j)', (tag, known, version, variant) => {
    const match = variantOfTag(tag, known);
    if (version === '-') {
      expect(match).toBeUndefined();
      return;
    }
    expect(match?.version.normalized).toBe(version);
    expect(match?.variant).toBe(variant);
  });
});
