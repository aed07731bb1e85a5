/**
 * The action through dist/index.js against the TLS + htpasswd registry (custom CA, nested namespace, as on a
 * corporate registry on an odd port) and against token auth with a test token issuer; skopeo checks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';
import { makeOciLayout } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist } from '../fixtures/run-dist.js';

const PASSWORD = 's3cret-Pa55word-for-tests';
let work: string;
let layout: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'e2e-auth-'));
  layout = join(work, 'layout');
  await makeOciLayout(layout, { seed: 'auth', layers: [4096, 100_000], refName: 'img' });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('TLS registry with htpasswd and a custom CA', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ kind: 'tls-htpasswd', users: { deployer: PASSWORD } });
  });
  afterAll(async () => registry?.stop());

  test('publishes with username, password and ca-file into a nested namespace', async () => {
    const run = await runActionDist({
      registry: registry.host,
      namespace: 'com.example.namespace',
      image: 'centos7-elasticsearch',
      version: '6.8.23',
      source: `oci:${layout}:img`,
      username: 'deployer',
      password: PASSWORD,
      'ca-file': registry.caFile ?? '',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const tag of ['6.8.23', '6.8', '6', 'latest']) {
      expect(
        await inspectDigest(
          registry,
          `com.example.namespace/centos7-elasticsearch:${tag}`,
          `deployer:${PASSWORD}`,
        ),
      ).toBe(run.outputs.digest);
    }
    expect(run.everything).not.toContain(PASSWORD);
    expect(run.everything).not.toContain(Buffer.from(`deployer:${PASSWORD}`).toString('base64'));
  });

  test('without ca-file the TLS failure is one clear line naming ca-file', async () => {
    const before = await registry.snapshotStorage();
    const run = await runActionDist({
      registry: registry.host,
      image: 'app',
      version: '1.0.0',
      source: `oci:${layout}:img`,
      username: 'deployer',
      password: PASSWORD,
    });
    expect(run.code).not.toBe(0);
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain('[TLS_FAILED]');
    expect(error).toContain('ca-file');
    expect(await registry.snapshotStorage()).toBe(before);
  });

  test('a wrong password is AUTH_FAILED and never echoed', async () => {
    const run = await runActionDist({
      registry: registry.host,
      image: 'app',
      version: '1.0.0',
      source: `oci:${layout}:img`,
      username: 'deployer',
      password: 'wrong-password-value',
      'ca-file': registry.caFile ?? '',
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toContain('[AUTH_FAILED]');
    expect(run.everything).not.toContain('wrong-password-value');
  });
});

describe('token auth with a token issuer', () => {
  let issuer: TokenIssuer;
  let registry: TestRegistry;
  beforeAll(async () => {
    issuer = await startTokenIssuer({ users: { ci: PASSWORD } });
    registry = await startRegistry({ kind: 'token', issuer });
  });
  afterAll(async () => {
    await registry?.stop();
    await issuer?.close();
  });

  test('publishes through Bearer tokens; tokens never reach the logs or outputs', async () => {
    const run = await runActionDist({
      registry: registry.host,
      namespace: 'team',
      image: 'app',
      version: '2.1.0',
      aliases: 'stable',
      source: `oci:${layout}:img`,
      username: 'ci',
      password: PASSWORD,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // one token for the run: the first challenge's pull scope lies within the declared pull,push
    expect(issuer.requests.map((r) => r.scopes)).toEqual([['repository:team/app:pull,push']]);
    expect(run.outputs.tags?.split('\n')).toEqual(['2.1.0', '2.1', '2', 'stable', 'latest']);
    for (const tag of ['2.1.0', 'stable', 'latest'])
      expect(await inspectDigest(registry, `team/app:${tag}`, `ci:${PASSWORD}`)).toBe(run.outputs.digest);
    expect(run.everything).not.toContain(PASSWORD);
  });

  test('credentials from the Docker config written by a login step', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const config = join(work, 'docker-config');
    await mkdir(config, { recursive: true });
    await writeFile(
      join(config, 'config.json'),
      JSON.stringify({
        auths: { [registry.host]: { auth: Buffer.from(`ci:${PASSWORD}`).toString('base64') } },
      }),
    );
    const run = await runActionDist(
      {
        registry: registry.host,
        namespace: 'team',
        image: 'fromconfig',
        tags: 'nightly',
        source: `oci:${layout}:img`,
      },
      { DOCKER_CONFIG: config },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(registry, 'team/fromconfig:nightly', `ci:${PASSWORD}`)).toBe(
      run.outputs.digest,
    );
  });
});
