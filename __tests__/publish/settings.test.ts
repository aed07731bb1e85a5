import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseSettings, splitList, toTagRequest, type RawSettings } from '../../src/publish/settings.js';
import { deriveTags } from '../../src/domain/tags.js';
import { formatError, isPublishError, wordHint, type WordRemedy } from '../../src/errors.js';
import { readActionSettings } from '../../src/action/inputs.js';
import { wordRemedyForAction as actionWords } from '../../src/action/words.js';
import { wordRemedyForCli as cliWords } from '../../src/cli/words.js';

const base: RawSettings = { image: 'app', version: '1.2.3' };

describe('parseSettings', () => {
  test('defaults', () => {
    const s = parseSettings(base);
    expect(s).toMatchObject({
      source: 'docker-daemon:app',
      latest: 'auto',
      floating: 'highest',
      overwrite: false,
      dryRun: false,
      insecure: false,
      concurrency: 4,
      timeoutMs: 60 * 60_000,
      aliases: [],
      extraTags: [],
    });
    expect(s.targets).toEqual([
      {
        registry: 'docker.io',
        apiHost: 'registry-1.docker.io',
        repository: 'library/app',
        name: 'docker.io/library/app',
      },
    ]);
  });

  test.each([
    [
      { registry: 'dockerhub.example.com:5100', namespace: 'com.example.namespace' },
      'dockerhub.example.com:5100/com.example.namespace/app',
    ],
    [{ registry: 'ghcr.io', namespace: 'org/team' }, 'ghcr.io/org/team/app'],
    [{ registry: 'localhost:5000' }, 'localhost:5000/app'],
    [{ registry: 'docker.io', namespace: 'me' }, 'docker.io/me/app'],
  ])('target %o → %s', (raw, name) => {
    expect(parseSettings({ ...base, ...raw }).targets[0]?.name).toBe(name);
  });

  test('extra targets are parsed and deduplicated', () => {
    const s = parseSettings({
      ...base,
      registry: 'ghcr.io',
      namespace: 'org',
      targets: ['ghcr.io/org/app', 'quay.io/org/app'],
    });
    expect(s.targets.map((t) => t.name)).toEqual(['ghcr.io/org/app', 'quay.io/org/app']);
  });

  test.each([
    ['90s', 90_000],
    ['30m', 30 * 60_000],
    ['2h', 2 * 3600_000],
    ['1h30m', 90 * 60_000],
    ['1m5s', 65_000],
    ['45', 45 * 60_000],
    [' 10m ', 10 * 60_000],
    ['', 60 * 60_000],
  ])('timeout %j → %d ms', (timeout, ms) => {
    expect(parseSettings({ ...base, timeout }).timeoutMs).toBe(ms);
  });

  test.each([
    [{ image: '' }, 'Input "image" is required'],
    [{ version: '', tags: [] }, 'Input "version" and Input "tags" are both empty'],
    [{ latest: 'maybe' }, 'Input "latest" must be auto, true or false; got "maybe"'],
    [{ floating: 'lowest' }, 'Input "floating" must be highest or always'],
    [{ concurrency: '0' }, 'Input "concurrency" must be a whole number from 1 to 32; got "0"'],
    [{ concurrency: '4.5' }, 'Input "concurrency" must be a whole number'],
    [{ concurrency: '33' }, 'Input "concurrency" must be a whole number'],
    [
      { timeout: '0s' },
      'Input "timeout" must be a duration from 1s to 24h such as 90s, 30m or 1h30m; got "0s"',
    ],
    [{ timeout: '25h' }, 'Input "timeout" must be a duration'],
    [{ timeout: '10 minutes' }, 'Input "timeout" must be a duration'],
    [{ timeout: '1.5h' }, 'Input "timeout" must be a duration'],
    [{ timeout: 'm' }, 'Input "timeout" must be a duration'],
    [{ overwrite: 'yes' }, 'Input "overwrite" must be true or false; got "yes"'],
    [{ 'dry-run': '1' }, 'Input "dry-run" must be true or false'],
    [{ insecure: 'on' }, 'Input "insecure" must be true or false'],
    [{ 'ca-file': '/nonexistent/ca.pem' }, 'Input "ca-file" "/nonexistent/ca.pem" does not exist'],
    [{ 'cert-dir': '/nonexistent/certs.d' }, 'Input "cert-dir" "/nonexistent/certs.d" is not a directory'],
    [{ 'cert-dir': 'package.json' }, 'Input "cert-dir" "package.json" is not a directory'],
    [{ 'client-cert': 'package.json' }, 'Input "client-cert" is set but Input "client-key" is empty'],
    [{ 'client-key': 'package.json' }, 'Input "client-key" is set but Input "client-cert" is empty'],
    [
      { 'client-cert': '/nonexistent/c.pem', 'client-key': 'package.json' },
      'Input "client-cert" "/nonexistent/c.pem" does not exist',
    ],
    [{ password: 'x' }, 'Input "password" is set but Input "username" is empty'],
    [{ username: 'u' }, 'Input "username" is set but Input "password" is empty'],
    [{ targets: ['ghcr.io/org/app:1.0'] }, 'carries a tag or digest'],
  ] as [RawSettings, string][])('rejects %o', (raw, message) => {
    let caught: unknown;
    try {
      parseSettings({ ...base, ...raw });
    } catch (err) {
      caught = err;
    }
    expect(isPublishError(caught, 'INPUT_INVALID')).toBe(true);
    expect(formatError(caught, actionWords)).toContain(message);
    expect(formatError(caught, actionWords).split('\n')).toHaveLength(1);
  });

  test('booleans accept the YAML spellings', () => {
    expect(parseSettings({ ...base, overwrite: 'True', 'dry-run': 'TRUE', insecure: 'false' })).toMatchObject(
      { overwrite: true, dryRun: true, insecure: false },
    );
  });

  test('CLI naming', () => {
    expect(errorLine(() => parseSettings({ ...base, latest: 'x' }), cliWords)).toContain(
      '--latest must be auto, true or false',
    );
  });
});

describe('names', () => {
  test('a mixed-case namespace and image are lowercased with a notice', () => {
    const s = parseSettings({ ...base, registry: 'GHCR.io', namespace: 'My-Org', image: 'My-App' });
    expect(s.targets[0]?.name).toBe('ghcr.io/my-org/my-app');
    expect(s.source).toBe('docker-daemon:my-app');
    expect(s.notices?.map((n) => wordHint(n, actionWords))).toEqual([
      'Input "namespace": My-Org → my-org (repository names are lowercase)',
      'Input "image": My-App → my-app (repository names are lowercase)',
    ]);
    expect(parseSettings(base).notices).toEqual([]);
  });

  test.each<[RawSettings, WordRemedy, string]>([
    [
      { image: 'dockerhub.example.com:5100/ns/app' },
      actionWords,
      'Input "image" "dockerhub.example.com:5100/ns/app" contains the registry "dockerhub.example.com:5100". Put the registry in registry and the path in namespace: registry: dockerhub.example.com:5100, namespace: ns, image: app. [REFERENCE_INVALID]',
    ],
    [
      { image: 'LOCALHOST/team/app' },
      cliWords,
      '--image "LOCALHOST/team/app" contains the registry "LOCALHOST". Put the registry in --registry and the path in --namespace: --registry LOCALHOST, --namespace team, --image app. [REFERENCE_INVALID]',
    ],
    [
      { image: 'ghcr.io/app' },
      actionWords,
      'Put the registry in registry and the path in namespace: registry: ghcr.io, image: app.',
    ],
  ])('an image %o with a registry inside is refused with the split', (raw, word, message) => {
    let caught: unknown;
    try {
      parseSettings({ ...base, ...raw });
    } catch (err) {
      caught = err;
    }
    expect(isPublishError(caught, 'REFERENCE_INVALID')).toBe(true);
    expect(formatError(caught, word)).toContain(message);
  });

  test('an image with only a namespace inside still joins as before', () => {
    expect(parseSettings({ ...base, namespace: 'org', image: 'team/app' }).targets[0]?.name).toBe(
      'docker.io/org/team/app',
    );
  });
});

describe('splitList', () => {
  test.each([
    ['', []],
    ['a', ['a']],
    ['a,b', ['a', 'b']],
    ['a\nb\n\n c ', ['a', 'b', 'c']],
    ['mainline, stable\nlts', ['mainline', 'stable', 'lts']],
  ])('%j', (input, out) => {
    expect(splitList(input)).toEqual(out);
  });
});

describe('annotations without sources', () => {
  test.each([
    ['the default engine source', {}],
    ['docker-daemon:', { source: 'docker-daemon:app:1' }],
    ['docker-archive:', { source: 'docker-archive:./app.tar' }],
  ])('allowed for %s (the manifest is built)', (_what, extra) => {
    expect(parseSettings({ ...base, ...extra, annotations: ['auto'] }).annotations.auto).toBe(true);
  });

  test.each([
    ['oci:', 'oci:./out:1', 'Input "annotations"'],
    ['docker://', 'docker://ghcr.io/org/app:1', 'Input "annotations"'],
    ['oci-archive: (CLI)', 'oci-archive:./app.tar', '--annotation'],
  ])('refused for %s: one line naming the input', (_what, source, name) => {
    const word = name.startsWith('--') ? cliWords : actionWords;
    try {
      parseSettings({ ...base, source, annotations: ['a=b'] });
      expect.unreachable();
    } catch (error) {
      expect(isPublishError(error) && error.code).toBe('INPUT_INVALID');
      expect(formatError(error, word)).toContain(`${name} needs`);
      expect(formatError(error, word).split('\n')).toHaveLength(1);
    }
  });
});
describe('base images', () => {
  test('parsed as references, Docker Hub names expanded; the default engine source takes them', () => {
    const settings = parseSettings({
      ...base,
      base: ['node:24-slim', 'ghcr.io/org/base@sha256:' + 'a'.repeat(64)],
    });
    expect(settings.bases.map((b) => [b.apiHost, b.repository, b.tag ?? b.digest])).toEqual([
      ['registry-1.docker.io', 'library/node', '24-slim'],
      ['ghcr.io', 'org/base', 'sha256:' + 'a'.repeat(64)],
    ]);
  });

  test.each([
    ['oci: source (action)', { source: 'oci:./out:1', base: ['node:24'] }, 'Input "base" needs'],
    ['docker:// source (CLI)', { source: 'docker://ghcr.io/o/a:1', base: ['node:24'] }, '--base needs'],
    ['a bad reference (action)', { base: ['node:24 slim'] }, 'Input "base"'],
    ['a URL (CLI)', { base: ['https://ghcr.io/o/base:1'] }, '--base'],
  ])('refused for %s: one line naming the input', (what, extra, name) => {
    const word = what.includes('CLI') ? cliWords : actionWords;
    try {
      parseSettings({ ...base, ...extra });
      expect.unreachable();
    } catch (error) {
      expect(['INPUT_INVALID', 'REFERENCE_INVALID']).toContain(
        isPublishError(error) ? error.code : undefined,
      );
      expect(formatError(error, word)).toContain(name);
      expect(formatError(error, word).split('\n')).toHaveLength(1);
    }
  });
});

test.each([
  ['source', 'ftp://example.com/app', actionWords, 'Input "source": the source'],
  ['source', 'ftp://example.com/app', cliWords, '--source: the source'],
  ['sources', 'docker-deamon:app', cliWords, '--source'],
] as const)('a %s of %s is refused in parseSettings, in the adapter words', (input, spec, word, words) => {
  const raw = input === 'source' ? { ...base, source: spec } : { ...base, sources: [spec, 'oci:./b'] };
  try {
    parseSettings(raw);
    expect.unreachable();
  } catch (error) {
    expect(isPublishError(error) && error.code).toBe('SOURCE_INVALID');
    expect(formatError(error, word)).toContain(words);
  }
});

describe('variant list and bare, from both adapters', () => {
  const action = (values: Record<string, string>): ReturnType<typeof readActionSettings> =>
    readActionSettings({ get: (name) => values[name] ?? '' });

  test.each<[string, Record<string, string>, string[], boolean | 'alias']>([
    [
      'one per line',
      { image: 'app', version: '1.2.3', variant: 'alpine\nalpine3.22' },
      ['alpine', 'alpine3.22'],
      false,
    ],
    [
      'comma-separated',
      { image: 'app', version: '1.2.3', variant: 'trixie, alpine' },
      ['trixie', 'alpine'],
      false,
    ],
    ['bare', { image: 'app', version: '1.2.3', variant: 'trixie', bare: 'true' }, ['trixie'], true],
    ['bare alias', { image: 'app', version: '1.2.3', variant: 'trixie', bare: 'Alias' }, ['trixie'], 'alias'],
    ['none', { image: 'app', version: '1.2.3' }, [], false],
  ])('action input: %s', (_name, values, variants, bare) => {
    expect(action(values)).toMatchObject({ variants, bare });
  });

  test('action input floating-levels reaches the tag engine', () => {
    const s = action({ image: 'app', version: '1.18.4', 'floating-levels': '2' });
    expect(s.floatingLevels).toBe('2');
    expect(deriveTags(toTagRequest(s, [])).tags.map((t) => t.tag)).toEqual(['1.18.4', '1.18', 'latest']);
  });

  test('action inputs alias-variant, prerelease-alias and floating-scope reach the tag engine', () => {
    const s = action({
      image: 'app',
      version: '8.6.0RC1',
      variant: 'cli',
      'alias-variant': 'c, d',
      'prerelease-alias': 'rc',
      'floating-scope': 'image',
    });
    expect(s).toMatchObject({ aliasVariants: ['c', 'd'], prereleaseAlias: 'rc', floatingScope: 'image' });
    const existing = ['8.6.0RC2-fpm'];
    expect(deriveTags(toTagRequest(s, existing)).heldBack.map((t) => t.tag)).toEqual([
      '8.6-rc-cli',
      '8.6-rc-c',
      '8.6-rc-d',
    ]);
  });

  test.each<[RawSettings, WordRemedy, string]>([
    [{ ...base, 'floating-scope': 'all' }, actionWords, 'Input "floating-scope" must be variant or image'],
    [{ ...base, 'floating-scope': 'all' }, cliWords, '--floating-scope must be variant or image'],
    [{ ...base, 'prerelease-alias': '-rc' }, cliWords, '--prerelease-alias is "-rc"'],
    [{ ...base, 'alias-variant': ['-x'] }, cliWords, '--alias-variant is "-x", which starts with "-"'],
    [{ ...base, bare: 'yes' }, actionWords, 'Input "bare" must be true, false or alias; got "yes"'],
    [{ ...base, bare: 'yes' }, cliWords, '--bare must be true, false or alias; got "yes"'],
    [{ ...base, 'floating-levels': 'x' }, actionWords, 'Input "floating-levels" must be all, none'],
    [{ ...base, 'floating-levels': 'x' }, cliWords, '--floating-levels must be all, none'],
    [{ ...base, variant: ['alpine', '-x'] }, cliWords, '--variant is "-x", which starts with "-"'],
    // Values that could not mean anything, refused before any registry is contacted (residual of issue 17).
    [
      { ...base, version: '1.15.12', 'floating-levels': '7' },
      actionWords,
      'Input "floating-levels" has 7, more numeric parts than 1.15.12 has (3). Use floating-levels: 2 (1.15), 1 (1) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      { ...base, version: '1.15.12', 'floating-levels': '7' },
      cliWords,
      '--floating-levels has 7, more numeric parts than 1.15.12 has (3). Use --floating-levels 2 (1.15), 1 (1) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      { ...base, bare: 'true' },
      actionWords,
      'bare: true needs variant: without a variant the unsuffixed tags are the only ones. Add variant: alpine (each name gets its own set), or drop bare: true. [INPUT_INVALID]',
    ],
    [
      { ...base, bare: 'true' },
      cliWords,
      '--bare needs --variant: without a variant the unsuffixed tags are the only ones. Add --variant alpine (each name gets its own set), or drop --bare. [INPUT_INVALID]',
    ],
    [
      { ...base, bare: 'alias', variant: [' '] },
      actionWords,
      'bare: alias needs variant: without a variant the unsuffixed tags are the only ones. Add variant: alpine (each name gets its own set), or drop bare: alias. [INPUT_INVALID]',
    ],
    [
      { ...base, bare: 'alias' },
      cliWords,
      '--bare-alias needs --variant: without a variant the unsuffixed tags are the only ones. Add --variant alpine (each name gets its own set), or drop --bare-alias. [INPUT_INVALID]',
    ],
  ])('bad value %j names the input', (raw, word, start) => {
    expect(errorLine(() => parseSettings(raw), word)).toContain(start);
  });
});

function errorLine(run: () => unknown, word: WordRemedy): string {
  try {
    run();
  } catch (err) {
    return formatError(err, word);
  }
  return 'no error';
}

describe('trust files are checked against their input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-settings-trust-'));
  const keyFile = join(dir, 'key.pem');
  writeFileSync(
    keyFile,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
  );
  const strayKeyDir = join(dir, 'certs.d');
  mkdirSync(strayKeyDir);
  copyFileSync(keyFile, join(strayKeyDir, 'client.key'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    [{ 'ca-file': keyFile }, `Input "ca-file" "${keyFile}" is not a certificate: it holds a private key`],
    [
      { 'client-cert': keyFile, 'client-key': keyFile },
      `Input "client-cert" "${keyFile}" is not a certificate: it holds a private key`,
    ],
    [
      { 'cert-dir': strayKeyDir },
      `Input "cert-dir": "${join(strayKeyDir, 'client.key')}" has no client certificate client.cert beside it`,
    ],
  ] as [RawSettings, string][])('rejects %o', (raw, message) => {
    let caught: unknown;
    try {
      parseSettings({ ...base, ...raw });
    } catch (err) {
      caught = err;
    }
    expect(isPublishError(caught, 'INPUT_INVALID')).toBe(true);
    expect(formatError(caught, actionWords)).toContain(message);
    expect(formatError(caught, actionWords).split('\n')).toHaveLength(1);
  });

  test('the CLI names the flag', () => {
    expect(errorLine(() => parseSettings({ ...base, 'ca-file': keyFile }), cliWords)).toContain(
      `--ca-file "${keyFile}" is not a certificate`,
    );
  });
});
