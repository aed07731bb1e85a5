import { describe, expect, test } from 'vitest';
import { floatingTagsFor } from '../../src/domain/floating-guard.js';
import { resolveFloatingTag, type GuardOptions, type ReleaseNames } from '../../src/domain/tags.js';
import { parseVersion } from '../../src/domain/version.js';

describe('floatingTagsFor (convergence)', () => {
  test.each<[string, string | undefined, string[], GuardOptions, string[]]>([
    ['1.15.12', undefined, [], { policy: 'always' }, ['1.15', '1', 'latest']],
    ['1.15.12', 'alpine', [], { policy: 'always' }, ['1.15-alpine', '1-alpine', 'alpine']],
    ['1.15.12', '', [], { policy: 'always' }, ['1.15', '1', 'latest']],
    ['29.0.5.0', undefined, [], { policy: 'always' }, ['29.0.5', '29.0', '29', 'latest']],
    ['18.6', undefined, [], { policy: 'always' }, ['18', 'latest']],
    ['18', undefined, [], { policy: 'always' }, ['latest']],
    ['2.0.0-rc.1', undefined, [], { policy: 'always' }, []],
    ['19beta3', 'trixie', [], { policy: 'always' }, []],
    ['1.15.12', undefined, ['1.16.0'], { policy: 'always' }, ['1.15', '1', 'latest']],
    ['1.15.12', undefined, ['1.16.0'], { policy: 'highest' }, ['1.15']],
    ['1.15.13', undefined, ['1.15.12', '1.16.0'], {}, ['1.15']],
    ['1.16.0', undefined, ['1.15.13', '1.16.0', '1.15', '1', 'latest'], {}, ['1.16', '1', 'latest']],
    ['1.15.12', 'alpine', ['1.16.0', '1.16.0-alpine-perl'], {}, ['1.15-alpine', '1-alpine', 'alpine']],
    ['28.5.0.5', undefined, ['29.0.5.0'], {}, ['28.5.0', '28.5', '28']],
    // The levels the plan uses (residual of issue 17: they were ignored here).
    ['1.18.4', undefined, [], { levels: [2] }, ['1.18', 'latest']],
    ['11.0.32_9', 'jdk', [], { levels: [1] }, ['11-jdk', 'jdk']],
    ['29.0.5.0', undefined, ['30.1'], { levels: [1, 3] }, ['29.0.5', '29']],
    ['22.04', undefined, [], { levels: [] }, ['latest']],
    ['8u502-b07', 'jdk-alpine', ['8u512-b07-jdk-alpine'], { levels: [1] }, []],
    // The scope, the prefixes and an alias name's full names, as the plan reads them.
    ['8.2.9', 'bookworm', ['8.10.1-trixie'], {}, ['8.2-bookworm', '8-bookworm', 'bookworm']],
    ['8.2.9', 'bookworm', ['8.10.1-trixie'], { scope: 'image' }, ['8.2-bookworm']],
    ['3.7.11', undefined, ['v3.8.0'], { prefixes: ['v'] }, ['3.7']],
    ['8u502-b07', 'alpine', ['8u512-b07-jdk-alpine'], { levels: [1] }, ['8-alpine', 'alpine']],
    ['8u502-b07', 'alpine', ['8u512-b07-jdk-alpine'], { levels: [1], fullNames: ['jdk-alpine'] }, []],
  ])('%s variant %j existing %j guard %j', (version, variant, existing, guard, expected) => {
    expect(floatingTagsFor(parseVersion(version), variant, existing, guard)).toEqual(expected);
  });

  test('defaults to the highest policy', () => {
    expect(floatingTagsFor(parseVersion('1.1.1'), undefined, ['2.5.2'])).toEqual(['1.1', '1']);
  });
});

/** The names of a release: `+x` a full name, `~x` an alias name, `+` / `~` the plain set. */
function names(...spelled: string[]): ReleaseNames {
  const read = (mark: string): (string | undefined)[] =>
    spelled.filter((n) => n.startsWith(mark)).map((n) => n.slice(1) || undefined);
  return { full: read('+'), alias: read('~') };
}

describe('resolveFloatingTag: where a floating tag belongs after a race', () => {
  test.each<[string, string, string, ReleaseNames, string[], GuardOptions, string | undefined]>([
    // Plain names, as before: a higher version of the line owns it, else it is ours.
    ['nothing higher', '1', '1.1.0', names('+'), ['1.0.0', '1.1.0'], {}, 'ours'],
    ['a higher release', '1', '1.1.0', names('+'), ['1.1.0', '1.2.0'], {}, 'higher 1.2.0'],
    ['another line', '1.1', '1.1.0', names('+'), ['1.1.0', '1.2.0'], {}, 'ours'],
    ['a prerelease is no owner', 'latest', '1.1.0', names('+'), ['2.0.0-rc.1'], {}, 'ours'],
    ['not one of our tags', 'nightly', '1.1.0', names('+'), ['1.2.0'], {}, undefined],
    ['a tag outside the levels is not ours', '1', '1.1.0', names('+'), ['1.2.0'], { levels: [2] }, undefined],
    ['the kept level', '1.1', '1.1.0', names('+'), ['1.1.5'], { levels: [2] }, 'higher 1.1.5'],
    // A shorter tag is a version of at least that value (the plan's rule): `18` owns latest for 17.10.
    ['a shorter tag', 'latest', '17.10', names('+'), ['17.10', '18'], {}, 'higher 18'],
    ['of equal versions the version tag', '1', '1.1.0', names('+'), ['1.2', '1.2.0'], {}, 'higher 1.2.0'],
    ['a prefixed copy counts', '3', '3.7.11', names('+'), ['v3.8.0'], { prefixes: ['v'] }, 'higher v3.8.0'],
    ['a prefixed tag of ours', 'v3', '3.7.11', names('+'), ['3.8.0'], { prefixes: ['v'] }, 'higher 3.8.0'],
    // A variant's tags belong to its versions only.
    ['a variant', '1-alpine', '1.1.0', names('+alpine'), ['1.2.0'], {}, 'ours'],
    [
      'its own higher version',
      '1-alpine',
      '1.1.0',
      names('+alpine'),
      ['1.2.0-alpine'],
      {},
      'higher 1.2.0-alpine',
    ],
    [
      'bare: the plain set of a variant list',
      'latest',
      '1.1.0',
      names('+', '+alpine'),
      ['1.2.0'],
      {},
      'higher 1.2.0',
    ],
    // Alias names (residual 2): the release's full names' versions are theirs.
    [
      'an alias variant follows the full name (temurin 8-alpine)',
      '8-alpine',
      '8u502-b07',
      names('+jdk-alpine', '~alpine'),
      ['8u502-b07-jdk-alpine', '8u512-b07-jdk-alpine', '8-jdk-alpine', '8-alpine'],
      { levels: [1] },
      'higher 8u512-b07-jdk-alpine',
    ],
    [
      'the alias plain name',
      'alpine',
      '17.0.5',
      names('+jdk-alpine', '~alpine'),
      ['17.0.5-jdk-alpine', '21-alpine', 'alpine'],
      {},
      'higher 21-alpine',
    ],
    [
      'an alias line tag',
      '1.15-alpine',
      '1.15.12',
      names('+', '~alpine'),
      ['1.15.12', '1.15.13'],
      {},
      'higher 1.15.13',
    ],
    [
      'bare: alias follows the variants (temurin 25, latest)',
      'latest',
      '25.0.3_9',
      names('+jdk', '~'),
      ['25.0.3_9-jdk', '25.0.4_7-jdk', '25'],
      { levels: [1] },
      'higher 25.0.4_7-jdk',
    ],
    [
      'bare: alias, its line',
      '25',
      '25.0.3_9',
      names('+jdk', '~'),
      ['25.0.3_9-jdk', '26.0.1_1-jdk', '25.0.4_7-jdk'],
      { levels: [1] },
      'higher 25.0.4_7-jdk',
    ],
    [
      'an alias, nothing higher',
      '1-y',
      '1.2.3',
      names('+x', '~y'),
      ['1.2.3-x', '1-y', '0.9.0-x'],
      {},
      'ours',
    ],
    ['another run`s variant is not the alias`s', '1-y', '1.2.3', names('+x', '~y'), ['1.3.0-z'], {}, 'ours'],
    // Scope image (residual 1): every variant's versions hold the tag back, as in the plan.
    [
      'image: a higher version of its own name',
      '8-bookworm',
      '8.2.9',
      names('+bookworm'),
      ['8.2.10-bookworm', '8.10.1-trixie'],
      { scope: 'image' },
      'higher 8.2.10-bookworm',
    ],
    [
      'image: only another name is higher: held, not moved (redis)',
      '8-bookworm',
      '8.2.9',
      names('+bookworm'),
      ['8.2.9-bookworm', '8.10.1-trixie'],
      { scope: 'image' },
      'held 8.10.1-trixie',
    ],
    [
      'variant scope: another name does not count',
      '8-bookworm',
      '8.2.9',
      names('+bookworm'),
      ['8.2.9-bookworm', '8.10.1-trixie'],
      {},
      'ours',
    ],
    [
      'image: the plain latest of a bare release (redis)',
      'latest',
      '8.2.9',
      names('+', '+bookworm'),
      ['8.2.9', '8.10.1-alpine'],
      { scope: 'image' },
      'held 8.10.1-alpine',
    ],
    [
      'image: an older line elsewhere does not hold it',
      '7-bookworm',
      '7.4.11',
      names('+bookworm'),
      ['7.2.16-alpine', '8.0.0-alpine'],
      { scope: 'image' },
      'ours',
    ],
    [
      'image with levels (elixir)',
      '1.19-otp-26',
      '1.19.5',
      names('+otp-26'),
      ['1.19.6-otp-27'],
      { scope: 'image', levels: [2] },
      'held 1.19.6-otp-27',
    ],
    [
      'image: an alias variant held by another run`s variant',
      '8-alpine',
      '8u502-b07',
      names('+jdk-alpine', '~alpine'),
      ['8u512-b07-jre-alpine'],
      { scope: 'image', levels: [1] },
      'held 8u512-b07-jre-alpine',
    ],
    [
      'image: an alias variant moves to its full name`s higher version',
      '8-alpine',
      '8u502-b07',
      names('+jdk-alpine', '~alpine'),
      ['8u512-b07-jre-alpine', '8u512-b07-jdk-alpine'],
      { scope: 'image', levels: [1] },
      'higher 8u512-b07-jdk-alpine',
    ],
    [
      'a prerelease of ours has no floating tags',
      'latest',
      '2.0.0-rc.1',
      names('+'),
      ['1.0.0'],
      {},
      undefined,
    ],
  ])('%s', (_name, tag, version, releaseNames, existing, guard, expected) => {
    const target = resolveFloatingTag(tag, parseVersion(version), releaseNames, existing, guard);
    const shown = target && (target.kind === 'ours' ? 'ours' : `${target.kind} ${target.tag}`);
    expect(shown).toBe(expected);
  });
});
