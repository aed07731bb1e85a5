import { describe, expect, test } from 'vitest';
import {
  compareVersions,
  isPrerelease,
  parseVersion,
  tryParseVersion,
  type Version,
} from '../../src/domain/version.js';
import { wordRemedyForAction } from '../../src/action/words.js';
import { wordRemedyForCli } from '../../src/cli/words.js';
import { formatError, isPublishError } from '../../src/errors.js';
import { messageOf } from '../fixtures/adapter-words.js';

const v = (text: string): Version => parseVersion(text);

describe('parseVersion: forms', () => {
  test.each<[string, string, string[], string | undefined, string | undefined]>([
    ['1.15.12', '1.15.12', ['1', '15', '12'], undefined, undefined],
    ['v1.15.12', '1.15.12', ['1', '15', '12'], undefined, undefined],
    ['V1.15.12', '1.15.12', ['1', '15', '12'], undefined, undefined],
    ['refs/tags/v1.15.12', '1.15.12', ['1', '15', '12'], undefined, undefined],
    ['refs/tags/1.15.12', '1.15.12', ['1', '15', '12'], undefined, undefined],
    ['1.15', '1.15', ['1', '15'], undefined, undefined],
    ['18', '18', ['18'], undefined, undefined],
    ['29.0.5.0', '29.0.5.0', ['29', '0', '5', '0'], undefined, undefined],
    ['2024.05.1', '2024.05.1', ['2024', '05', '1'], undefined, undefined],
    ['2.0.0-rc.1', '2.0.0-rc.1', ['2', '0', '0'], 'rc.1', undefined],
    ['2.0.0-beta.67', '2.0.0-beta.67', ['2', '0', '0'], 'beta.67', undefined],
    ['19beta3', '19beta3', ['19'], 'beta3', undefined],
    ['3.15.0rc1', '3.15.0rc1', ['3', '15', '0'], 'rc1', undefined],
    ['1.2.3+build.5', '1.2.3', ['1', '2', '3'], undefined, 'build.5'],
    ['v2.0.0-rc.1+exp.sha.5114f85', '2.0.0-rc.1', ['2', '0', '0'], 'rc.1', 'exp.sha.5114f85'],
    ['1.0.0-alpha-1', '1.0.0-alpha-1', ['1', '0', '0'], 'alpha-1', undefined],
  ])('%s', (input, normalized, parts, prerelease, build) => {
    const version = parseVersion(input);
    expect(version.raw).toBe(input);
    expect(version.normalized).toBe(normalized);
    expect(version.parts).toEqual(parts);
    expect(version.prerelease).toBe(prerelease);
    expect(version.build).toBe(build);
    expect(isPrerelease(version)).toBe(prerelease !== undefined);
  });

  test.each([
    'main',
    'latest',
    '1..2',
    'v',
    'V',
    '',
    ' ',
    'refs/heads/main',
    'refs/tags/',
    '1.2.3.',
    '.1.2',
    '1.2.3-',
    '1.2.3+',
    '1.2.3-rc..1',
    'v.1',
    '1.2 3',
    'release-1.2.3',
    'vv1.2.3',
    '-1.2.3',
    '1.2.3/4',
    'refs/tags/main',
  ])('not a version: %j', (input) => {
    expect(tryParseVersion(input)).toBeUndefined();
    let caught: unknown;
    try {
      parseVersion(input);
    } catch (err) {
      caught = err;
    }
    expect(isPublishError(caught, 'VERSION_INVALID')).toBe(true);
  });

  test('the setting is part of the message, in each adapter’s words', () => {
    let caught: unknown;
    try {
      parseVersion('main');
    } catch (err) {
      caught = err;
    }
    expect(formatError(caught, wordRemedyForAction)).toBe(
      'Input "version" is "main", which is not a version like 1.2.3. To publish a plain tag, use tags: main instead. [VERSION_INVALID]',
    );
    expect(formatError(caught, wordRemedyForCli)).toBe(
      '--version is "main", which is not a version like 1.2.3. To publish a plain tag, use --tag main instead. [VERSION_INVALID]',
    );
  });

  test('a huge value is cut in the message', () => {
    let caught: unknown;
    try {
      parseVersion(`x${'y'.repeat(500)}`);
    } catch (err) {
      caught = err;
    }
    expect(messageOf(caught)).toBe(
      `Input "version" is "x${'y'.repeat(139)}…", which is not a version like 1.2.3`,
    );
  });
});

describe('compareVersions', () => {
  test.each<[string, string, number]>([
    ['1.15.12', '1.15.12', 0],
    ['1.15', '1.15.0', 0],
    ['1', '1.0.0.0', 0],
    ['v1.2.3', '1.2.3', 0],
    ['1.2.3+build.5', '1.2.3+build.6', 0],
    ['2024.05.1', '2024.5.1', 0],
    ['1.10.0', '1.9.9', 1],
    ['1.15.12', '1.16.0', -1],
    ['2.0.0', '1.99.99', 1],
    ['29.0.5.0', '28.5.0.5', 1],
    ['29.0.5.1', '29.0.5', 1],
    ['18.6', '18.5', 1],
    ['17.10', '17.9', 1],
    ['12345678901234567890.1', '12345678901234567889.9', 1],
    ['2.0.0-rc.1', '2.0.0', -1],
    ['2.0.0', '2.0.0-rc.1', 1],
    ['2.0.0-rc.1', '2.0.0-rc.2', -1],
    ['2.0.0-rc.2', '2.0.0-rc.10', -1],
    ['2.0.0-alpha', '2.0.0-beta', -1],
    ['2.0.0-beta.67', '2.0.0-rc.1', -1],
    ['2.0.0-alpha', '2.0.0-alpha.1', -1],
    ['2.0.0-1', '2.0.0-alpha', -1],
    ['19beta3', '19beta10', -1],
    ['19beta3', '19', -1],
    ['19beta3', '18.6', 1],
    ['3.15.0rc1', '3.15.0-rc.1', 0],
    ['3.15.0rc1', '3.14.9', 1],
    ['2.0.0-RC.1', '2.0.0-rc.2', -1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(v(a), v(b))).toBe(expected);
    expect(compareVersions(v(b), v(a))).toBe(-expected || 0);
  });

  test('sorts a mixed list', () => {
    const sorted = ['2.0.0', '1.9.9', '2.0.0-rc.1', '1.10.0', '2.0.0-beta.2', '1.10', '0.7.1']
      .map(v)
      .sort(compareVersions)
      .map((x) => x.raw);
    expect(sorted).toEqual(['0.7.1', '1.9.9', '1.10.0', '1.10', '2.0.0-beta.2', '2.0.0-rc.1', '2.0.0']);
  });
});

describe('parseVersion: JVM forms', () => {
  test.each<[string, string, string[], string | undefined]>([
    ['11.0.32_9', '11.0.32_9', ['11', '0', '32'], '_9'],
    ['v21.0.9_10', '21.0.9_10', ['21', '0', '9'], '_10'],
    ['25_36', '25_36', ['25'], '_36'],
    ['8u502-b07', '8u502-b07', ['8', '502'], '-b07'],
    ['8u502', '8u502', ['8', '502'], undefined],
    ['refs/tags/8u462-b08', '8u462-b08', ['8', '462'], '-b08'],
  ])('%s', (input, normalized, parts, jvmBuild) => {
    const version = parseVersion(input);
    expect(version.normalized).toBe(normalized);
    expect(version.parts).toEqual(parts);
    expect(version.jvmBuild).toBe(jvmBuild);
    expect(isPrerelease(version)).toBe(false);
  });

  test.each<[string, string, number]>([
    ['8u502', '8u462', 1],
    ['8u502-b07', '8u462-b08', 1],
    ['8u62', '8u462', -1],
    ['8u502', '8', 1],
    ['11.0.32_9', '11.0.32_10', -1],
    ['11.0.32_9', '11.0.31_12', 1],
    ['11.0.32_9', '11.0.32', 1],
    ['8u502-b07', '11.0.32_9', -1],
  ])('%s vs %s → %i', (a, b, order) => {
    expect(Math.sign(compareVersions(v(a), v(b)))).toBe(order);
    expect(Math.sign(compareVersions(v(b), v(a)))).toBe(-order);
  });

  test('a -b build is a JVM build only after an update number; elsewhere it stays a prerelease', () => {
    expect(parseVersion('1.2.3-b1').prerelease).toBe('b1');
    expect(tryParseVersion('11.0.32_')).toBeUndefined();
  });
});
