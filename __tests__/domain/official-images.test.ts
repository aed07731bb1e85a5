/**
 * The Docker Official Images' tags, reproduced by one run per entry with the inputs of
 * docs/official-images.md. Facts copied from the library files of ../shared/reference/oi-library (commit
 * 37079fb): a few entries of every image, each with the existing tags that hold its floating tags back.
 * `npm run check:oi-library` runs every entry of those files.
 */
import { describe, expect, test } from 'vitest';
import {
  IMAGE_POLICIES,
  parseLibraryFile,
  reproduceEntry,
  type LibraryEntry,
} from '../../script/oi-library/reproduce.js';

const split = (list: string): string[] =>
  list
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

/** Image, the entry's Tags and SharedTags, the other entries' tags that hold something back. */
const ENTRIES: readonly (readonly [string, string, string])[] = [
  ['alpine', '20260805, edge', ''],
  ['alpine', '3.24.1, 3.24, 3, latest', ''],
  ['alpine', '3.23.5, 3.23', '3.24.1, 20260805'],
  ['alpine', '3.22.5, 3.22', '3.24.1, 20260805'],
  ['alpine', '3.21.7, 3.21', '3.24.1, 20260805'],
  ['busybox', '1.38.0-glibc, 1.38-glibc, 1-glibc, unstable-glibc, glibc', ''],
  ['busybox', '1.38.0-uclibc, 1.38-uclibc, 1-uclibc, unstable-uclibc, uclibc', ''],
  ['busybox', '1.37.0-glibc, 1.37-glibc', '1.38.0-glibc'],
  ['busybox', '1.37.0-uclibc, 1.37-uclibc', '1.38.0-uclibc'],
  ['busybox', '1.37.0-musl, 1.37-musl', '1.38.0-musl'],
  ['busybox', '1.37.0, 1.37', '1.38.0'],
  [
    'eclipse-temurin',
    '8u502-b07-jdk-alpine-3.24, 8-jdk-alpine-3.24, 8-alpine-3.24, 8u502-b07-jdk-alpine, 8-jdk-alpine, 8-alpine',
    '',
  ],
  ['eclipse-temurin', '8u502-b07-jdk-alpine-3.23, 8-jdk-alpine-3.23, 8-alpine-3.23', ''],
  // Variants with alias variants, bare: alias and floating-levels 1 (the combinations issue 17's residuals
  // touched): the other lines' tags are in the repository, none holds a kept tag back.
  [
    'eclipse-temurin',
    '21.0.12_8-jdk-alpine-3.24, 21-jdk-alpine-3.24, 21-alpine-3.24, 21.0.12_8-jdk-alpine, 21-jdk-alpine, 21-alpine',
    '25.0.4_7-jdk-alpine-3.24, 25-jdk-alpine-3.24, 25-alpine-3.24, 25.0.4_7-jdk-alpine, 25-jdk-alpine, 25-alpine',
  ],
  [
    'eclipse-temurin',
    '21.0.12_8-jdk-resolute, 21-jdk-resolute, 21-resolute, 21.0.12_8-jdk, 21-jdk, 21',
    '25.0.4_7-jdk-resolute, 25-jdk-resolute, 25-resolute, 25.0.4_7-jdk, 25-jdk, 25, latest',
  ],
  [
    'eclipse-temurin',
    '21.0.12_8-jdk-windowsservercore-ltsc2022, 21-jdk-windowsservercore-ltsc2022, 21-windowsservercore-ltsc2022, 21.0.12_8-jdk-windowsservercore, 21-jdk-windowsservercore, 21-windowsservercore, 21.0.12_8-jdk, 21-jdk, 21',
    '25.0.4_7-jdk, 25-jdk, 25, latest',
  ],
  [
    'eclipse-temurin',
    '21.0.12_8-jre-alpine-3.24, 21-jre-alpine-3.24, 21.0.12_8-jre-alpine, 21-jre-alpine',
    '25.0.4_7-jre-alpine',
  ],
  [
    'eclipse-temurin',
    '8u502-b07-jdk-resolute, 8-jdk-resolute, 8-resolute, 8u502-b07-jdk, 8-jdk, 8',
    '21.0.12_8-jdk, 21',
  ],
  ['elasticsearch', '8.19.20', ''],
  ['elasticsearch', '9.4.5', ''],
  ['elixir', '1.20.3, 1.20, latest, 1.20.3-otp-29, 1.20-otp-29, otp-29', ''],
  ['elixir', '1.20.3-slim, 1.20-slim, slim, 1.20.3-otp-29-slim, 1.20-otp-29-slim, otp-29-slim', ''],
  ['elixir', '1.19.5, 1.19, 1.19.5-otp-28, 1.19-otp-28', '1.20.3'],
  ['elixir', '1.18.4, 1.18, 1.18.4-otp-28, 1.18-otp-28', '1.20.3'],
  ['elixir', '1.18.4-otp-27, 1.18-otp-27', '1.20.3'],
  ['elixir', '1.17.3-otp-26, 1.17-otp-26', '1.20.3'],
  // floating-scope image with floating-levels 2 and a variant list: only another variant's version holds
  // slim and otp-28-slim back; an equal version elsewhere holds nothing.
  ['elixir', '1.19.5-slim, 1.19-slim, 1.19.5-otp-28-slim, 1.19-otp-28-slim', '1.20.3-otp-27-slim'],
  ['elixir', '1.20.3-otp-27-alpine, 1.20-otp-27-alpine, otp-27-alpine', '1.20.3-otp-29-alpine'],
  ['haproxy', '3.5-dev5, 3.5-dev, 3.5-dev5-trixie, 3.5-dev-trixie', ''],
  ['haproxy', '3.5-dev5-alpine, 3.5-dev-alpine, 3.5-dev5-alpine3.24, 3.5-dev-alpine3.24', ''],
  ['haproxy', '3.3.13, 3.3, 3.3.13-trixie, 3.3-trixie', '3.4.3, 3.4.3-trixie'],
  ['haproxy', '3.2.22, 3.2, 3.2.22-trixie, 3.2-trixie', '3.4.3, 3.4.3-trixie'],
  ['haproxy', '3.0.26, 3.0, 3.0.26-trixie, 3.0-trixie', '3.4.3, 3.4.3-trixie'],
  ['haproxy', '2.8.27, 2.8, 2.8.27-trixie, 2.8-trixie', '3.4.3, 3.4.3-trixie'],
  [
    'nginx',
    '1.31.4, mainline, 1, 1.31, latest, 1.31.4-trixie, mainline-trixie, 1-trixie, 1.31-trixie, trixie',
    '',
  ],
  [
    'nginx',
    '1.31.4-perl, mainline-perl, 1-perl, 1.31-perl, perl, 1.31.4-trixie-perl, mainline-trixie-perl, 1-trixie-perl, 1.31-trixie-perl, trixie-perl',
    '',
  ],
  ['nginx', '1.30.4, stable, 1.30, 1.30.4-trixie, stable-trixie, 1.30-trixie', '1.31.4, 1.31.4-trixie'],
  [
    'nginx',
    '1.30.4-perl, stable-perl, 1.30-perl, 1.30.4-trixie-perl, stable-trixie-perl, 1.30-trixie-perl',
    '1.31.4-perl, 1.31.4-trixie-perl',
  ],
  [
    'nginx',
    '1.30.4-otel, stable-otel, 1.30-otel, 1.30.4-trixie-otel, stable-trixie-otel, 1.30-trixie-otel',
    '1.31.4-otel, 1.31.4-trixie-otel',
  ],
  [
    'nginx',
    '1.30.4-alpine, stable-alpine, 1.30-alpine, 1.30.4-alpine3.24, stable-alpine3.24, 1.30-alpine3.24',
    '1.31.4-alpine, 1.31.4-alpine3.24',
  ],
  ['node', '26-alpine3.23, 26.7-alpine3.23, 26.7.0-alpine3.23, alpine3.23, current-alpine3.23', ''],
  [
    'node',
    '26-alpine, 26-alpine3.24, 26.7-alpine, 26.7-alpine3.24, 26.7.0-alpine, 26.7.0-alpine3.24, alpine, alpine3.24, current-alpine, current-alpine3.24',
    '',
  ],
  [
    'node',
    '24-alpine3.23, 24.19-alpine3.23, 24.19.0-alpine3.23, krypton-alpine3.23, lts-alpine3.23',
    '26.7-alpine3.23',
  ],
  ['node', '24-bullseye, 24.19-bullseye, 24.19.0-bullseye, krypton-bullseye, lts-bullseye', '26.7-bullseye'],
  ['node', '22-alpine3.23, 22.23-alpine3.23, 22.23.2-alpine3.23, jod-alpine3.23', '26.7-alpine3.23'],
  ['node', '22-bullseye, 22.23-bullseye, 22.23.2-bullseye, jod-bullseye', '26.7-bullseye'],
  [
    'openjdk',
    '27-rc-jdk-oraclelinux10, 27-rc-oraclelinux10, 27-rc-jdk-oracle, 27-rc-oracle, 27-rc-jdk, 27-rc',
    '',
  ],
  ['openjdk', '27-rc-jdk-oraclelinux9, 27-rc-oraclelinux9', ''],
  // Made up: an older and a newer early-access build beside 28-ea-11 (the line tag moves only forward).
  ['openjdk', '28-ea-11-jdk-trixie, 28-ea-11-trixie, 28-ea-jdk-trixie, 28-ea-trixie', '28-ea-10-jdk-trixie'],
  ['openjdk', '28-ea-11-jdk-bookworm, 28-ea-11-bookworm', '28-ea-12-jdk-bookworm, 28-ea-12-bookworm'],
  [
    'php',
    '8.6.0beta1-cli-trixie, 8.6-rc-cli-trixie, 8.6.0beta1-trixie, 8.6-rc-trixie, 8.6.0beta1-cli, 8.6-rc-cli, 8.6.0beta1, 8.6-rc',
    '',
  ],
  ['php', '8.6.0beta1-apache-trixie, 8.6-rc-apache-trixie, 8.6.0beta1-apache, 8.6-rc-apache', ''],
  [
    'php',
    '8.4.24-cli-trixie, 8.4-cli-trixie, 8.4.24-trixie, 8.4-trixie, 8.4.24-cli, 8.4-cli, 8.4.24, 8.4',
    '8.5.9, 8.5.9-cli-trixie, 8.5.9-trixie, 8.5.9-cli',
  ],
  [
    'php',
    '8.4.24-zts-alpine3.24, 8.4-zts-alpine3.24, 8.4.24-zts-alpine, 8.4-zts-alpine',
    '8.5.9-zts-alpine3.24, 8.5.9-zts-alpine',
  ],
  ['php', '8.3.33-fpm-bookworm, 8.3-fpm-bookworm', '8.5.9-fpm-bookworm'],
  ['php', '8.2.33-fpm-trixie, 8.2-fpm-trixie, 8.2.33-fpm, 8.2-fpm', '8.5.9-fpm-trixie, 8.5.9-fpm'],
  ['postgres', '19beta3, 19beta3-trixie', ''],
  ['postgres', '19beta3-bookworm', ''],
  ['postgres', '17.11, 17, 17.11-trixie, 17-trixie', '18.6, 18.6-trixie'],
  ['postgres', '16.15, 16, 16.15-trixie, 16-trixie', '18.6, 18.6-trixie'],
  ['postgres', '15.19, 15, 15.19-trixie, 15-trixie', '18.6, 18.6-trixie'],
  ['postgres', '14.24, 14, 14.24-trixie, 14-trixie', '18.6, 18.6-trixie'],
  ['python', '3.15.0rc1-trixie, 3.15-rc-trixie, 3.15.0rc1, 3.15-rc', ''],
  ['python', '3.15.0rc1-slim-trixie, 3.15-rc-slim-trixie, 3.15.0rc1-slim, 3.15-rc-slim', ''],
  ['python', '3.13.15-trixie, 3.13-trixie, 3.13.15, 3.13', '3.14.7, 3.14.7-trixie'],
  [
    'python',
    '3.13.15-windowsservercore-ltsc2025, 3.13-windowsservercore-ltsc2025, 3.13.15-windowsservercore, 3.13-windowsservercore, 3.13.15, 3.13',
    '3.14.7, 3.14.7-windowsservercore-ltsc2025, 3.14.7-windowsservercore',
  ],
  [
    'python',
    '3.12.14-alpine3.24, 3.12-alpine3.24, 3.12.14-alpine, 3.12-alpine',
    '3.14.7-alpine3.24, 3.14.7-alpine',
  ],
  [
    'python',
    '3.11.16-alpine3.24, 3.11-alpine3.24, 3.11.16-alpine, 3.11-alpine',
    '3.14.7-alpine3.24, 3.14.7-alpine',
  ],
  ['redis', '8.10.1, 8.10, 8, 8.10.1-trixie, 8.10-trixie, 8-trixie, latest, trixie', ''],
  [
    'redis',
    '8.10.1-alpine, 8.10-alpine, 8-alpine, 8.10.1-alpine3.23, 8.10-alpine3.23, 8-alpine3.23, alpine, alpine3.23',
    '',
  ],
  ['redis', '8.8.2, 8.8, 8.8.2-trixie, 8.8-trixie', '8.10.1'],
  ['redis', '8.6.6-alpine, 8.6-alpine, 8.6.6-alpine3.23, 8.6-alpine3.23', '8.10.1'],
  ['redis', '8.2.9, 8.2, 8.2.9-bookworm, 8.2-bookworm', '8.10.1'],
  ['redis', '8.8.2-alpine, 8.8-alpine, 8.8.2-alpine3.23, 8.8-alpine3.23', '8.10.1-trixie'],
  ['redis', '7.4.11-alpine, 7.4-alpine, 7-alpine, 7.4.11-alpine3.21, 7.4-alpine3.21, 7-alpine3.21', '8.10.1'],
  [
    'traefik',
    'v3.7.11-windowsservercore-ltsc2025, 3.7.11-windowsservercore-ltsc2025, v3.7-windowsservercore-ltsc2025, 3.7-windowsservercore-ltsc2025, langres-windowsservercore-ltsc2025, v3-windowsservercore-ltsc2025, 3-windowsservercore-ltsc2025, windowsservercore-ltsc2025',
    '',
  ],
  [
    'traefik',
    'v3.7.11-windowsservercore-ltsc2022, 3.7.11-windowsservercore-ltsc2022, v3.7-windowsservercore-ltsc2022, 3.7-windowsservercore-ltsc2022, langres-windowsservercore-ltsc2022, v3-windowsservercore-ltsc2022, 3-windowsservercore-ltsc2022, windowsservercore-ltsc2022',
    '',
  ],
  [
    'traefik',
    'v2.11.55-windowsservercore-ltsc2025, 2.11.55-windowsservercore-ltsc2025, v2.11-windowsservercore-ltsc2025, 2.11-windowsservercore-ltsc2025, mimolette-windowsservercore-ltsc2025, v2-windowsservercore-ltsc2025, 2-windowsservercore-ltsc2025',
    'v3.7.11-windowsservercore-ltsc2025',
  ],
  [
    'traefik',
    'v2.11.55-windowsservercore-ltsc2022, 2.11.55-windowsservercore-ltsc2022, v2.11-windowsservercore-ltsc2022, 2.11-windowsservercore-ltsc2022, mimolette-windowsservercore-ltsc2022, v2-windowsservercore-ltsc2022, 2-windowsservercore-ltsc2022',
    'v3.7.11-windowsservercore-ltsc2022',
  ],
  [
    'traefik',
    'v2.11.55-nanoserver-ltsc2025, 2.11.55-nanoserver-ltsc2025, v2.11-nanoserver-ltsc2025, 2.11-nanoserver-ltsc2025, mimolette-nanoserver-ltsc2025, v2-nanoserver-ltsc2025, 2-nanoserver-ltsc2025',
    'v3.7.11-nanoserver-ltsc2025',
  ],
  [
    'traefik',
    'v2.11.55-nanoserver-ltsc2022, 2.11.55-nanoserver-ltsc2022, v2.11-nanoserver-ltsc2022, 2.11-nanoserver-ltsc2022, mimolette-nanoserver-ltsc2022, v2-nanoserver-ltsc2022, 2-nanoserver-ltsc2022',
    'v3.7.11-nanoserver-ltsc2022',
  ],
  ['ubuntu', '22.04, jammy-20260810, jammy', '26.10'],
  ['ubuntu', '24.04, noble-20260810, noble', '26.10'],
];

const reproduce = (image: string, tags: string, existing: string, policy = IMAGE_POLICIES[image] ?? {}) =>
  reproduceEntry({ tags: split(tags) }, [{ tags: split(existing) }], policy);

describe('the Official Images, entry by entry', () => {
  test.each(ENTRIES)('%s: %s', (image, tags, existing) => {
    const result = reproduce(image, tags, existing);
    expect(result.error).toBeUndefined();
    expect({ missing: result.missing, extra: result.extra }).toEqual({ missing: [], extra: [] });
  });

  test('every image of the reference folder has rows', () => {
    expect(new Set(ENTRIES.map(([image]) => image))).toEqual(new Set(Object.keys(IMAGE_POLICIES)));
  });

  // The policies are what makes them match: without its inputs, every image that has some differs.
  test.each(Object.entries(IMAGE_POLICIES).filter(([, policy]) => Object.keys(policy).length > 0))(
    '%s needs its inputs',
    (image) => {
      const rows = ENTRIES.filter(([name]) => name === image);
      const differ = rows.filter(([, tags, existing]) => {
        const r = reproduce(image, tags, existing, {});
        return r.error !== undefined || r.missing.length > 0 || r.extra.length > 0;
      });
      expect(differ.length).toBeGreaterThan(0);
    },
  );
});

describe('parseLibraryFile', () => {
  test('joins Tags and SharedTags, follows indented lines, skips comments and entries without tags', () => {
    const text = [
      '# this file is generated',
      'Maintainers: someone (@someone)',
      'GitRepo: https://example.com/repo.git',
      '',
      'Tags: 3.14.7-windowsservercore-ltsc2025, 3.14-windowsservercore-ltsc2025,',
      '  windowsservercore-ltsc2025',
      'SharedTags: 3.14.7, 3.14, latest, 3.14.7',
      'Directory: 3.14/windows',
      '',
      'Tags: 20260805, edge',
    ].join('\n');
    expect(parseLibraryFile(text)).toEqual<LibraryEntry[]>([
      {
        tags: [
          '3.14.7-windowsservercore-ltsc2025',
          '3.14-windowsservercore-ltsc2025',
          'windowsservercore-ltsc2025',
          '3.14.7',
          '3.14',
          'latest',
        ],
        directory: '3.14/windows',
      },
      { tags: ['20260805', 'edge'], directory: undefined },
    ]);
  });
});
