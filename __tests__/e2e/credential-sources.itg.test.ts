/**
 * Credentials other tools set up, through dist/index.js against real registries (TLS + htpasswd, and token
 * auth): only in an auth.json at each of its locations (REGISTRY_AUTH_FILE, $XDG_RUNTIME_DIR/containers,
 * ~/.config/containers), or only in DOCKER_AUTH_CONFIG. HOME, XDG_RUNTIME_DIR and DOCKER_CONFIG point at
 * temp dirs, so nothing on the machine is read or touched. The debug line names the place used; skopeo
 * reads the tag back.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';
import { makeOciLayout } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist } from '../fixtures/run-dist.js';

const PASSWORD = 'auth-Json-Pa55word-for-tests';
let work: string;
let layout: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'e2e-cred-sources-'));
  layout = join(work, 'layout');
  await makeOciLayout(layout, { seed: 'cred-sources', layers: [4096], refName: 'img' });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

type Place = 'REGISTRY_AUTH_FILE' | 'XDG_RUNTIME_DIR' | 'HOME' | 'DOCKER_AUTH_CONFIG';

let runs = 0;
/** A fresh HOME and XDG_RUNTIME_DIR with the credential in one place only; the env and where it is. */
async function placeCredential(
  place: Place,
  config: object,
): Promise<{ env: Record<string, string>; location: string }> {
  const root = join(work, `run-${++runs}`);
  const env: Record<string, string> = {
    HOME: join(root, 'home'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    DOCKER_CONFIG: join(root, 'docker'), // exists, empty: no Docker config
  };
  for (const dir of Object.values(env)) await mkdir(dir, { recursive: true });
  const files: Record<Exclude<Place, 'DOCKER_AUTH_CONFIG'>, string> = {
    REGISTRY_AUTH_FILE: join(root, 'elsewhere', 'auth.json'),
    XDG_RUNTIME_DIR: join(env.XDG_RUNTIME_DIR as string, 'containers', 'auth.json'),
    HOME: join(env.HOME as string, '.config', 'containers', 'auth.json'),
  };
  if (place === 'DOCKER_AUTH_CONFIG') {
    env.DOCKER_AUTH_CONFIG = JSON.stringify(config);
    return { env, location: 'DOCKER_AUTH_CONFIG' };
  }
  const file = files[place];
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(config));
  if (place === 'REGISTRY_AUTH_FILE') env.REGISTRY_AUTH_FILE = file;
  return { env, location: file };
}

const PLACES: readonly Place[] = ['REGISTRY_AUTH_FILE', 'XDG_RUNTIME_DIR', 'HOME', 'DOCKER_AUTH_CONFIG'];
const auth = (user: string): string => Buffer.from(`${user}:${PASSWORD}`).toString('base64');

describe('TLS registry with htpasswd', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ kind: 'tls-htpasswd', users: { podman: PASSWORD } });
  });
  afterAll(async () => registry?.stop());

  test.each(PLACES)('credentials only in %s', async (place) => {
    const { env, location } = await placeCredential(place, {
      auths: { [registry.host]: { auth: auth('podman') } },
    });
    const image = `only-${place.toLowerCase().replace(/_/g, '-')}`;
    const run = await runActionDist(
      {
        registry: registry.host,
        namespace: 'team',
        image,
        version: '1.0.0',
        source: `oci:${layout}:img`,
        'ca-file': registry.caFile ?? '',
      },
      { ...env, RUNNER_DEBUG: '1' },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(registry, `team/${image}:1.0.0`, `podman:${PASSWORD}`)).toBe(
      run.outputs.digest,
    );
    expect(run.stdout).toContain(
      `::debug::credentials for ${registry.host}: auths["${registry.host}"] in ${location} (basic, user podman)`,
    );
    expect(run.everything).not.toContain(PASSWORD);
    expect(run.everything).not.toContain(auth('podman'));
  });
});

describe('token auth', () => {
  let issuer: TokenIssuer;
  let registry: TestRegistry;
  beforeAll(async () => {
    issuer = await startTokenIssuer({ users: { skopeo: PASSWORD } });
    registry = await startRegistry({ kind: 'token', issuer });
  });
  afterAll(async () => {
    await registry?.stop();
    await issuer?.close();
  });

  test.each(PLACES)('credentials only in %s', async (place) => {
    const { env, location } = await placeCredential(place, {
      auths: { [registry.host]: { auth: auth('skopeo') } },
    });
    const image = `only-${place.toLowerCase().replace(/_/g, '-')}`;
    const run = await runActionDist(
      { registry: registry.host, namespace: 'team', image, tags: 'nightly', source: `oci:${layout}:img` },
      { ...env, RUNNER_DEBUG: '1' },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(registry, `team/${image}:nightly`, `skopeo:${PASSWORD}`)).toBe(
      run.outputs.digest,
    );
    expect(run.stdout).toContain(
      `::debug::credentials for ${registry.host}: auths["${registry.host}"] in ${location} (basic, user skopeo)`,
    );
    expect(run.everything).not.toContain(PASSWORD);
  });

  test('an auth.json key scoped to the namespace (HOST/team) is used for team/app', async () => {
    const key = `${registry.host}/team`;
    const { env, location } = await placeCredential('HOME', {
      auths: { [key]: { auth: auth('skopeo') }, [`${registry.host}/other`]: { auth: auth('nobody') } },
    });
    const run = await runActionDist(
      {
        registry: registry.host,
        namespace: 'team',
        image: 'scoped',
        tags: 'nightly',
        source: `oci:${layout}:img`,
      },
      { ...env, RUNNER_DEBUG: '1' },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`auths["${key}"] in ${location} (basic, user skopeo)`);
    expect(await inspectDigest(registry, 'team/scoped:nightly', `skopeo:${PASSWORD}`)).toBe(
      run.outputs.digest,
    );
  });
});
