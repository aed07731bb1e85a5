/**
 * Where credentials come from, in order (explicit → DOCKER_AUTH_CONFIG → Docker config → auth.json), and
 * malformed configuration in each place. HOME, XDG_* and DOCKER_CONFIG always point at temp dirs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isPublishError } from '../../src/errors.js';
import { credentialLocations } from '../../src/registry/credential-sources.js';
import { findCredentials } from '../../src/registry/credentials.js';
import { describeCredentialSource } from '../../src/registry/debug-events.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const HOST = 'reg.example.com:5000';
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const auths = (user: string, key = HOST): object => ({
  auths: { [key]: { auth: b64(`${user}:pw-${user}`) } },
});

type Place =
  'DOCKER_AUTH_CONFIG' | 'docker' | 'REGISTRY_AUTH_FILE' | 'XDG_RUNTIME_DIR' | 'XDG_CONFIG_HOME' | 'home';

/** A fresh HOME with the given places filled; returns the env and each place's location. */
function setUp(places: Partial<Record<Place, object | string>>): {
  env: Record<string, string>;
  where: Record<Place, string>;
} {
  const root = mkdtempSync(join(tmpdir(), 'rp-cred-sources-'));
  dirs.push(root);
  const home = join(root, 'home');
  const where: Record<Place, string> = {
    DOCKER_AUTH_CONFIG: 'DOCKER_AUTH_CONFIG',
    docker: join(root, 'docker', 'config.json'),
    REGISTRY_AUTH_FILE: join(root, 'override', 'auth.json'),
    XDG_RUNTIME_DIR: join(root, 'run', 'containers', 'auth.json'),
    XDG_CONFIG_HOME: join(root, 'xdg-config', 'containers', 'auth.json'),
    home: join(home, '.config', 'containers', 'auth.json'),
  };
  const env: Record<string, string> = {
    HOME: home,
    DOCKER_CONFIG: join(root, 'docker'),
    XDG_RUNTIME_DIR: join(root, 'run'),
  };
  mkdirSync(home, { recursive: true });
  for (const [place, content] of Object.entries(places) as [Place, object | string][]) {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    if (place === 'DOCKER_AUTH_CONFIG') {
      env.DOCKER_AUTH_CONFIG = text;
      continue;
    }
    if (place === 'REGISTRY_AUTH_FILE') env.REGISTRY_AUTH_FILE = where.REGISTRY_AUTH_FILE;
    if (place === 'XDG_CONFIG_HOME') env.XDG_CONFIG_HOME = join(root, 'xdg-config');
    mkdirSync(dirname(where[place]), { recursive: true });
    writeFileSync(where[place], text);
  }
  return { env, where };
}

describe('precedence', () => {
  // Each row: the places holding a credential (user = place name) → the one used.
  test.each<[string, Place[], Place]>([
    [
      'DOCKER_AUTH_CONFIG over the Docker config',
      ['DOCKER_AUTH_CONFIG', 'docker', 'home'],
      'DOCKER_AUTH_CONFIG',
    ],
    ['the Docker config over auth.json', ['docker', 'XDG_RUNTIME_DIR', 'home'], 'docker'],
    ['the Docker config over REGISTRY_AUTH_FILE', ['docker', 'REGISTRY_AUTH_FILE', 'home'], 'docker'],
    [
      'DOCKER_AUTH_CONFIG over everything',
      ['DOCKER_AUTH_CONFIG', 'docker', 'REGISTRY_AUTH_FILE', 'XDG_CONFIG_HOME'],
      'DOCKER_AUTH_CONFIG',
    ],
    [
      'REGISTRY_AUTH_FILE over the other auth.json files',
      ['REGISTRY_AUTH_FILE', 'XDG_RUNTIME_DIR', 'home'],
      'REGISTRY_AUTH_FILE',
    ],
    ['$XDG_RUNTIME_DIR/containers/auth.json over ~/.config', ['XDG_RUNTIME_DIR', 'home'], 'XDG_RUNTIME_DIR'],
    ['REGISTRY_AUTH_FILE alone', ['REGISTRY_AUTH_FILE'], 'REGISTRY_AUTH_FILE'],
    ['$XDG_RUNTIME_DIR/containers/auth.json alone', ['XDG_RUNTIME_DIR'], 'XDG_RUNTIME_DIR'],
    ['~/.config/containers/auth.json alone', ['home'], 'home'],
    ['$XDG_CONFIG_HOME/containers/auth.json replaces ~/.config', ['XDG_CONFIG_HOME'], 'XDG_CONFIG_HOME'],
    ['DOCKER_AUTH_CONFIG alone', ['DOCKER_AUTH_CONFIG'], 'DOCKER_AUTH_CONFIG'],
  ])('%s', async (_name, filled, winner) => {
    const { env, where } = setUp(Object.fromEntries(filled.map((p) => [p, auths(p)])));
    const found = await findCredentials(HOST, {}, env);
    expect(found.credentials).toEqual({ kind: 'basic', username: winner, password: `pw-${winner}` });
    expect(found.source).toEqual({ kind: 'config-entry', file: where[winner], key: HOST });
    expect(describeCredentialSource(HOST, found.source, found.credentials)).toBe(
      `credentials for ${HOST}: auths["${HOST}"] in ${where[winner]} (basic, user ${winner})`,
    );
  });

  test('explicit credentials win over every place', async () => {
    const { env } = setUp({ DOCKER_AUTH_CONFIG: auths('env'), docker: auths('docker'), home: auths('home') });
    const found = await findCredentials(HOST, { username: 'me', password: 'tok' }, env);
    expect(found).toEqual({
      credentials: { kind: 'basic', username: 'me', password: 'tok' },
      source: { kind: 'explicit' },
    });
  });

  test('a place without an entry for the registry passes to the next one', async () => {
    const { env, where } = setUp({
      DOCKER_AUTH_CONFIG: auths('other', 'ghcr.io'),
      docker: { auths: { [HOST]: {} } }, // left by a login that stored the secret in a helper
      home: auths('home'),
    });
    const found = await findCredentials(HOST, {}, env);
    expect(found.credentials).toMatchObject({ username: 'home' });
    expect(found.source).toMatchObject({ file: where.home });
  });

  test('nothing anywhere → anonymous, naming the places that were read', async () => {
    const { env, where } = setUp({ docker: auths('x', 'ghcr.io'), home: auths('y', 'quay.io') });
    const found = await findCredentials(HOST, {}, env);
    expect(found).toEqual({
      credentials: { kind: 'anonymous' },
      source: { kind: 'none', read: [where.docker, where.home], missing: [where.XDG_RUNTIME_DIR] },
    });
    expect(describeCredentialSource(HOST, found.source, found.credentials)).toBe(
      `credentials for ${HOST}: anonymous (no entry for ${HOST} in ${where.docker}, ${where.home})`,
    );
  });

  test('REGISTRY_AUTH_FILE takes the place of $XDG_RUNTIME_DIR/containers/auth.json (the primary file)', async () => {
    const { env } = setUp({ REGISTRY_AUTH_FILE: auths('x', 'ghcr.io'), XDG_RUNTIME_DIR: auths('runtime') });
    expect((await findCredentials(HOST, {}, env)).credentials).toEqual({ kind: 'anonymous' });
  });
});

describe('locations', () => {
  // The account's home is /home/acct, its uid 1000 (src/user-dirs.ts decides the directories).
  const account = { uid: 1000, home: '/home/acct' };
  test.each<[string, Record<string, string>, string[]]>([
    [
      'HOME and XDG_RUNTIME_DIR',
      { HOME: '/h', XDG_RUNTIME_DIR: '/run/user/1000' },
      ['/h/.docker/config.json', '/run/user/1000/containers/auth.json', '/h/.config/containers/auth.json'],
    ],
    [
      "no XDG_RUNTIME_DIR: containers/image's per-uid primary file",
      { HOME: '/h' },
      ['/h/.docker/config.json', '/run/containers/1000/auth.json', '/h/.config/containers/auth.json'],
    ],
    [
      'relative XDG_RUNTIME_DIR, XDG_CONFIG_HOME and HOME count as unset',
      { HOME: 'h', XDG_RUNTIME_DIR: 'run', XDG_CONFIG_HOME: 'cfg' },
      [
        '/home/acct/.docker/config.json',
        '/run/containers/1000/auth.json',
        '/home/acct/.config/containers/auth.json',
      ],
    ],
    [
      'XDG_CONFIG_HOME, DOCKER_CONFIG and REGISTRY_AUTH_FILE',
      { HOME: '/h', XDG_CONFIG_HOME: '/cfg', DOCKER_CONFIG: '/d', REGISTRY_AUTH_FILE: '/a.json' },
      ['/d/config.json', '/a.json', '/cfg/containers/auth.json'],
    ],
  ])('%s', (_name, env, locations) => {
    expect(credentialLocations(env, account).map((l) => l.location)).toEqual(locations);
  });
});

describe('auth.json keys', () => {
  // containers-auth.json(5): a host or a namespace; the most specific key covering the repository wins.
  const KEYS = {
    'quay.io': 'host',
    'quay.io/org': 'org',
    'quay.io/org/app': 'app',
    'https://ghcr.io': 'scheme-host',
    'docker.io/library': 'hub-library',
    'docker.io': 'hub',
  };
  const file = {
    auths: Object.fromEntries(Object.entries(KEYS).map(([key, user]) => [key, { auth: b64(`${user}:p`) }])),
  };
  test.each<[string, string | undefined, string]>([
    ['quay.io', 'org/app', 'app'],
    ['quay.io', 'org/app/sub', 'app'],
    ['quay.io', 'org/other', 'org'],
    ['quay.io', 'org', 'org'],
    ['quay.io', 'organisation/app', 'host'],
    ['quay.io', 'elsewhere/app', 'host'],
    ['quay.io', undefined, 'host'],
    ['ghcr.io', 'me/app', 'scheme-host'],
    ['registry-1.docker.io', 'library/nginx', 'hub-library'],
    ['registry-1.docker.io', 'me/app', 'hub'],
  ])('%s/%s → %s', async (registry, repository, user) => {
    const { env } = setUp({ home: file });
    const found = await findCredentials(registry, {}, env, repository ? { repository } : {});
    expect(found.credentials).toMatchObject({ kind: 'basic', username: user });
  });

  test('namespace keys are an auth.json format: the Docker config reads them by host only', async () => {
    const { env } = setUp({ docker: { auths: { 'quay.io/org': { auth: b64('docker:p') } } } });
    const found = await findCredentials('quay.io', {}, env, { repository: 'elsewhere/app' });
    expect(found.credentials).toMatchObject({ username: 'docker' });
  });

  test('credHelpers in auth.json; credsStore is not part of its format', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'rp-cred-bin-'));
    dirs.push(bin);
    writeFileSync(
      join(bin, 'docker-credential-podtest'),
      '#!/bin/sh\nread s\necho "{\\"Username\\":\\"helped\\",\\"Secret\\":\\"h-$s\\"}"\n',
      { mode: 0o755 },
    );
    const { env, where } = setUp({ home: { credHelpers: { [HOST]: 'podtest' } } });
    const found = await findCredentials(HOST, {}, { ...env, PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(found.credentials).toEqual({ kind: 'basic', username: 'helped', password: `h-${HOST}` });
    expect(found.source).toEqual({ kind: 'helper', helper: 'podtest', file: where.home, key: HOST });
    const store = setUp({ home: { credsStore: 'podtest' } });
    expect((await findCredentials(HOST, {}, { ...store.env, PATH: bin })).credentials).toEqual({
      kind: 'anonymous',
    });
  });

  test('DOCKER_AUTH_CONFIG has the Docker config format: credHelpers and credsStore too', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'rp-cred-bin-'));
    dirs.push(bin);
    writeFileSync(
      join(bin, 'docker-credential-envtest'),
      '#!/bin/sh\nread s\necho "{\\"Username\\":\\"env\\",\\"Secret\\":\\"e-$s\\"}"\n',
      { mode: 0o755 },
    );
    for (const config of [{ credHelpers: { [HOST]: 'envtest' } }, { credsStore: 'envtest' }]) {
      const { env } = setUp({ DOCKER_AUTH_CONFIG: config, docker: auths('docker') });
      const found = await findCredentials(HOST, {}, { ...env, PATH: bin });
      expect(found.credentials).toEqual({ kind: 'basic', username: 'env', password: `e-${HOST}` });
      expect(found.source).toMatchObject({ kind: 'helper', file: 'DOCKER_AUTH_CONFIG' });
    }
  });
});

describe('malformed configuration is one line naming the file or variable', () => {
  const BAD: readonly [string, string, RegExp][] = [
    ['not JSON', '{not json', /is not valid JSON/],
    ['not an object', '["auths"]', /is not a JSON object/],
    ['auths not an object', '{"auths":[]}', /"auths" that is not an object/],
    ['an auths entry not an object', `{"auths":{"${HOST}":"x"}}`, /"auths" entry for "reg.example.com:5000"/],
    ['credHelpers not an object', '{"credHelpers":"x"}', /"credHelpers" that is not an object/],
    ['a credHelpers entry not a string', '{"credHelpers":{"h":1}}', /"credHelpers" entry for "h"/],
    [
      'an auth without a colon',
      `{"auths":{"${HOST}":{"auth":"${b64('justuser')}"}}}`,
      /invalid "auth" for reg/,
    ],
  ];
  const PLACES: readonly [Place, string][] = [
    ['DOCKER_AUTH_CONFIG', '^DOCKER_AUTH_CONFIG '],
    ['docker', '^The Docker config '],
    ['REGISTRY_AUTH_FILE', '^The containers auth file '],
    ['XDG_RUNTIME_DIR', '^The containers auth file '],
    ['home', '^The containers auth file '],
  ];
  const rows = PLACES.flatMap(([place, prefix]) =>
    BAD.map(([what, text, message]) => [place, what, text, prefix, message] as const),
  );
  test.each(rows)('%s: %s', async (place, _what, text, prefix, message) => {
    const { env, where } = setUp({ [place]: text });
    const err = await findCredentials(HOST, {}, env).catch((e: unknown) => e);
    expect(isPublishError(err, 'CREDENTIALS_INVALID')).toBe(true);
    const line = (err as Error).message;
    expect(line).toMatch(new RegExp(prefix));
    expect(line).toContain(where[place]);
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('justuser');
  });

  test('an unreadable file names it', async () => {
    const { env, where } = setUp({});
    mkdirSync(where.home, { recursive: true }); // a directory where the file should be
    const err = await findCredentials(HOST, {}, env).catch((e: unknown) => e);
    expect(isPublishError(err, 'CREDENTIALS_INVALID')).toBe(true);
    expect((err as Error).message).toBe(`Cannot read the containers auth file ${where.home} (EISDIR)`);
  });

  test('a missing REGISTRY_AUTH_FILE is skipped, as podman does', async () => {
    const { env, where } = setUp({ home: auths('home') });
    const found = await findCredentials(
      HOST,
      {},
      { ...env, REGISTRY_AUTH_FILE: join(dirname(where.home), 'nope.json') },
    );
    expect(found.credentials).toMatchObject({ username: 'home' });
  });
});
