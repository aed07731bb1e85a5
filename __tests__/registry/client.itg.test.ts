/**
 * The registry client against real CNCF distribution 2.8 registries (anonymous HTTP, TLS + htpasswd, token
 * auth with an in-process token issuer). skopeo, an independent client, confirms what the client wrote.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Digest } from '../../src/domain/digest.js';
import type { RawManifest } from '../../src/domain/manifest.js';
import { CREDENTIALS, isPublishError, remediesOf, type ErrorCode } from '../../src/errors.js';
import { createRegistryClient, type RegistryClientOptions } from '../../src/registry/client.js';
import { findCredentials } from '../../src/registry/credentials.js';
import type { BlobToUpload, Credentials, RegistryClient } from '../../src/registry/types.js';
import { startRegistry, stopAll, type TestRegistry } from '../fixtures/registry-harness.js';
import {
  makeMultiPlatformLayout,
  makeOciLayout,
  skopeoCopy,
  skopeoInspect,
  skopeoListTags,
  skopeoTarget,
  type BlobInfo,
  type ImageInfo,
  type OciLayout,
  type SkopeoTarget,
} from '../fixtures/skopeo.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';

/** Fast retries: the tests want outcomes, not backoff. */
const RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 } as const;

let work: string;
let image: OciLayout;
const clients: RegistryClient[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'client-itg-'));
  image = await makeOciLayout(join(work, 'image'), { seed: 'client-itg', layers: [2048, 300_000] });
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await stopAll();
  await rm(work, { recursive: true, force: true });
});

interface Recorder {
  readonly requests: { method: string; url: string; status: number }[];
  readonly secrets: string[];
}

function newRecorder(): Recorder {
  return { requests: [], secrets: [] };
}

function clientFor(
  registry: TestRegistry,
  options: Partial<RegistryClientOptions> & { recorder?: Recorder } = {},
): RegistryClient {
  const { recorder, ...rest } = options;
  const client = createRegistryClient({
    registry: registry.host,
    caFile: registry.caFile,
    retry: RETRY,
    events: recorder
      ? {
          onRequest: (info) => recorder.requests.push({ ...info }),
          onSecret: (value) => recorder.secrets.push(value),
        }
      : undefined,
    ...rest,
  });
  clients.push(client);
  return client;
}

function toUpload(blob: BlobInfo): BlobToUpload {
  return {
    digest: blob.digest as Digest,
    size: blob.size,
    open: async () => createReadStream(blob.path),
  };
}

function raw(manifest: { bytes: Buffer; mediaType: string; digest: string }): RawManifest {
  return {
    bytes: new Uint8Array(manifest.bytes),
    mediaType: manifest.mediaType,
    digest: manifest.digest as Digest,
  };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Uploads what is missing (layers, config), then the manifest under each tag. */
async function pushImage(
  client: RegistryClient,
  repository: string,
  img: ImageInfo,
  tags: readonly string[],
): Promise<Digest> {
  for (const blob of [...img.layers, img.config]) {
    if ((await client.headBlob(repository, blob.digest as Digest)) === undefined)
      await client.uploadBlob(repository, toUpload(blob));
  }
  let digest: Digest | undefined;
  for (const tag of tags) digest = await client.putManifest(repository, tag, raw(img.manifest));
  if (!digest) throw new Error('no tag given');
  return digest;
}

/** The error a promise rejects with, asserted to be a PublishError with that code and no secret in it. */
async function expectFailure(
  promise: Promise<unknown>,
  code: ErrorCode,
  secrets: readonly string[] = [],
): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${code}`).toBeDefined();
  expect(isPublishError(err) ? err.code : err).toBe(code);
  const text = `${(err as Error).message} ${(err as { hint?: string }).hint ?? ''} ${JSON.stringify(err)}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
  return err as Error;
}

/** The credentials the client gets for `registry`, as connect.ts resolves them. */
async function credentialsFor(...args: Parameters<typeof findCredentials>): Promise<Credentials> {
  return (await findCredentials(...args)).credentials;
}

interface Setup {
  readonly name: string;
  start(): Promise<{
    registry: TestRegistry;
    issuer?: TokenIssuer;
    credentials: Credentials;
    target: SkopeoTarget;
  }>;
}

const PASSWORD = 'pa55-w0rd:with colon';

const setups: Setup[] = [
  {
    name: 'anonymous registry over HTTP',
    async start() {
      const registry = await startRegistry({ kind: 'anonymous' });
      return { registry, credentials: { kind: 'anonymous' }, target: skopeoTarget(registry) };
    },
  },
  {
    name: 'TLS registry with htpasswd and the test CA as caFile',
    async start() {
      const registry = await startRegistry({ kind: 'tls-htpasswd', users: { alice: PASSWORD } });
      const credentials = await credentialsFor(registry.host, { username: 'alice', password: PASSWORD }, {});
      return { registry, credentials, target: skopeoTarget(registry, { creds: `alice:${PASSWORD}` }) };
    },
  },
  {
    name: 'token-auth registry',
    async start() {
      const issuer = await startTokenIssuer({ users: { carol: PASSWORD } });
      const registry = await startRegistry({ kind: 'token', issuer });
      const credentials = await credentialsFor(registry.host, { username: 'carol', password: PASSWORD }, {});
      return {
        registry,
        issuer,
        credentials,
        target: skopeoTarget(registry, { creds: `carol:${PASSWORD}` }),
      };
    },
  },
];

describe.each(setups)('$name', (setup) => {
  let registry: TestRegistry;
  let issuer: TokenIssuer | undefined;
  let credentials: Credentials;
  let target: SkopeoTarget;

  beforeAll(async () => {
    ({ registry, issuer, credentials, target } = await setup.start());
  });

  afterAll(async () => {
    await registry?.stop();
    await issuer?.close();
  });

  test('pushes blobs and a tagged manifest, reads them back, and skopeo sees the same digest', async () => {
    const recorder = newRecorder();
    const client = clientFor(registry, { credentials, recorder });
    await client.ping();
    const repo = 'ns/app';
    for (const blob of [...image.layers, image.config])
      expect(await client.headBlob(repo, blob.digest as Digest)).toBeUndefined();
    for (const blob of [...image.layers, image.config]) {
      await client.uploadBlob(repo, toUpload(blob));
      expect(await client.headBlob(repo, blob.digest as Digest)).toBe(blob.size);
    }
    const digest = await client.putManifest(repo, '1.0', raw(image.manifest));
    expect(digest).toBe(image.manifest.digest);

    expect(await client.headManifest(repo, '1.0')).toEqual({
      digest: image.manifest.digest,
      mediaType: image.manifest.mediaType,
      size: image.manifest.size,
    });
    expect(await client.headManifest(repo, 'absent')).toBeUndefined();
    for (const reference of ['1.0', image.manifest.digest]) {
      const got = await client.getManifest(repo, reference);
      expect(Buffer.from(got.bytes).equals(image.manifest.bytes)).toBe(true);
      expect(got).toMatchObject({ digest: image.manifest.digest, mediaType: image.manifest.mediaType });
    }
    const layer = image.layers[1];
    if (!layer) throw new Error('layout has two layers');
    const bytes = await readAll(await client.getBlob(repo, layer.digest as Digest));
    expect(bytes.length).toBe(layer.size);

    expect((await skopeoInspect(`${registry.host}/${repo}:1.0`, target)).digest).toBe(image.manifest.digest);
    // Credentials reached the client's secret hook and no request failed unexpectedly.
    if (credentials.kind === 'basic') expect(recorder.secrets.length).toBeGreaterThan(0);
    expect(recorder.requests.filter((r) => r.status >= 500)).toEqual([]);
  });

  test('lists every tag (distribution 2.8 ignores n and last and sends one unsorted page)', async () => {
    const client = clientFor(registry, { credentials });
    const tags = ['1.0', '1.0.1', '1.1', 'latest', 'stable', 'edge'];
    await pushImage(client, 'ns/tags', image, tags);
    const listed = await client.listTags('ns/tags');
    expect([...listed].sort()).toEqual([...tags].sort());
    expect(new Set(listed).size).toBe(listed.length);
    expect([...(await skopeoListTags(`${registry.host}/ns/tags`, target))].sort()).toEqual([...tags].sort());
    await expectFailure(client.listTags('ns/never-pushed'), 'NAME_UNKNOWN');
  });

  test('mounts blobs from another repository of the same registry', async () => {
    const client = clientFor(registry, { credentials });
    await pushImage(client, 'ns/source', image, ['1']);
    const before = registry.requests().length;
    for (const blob of [...image.layers, image.config])
      expect(await client.mountBlob('ns/mounted', blob.digest as Digest, 'ns/source')).toBe(true);
    const mounts = registry
      .requests()
      .slice(before)
      .filter((r) => r.method === 'POST' && r.path.includes('mount='));
    expect(mounts.map((m) => m.status)).toEqual(expect.arrayContaining([201]));
    expect(
      registry
        .requests()
        .slice(before)
        .some((r) => r.method === 'PATCH' || r.method === 'PUT'),
    ).toBe(false);
    expect(await client.putManifest('ns/mounted', '1', raw(image.manifest))).toBe(image.manifest.digest);
    expect((await skopeoInspect(`${registry.host}/ns/mounted:1`, target)).digest).toBe(image.manifest.digest);
  });

  test('chunked uploads work against the real registry', async () => {
    const chunky = await makeOciLayout(join(work, `chunky-${setup.name.split(' ')[0]}`), {
      seed: `chunky-${setup.name}`,
      layers: [300_000, 70_000],
    });
    const client = clientFor(registry, { credentials, uploadMode: 'chunked', chunkSize: 64 * 1024 });
    const before = registry.requests().length;
    await pushImage(client, 'ns/chunked', chunky, ['1']);
    const patches = registry
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PATCH' && r.status === 202);
    expect(patches.length).toBeGreaterThanOrEqual(Math.ceil(300_000 / (64 * 1024)));
    for (const blob of chunky.layers) {
      expect(await client.headBlob('ns/chunked', blob.digest as Digest)).toBe(blob.size);
      expect((await readAll(await client.getBlob('ns/chunked', blob.digest as Digest))).length).toBe(
        blob.size,
      );
    }
    expect((await skopeoInspect(`${registry.host}/ns/chunked:1`, target)).digest).toBe(
      chunky.manifest.digest,
    );
  });

  test('a multi-platform index (children first) is readable by skopeo copy --all', async () => {
    const multi = await makeMultiPlatformLayout(join(work, `multi-${setup.name.split(' ')[0]}`), {
      seed: `multi-${setup.name}`,
    });
    const client = clientFor(registry, { credentials });
    for (const img of multi.images) await pushImage(client, 'ns/multi', img, [img.manifest.digest]);
    expect(await client.putManifest('ns/multi', 'v1', raw(multi.index))).toBe(multi.index.digest);
    const head = await client.headManifest('ns/multi', 'v1');
    expect(head).toMatchObject({ digest: multi.index.digest, mediaType: multi.index.mediaType });
    const out = join(work, `pulled-${setup.name.split(' ')[0]}`);
    await mkdir(out, { recursive: true });
    const copied = await skopeoCopy(`docker://${registry.host}/ns/multi:v1`, `oci:${out}:v1`, {
      src: target,
      all: true,
    });
    expect(copied).toBe(multi.index.digest);
  });
});

describe('anonymous registry: tag pages and restarts', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ kind: 'anonymous' });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  test('exactly one full page of tags (1000) on a registry that ignores n: one extra request, no duplicates', async () => {
    const client = clientFor(registry);
    await pushImage(client, 'ns/many', image, ['t0000']);
    const tags = Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(4, '0')}`);
    const queue = tags.slice(1);
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let tag = queue.shift(); tag !== undefined; tag = queue.shift())
          await client.putManifest('ns/many', tag, raw(image.manifest));
      }),
    );
    const before = registry.requests().length;
    const listed = await client.listTags('ns/many');
    expect(listed).toHaveLength(1000);
    expect(new Set(listed)).toEqual(new Set(tags));
    await registry.waitForAccessLog((e) => e.path.includes('/tags/list') && e.path.includes('last='));
    const pages = registry
      .requests()
      .slice(before)
      .filter((e) => e.path.startsWith('/v2/ns/many/tags/list'));
    expect(pages.map((p) => p.path)).toEqual([
      '/v2/ns/many/tags/list?n=1000',
      expect.stringMatching(/^\/v2\/ns\/many\/tags\/list\?n=1000&last=t\d{4}$/),
    ]);
  });

  test('a registry restart between the upload POST and PUT does not lose the upload', async () => {
    const client = clientFor(registry);
    const fresh = await makeOciLayout(join(work, 'restart'), { seed: 'restart', layers: [200_000] });
    const layer = fresh.layers[0];
    if (!layer) throw new Error('one layer');
    const pid = registry.pid;
    let restarted = false;
    await client.uploadBlob('ns/restart', {
      ...toUpload(layer),
      open: async () => {
        if (!restarted) {
          restarted = true;
          await registry.restart(); // same port, storage and http.secret: the session survives
        }
        return createReadStream(layer.path);
      },
    });
    expect(registry.pid).not.toBe(pid);
    expect(await client.headBlob('ns/restart', layer.digest as Digest)).toBe(layer.size);
  });

  test('bytes that do not match the digest are refused on commit and never stored', async () => {
    const client = clientFor(registry);
    const layer = image.layers[0];
    if (!layer) throw new Error('one layer');
    const other = Buffer.alloc(layer.size, 7); // same size, other bytes: as if the file changed on disk
    const err = await client
      .uploadBlob('ns/changed', { ...toUpload(layer), open: async () => Readable.from([other]) })
      .catch((e: unknown) => e);
    expect(isPublishError(err), String(err)).toBe(true);
    expect(await client.headBlob('ns/changed', layer.digest as Digest)).toBeUndefined();
  });

  test('a registry that is down is REGISTRY_UNREACHABLE, and fine again once it is back', async () => {
    const client = clientFor(registry, { retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
    await client.ping();
    await registry.down();
    try {
      await expectFailure(client.headBlob('ns/app', image.config.digest as Digest), 'REGISTRY_UNREACHABLE');
    } finally {
      await registry.up();
    }
    await client.ping();
  });
});

describe('failures against the TLS + htpasswd registry', () => {
  let registry: TestRegistry;

  beforeAll(async () => {
    registry = await startRegistry({ kind: 'tls-htpasswd', users: { alice: PASSWORD } });
  });

  afterAll(async () => {
    await registry?.stop();
  });

  test('a wrong password is AUTH_FAILED and the message holds no password', async () => {
    const wrong = 'not-the-Password-123';
    const client = clientFor(registry, {
      credentials: { kind: 'basic', username: 'alice', password: wrong },
    });
    await expectFailure(client.headBlob('ns/app', image.config.digest as Digest), 'AUTH_FAILED', [
      wrong,
      Buffer.from(`alice:${wrong}`).toString('base64'),
    ]);
    await expectFailure(client.ping(), 'AUTH_FAILED', [wrong]);
  });

  test('no credentials is AUTH_FAILED', async () => {
    const client = clientFor(registry);
    await expectFailure(client.listTags('ns/app'), 'AUTH_FAILED');
  });

  test('an unknown CA (no caFile) is TLS_FAILED; insecure skips verification', async () => {
    const credentials: Credentials = { kind: 'basic', username: 'alice', password: PASSWORD };
    const untrusted = clientFor(registry, { credentials, caFile: undefined });
    await expectFailure(untrusted.ping(), 'TLS_FAILED', [PASSWORD]);
    const insecure = clientFor(registry, { credentials, caFile: undefined, insecure: true });
    await insecure.ping();
  });

  test('credentials from a Docker config (auths) work', async () => {
    const dir = join(work, 'docker-config-basic');
    await mkdir(dir, { recursive: true });
    const auth = Buffer.from(`alice:${PASSWORD}`).toString('base64');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const credentials = await credentialsFor(registry.host, {}, { DOCKER_CONFIG: dir });
    expect(credentials.kind).toBe('basic');
    await clientFor(registry, { credentials }).ping();
  });
});

describe('token auth specifics', () => {
  let issuer: TokenIssuer;
  let registry: TestRegistry;
  const credentials: Credentials = { kind: 'basic', username: 'carol', password: PASSWORD };

  beforeAll(async () => {
    issuer = await startTokenIssuer({ users: { carol: PASSWORD } });
    registry = await startRegistry({ kind: 'token', issuer });
    await pushImage(clientFor(registry, { credentials }), 'ns/base', image, ['1']);
  });

  afterAll(async () => {
    await registry?.stop();
    await issuer?.close();
  });

  test('a wrong password is AUTH_FAILED from the token service, without the password', async () => {
    const wrong = 'Wrong-Password-987';
    const client = clientFor(registry, {
      credentials: { kind: 'basic', username: 'carol', password: wrong },
    });
    await expectFailure(client.headBlob('ns/base', image.config.digest as Digest), 'AUTH_FAILED', [wrong]);
    expect(issuer.requests.at(-1)).toMatchObject({ status: 401 });
  });

  test('a scope the issuer refuses is AUTH_FORBIDDEN; what it grants still works', async () => {
    issuer.refuseScopes = ['repository:ns/locked:push'];
    try {
      const client = clientFor(registry, { credentials });
      await expectFailure(client.uploadBlob('ns/locked', toUpload(image.config)), 'AUTH_FORBIDDEN', [
        PASSWORD,
      ]);
      expect(await client.headManifest('ns/locked', '1')).toBeUndefined();
      expect(await client.headBlob('ns/base', image.config.digest as Digest)).toBe(image.config.size);
    } finally {
      issuer.refuseScopes = [];
    }
  });

  test('an expired token is renewed after the registry refuses it, and the push succeeds', async () => {
    issuer.lifetimeSeconds = 2;
    try {
      const recorder = newRecorder();
      const client = clientFor(registry, { credentials, recorder });
      const first = await makeOciLayout(join(work, 'expiry-1'), { seed: 'expiry-1', layers: [4096] });
      const second = await makeOciLayout(join(work, 'expiry-2'), { seed: 'expiry-2', layers: [4096] });
      expect(await pushImage(client, 'ns/expiry', first, ['1'])).toBe(first.manifest.digest);
      const tokensBefore = issuer.requests.filter((r) => r.status === 200).length;
      const mark = recorder.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 2_200)); // the registry now refuses the token
      expect(await pushImage(client, 'ns/expiry', second, ['2'])).toBe(second.manifest.digest);
      // The client still held the token (it trusts expires_in no less than 60 s): the registry refused it
      // with 401, the client fetched a new one and repeated the request.
      expect(recorder.requests.slice(mark).some((r) => r.status === 401)).toBe(true);
      expect(issuer.requests.filter((r) => r.status === 200).length).toBeGreaterThan(tokensBefore);
      expect((await skopeoInspect(`${registry.host}/ns/expiry:2`, skopeoTarget(registry))).digest).toBe(
        second.manifest.digest,
      );
    } finally {
      issuer.lifetimeSeconds = 300;
    }
  });

  test('with an injected clock the token is renewed before expiry, without a 401', async () => {
    let now = Date.now();
    const recorder = newRecorder();
    const client = clientFor(registry, { credentials, recorder, now: () => now });
    await client.headBlob('ns/base', image.config.digest as Digest);
    const tokens = issuer.requests.length;
    const refused = recorder.requests.filter((r) => r.status === 401).length;
    now += 10 * 60 * 1000;
    await client.headBlob('ns/base', image.config.digest as Digest);
    expect(issuer.requests.length).toBe(tokens + 1);
    expect(recorder.requests.filter((r) => r.status === 401).length).toBe(refused);
  });

  test('a transient token service failure is retried', async () => {
    issuer.failNext(503, { headers: { 'retry-after': '0' } });
    const client = clientFor(registry, { credentials });
    expect(await client.headBlob('ns/base', image.config.digest as Digest)).toBe(image.config.size);
    expect(issuer.requests.slice(-2).map((r) => r.status)).toEqual([503, 200]);
  });

  test('an identity token from the Docker config goes through the OAuth2 refresh grant', async () => {
    const dir = join(work, 'docker-config-identity');
    await mkdir(dir, { recursive: true });
    const identitytoken = issuer.issueRefreshToken('carol');
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        auths: { [registry.host]: { auth: Buffer.from('carol:').toString('base64'), identitytoken } },
      }),
    );
    const resolved = await credentialsFor(registry.host, {}, { DOCKER_CONFIG: dir });
    expect(resolved.kind).toBe('identity-token');
    const client = clientFor(registry, { credentials: resolved });
    const fresh = await makeOciLayout(join(work, 'identity'), { seed: 'identity', layers: [1024] });
    expect(await pushImage(client, 'ns/identity', fresh, ['1'])).toBe(fresh.manifest.digest);
    const used = issuer.requests.filter((r) => r.via === 'refresh_token' && r.status === 200);
    expect(used.length).toBeGreaterThan(0);
    expect(used[0]?.user).toBe('carol');
  });

  test('a pre-issued registry token is sent as is', async () => {
    const token = issuer.signToken({
      sub: 'carol',
      access: [{ type: 'repository', name: 'ns/base', actions: ['pull'] }],
    });
    const client = clientFor(registry, { credentials: { kind: 'registry-token', token } });
    const before = issuer.requests.length;
    expect(await client.headBlob('ns/base', image.config.digest as Digest)).toBe(image.config.size);
    expect(issuer.requests.length).toBe(before);
  });

  test('anonymous pull through the token service works; anonymous push is refused', async () => {
    const client = clientFor(registry);
    expect(await client.headBlob('ns/base', image.config.digest as Digest)).toBe(image.config.size);
    const err = await expectFailure(client.uploadBlob('ns/anon', toUpload(image.config)), 'AUTH_FAILED');
    expect(remediesOf(isPublishError(err) ? err.hint : undefined)).toContainEqual(CREDENTIALS);
  });
});
