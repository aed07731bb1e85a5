import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isPublishError } from '../../src/errors.js';
import { credentialLocations } from '../../src/registry/credential-sources.js';
import * as credentials from '../../src/registry/credentials.js';
import type { Credentials } from '../../src/registry/types.js';
import { describeCredentialSource } from '../../src/registry/debug-events.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rp-creds-'));
  dirs.push(dir);
  return dir;
}

function configDir(config: unknown): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

/**
 * The env a lookup gets: HOME and XDG_RUNTIME_DIR are empty temp directories unless a test gives its own, so
 * the machine's own ~/.docker/config.json, ~/.config/containers/auth.json and /run/containers/UID/auth.json
 * are never read (DOCKER_CONFIG covers only the first).
 */
function isolated(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return { HOME: tempDir(), XDG_RUNTIME_DIR: tempDir(), ...env };
}
const findCredentials = (
  ...[registry, explicit, env, options]: Parameters<typeof credentials.findCredentials>
) => credentials.findCredentials(registry, explicit, isolated(env), options);

test('the lookups here read no file outside temp directories', () => {
  const dockerConfig = tempDir();
  // What DOCKER_CONFIG alone leaves to the real home directory: the containers auth.json.
  expect(credentialLocations({ DOCKER_CONFIG: dockerConfig }).map((l) => l.location)).toContain(
    join(homedir(), '.config', 'containers', 'auth.json'),
  );
  for (const { location } of credentialLocations(isolated({ DOCKER_CONFIG: dockerConfig })))
    expect(location.startsWith(join(tmpdir(), 'rp-creds-')), location).toBe(true);
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** The credentials alone, without where they came from (isolated, as findCredentials here). */
async function resolveCredentials(...args: Parameters<typeof findCredentials>): Promise<Credentials> {
  return (await findCredentials(...args)).credentials;
}

/** A fake `docker-credential-test` on a temp PATH: logs the server URL it got, answers per URL. */
function helperPath(): { PATH: string; log: string } {
  const bin = tempDir();
  const log = join(bin, 'calls.log');
  writeFileSync(
    join(bin, 'docker-credential-test'),
    `#!/bin/sh
read server
echo "$1 $server" >> "${log}"
case "$server" in
  https://index.docker.io/v1/) echo '{"ServerURL":"'$server'","Username":"hubuser","Secret":"hub-secret"}' ;;
  ghcr.io) echo '{"ServerURL":"ghcr.io","Username":"ghuser","Secret":"gh-secret"}' ;;
  token.example.com) echo '{"ServerURL":"x","Username":"<token>","Secret":"identity-from-helper"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`,
  );
  chmodSync(join(bin, 'docker-credential-test'), 0o755);
  return { PATH: `${bin}:${process.env.PATH ?? ''}`, log };
}

describe('explicit', () => {
  test('username/password → basic; ACR zero-GUID user → identity token', async () => {
    expect(await resolveCredentials('ghcr.io', { username: 'me', password: 'tok' }, {})).toEqual({
      kind: 'basic',
      username: 'me',
      password: 'tok',
    });
    expect(
      await resolveCredentials(
        'x.azurecr.io',
        { username: '00000000-0000-0000-0000-000000000000', password: 'refresh' },
        {},
      ),
    ).toEqual({
      kind: 'identity-token',
      username: '00000000-0000-0000-0000-000000000000',
      token: 'refresh',
    });
    expect(
      await resolveCredentials(
        '1.dkr.ecr.us-east-1.amazonaws.com',
        { username: 'AWS', password: 'ecr-token' },
        {},
      ),
    ).toEqual({
      kind: 'basic',
      username: 'AWS',
      password: 'ecr-token',
    });
  });
  test('half-given credentials are CREDENTIALS_INVALID', async () => {
    await expect(resolveCredentials('ghcr.io', { password: 'x' }, {})).rejects.toThrow(/without a username/);
    await expect(resolveCredentials('ghcr.io', { username: 'x' }, {})).rejects.toThrow(/without a password/);
  });
});

describe('Docker config', () => {
  test('no config → anonymous; HOME/.docker used when DOCKER_CONFIG is unset', async () => {
    expect(await resolveCredentials('ghcr.io', {}, { DOCKER_CONFIG: tempDir() })).toEqual({
      kind: 'anonymous',
    });
    const home = tempDir();
    const docker = join(home, '.docker');
    rmSync(docker, { force: true, recursive: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(docker);
    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': { auth: b64('u:p') } } }),
    );
    expect(await resolveCredentials('ghcr.io', {}, { HOME: home })).toEqual({
      kind: 'basic',
      username: 'u',
      password: 'p',
    });
  });

  test.each<[string, string]>([
    ['https://index.docker.io/v1/', 'registry-1.docker.io'],
    ['index.docker.io', 'registry-1.docker.io'],
    ['docker.io', 'registry-1.docker.io'],
    ['registry-1.docker.io', 'registry-1.docker.io'],
    ['https://index.docker.io/v1/', 'docker.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['https://quay.io/v2/', 'quay.io'],
    ['ghcr.io', 'ghcr.io'],
  ])('auths key %s serves %s', async (key, registry) => {
    const dir = configDir({ auths: { [key]: { auth: b64('user:pa:ss') } } });
    expect(await resolveCredentials(registry, {}, { DOCKER_CONFIG: dir })).toEqual({
      kind: 'basic',
      username: 'user',
      password: 'pa:ss',
    });
  });

  test('other registries do not match', async () => {
    const dir = configDir({
      auths: { 'ghcr.io': { auth: b64('u:p') }, 'https://index.docker.io/v1/': { auth: b64('h:p') } },
    });
    expect(await resolveCredentials('quay.io', {}, { DOCKER_CONFIG: dir })).toEqual({ kind: 'anonymous' });
    expect(await resolveCredentials('ghcr.io.evil.com', {}, { DOCKER_CONFIG: dir })).toEqual({
      kind: 'anonymous',
    });
  });

  test('identitytoken and registrytoken', async () => {
    const dir = configDir({
      auths: {
        'x.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'acr-refresh' },
        'reg.example.com': { registrytoken: 'pre-issued' },
        'zero.azurecr.io': { auth: b64('00000000-0000-0000-0000-000000000000:refresh-as-password') },
      },
    });
    expect(await resolveCredentials('x.azurecr.io', {}, { DOCKER_CONFIG: dir })).toEqual({
      kind: 'identity-token',
      username: '00000000-0000-0000-0000-000000000000',
      token: 'acr-refresh',
    });
    expect(await resolveCredentials('reg.example.com', {}, { DOCKER_CONFIG: dir })).toEqual({
      kind: 'registry-token',
      token: 'pre-issued',
    });
    expect(await resolveCredentials('zero.azurecr.io', {}, { DOCKER_CONFIG: dir })).toMatchObject({
      kind: 'identity-token',
      token: 'refresh-as-password',
    });
  });

  test('invalid JSON and invalid auth are CREDENTIALS_INVALID naming the file', async () => {
    const bad = configDir('{not json');
    const err = await resolveCredentials('ghcr.io', {}, { DOCKER_CONFIG: bad }).catch((e: unknown) => e);
    expect(isPublishError(err, 'CREDENTIALS_INVALID')).toBe(true);
    expect((err as Error).message).toContain(join(bad, 'config.json'));
    const noColon = configDir({ auths: { 'ghcr.io': { auth: b64('justuser') } } });
    await expect(resolveCredentials('ghcr.io', {}, { DOCKER_CONFIG: noColon })).rejects.toThrow(
      /invalid "auth" for ghcr.io/,
    );
  });

  test('explicit credentials win over the config', async () => {
    const dir = configDir({ auths: { 'ghcr.io': { auth: b64('u:p') } } });
    expect(
      await resolveCredentials('ghcr.io', { username: 'x', password: 'y' }, { DOCKER_CONFIG: dir }),
    ).toMatchObject({ username: 'x' });
  });
});

describe('credential helpers', () => {
  test('credHelpers for the registry, with the Hub server URL https://index.docker.io/v1/', async () => {
    const { PATH, log } = helperPath();
    const dir = configDir({ credHelpers: { 'docker.io': 'test', 'ghcr.io': 'test' } });
    expect(await resolveCredentials('registry-1.docker.io', {}, { DOCKER_CONFIG: dir, PATH })).toEqual({
      kind: 'basic',
      username: 'hubuser',
      password: 'hub-secret',
    });
    expect(await resolveCredentials('ghcr.io', {}, { DOCKER_CONFIG: dir, PATH })).toEqual({
      kind: 'basic',
      username: 'ghuser',
      password: 'gh-secret',
    });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'get https://index.docker.io/v1/',
      'get ghcr.io',
    ]);
  });

  test('credsStore; <token> username means an identity token; not found falls back to auths', async () => {
    const { PATH } = helperPath();
    const dir = configDir({ credsStore: 'test', auths: { 'quay.io': { auth: b64('q:p') } } });
    expect(await resolveCredentials('token.example.com', {}, { DOCKER_CONFIG: dir, PATH })).toEqual({
      kind: 'identity-token',
      username: '',
      token: 'identity-from-helper',
    });
    expect(await resolveCredentials('quay.io', {}, { DOCKER_CONFIG: dir, PATH })).toEqual({
      kind: 'basic',
      username: 'q',
      password: 'p',
    });
    expect(await resolveCredentials('unknown.example.com', {}, { DOCKER_CONFIG: dir, PATH })).toEqual({
      kind: 'anonymous',
    });
  });

  test('a missing helper binary is CREDENTIALS_INVALID naming it', async () => {
    const dir = configDir({ credHelpers: { 'ghcr.io': 'nonexistent-helper' } });
    const err = await resolveCredentials('ghcr.io', {}, { DOCKER_CONFIG: dir, PATH: tempDir() }).catch(
      (e: unknown) => e,
    );
    expect(isPublishError(err, 'CREDENTIALS_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/docker-credential-nonexistent-helper, which is not installed/);
  });

  test('an injected runner is used', async () => {
    const dir = configDir({ credHelpers: { 'ghcr.io': 'any' } });
    const calls: string[] = [];
    const creds = await resolveCredentials(
      'ghcr.io',
      {},
      { DOCKER_CONFIG: dir },
      {
        runHelper: async (helper, server) => {
          calls.push(`${helper} ${server}`);
          return { Username: 'a', Secret: 'b' };
        },
      },
    );
    expect(creds).toEqual({ kind: 'basic', username: 'a', password: 'b' });
    expect(calls).toEqual(['any ghcr.io']);
  });
});

describe('the credential source, for the debug output', () => {
  /** The debug line for each lookup: which source answered, never the secret. */
  async function sourceLine(
    registry: string,
    explicit: object,
    env: Record<string, string>,
  ): Promise<string> {
    const { credentials: found, source } = await findCredentials(registry, explicit, env);
    return describeCredentialSource(registry, source, found);
  }

  test.each<[string, string, object, (dir: string) => RegExp]>([
    [
      'explicit',
      'ghcr.io',
      { username: 'me', password: 'tok-secret' },
      () => /the username and password given \(basic, user me\)/,
    ],
    [
      'auths key',
      'ghcr.io',
      {},
      (dir) =>
        new RegExp(`auths\\["https://ghcr.io"\\] in ${join(dir, 'config.json')} \\(basic, user cfg\\)`),
    ],
    [
      'credHelpers',
      'registry-1.docker.io',
      {},
      (dir) =>
        new RegExp(
          `docker-credential-test, from credHelpers\\["docker.io"\\] in ${join(dir, 'config.json')} \\(basic, user hubuser\\)`,
        ),
    ],
    [
      'no entry',
      'quay.io',
      {},
      (dir) => new RegExp(`anonymous \\(no entry for quay.io in ${join(dir, 'config.json')}\\)`),
    ],
  ])('%s', async (_name, registry, explicit, expected) => {
    const { PATH } = helperPath();
    const dir = configDir({
      auths: { 'https://ghcr.io': { auth: b64('cfg:cfg-secret') } },
      credHelpers: { 'docker.io': 'test' },
    });
    const line = await sourceLine(registry, explicit, { DOCKER_CONFIG: dir, PATH });
    expect(line).toMatch(expected(dir));
    expect(line).not.toMatch(/secret/);
  });

  test('credsStore, and no Docker config at all', async () => {
    const { PATH } = helperPath();
    const store = configDir({ credsStore: 'test' });
    expect(await sourceLine('ghcr.io', {}, { DOCKER_CONFIG: store, PATH })).toContain(
      'docker-credential-test, from credsStore in',
    );
    const empty = tempDir();
    expect(
      await sourceLine('ghcr.io', {}, { DOCKER_CONFIG: empty, HOME: empty, XDG_RUNTIME_DIR: empty }),
    ).toBe(
      `credentials for ghcr.io: anonymous (no Docker config or auth.json: none of ${join(empty, 'config.json')}, ${join(empty, 'containers', 'auth.json')}, ${join(empty, '.config', 'containers', 'auth.json')} exists)`,
    );
  });
});
