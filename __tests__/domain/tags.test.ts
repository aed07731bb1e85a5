import { describe, expect, test } from 'vitest';
import { deriveTags, type TagRequest } from '../../src/domain/tags.js';
import { wordRemedyForAction } from '../../src/action/words.js';
import { wordRemedyForCli } from '../../src/cli/words.js';
import { formatError, isPublishError, wordHint } from '../../src/errors.js';
import { messageOf } from '../fixtures/adapter-words.js';

const tagsOf = (request: TagRequest): string[] => deriveTags(request).tags.map((t) => t.tag);
const heldOf = (request: TagRequest): string[] =>
  deriveTags(request).heldBack.map((h) => `${h.tag}<${h.blockedBy}`);

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

const NGINX_MAINLINE = ['1.31.4', 'mainline', '1.31', '1', 'latest'];
const NGINX_MAINLINE_ALPINE = ['1.31.4-alpine', 'mainline-alpine', '1.31-alpine', '1-alpine', 'alpine'];
const ERLANG_29 = ['29.0.5.0', '29.0.5', '29.0', '29', 'latest'];
const POSTGRES = ['18.5', '17.9', '18', '17', 'latest'];

describe('deriveTags: version forms and strip order (no existing tags)', () => {
  test.each<[string, string, string[]]>([
    ['plain three parts', '1.15.12', ['1.15.12', '1.15', '1', 'latest']],
    ['v prefix', 'v1.15.12', ['1.15.12', '1.15', '1', 'latest']],
    ['V prefix', 'V1.15.12', ['1.15.12', '1.15', '1', 'latest']],
    ['github.ref', 'refs/tags/v1.15.12', ['1.15.12', '1.15', '1', 'latest']],
    ['github.ref without v', 'refs/tags/1.15.12', ['1.15.12', '1.15', '1', 'latest']],
    ['surrounding whitespace', ' 1.15.12\n', ['1.15.12', '1.15', '1', 'latest']],
    ['two parts', '1.15', ['1.15', '1', 'latest']],
    ['one part', '18', ['18', 'latest']],
    ['four parts (erlang)', '29.0.5.0', ['29.0.5.0', '29.0.5', '29.0', '29', 'latest']],
    ['four parts (couchdb)', '3.5.2.1', ['3.5.2.1', '3.5.2', '3.5', '3', 'latest']],
    ['major zero', '0.7.1', ['0.7.1', '0.7', '0', 'latest']],
    ['zero zero', '0.0.1', ['0.0.1', '0.0', '0', 'latest']],
    ['calendar version keeps the leading zero', '2024.05.1', ['2024.05.1', '2024.05', '2024', 'latest']],
    ['calendar version with v', 'v2024.05.01', ['2024.05.01', '2024.05', '2024', 'latest']],
    ['postgres', '18.6', ['18.6', '18', 'latest']],
    ['semver prerelease', '2.0.0-rc.1', ['2.0.0-rc.1']],
    ['beta prerelease', '2.0.0-beta.67', ['2.0.0-beta.67']],
    ['prerelease from a v tag', 'v2.0.8-beta.67', ['2.0.8-beta.67']],
    ['prerelease from github.ref', 'refs/tags/v2.0.0-rc.1', ['2.0.0-rc.1']],
    ['postgres beta', '19beta3', ['19beta3']],
    ['python release candidate', '3.15.0rc1', ['3.15.0rc1']],
    ['numeric prerelease', '1.2.3-1', ['1.2.3-1']],
    ['build metadata dropped', '1.2.3+build.5', ['1.2.3', '1.2', '1', 'latest']],
    ['prerelease with build metadata', '2.0.0-rc.1+build.7', ['2.0.0-rc.1']],
    ['uppercase prerelease kept as written', '2.0.0-RC1', ['2.0.0-RC1']],
  ])('%s: %s', (_name, version, expected) => {
    expect(tagsOf({ version })).toEqual(expected);
  });
});

describe('deriveTags: variants, aliases, latest policy, extra tags', () => {
  test.each<[string, TagRequest, string[]]>([
    [
      'variant alpine',
      { version: 'v1.15.12', variant: 'alpine' },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
    ],
    [
      'variant with a dash',
      { version: '1.15.12', variant: 'alpine-perl' },
      ['1.15.12-alpine-perl', '1.15-alpine-perl', '1-alpine-perl', 'alpine-perl'],
    ],
    [
      'variant perl',
      { version: '1.15.12', variant: 'perl' },
      ['1.15.12-perl', '1.15-perl', '1-perl', 'perl'],
    ],
    [
      'variant with a dot',
      { version: '1.31.4', variant: 'alpine3.24' },
      ['1.31.4-alpine3.24', '1.31-alpine3.24', '1-alpine3.24', 'alpine3.24'],
    ],
    ['empty variant means none', { version: '1.15.12', variant: '  ' }, ['1.15.12', '1.15', '1', 'latest']],
    [
      'variant on four parts',
      { version: '29.0.5.0', variant: 'slim' },
      ['29.0.5.0-slim', '29.0.5-slim', '29.0-slim', '29-slim', 'slim'],
    ],
    ['variant on a prerelease', { version: '2.0.0-rc.1', variant: 'alpine' }, ['2.0.0-rc.1-alpine']],
    ['variant on postgres beta', { version: '19beta3', variant: 'trixie' }, ['19beta3-trixie']],
    ['latest: false', { version: '1.15.12', latest: 'false' }, ['1.15.12', '1.15', '1']],
    [
      'latest: false with a variant',
      { version: '1.15.12', variant: 'alpine', latest: 'false' },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine'],
    ],
    [
      'latest: true without a guard conflict',
      { version: '1.15.12', latest: 'true' },
      ['1.15.12', '1.15', '1', 'latest'],
    ],
    [
      'latest: true never gives a prerelease latest',
      { version: '2.0.0-rc.1', latest: 'true' },
      ['2.0.0-rc.1'],
    ],
    [
      'nginx mainline',
      { version: '1.31.4', aliases: ['mainline'] },
      ['1.31.4', '1.31', '1', 'mainline', 'latest'],
    ],
    [
      'nginx mainline alpine',
      { version: '1.31.4', variant: 'alpine', aliases: ['mainline'] },
      ['1.31.4-alpine', '1.31-alpine', '1-alpine', 'mainline-alpine', 'alpine'],
    ],
    [
      'nginx 1.15 mainline alpine-perl',
      { version: '1.15.12', variant: 'alpine-perl', aliases: ['mainline'] },
      ['1.15.12-alpine-perl', '1.15-alpine-perl', '1-alpine-perl', 'mainline-alpine-perl', 'alpine-perl'],
    ],
    [
      'node LTS channel and codename',
      { version: '24.19.0', aliases: ['lts', 'krypton', 'lts-krypton'] },
      ['24.19.0', '24.19', '24', 'lts', 'krypton', 'lts-krypton', 'latest'],
    ],
    [
      'aliases on a prerelease (user intent)',
      { version: '3.15.0rc1', aliases: ['3.15-rc', 'rc'] },
      ['3.15.0rc1', '3.15-rc', 'rc'],
    ],
    [
      'aliases on a prerelease with a variant',
      { version: '3.15.0rc1', variant: 'trixie', aliases: ['3.15-rc'] },
      ['3.15.0rc1-trixie', '3.15-rc-trixie'],
    ],
    [
      'extra tags after latest',
      { version: '1.15.12', extraTags: ['nightly', 'sha-860c190'] },
      ['1.15.12', '1.15', '1', 'latest', 'nightly', 'sha-860c190'],
    ],
    [
      'extra tags get no variant suffix',
      { version: '1.15.12', variant: 'alpine', extraTags: ['sha-860c190'] },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine', 'sha-860c190'],
    ],
    ['extra tags only', { extraTags: ['nightly'] }, ['nightly']],
    ['extra tags only, blanks dropped', { extraTags: ['', ' nightly ', '\t'] }, ['nightly']],
    ['extra tags keep their case', { extraTags: ['UPPER', 'Mixed_Case'] }, ['UPPER', 'Mixed_Case']],
    ['latest: true without a version', { extraTags: ['nightly'], latest: 'true' }, ['latest', 'nightly']],
    [
      'latest: true without a version, variant',
      { extraTags: ['nightly'], latest: 'true', variant: 'alpine' },
      ['alpine', 'nightly'],
    ],
    [
      'aliases alongside extra tags only',
      { extraTags: ['edge'], aliases: ['dev'], variant: 'alpine' },
      ['dev-alpine', 'edge'],
    ],
    ['extra tags on a prerelease', { version: '2.0.0-rc.1', extraTags: ['next'] }, ['2.0.0-rc.1', 'next']],
    [
      'duplicate extra tags collapse',
      { version: '1.15.12', extraTags: ['nightly', 'nightly', '1.15', 'latest'] },
      ['1.15.12', '1.15', '1', 'latest', 'nightly'],
    ],
    [
      'duplicate aliases collapse',
      { version: '1.15.12', aliases: ['mainline', 'mainline', '1'] },
      ['1.15.12', '1.15', '1', 'mainline', 'latest'],
    ],
    [
      'alias equal to the full version collapses',
      { version: '1.15.12', aliases: ['1.15.12'], latest: 'false' },
      ['1.15.12', '1.15', '1'],
    ],
    [
      'extra tag equal to the variant latest collapses',
      { version: '1.15.12', variant: 'alpine', extraTags: ['alpine'] },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
    ],
  ])('%s', (_name, request, expected) => {
    expect(tagsOf(request)).toEqual(expected);
  });

  test('nginx mainline alpine is the published set (peers.md §8)', () => {
    const tags = tagsOf({ version: '1.31.4', variant: 'alpine', aliases: ['mainline'] });
    expect(new Set(tags)).toEqual(new Set(NGINX_MAINLINE_ALPINE));
    expect(tags).toHaveLength(NGINX_MAINLINE_ALPINE.length);
  });

  test('nginx 1.15.12 mainline alpine is the seed set', () => {
    const tags = tagsOf({ version: '1.15.12', variant: 'alpine', aliases: ['mainline'] });
    expect(new Set(tags)).toEqual(
      new Set(['1.15.12-alpine', 'mainline-alpine', '1.15-alpine', '1-alpine', 'alpine']),
    );
  });

  test('kinds follow the tag roles', () => {
    const { tags } = deriveTags({ version: '1.15.12', aliases: ['mainline'], extraTags: ['nightly'] });
    expect(tags).toEqual([
      { tag: '1.15.12', kind: 'version' },
      { tag: '1.15', kind: 'floating' },
      { tag: '1', kind: 'floating' },
      { tag: 'mainline', kind: 'alias' },
      { tag: 'latest', kind: 'latest' },
      { tag: 'nightly', kind: 'extra' },
    ]);
  });

  test('the version is returned parsed', () => {
    expect(deriveTags({ version: 'refs/tags/v1.2.3+build.5' }).version).toEqual({
      raw: 'refs/tags/v1.2.3+build.5',
      normalized: '1.2.3',
      parts: ['1', '2', '3'],
      build: 'build.5',
    });
    expect(deriveTags({ extraTags: ['nightly'] }).version).toBeUndefined();
  });
});

describe('deriveTags: floating guard', () => {
  test.each<[string, TagRequest, string[], string[]]>([
    [
      'older major: no latest',
      { version: '1.1.1', existing: ['2.5.2'] },
      ['1.1.1', '1.1', '1'],
      ['latest<2.5.2'],
    ],
    [
      'older minor: no major, no latest',
      { version: '1.16.1', existing: ['1.17.0'] },
      ['1.16.1', '1.16'],
      ['1<1.17.0', 'latest<1.17.0'],
    ],
    [
      'backport',
      { version: '1.14.3', existing: ['1.15.12', '1.15', '1', 'latest'] },
      ['1.14.3', '1.14'],
      ['1<1.15.12', 'latest<1.15.12'],
    ],
    [
      'patch below an existing patch: nothing floats',
      { version: '1.15.11', existing: ['1.15.12'] },
      ['1.15.11'],
      ['1.15<1.15.12', '1<1.15.12', 'latest<1.15.12'],
    ],
    [
      'newer version moves everything',
      { version: '1.15.13', existing: ['1.15.12', '1.14.3', '1.15', '1', 'latest'] },
      ['1.15.13', '1.15', '1', 'latest'],
      [],
    ],
    [
      're-run keeps its tags (equal counts as higher)',
      { version: '1.15.12', existing: ['1.15.12', '1.15', '1', 'latest'] },
      ['1.15.12', '1.15', '1', 'latest'],
      [],
    ],
    ['1.15 equals 1.15.0', { version: '1.15', existing: ['1.15.0'] }, ['1.15', '1', 'latest'], []],
    [
      'two parts against a higher three-part',
      { version: '1.15', existing: ['1.15.3'] },
      ['1.15'],
      ['1<1.15.3', 'latest<1.15.3'],
    ],
    [
      'the highest blocker is reported',
      { version: '1.1.1', existing: ['1.9.0', '2.5.2', '2.10.0', '1.10.0'] },
      ['1.1.1', '1.1'],
      ['1<1.10.0', 'latest<2.10.0'],
    ],
    [
      'numeric, not lexical: 1.10.0 > 1.9.9',
      { version: '1.10.0', existing: ['1.9.9'] },
      ['1.10.0', '1.10', '1', 'latest'],
      [],
    ],
    [
      'nginx stable under mainline',
      { version: '1.30.4', aliases: ['stable'], existing: NGINX_MAINLINE },
      ['1.30.4', '1.30', 'stable'],
      ['1<1.31.4', 'latest<1.31.4'],
    ],
    [
      'nginx mainline over stable',
      { version: '1.31.4', aliases: ['mainline'], existing: ['1.30.4', 'stable', '1.30', '1', 'latest'] },
      ['1.31.4', '1.31', '1', 'mainline', 'latest'],
      [],
    ],
    [
      'nginx stable alpine',
      { version: '1.30.4', variant: 'alpine', aliases: ['stable'], existing: NGINX_MAINLINE_ALPINE },
      ['1.30.4-alpine', '1.30-alpine', 'stable-alpine'],
      ['1-alpine<1.31.4-alpine', 'alpine<1.31.4-alpine'],
    ],
    [
      'nginx stable alpine-perl',
      {
        version: '1.30.4',
        variant: 'alpine-perl',
        aliases: ['stable'],
        existing: ['1.31.4-alpine-perl', 'alpine-perl'],
      },
      ['1.30.4-alpine-perl', '1.30-alpine-perl', 'stable-alpine-perl'],
      ['1-alpine-perl<1.31.4-alpine-perl', 'alpine-perl<1.31.4-alpine-perl'],
    ],
    [
      'nginx mainline alpine-perl next to stable',
      {
        version: '1.31.4',
        variant: 'alpine-perl',
        aliases: ['mainline'],
        existing: ['1.30.4-alpine-perl', 'stable-alpine-perl'],
      },
      ['1.31.4-alpine-perl', '1.31-alpine-perl', '1-alpine-perl', 'mainline-alpine-perl', 'alpine-perl'],
      [],
    ],
    [
      'erlang newest line',
      { version: '29.0.5.0', existing: ['28.5.0.5', '28.5.0', '28.5', '28'] },
      ERLANG_29,
      [],
    ],
    [
      'erlang older line',
      { version: '28.5.0.5', existing: ERLANG_29 },
      ['28.5.0.5', '28.5.0', '28.5', '28'],
      ['latest<29.0.5.0'],
    ],
    [
      'postgres two parts with floating tags around',
      { version: '18.6', existing: POSTGRES },
      ['18.6', '18', 'latest'],
      [],
    ],
    [
      'postgres 17.10 > 17.9 but below 18',
      { version: '17.10', existing: ['18.6', '18', 'latest', '17.9', '17'] },
      ['17.10', '17'],
      ['latest<18.6'],
    ],
    [
      'postgres beta gets its tag only',
      { version: '19beta3', existing: ['18.6', '18', 'latest'] },
      ['19beta3'],
      [],
    ],
    [
      'calendar: another month is another line',
      { version: '2024.05.1', existing: ['2024.10.2'] },
      ['2024.05.1', '2024.05'],
      ['2024<2024.10.2', 'latest<2024.10.2'],
    ],
    [
      'calendar: 05 and 5 are the same line',
      { version: '2024.05.1', existing: ['2024.5.0'] },
      ['2024.05.1', '2024.05', '2024', 'latest'],
      [],
    ],
    [
      'existing prereleases never hold back',
      { version: '1.15.12', existing: ['2.0.0-rc.1', '1.16.0-beta.1', '19beta3', '1.15.13rc1'] },
      ['1.15.12', '1.15', '1', 'latest'],
      [],
    ],
    [
      'release beats its own prerelease',
      { version: '2.0.0', existing: ['2.0.0-rc.1'] },
      ['2.0.0', '2.0', '2', 'latest'],
      [],
    ],
    [
      'other variants do not count (plain)',
      { version: '1.15.12', existing: ['1.20.0-alpine', '1.20.0-perl', 'alpine'] },
      ['1.15.12', '1.15', '1', 'latest'],
      [],
    ],
    [
      'other variants do not count (alpine vs plain)',
      { version: '1.15.12', variant: 'alpine', existing: ['1.20.0', 'latest'] },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
      [],
    ],
    [
      'alpine-perl is not alpine',
      { version: '1.15.12', variant: 'alpine', existing: ['1.20.0-alpine-perl'] },
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
      [],
    ],
    [
      'same variant counts',
      { version: '1.15.12', variant: 'alpine', existing: ['1.20.0-alpine'] },
      ['1.15.12-alpine', '1.15-alpine'],
      ['1-alpine<1.20.0-alpine', 'alpine<1.20.0-alpine'],
    ],
    [
      'non-version tags are ignored',
      {
        version: '1.15.12',
        existing: ['nightly', 'sha-860c190', 'main', 'latest', 'stable', 'mainline', 'edge'],
      },
      ['1.15.12', '1.15', '1', 'latest'],
      [],
    ],
    [
      'fewer numeric parts count as versions of at least that value',
      { version: '1.15.12', existing: ['2', '1.16', '3.0'] },
      ['1.15.12', '1.15'],
      ['1<1.16', 'latest<3.0'],
    ],
    [
      'a shorter tag on our own line never holds it back (missing parts = 0)',
      { version: '1.15.12', existing: ['1', '1.15', '1.15.0', 'latest'] },
      ['1.15.12', '1.15', '1', 'latest'],
      [],
    ],
    [
      'a date-versioned tag counts (alpine edge holds back latest)',
      { version: '1.2.4', existing: ['20240501', '1.2.3'] },
      ['1.2.4', '1.2', '1'],
      ['latest<20240501'],
    ],
    [
      'an existing major alone holds back latest',
      { version: '18.6', existing: ['19', 'latest'] },
      ['18.6', '18'],
      ['latest<19'],
    ],
    [
      'postgres 17.10 with only 18 and latest existing',
      { version: '17.10', existing: ['18', 'latest'] },
      ['17.10', '17'],
      ['latest<18'],
    ],
    [
      '1.9.5 with 2.0, 2 and latest existing',
      { version: '1.9.5', existing: ['2.0', '2', 'latest'] },
      ['1.9.5', '1.9', '1'],
      ['latest<2.0'],
    ],
    [
      'a shorter tag of another variant does not count',
      { version: '17.10', existing: ['18-alpine', 'alpine'] },
      ['17.10', '17', 'latest'],
      [],
    ],
    [
      'two-part versions count for a two-part release',
      { version: '18.6', existing: ['19.1', '19'] },
      ['18.6', '18'],
      ['latest<19.1'],
    ],
    [
      'v-prefixed tags of other tools count',
      { version: '1.5.0', existing: ['v2.0.0'] },
      ['1.5.0', '1.5', '1'],
      ['latest<v2.0.0'],
    ],
    [
      'latest: true overrides the guard',
      { version: '1.1.1', latest: 'true', existing: ['2.5.2'] },
      ['1.1.1', '1.1', '1', 'latest'],
      [],
    ],
    [
      'latest: true leaves the other floating tags guarded',
      { version: '1.16.1', latest: 'true', existing: ['1.17.0'] },
      ['1.16.1', '1.16', 'latest'],
      ['1<1.17.0'],
    ],
    [
      'latest: false reports no latest',
      { version: '1.1.1', latest: 'false', existing: ['2.5.2'] },
      ['1.1.1', '1.1', '1'],
      [],
    ],
    [
      'floating: always',
      { version: '1.1.1', floating: 'always', existing: ['2.5.2', '1.9.0'] },
      ['1.1.1', '1.1', '1', 'latest'],
      [],
    ],
    [
      'floating: always with latest: false',
      { version: '1.1.1', floating: 'always', latest: 'false', existing: ['2.5.2'] },
      ['1.1.1', '1.1', '1'],
      [],
    ],
    [
      'an alias of a held-back name is explicit',
      { version: '1.16.1', aliases: ['1'], existing: ['1.17.0'] },
      ['1.16.1', '1.16', '1'],
      ['latest<1.17.0'],
    ],
    [
      'an extra tag latest is explicit',
      { version: '1.1.1', extraTags: ['latest'], existing: ['2.5.2'] },
      ['1.1.1', '1.1', '1', 'latest'],
      [],
    ],
    [
      'temurin 11.0.32_9: the build stays on the full tag',
      { version: '11.0.32_9', variant: 'jdk', existing: ['21.0.9_10-jdk', '11.0.31_12-jdk'] },
      ['11.0.32_9-jdk', '11.0-jdk', '11-jdk'],
      ['jdk<21.0.9_10-jdk'],
    ],
    [
      'temurin 8u502-b07: major only, ordered by the update number',
      { version: '8u502-b07', variant: 'jre', existing: ['8u462-b08-jre', '8-jre', '11.0.32_9-jre'] },
      ['8u502-b07-jre', '8-jre'],
      ['jre<11.0.32_9-jre'],
    ],
    [
      'temurin 8u462-b08 below 8u502-b07 keeps nothing floating',
      { version: '8u462-b08', existing: ['8u502-b07'] },
      ['8u462-b08'],
      ['8<8u502-b07', 'latest<8u502-b07'],
    ],
    [
      'a newer JVM build of the same version holds back',
      { version: '11.0.32_9', existing: ['11.0.32_10'] },
      ['11.0.32_9'],
      ['11.0<11.0.32_10', '11<11.0.32_10', 'latest<11.0.32_10'],
    ],
  ])('%s', (_name, request, expected, held) => {
    expect(tagsOf(request)).toEqual(expected);
    expect(heldOf(request)).toEqual(held);
  });

  test('a held-back tag carries its reason for the plan', () => {
    expect(deriveTags({ version: '1.16.1', existing: ['1.17.0'] }).heldBack).toEqual([
      { tag: '1', kind: 'floating', reason: 'held back: 1.17.0 exists', blockedBy: '1.17.0' },
      { tag: 'latest', kind: 'latest', reason: 'held back: 1.17.0 exists', blockedBy: '1.17.0' },
    ]);
  });
});

describe('deriveTags: notices are data', () => {
  test.each<[string, TagRequest, string[]]>([
    ['stable release: none', { version: '1.15.12' }, []],
    [
      'build metadata',
      { version: '1.2.3+build.5' },
      ['build metadata "+build.5" dropped: tags cannot contain "+"'],
    ],
    [
      'prerelease',
      { version: '2.0.0-rc.1' },
      ['2.0.0-rc.1 is a prerelease: it gets only its own tag, no 2.0, 2 or latest'],
    ],
    [
      'prerelease with a variant',
      { version: '2.0.0-rc.1', variant: 'alpine' },
      ['2.0.0-rc.1 is a prerelease: it gets only its own tag, no 2.0-alpine, 2-alpine or alpine'],
    ],
    ['one-part prerelease, latest: false', { version: '19beta3', latest: 'false' }, []],
    [
      'prerelease with build metadata and latest: true',
      { version: '2.0.0-rc.1+b.7', latest: 'true' },
      [
        'build metadata "+b.7" dropped: tags cannot contain "+"',
        '2.0.0-rc.1 is a prerelease: it gets only its own tag, no 2.0, 2 or latest',
        'latest: true ignored: a prerelease never gets latest; to move it anyway, add tags: latest',
      ],
    ],
    [
      'latest: true over the guard',
      { version: '1.1.1', latest: 'true', existing: ['2.5.2'] },
      ['latest: true moves latest to 1.1.1 although 2.5.2 exists'],
    ],
    [
      'a prerelease that reads like a variant',
      { version: '1.15.12-alpine' },
      [
        '1.15.12-alpine is published as a prerelease; if "alpine" is a variant, use version: 1.15.12 with variant: alpine',
        '1.15.12-alpine is a prerelease: it gets only its own tag, no 1.15, 1 or latest',
      ],
    ],
    [
      'a prerelease followed by what reads like a variant',
      { version: '2.0.0-rc.1-alpine', latest: 'false' },
      [
        '2.0.0-rc.1-alpine is published as a prerelease; if "alpine" is a variant, use version: 2.0.0-rc.1 with variant: alpine',
        '2.0.0-rc.1-alpine is a prerelease: it gets only its own tag, no 2.0 or 2',
      ],
    ],
  ])('%s', (_name, request, notices) => {
    expect(deriveTags(request).notices.map((n) => wordHint(n, wordRemedyForAction))).toEqual(notices);
  });
});

describe('deriveTags: bad input', () => {
  const long = 'a'.repeat(129);
  test.each<[string, TagRequest, string, string]>([
    [
      'branch name',
      { version: 'main' },
      'VERSION_INVALID',
      'Input "version" is "main", which is not a version like 1.2.3. To publish a plain tag, use tags: main instead. [VERSION_INVALID]',
    ],
    [
      'latest as a version',
      { version: 'latest' },
      'VERSION_INVALID',
      'Input "version" is "latest", which is not a version like 1.2.3. latest is added by itself for the highest stable version; to publish only latest, use tags: latest instead. [VERSION_INVALID]',
    ],
    [
      'double dot',
      { version: '1..2' },
      'VERSION_INVALID',
      'Input "version" is "1..2", which is not a version like 1.2.3. Use numbers separated by dots, like 1.2.3, v1.2.3, 1.2, 2024.05.1 or 2.0.0-rc.1; to publish it as a plain tag, use tags: 1..2. [VERSION_INVALID]',
    ],
    [
      'bare v',
      { version: 'v' },
      'VERSION_INVALID',
      'Input "version" is "v", which is not a version like 1.2.3. Use numbers separated by dots, like 1.2.3, v1.2.3, 1.2, 2024.05.1 or 2.0.0-rc.1, or use tags for plain tags. [VERSION_INVALID]',
    ],
    [
      'empty',
      { version: '' },
      'VERSION_INVALID',
      'Input "version" is empty, which is not a version like 1.2.3. Set it to a version such as 1.2.3 or v1.2.3 (refs/tags/v1.2.3 works too), or use tags for plain tags. [VERSION_INVALID]',
    ],
    [
      'blank',
      { version: '   ' },
      'VERSION_INVALID',
      'Input "version" is empty, which is not a version like 1.2.3. Set it to a version such as 1.2.3 or v1.2.3 (refs/tags/v1.2.3 works too), or use tags for plain tags. [VERSION_INVALID]',
    ],
    [
      'branch ref',
      { version: 'refs/heads/main' },
      'VERSION_INVALID',
      'Input "version" is "refs/heads/main", which is not a version like 1.2.3. "refs/heads/main" is a branch; to publish a plain tag, use tags: main instead. [VERSION_INVALID]',
    ],
    [
      'branch ref with a slash',
      { version: 'refs/heads/feature/x' },
      'VERSION_INVALID',
      'Input "version" is "refs/heads/feature/x", which is not a version like 1.2.3. "refs/heads/feature/x" is a branch; to publish a plain tag, use tags: feature-x instead. [VERSION_INVALID]',
    ],
    [
      'prefixed release name',
      { version: 'release-1.2.3' },
      'VERSION_INVALID',
      'Input "version" is "release-1.2.3", which is not a version like 1.2.3. To publish a plain tag, use tags: release-1.2.3 instead. [VERSION_INVALID]',
    ],
    [
      'nothing at all',
      {},
      'INPUT_INVALID',
      'Nothing to tag: neither version nor tags is set. Set version: 1.2.3, or tags: nightly for plain tags. [INPUT_INVALID]',
    ],
    [
      'aliases alone',
      { aliases: ['mainline'] },
      'INPUT_INVALID',
      'Nothing to tag: neither version nor tags is set. Set version: 1.2.3, or tags: nightly for plain tags. [INPUT_INVALID]',
    ],
    [
      'extra tag with a slash',
      { extraTags: ['a/b'] },
      'TAG_INVALID',
      `Input "tags" has the tag "a/b", which is not a valid tag: it contains "/". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]`,
    ],
    [
      'extra tag with a plus',
      { version: '1.2.3', extraTags: ['a+b'] },
      'TAG_INVALID',
      `Input "tags" has the tag "a+b", which is not a valid tag: it contains "+". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]`,
    ],
    [
      'extra tag starting with a dash',
      { extraTags: ['-x'] },
      'TAG_INVALID',
      `Input "tags" has the tag "-x", which is not a valid tag: it starts with "-". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]`,
    ],
    [
      'extra tag of 129 characters',
      { extraTags: [long] },
      'TAG_INVALID',
      `Input "tags" has the tag "${long}", which is not a valid tag: it is 129 characters long. A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]`,
    ],
    [
      'alias starting with a dot',
      { version: '1.2.3', aliases: ['.x'] },
      'TAG_INVALID',
      `Input "aliases" has the tag ".x", which is not a valid tag: it starts with ".". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]`,
    ],
    [
      'variant with a space',
      { version: '1.2.3', variant: 'alp ine' },
      'TAG_INVALID',
      `Input "variant" has the tag "alp ine", which is not a valid tag: it contains " ". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]`,
    ],
    [
      'variant with a leading dash',
      { version: '1.2.3', variant: '-alpine' },
      'INPUT_INVALID',
      'Input "variant" is "-alpine", which starts with "-". Write the variant without the dash: variant: alpine; "-" is added to every tag. [INPUT_INVALID]',
    ],
    [
      'variant latest',
      { version: '1.2.3', variant: 'latest' },
      'INPUT_INVALID',
      'Input "variant" is "latest", which cannot be a variant: its plain tag would read as latest. A variant is a name such as alpine, bookworm or alpine3.20; leave it empty for the default image. [INPUT_INVALID]',
    ],
    [
      'variant that is a version',
      { version: '1.2.3', variant: '3.18' },
      'INPUT_INVALID',
      'Input "variant" is "3.18", which cannot be a variant: its plain tag would read as a version. A variant is a name such as alpine, bookworm or alpine3.20; put the version in version. [INPUT_INVALID]',
    ],
    [
      'alias latest',
      { version: '1.2.3', aliases: ['latest'] },
      'INPUT_INVALID',
      'Input "aliases" has "latest", which is not a channel alias. latest follows latest (auto, true or false); use latest: true to force it. [INPUT_INVALID]',
    ],
    [
      'alias already suffixed',
      { version: '1.2.3', variant: 'alpine', aliases: ['mainline-alpine'] },
      'INPUT_INVALID',
      'Input "aliases" has "mainline-alpine", which already ends with the variant "-alpine". Write the alias without the variant (mainline); the variant suffix is added to every alias. [INPUT_INVALID]',
    ],
    [
      'version already suffixed',
      { version: 'v1.15.12-alpine', variant: 'alpine' },
      'INPUT_INVALID',
      'Input "version" is "1.15.12-alpine", which already ends with the variant "-alpine". Set version: 1.15.12; the variant suffix is added to every tag. [INPUT_INVALID]',
    ],
    [
      'latest policy',
      { version: '1.2.3', latest: 'maybe' as never },
      'INPUT_INVALID',
      'Input "latest" must be auto, true or false; got "maybe". Use one of auto, true or false (default auto). [INPUT_INVALID]',
    ],
    [
      'floating policy',
      { version: '1.2.3', floating: 'lowest' as never },
      'INPUT_INVALID',
      'Input "floating" must be highest or always; got "lowest". Use one of highest or always (default highest). [INPUT_INVALID]',
    ],
  ])('%s', (_name, request, code, line) => {
    const err = errorOf(() => deriveTags(request));
    expect(isPublishError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    expect(formatError(err, wordRemedyForAction)).toBe(line);
  });

  test('a variant that makes the version tag too long names the version', () => {
    const version = `1.2.3-rc.${'1'.repeat(115)}`;
    const err = errorOf(() => deriveTags({ version, variant: 'alpine' }));
    expect(isPublishError(err, 'TAG_INVALID')).toBe(true);
    expect(messageOf(err)).toBe(
      `Input "version" has the tag "${version}-alpine", which is not a valid tag: it is 131 characters long`,
    );
  });

  test('the CLI words the same error in flags', () => {
    const err = errorOf(() => deriveTags({ version: 'main' }));
    expect(formatError(err, wordRemedyForCli)).toBe(
      '--version is "main", which is not a version like 1.2.3. To publish a plain tag, use --tag main instead. [VERSION_INVALID]',
    );
  });
});
