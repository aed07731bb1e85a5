/**
 * Where credentials may go. Through dist/index.js as the action:
 *
 * - never over plain HTTP to a non-loopback registry unless `insecure: true` (a plain-HTTP front bound to
 *   this machine's non-loopback address records every header it receives);
 * - never to a plain-HTTP token realm on a non-loopback host;
 * - never forwarded on a redirect to another host: a registry front answers blob GETs with a 307 to a
 *   second loopback server ("object storage", which holds its own access to the blobs and records the
 *   headers it receives), read through a docker:// source whose credentials come from the Docker config.
 *
 * Each run also checks that the password, base64(user:password) and any bearer token appear nowhere a user
 * can see (every failing path of the hostile-input table checks the same).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkRepository, startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, type ActionRun } from '../fixtures/run-dist.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';

const USER = 'alice';
const PASSWORD = 'Secret-Pa55word-e41d07';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

let work: string;
let htpasswd: TestRegistry;
let layout: OciLayout;
const address = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((a) => a.family === 'IPv4' && !a.internal)?.address;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-secrets-'));
  htpasswd = await startRegistry({ kind: 'tls-htpasswd', users: { [USER]: PASSWORD } });
  layout = await makeOciLayout(join(work, 'img'), {
    seed: 'secrets',
    layers: [1024, 50_000],
    refName: 'img',
  });
});

afterAll(async () => {
  await htpasswd?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function visible(run: ActionRun): string {
  return run.everything
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

function expectNoSecrets(run: ActionRun): void {
  const text = visible(run);
  expect(text.includes(PASSWORD), 'password visible').toBe(false);
  expect(text.includes(BASIC.slice(6)), 'base64(user:password) visible').toBe(false);
  expect(JWT.exec(text)?.[0], 'bearer token visible').toBeUndefined();
}

function firstError(run: ActionRun): string {
  return run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
}

describe.skipIf(address === undefined)(`plain HTTP on a non-loopback address (${address ?? 'none'})`, () => {
  let front: FaultProxy;

  beforeAll(async () => {
    front = await startFaultProxy({
      upstream: htpasswd.url,
      upstreamCaFile: htpasswd.caFile,
      listenHost: address ?? '',
    });
  });

  afterAll(async () => {
    await front?.stop();
  });

  test('without insecure: refused before any credential is sent', async () => {
    const before = front.log.length;
    const run = await runActionDist({
      registry: front.host,
      namespace: 'plain',
      image: 'app',
      version: '1.0.0',
      source: layout.ref,
      username: USER,
      password: PASSWORD,
    });
    expect(run.code).not.toBe(0);
    expect(firstError(run)).toMatch(/plain HTTP/i);
    expect(firstError(run)).toMatch(/insecure: true/);
    expect(firstError(run)).toContain('[INSECURE_REFUSED]');
    const seen = front.log.slice(before);
    expect(seen.filter((e) => e.headers.authorization !== undefined)).toEqual([]);
    expect(front.nonHttpConnections(), 'the client tried TLS first').toBeGreaterThan(0);
    expectNoSecrets(run);
  });

  test('with insecure: true the same registry is used over plain HTTP', async () => {
    const run = await runActionDist({
      registry: front.host,
      namespace: 'plain',
      image: 'app',
      version: '1.0.0',
      source: layout.ref,
      username: USER,
      password: PASSWORD,
      insecure: 'true',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(front.log.some((e) => e.headers.authorization === BASIC)).toBe(true);
    expect(
      (
        await checkRepository(
          { url: htpasswd.url, caFile: htpasswd.caFile, authorization: () => BASIC },
          'plain/app',
        )
      ).tags.get('1.0.0'),
    ).toBe(run.outputs.digest);
    expectNoSecrets(run);
  });
});

describe.skipIf(address === undefined)('a token realm on plain HTTP at a non-loopback address', () => {
  let issuer: TokenIssuer;
  let registry: TestRegistry;
  let realmFront: FaultProxy;
  let registryFront: FaultProxy;

  beforeAll(async () => {
    issuer = await startTokenIssuer({ users: { [USER]: PASSWORD } });
    registry = await startRegistry({ kind: 'token', issuer });
    realmFront = await startFaultProxy({ upstream: new URL(issuer.realm).origin, listenHost: address ?? '' });
    const realm = `${realmFront.url}/token`;
    registryFront = await startFaultProxy({
      upstream: registry.url,
      mapResponseHeader: (name, value) =>
        name === 'www-authenticate' ? value.split(issuer.realm).join(realm) : value,
    });
  });

  afterAll(async () => {
    await registryFront?.stop();
    await realmFront?.stop();
    await registry?.stop();
    await issuer?.close();
  });

  test('never receives the credentials', async () => {
    const before = await registry.snapshotStorage();
    const run = await runActionDist({
      registry: registryFront.host,
      namespace: 'realm',
      image: 'app',
      version: '1.0.0',
      source: layout.ref,
      username: USER,
      password: PASSWORD,
    });
    expect(run.code).not.toBe(0);
    expect(firstError(run)).toMatch(/plain HTTP|http:/i);
    expect(firstError(run)).toMatch(/\[(INSECURE_REFUSED|AUTH_FAILED)\]$/);
    expect(realmFront.log.filter((e) => e.headers.authorization !== undefined)).toEqual([]);
    expect(realmFront.log.filter((e) => /password/.test(e.url))).toEqual([]);
    expect(await registry.snapshotStorage()).toBe(before);
    expectNoSecrets(run);
  });
});

describe('a redirect to another host', () => {
  let target: TestRegistry;
  let storage: FaultProxy;
  let front: FaultProxy;
  let dockerConfig: string;

  beforeAll(async () => {
    target = await startRegistry({ kind: 'anonymous' });
    // "Object storage": another host:port that has its own access to the blobs.
    storage = await startFaultProxy({
      upstream: htpasswd.url,
      upstreamCaFile: htpasswd.caFile,
      upstreamAuthorization: BASIC,
    });
    // The registry as clients see it: blob GETs are redirected to the storage with a presigned-style URL.
    front = await startFaultProxy({
      upstream: htpasswd.url,
      upstreamCaFile: htpasswd.caFile,
      redirectBlobGets: storage.url,
    });
    dockerConfig = join(work, 'docker-config');
    await mkdir(dockerConfig, { recursive: true });
    await writeFile(
      join(dockerConfig, 'config.json'),
      JSON.stringify({ auths: { [front.host]: { auth: BASIC.slice(6) } } }),
    );
    const seeded = await runActionDist({
      registry: htpasswd.host,
      'ca-file': htpasswd.caFile ?? '',
      namespace: 'origin',
      image: 'app',
      version: '2.0.0',
      source: layout.ref,
      username: USER,
      password: PASSWORD,
    });
    expect(seeded.code, seeded.stdout + seeded.stderr).toBe(0);
  });

  afterAll(async () => {
    await front?.stop();
    await storage?.stop();
    await target?.stop();
  });

  test('blob downloads follow the 307 without the Authorization header', async () => {
    const run = await runActionDist(
      {
        registry: target.host,
        namespace: 'copied',
        image: 'app',
        version: '2.0.0',
        source: `docker://${front.host}/origin/app:2.0.0`,
      },
      { DOCKER_CONFIG: dockerConfig },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(
      front.log.some((e) => e.headers.authorization === BASIC),
      'credentials were in play',
    ).toBe(true);
    const redirects = front.log.filter((e) => e.status === 307);
    expect(redirects.length, 'blob reads were redirected').toBeGreaterThan(0);
    const atStorage = storage.log.filter((e) => /\/blobs\/sha256:/.test(e.path));
    expect(atStorage.length, 'the blobs were read from the storage host').toBeGreaterThan(0);
    expect(atStorage.every((e) => e.url.includes('X-Amz-Signature='))).toBe(true);
    expect(atStorage.filter((e) => e.headers.authorization !== undefined)).toEqual([]);
    expect(storage.log.filter((e) => e.headers.authorization !== undefined)).toEqual([]);
    const check = await checkRepository(target, 'copied/app');
    expect(check.problems).toEqual([]);
    expect(check.tags.get('2.0.0')).toBe(run.outputs.digest);
    expectNoSecrets(run);
  });
});
