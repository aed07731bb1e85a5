import { networkInterfaces } from 'node:os';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { MANIFEST_SIZE_LIMIT } from '../../src/domain/content-limits.js';
import type { Digest } from '../../src/domain/digest.js';
import { toRawManifest } from '../../src/domain/manifest.js';
import { MANIFEST_ACCEPT, MEDIA_TYPE_OCI_MANIFEST } from '../../src/domain/media-types.js';
import { createDigestMeter } from '../../src/digest-verifier.js';
import { INSECURE, PublishError, isPublishError, remediesOf } from '../../src/errors.js';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryError } from '../../src/registry/errors.js';
import type { BlobToUpload } from '../../src/registry/types.js';
import { sha256 } from '../fixtures/fake-registry.js';
import { caught as caughtError, useFakeRegistries } from '../fixtures/fake-registries.js';
import { blobOf, clientFor, readAll } from './helpers.js';

const fake = useFakeRegistries();
const MIB = 1024 * 1024;
const caught = (promise: Promise<unknown>): Promise<RegistryError> => caughtError<RegistryError>(promise);

const manifestBytes = (config: string, layers: string[] = []): Uint8Array =>
  Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPE_OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2 },
      layers: layers.map((digest) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest,
        size: 1,
      })),
    }),
  );

describe('retries', () => {
  test('503 then success, with the backoff from the injected random', async () => {
    const reg = await fake();
    reg.inject({ method: 'GET', path: '/v2/', status: 503, times: 2 });
    const { client, rec } = clientFor(reg, { retry: { baseDelayMs: 100 } });
    await client.ping();
    expect(reg.sequence()).toEqual(['GET /v2/', 'GET /v2/', 'GET /v2/']);
    expect(rec.sleeps).toEqual([75, 150]);
    await client.close();
  });

  test('429 with Retry-After seconds, then with an HTTP date', async () => {
    const reg = await fake();
    const now = Date.parse('2026-03-01T12:00:00Z');
    reg.inject({
      method: 'GET',
      path: '/v2/',
      status: 429,
      headers: { 'retry-after': '7' },
      body: 'Too Many Requests (HAP429)',
    });
    reg.inject({
      method: 'GET',
      path: '/v2/',
      status: 429,
      headers: { 'retry-after': 'Sun, 01 Mar 2026 12:00:03 GMT' },
    });
    const { client, rec } = clientFor(reg, { retry: { now: () => now } });
    await client.ping();
    expect(rec.sleeps).toEqual([7000, 3000]);
    await client.close();
  });

  test('gives up when Retry-After exceeds the total-time budget', async () => {
    const reg = await fake();
    reg.inject({
      method: 'GET',
      path: '/v2/',
      status: 429,
      headers: { 'retry-after': '600' },
      body: 'Too Many Requests (HAP429)',
    });
    const { client, rec } = clientFor(reg, { retry: { maxTotalMs: 60_000 } });
    const err = await caught(client.ping());
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.message).toMatch(/asked to retry in 600 s, beyond the 60 s limit/);
    expect(err.message).toMatch(/Too Many Requests \(HAP429\)/);
    expect(rec.sleeps).toEqual([]);
    await client.close();
  });

  test('attempts are bounded and the message says how many', async () => {
    const reg = await fake();
    reg.inject({ method: 'HEAD', status: 502, times: Infinity });
    const { client, rec } = clientFor(reg, { retry: { attempts: 3, baseDelayMs: 10 } });
    const err = await caught(client.headManifest('org/app', 'latest'));
    expect(err.code).toBe('REGISTRY_UNAVAILABLE');
    expect(err.message).toBe(
      `HEAD manifest latest on ${reg.host}/org/app failed after 3 attempts (last: 502)`,
    );
    expect(rec.sleeps).toHaveLength(2);
    expect(reg.requests).toHaveLength(3);
    await client.close();
  });

  test('other 4xx are never retried, and keep the error body', async () => {
    const reg = await fake();
    reg.inject({
      method: 'PUT',
      path: '/manifests/',
      status: 400,
      body: {
        errors: [
          { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:abc' },
        ],
      },
    });
    const { client, rec } = clientFor(reg);
    const raw = toRawManifest(manifestBytes(sha256('{}')), MEDIA_TYPE_OCI_MANIFEST);
    const err = await caught(client.putManifest('org/app', '1.2', raw));
    expect(reg.requests).toHaveLength(1);
    expect(rec.sleeps).toEqual([]);
    expect(err.code).toBe('REGISTRY_REJECTED');
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      `PUT manifest 1.2 on ${reg.host}/org/app rejected (400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry; detail: sha256:abc)`,
    );
    expect(err.diagnostics).toEqual([
      { code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry', detail: 'sha256:abc' },
    ]);
    await client.close();
  });

  test('connection reset mid-upload: the retry re-opens the source from a fresh POST', async () => {
    const reg = await fake();
    reg.inject({ method: 'PUT', path: '/blobs/uploads/', destroy: 'mid-body' });
    const { client, rec } = clientFor(reg);
    const blob = blobOf(Buffer.alloc(512 * 1024, 7), 16 * 1024);
    await client.uploadBlob('org/app', blob);
    expect(blob.opens).toBe(2);
    // The first session is cancelled without waiting (a DELETE in any order): not part of the sequence.
    const sequence = reg.sequence().filter((s) => !s.startsWith('DELETE '));
    expect(sequence.map((s) => s.replace(/uploads\/\w+$/, 'uploads/ID'))).toEqual([
      'POST /v2/org/app/blobs/uploads/',
      'PUT /v2/org/app/blobs/uploads/ID',
      'POST /v2/org/app/blobs/uploads/',
      'PUT /v2/org/app/blobs/uploads/ID',
    ]);
    expect(reg.blobs.get(blob.digest)?.equals(blob.bytes)).toBe(true);
    expect(rec.sleeps).toHaveLength(1);
    await client.close();
  });

  test('a response that does not come in time is retried (timeoutMs)', async () => {
    const reg = await fake();
    // undici's header timer has a 1 s resolution, hence the long delay.
    reg.inject({ method: 'GET', path: '/v2/', delayMs: 1500, status: 200 });
    const { client, rec } = clientFor(reg, { timeoutMs: 100 });
    await client.ping();
    expect(rec.sleeps).toHaveLength(1);
    expect(rec.events.map((e) => e.status)).toEqual([200]);
    await client.close();
  });

  test('an unreachable registry is REGISTRY_UNREACHABLE after the attempts', async () => {
    const reg = await fake();
    await reg.close();
    const { client } = clientFor(reg, { retry: { attempts: 2 } });
    const err = await caught(client.ping());
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toMatch(
      /^GET \/v2\/ on 127\.0\.0\.1:\d+ failed after 2 attempts \(last: connection refused \(ECONNREFUSED\)\)$/,
    );
    await client.close();
  });
});

describe('blob uploads', () => {
  test('cold push budget: reactive auth + POST/PUT per blob + manifest PUT = 2L + 5', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client, rec } = clientFor(reg, {
      credentials: { kind: 'basic', username: 'user', password: 'pass' },
    });
    client.declareAccess('org/app', 'push');
    const layers = [blobOf('layer-1'), blobOf('layer-2'), blobOf('layer-3')];
    const config = blobOf('{}');
    await Promise.all([...layers, config].map((b) => client.uploadBlob('org/app', b)));
    const raw = toRawManifest(
      manifestBytes(
        config.digest,
        layers.map((l) => l.digest),
      ),
      MEDIA_TYPE_OCI_MANIFEST,
    );
    expect(await client.putManifest('org/app', '1.0.0', raw)).toBe(raw.digest);
    const L = layers.length;
    expect(rec.events).toHaveLength(2 * L + 5);
    expect(rec.events.filter((e) => e.status === 401)).toHaveLength(1);
    expect(reg.tokens).toHaveLength(1);
    expect(reg.tokens[0]?.scopes).toEqual(['repository:org/app:pull,push']);
    expect(reg.requests.filter((r) => r.method === 'HEAD')).toHaveLength(0);
    // docs/registry-quirks.md#q15-no-single-post: the POST that opens a session never carries the blob.
    const posts = reg.requests.filter((r) => r.method === 'POST');
    expect(posts.every((r) => r.bodyLength === 0 && !r.query.has('digest'))).toBe(true);
    expect(reg.tags.get('org/app')?.get('1.0.0')).toBe(raw.digest);
    await client.close();
  });

  test('relative, absolute and _state Locations: digest appended with & keeping _state', async () => {
    for (const locationStyle of ['relative', 'absolute'] as const) {
      const reg = await fake({ locationStyle, locationState: true });
      const { client } = clientFor(reg);
      const blob = blobOf('state-kept');
      await client.uploadBlob('org/app', blob);
      const put = reg.requests.find((r) => r.method === 'PUT');
      expect(put?.query.get('_state')).toBeTruthy();
      expect(put?.query.get('digest')).toBe(blob.digest);
      expect(put?.url).toMatch(/\?_state=[0-9a-f]+&digest=sha256%3A/);
      // docs/registry-quirks.md#q14-content-length: the body goes with its Content-Length, never chunked.
      expect(put?.headers['content-length']).toBe(String(blob.size));
      expect(put?.headers['transfer-encoding']).toBeUndefined();
      await client.close();
    }
  });

  test('cross-host Location: the storage host never sees Authorization', async () => {
    const reg = await fake({ auth: 'bearer', locationStyle: 'storage', locationState: true });
    const { client } = clientFor(reg, { credentials: { kind: 'basic', username: 'user', password: 'pass' } });
    const blob = blobOf('to-storage');
    await client.uploadBlob('org/app', blob);
    expect(reg.storage?.requests.map((r) => r.method)).toEqual(['PUT']);
    expect(reg.storage?.requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(reg.requests.find((r) => r.method === 'POST' && r.status === 202)?.authorization).toMatch(
      /^Bearer /,
    );
    expect(reg.blobs.has(blob.digest)).toBe(true);
    await client.close();
  });

  test('mount 201 → true; 202 → false and the session is reused by the upload', async () => {
    const reg = await fake();
    const present = reg.addBlob('org/base', 'shared layer');
    const { client } = clientFor(reg);
    expect(await client.mountBlob('org/app', present as Digest, 'org/base')).toBe(true);
    const missing = blobOf('not anywhere');
    expect(await client.mountBlob('org/app', missing.digest, 'org/base')).toBe(false);
    await client.uploadBlob('org/app', missing);
    const seq = reg.sequence().map((s) => s.replace(/uploads\/\w+$/, 'uploads/ID'));
    expect(seq).toEqual([
      'POST /v2/org/app/blobs/uploads/',
      'POST /v2/org/app/blobs/uploads/',
      'PUT /v2/org/app/blobs/uploads/ID',
    ]);
    expect(reg.requests[0]?.url).toBe(
      `/v2/org/app/blobs/uploads/?mount=${encodeURIComponent(present)}&from=org%2Fbase`,
    );
    expect(reg.repoBlobs.get('org/app')?.has(missing.digest)).toBe(true);
    await client.close();
  });

  test('an unused 202 mount session is cancelled on close', async () => {
    const reg = await fake({ mount: 'session' });
    const { client } = clientFor(reg);
    expect(await client.mountBlob('org/app', blobOf('x').digest, 'org/base')).toBe(false);
    await client.close();
    expect(reg.sequence().map((s) => s.split(' ')[0])).toEqual(['POST', 'DELETE']);
  });

  test.each([401, 400, 403, 404])('a mount refused with %i falls back to a plain upload', async (status) => {
    const reg = await fake({ mount: { refuse: status } });
    const { client } = clientFor(reg);
    const blob = blobOf(`refused-${status}`);
    expect(await client.mountBlob('org/app', blob.digest, 'other/secret')).toBe(false);
    await client.uploadBlob('org/app', blob);
    expect(reg.blobs.has(blob.digest)).toBe(true);
    await client.close();
  });

  test('mount scope: one token for dst pull,push first and src pull', async () => {
    const reg = await fake({ auth: 'bearer' });
    const present = reg.addBlob('org/base', 'base layer');
    const { client } = clientFor(reg, { credentials: { kind: 'basic', username: 'user', password: 'pass' } });
    client.declareAccess('org/app', 'push');
    client.declareAccess('org/base', 'pull');
    expect(await client.mountBlob('org/app', present as Digest, 'org/base')).toBe(true);
    expect(reg.tokens.map((t) => t.scopes)).toEqual([
      ['repository:org/app:pull,push', 'repository:org/base:pull'],
    ]);
    await client.close();
  });

  test('chunked: OCI-Chunk-Min-Length raises the chunk size; Content-Range without "bytes "', async () => {
    const reg = await fake({ chunkMinLength: 4096 });
    const { client } = clientFor(reg, { uploadMode: 'chunked', chunkSize: 1000 });
    const blob = blobOf(Buffer.alloc(10_000, 3), 777);
    await client.uploadBlob('org/app', blob);
    const patches = reg.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => p.headers['content-range'])).toEqual(['0-4095', '4096-8191', '8192-9999']);
    expect(patches.map((p) => p.headers['content-length'])).toEqual(['4096', '4096', '1808']);
    const put = reg.requests.find((r) => r.method === 'PUT');
    expect(put?.bodyLength).toBe(0);
    expect(reg.blobs.get(blob.digest)?.equals(blob.bytes)).toBe(true);
    await client.close();
  });

  test('streamed upload: the body as it is produced in one chunked PATCH (no Content-Range, no Content-Length), then the commit PUT', async () => {
    const reg = await fake({ locationState: true, chunkMinLength: 8 * MIB });
    const { client } = clientFor(reg, { chunkSize: 1 * MIB });
    const pieces = [Buffer.alloc(700_000, 1), Buffer.alloc(5, 2), Buffer.alloc(2 * MIB, 3)];
    const bytes = Buffer.concat(pieces);
    const upload = await client.beginStreamedUpload('org/app');
    async function* produced() {
      for (const piece of pieces) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield piece;
      }
    }
    await upload.send(produced());
    await upload.commit(sha256(bytes) as Digest);
    await client.close();
    expect(reg.sequence().map((s) => s.replace(/uploads\/[\w-]+$/, 'uploads/ID'))).toEqual([
      'POST /v2/org/app/blobs/uploads/',
      'PATCH /v2/org/app/blobs/uploads/ID',
      'PUT /v2/org/app/blobs/uploads/ID',
    ]);
    const patch = reg.requests.find((r) => r.method === 'PATCH');
    expect(patch?.headers['content-range']).toBeUndefined();
    expect(patch?.headers['content-length']).toBeUndefined();
    expect(patch?.headers['transfer-encoding']).toBe('chunked');
    expect(reg.blobs.get(sha256(bytes) as Digest)?.equals(bytes)).toBe(true);
  });

  test('checked while sent: one PATCH without Content-Range, then the commit PUT with no body', async () => {
    const reg = await fake({ locationState: true });
    const { client } = clientFor(reg);
    const bytes = Buffer.alloc(300_000, 5);
    const blob = checkedBlobOf(bytes, sha256(bytes) as Digest);
    await client.uploadBlob('org/app', blob);
    expect(reg.sequence().map((s) => s.replace(/uploads\/[\w-]+$/, 'uploads/ID'))).toEqual([
      'POST /v2/org/app/blobs/uploads/',
      'PATCH /v2/org/app/blobs/uploads/ID',
      'PUT /v2/org/app/blobs/uploads/ID',
    ]);
    const patch = reg.requests.find((r) => r.method === 'PATCH');
    expect(patch?.headers['content-range']).toBeUndefined();
    expect(patch?.headers['content-length']).toBe(String(bytes.length));
    expect(reg.requests.find((r) => r.method === 'PUT')?.bodyLength).toBe(0);
    expect(reg.blobs.get(blob.digest)?.equals(bytes)).toBe(true);
    await client.close();
  });

  test.each(['monolithic', 'chunked'] as const)(
    'checked while sent, %s: bytes that do not match are never committed; the session is cancelled at its newest Location',
    async (uploadMode) => {
      const reg = await fake({ locationState: true });
      const { client } = clientFor(reg, { uploadMode, chunkSize: 100_000 });
      const bytes = Buffer.alloc(300_000, 5);
      const other = Buffer.alloc(300_000, 6);
      const blob = checkedBlobOf(bytes, sha256(other) as Digest);
      const err = await caught(client.uploadBlob('org/app', blob));
      expect(isPublishError(err, 'DIGEST_MISMATCH')).toBe(true);
      expect(err.message).toBe('test blob does not hash to its digest');
      const methods = reg.sequence().map((s) => s.split(' ')[0]);
      expect(methods[0]).toBe('POST');
      expect(methods.at(-1)).toBe('DELETE');
      expect(methods).not.toContain('PUT');
      // The DELETE carried the state the last PATCH answered with (the fake refuses a stale one).
      expect(reg.requests.at(-1)?.status).toBe(204);
      expect(reg.blobs.size).toBe(0);
      await client.close();
    },
  );

  test('chunked: ECR answers PATCH with 201', async () => {
    const reg = await fake({ patchStatus: 201 });
    const { client } = clientFor(reg, { uploadMode: 'chunked', chunkSize: 100 });
    const blob = blobOf(Buffer.alloc(250, 1));
    await client.uploadBlob('org/app', blob);
    expect(reg.requests.filter((r) => r.method === 'PATCH')).toHaveLength(3);
    expect(reg.blobs.has(blob.digest)).toBe(true);
    await client.close();
  });

  test('chunked: 416 → GET upload status → resume from the returned Range', async () => {
    const reg = await fake({ locationState: true });
    reg.inject({
      method: 'PATCH',
      status: 416,
      skip: 1,
      body: { errors: [{ code: 'BLOB_UPLOAD_INVALID', message: 'range' }] },
    });
    const { client } = clientFor(reg, { uploadMode: 'chunked', chunkSize: 100 });
    const blob = blobOf(Buffer.from(Array.from({ length: 300 }, (_, i) => i % 251)));
    await client.uploadBlob('org/app', blob);
    const seq = reg.requests.map(
      (r) =>
        `${r.method} ${r.status}${r.headers['content-range'] ? ` ${String(r.headers['content-range'])}` : ''}`,
    );
    expect(seq).toEqual([
      'POST 202',
      'PATCH 202 0-99',
      'PATCH 416 100-199',
      'GET 204',
      'PATCH 202 100-199',
      'PATCH 202 200-299',
      'PUT 201',
    ]);
    expect(reg.blobs.get(blob.digest)?.equals(blob.bytes)).toBe(true);
    await client.close();
  });

  test('quirk 33: a registry refusing monolithic PUT bodies switches the client to chunked', async () => {
    const reg = await fake({ requireChunked: 405 });
    const { client, rec } = clientFor(reg, { chunkSize: 1024 });
    const first = blobOf(Buffer.alloc(2000, 1));
    await client.uploadBlob('org/app', first);
    const second = blobOf(Buffer.alloc(10, 2));
    await client.uploadBlob('org/app', second);
    expect(reg.blobs.has(first.digest) && reg.blobs.has(second.digest)).toBe(true);
    expect(rec.warnings).toEqual([
      `${reg.host} refused a monolithic blob upload (405); using chunked uploads`,
    ]);
    const methods = reg.requests.map((r) => r.method);
    expect(methods).toEqual([
      'POST',
      'PUT',
      'DELETE',
      'POST',
      'PATCH',
      'PATCH',
      'PUT',
      'POST',
      'PATCH',
      'PUT',
    ]);
    await client.close();
  });

  test('a wrong digest from the source is DIGEST_INVALID from the registry, not retried; the session is cancelled', async () => {
    const reg = await fake();
    const { client } = clientFor(reg);
    const blob = { ...blobOf('abc'), digest: sha256('other') as Digest };
    const err = await caught(client.uploadBlob('org/app', blob));
    expect(err.code).toBe('REGISTRY_REJECTED');
    expect(err.message).toMatch(/DIGEST_INVALID/);
    expect(reg.sequence().map((s) => s.replace(/uploads\/[\w-]+$/, 'uploads/ID'))).toEqual([
      'POST /v2/org/app/blobs/uploads/',
      'PUT /v2/org/app/blobs/uploads/ID',
      'DELETE /v2/org/app/blobs/uploads/ID',
    ]);
    await client.close();
  });
});

describe('blob GET', () => {
  test('streams and verifies; a redirect to storage carries no Authorization', async () => {
    const reg = await fake({ auth: 'bearer', blobRedirect: true });
    const digest = reg.addBlob('org/app', 'blob-content') as Digest;
    const { client } = clientFor(reg, { credentials: { kind: 'basic', username: 'user', password: 'pass' } });
    const stream = await client.getBlob('org/app', digest);
    expect((await readAll(stream)).toString()).toBe('blob-content');
    expect(reg.storage?.requests).toHaveLength(1);
    expect(reg.storage?.requests[0]?.authorization).toBeUndefined();
    expect(reg.requests.at(-1)?.authorization).toMatch(/^Bearer /);
    await client.close();
  });

  test('content that does not hash to the digest destroys the stream with DIGEST_MISMATCH', async () => {
    const reg = await fake();
    const digest = reg.addBlob('org/app', 'real content') as Digest;
    reg.inject({ method: 'GET', path: '/blobs/', status: 200, body: 'evil content' });
    const { client } = clientFor(reg);
    const stream = await client.getBlob('org/app', digest);
    const err = await caught(readAll(stream));
    expect(isPublishError(err, 'DIGEST_MISMATCH')).toBe(true);
    expect(err.message).toMatch(/hashing to sha256:/);
    await client.close();
  });

  test('headBlob: size when present, undefined when absent', async () => {
    const reg = await fake();
    const digest = reg.addBlob('org/app', '12345') as Digest;
    const { client } = clientFor(reg);
    expect(await client.headBlob('org/app', digest)).toBe(5);
    expect(await client.headBlob('org/app', sha256('nope') as Digest)).toBeUndefined();
    await client.close();
  });
});

describe('manifests', () => {
  test('PUT sends the exact bytes with Content-Type = mediaType; HEAD sends the full Accept list', async () => {
    const reg = await fake();
    const { client } = clientFor(reg);
    const bytes = Buffer.from(
      '{ "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "odd":   "spacing" }',
    );
    const raw = toRawManifest(bytes, MEDIA_TYPE_OCI_MANIFEST);
    expect(await client.putManifest('org/app', '1.2', raw)).toBe(sha256(bytes));
    const put = reg.requests[0];
    expect(put?.headers['content-type']).toBe(MEDIA_TYPE_OCI_MANIFEST);
    expect(put?.headers['content-length']).toBe(String(bytes.length));
    expect(reg.manifests.get(`org/app@${raw.digest}`)?.bytes.equals(bytes)).toBe(true);
    const head = await client.headManifest('org/app', '1.2');
    expect(head).toEqual({ digest: raw.digest, mediaType: MEDIA_TYPE_OCI_MANIFEST, size: bytes.length });
    expect(reg.requests[1]?.headers.accept).toBe(MANIFEST_ACCEPT.join(', '));
    const got = await client.getManifest('org/app', '1.2');
    expect(Buffer.from(got.bytes).equals(bytes)).toBe(true);
    expect(got.digest).toBe(raw.digest);
    await client.close();
  });

  test('a different Docker-Content-Digest is DIGEST_MISMATCH; an absent one is fine', async () => {
    const wrong = await fake({ manifestDigestHeader: 'wrong' });
    const raw = toRawManifest(manifestBytes(sha256('c')), MEDIA_TYPE_OCI_MANIFEST);
    const a = clientFor(wrong).client;
    const err = await caught(a.putManifest('org/app', 'x', raw));
    expect(err.code).toBe('DIGEST_MISMATCH');
    expect(err.message).toMatch(
      new RegExp(
        `PUT manifest x on ${wrong.host}/org/app stored sha256:[0-9a-f]{64}, not the pushed ${raw.digest}`,
      ),
    );
    await a.close();
    const omit = await fake({ manifestDigestHeader: 'omit' });
    const b = clientFor(omit).client;
    expect(await b.putManifest('org/app', 'x', raw)).toBe(raw.digest);
    await b.close();
  });

  test('absent manifest: HEAD → undefined, GET → MANIFEST_UNKNOWN with the registry message', async () => {
    const reg = await fake();
    reg.addManifest('org/app', 'other', '{}', MEDIA_TYPE_OCI_MANIFEST);
    const { client } = clientFor(reg);
    expect(await client.headManifest('org/app', 'nope')).toBeUndefined();
    const err = await caught(client.getManifest('org/app', 'nope'));
    expect(err.code).toBe('MANIFEST_UNKNOWN');
    expect(err.message).toBe(
      `GET manifest nope on ${reg.host}/org/app not found (404 MANIFEST_UNKNOWN: manifest unknown; detail: {"Tag":"nope"})`,
    );
    expect(err.hint).toBeTruthy();
    await client.close();
  });

  test('HEAD 405 falls back to GET (quirk 18)', async () => {
    const reg = await fake({ headManifestStatus: 405 });
    const digest = reg.addManifest(
      'org/app',
      'v1',
      Buffer.from(manifestBytes(sha256('c'))),
      MEDIA_TYPE_OCI_MANIFEST,
    );
    const { client } = clientFor(reg);
    expect(await client.headManifest('org/app', 'v1')).toMatchObject({
      digest,
      mediaType: MEDIA_TYPE_OCI_MANIFEST,
    });
    expect(reg.sequence()).toEqual(['HEAD /v2/org/app/manifests/v1', 'GET /v2/org/app/manifests/v1']);
    await client.close();
  });

  test('403 on an existence HEAD: absent on Artifactory (quirk 17), AUTH_FORBIDDEN elsewhere', async () => {
    const art = await fake({ artifactory: true });
    const a = clientFor(art).client;
    expect(await a.headManifest('org/app', 'missing')).toBeUndefined();
    expect(await a.headBlob('org/app', sha256('x') as Digest)).toBeUndefined();
    await a.close();
    const reg = await fake();
    reg.inject({ method: 'HEAD', status: 403 });
    const b = clientFor(reg).client;
    const err = await caught(b.headManifest('org/app', 'missing'));
    expect(err.code).toBe('AUTH_FORBIDDEN');
    expect(err.message).toBe(`HEAD manifest missing on ${reg.host}/org/app denied (needs pull access) (403)`);
    await b.close();
  });

  test('GET larger than 4 MiB is MANIFEST_TOO_LARGE', async () => {
    const reg = await fake();
    reg.inject({
      method: 'GET',
      path: '/manifests/',
      status: 200,
      body: 'x'.repeat(MANIFEST_SIZE_LIMIT + 1),
    });
    const { client } = clientFor(reg);
    const err = await caught(client.getManifest('org/app', 'big'));
    expect(err.code).toBe('MANIFEST_TOO_LARGE');
    await client.close();
  });

  test('quirk 30: an immutable tag refusing the same digest is success', async () => {
    const reg = await fake();
    const raw = toRawManifest(manifestBytes(sha256('c')), MEDIA_TYPE_OCI_MANIFEST);
    reg.addManifest('org/app', '1.0', Buffer.from(raw.bytes), MEDIA_TYPE_OCI_MANIFEST);
    reg.inject({
      method: 'PUT',
      status: 400,
      body: {
        errors: [
          {
            code: 'TAG_INVALID',
            message:
              "The image tag '1.0' already exists in the repository and cannot be overwritten because the repository is immutable.",
          },
        ],
      },
      times: 2,
    });
    const { client } = clientFor(reg);
    expect(await client.putManifest('org/app', '1.0', raw)).toBe(raw.digest);
    const other = toRawManifest(manifestBytes(sha256('d')), MEDIA_TYPE_OCI_MANIFEST);
    const err = await caught(client.putManifest('org/app', '1.0', other));
    expect(err.code).toBe('REGISTRY_REJECTED');
    expect(err.hint).toMatch(/immutable/);
    await client.close();
  });

  test('quirk 31: no referrers API → undefined', async () => {
    const reg = await fake();
    const { client } = clientFor(reg);
    expect(await client.getReferrers?.('org/app', sha256('x') as Digest)).toBeUndefined();
    await client.close();
  });
});

describe('tag listing', () => {
  test('follows relative Link rel="next" with n=1000', async () => {
    const reg = await fake({ tagPageSize: 2 });
    for (const t of ['a', 'b', 'c', 'd', 'e'])
      reg.addManifest('org/app', t, `{"t":"${t}"}`, MEDIA_TYPE_OCI_MANIFEST);
    const { client } = clientFor(reg);
    expect(await client.listTags('org/app')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(reg.requests.map((r) => r.url)).toEqual([
      '/v2/org/app/tags/list?n=1000',
      '/v2/org/app/tags/list?n=2&last=b',
      '/v2/org/app/tags/list?n=2&last=d',
    ]);
    await client.close();
  });

  test('absolute Link; no synthesized last unless the page was full without a Link', async () => {
    const reg = await fake({ linkStyle: 'absolute', tagPageSize: 3 });
    for (const t of ['a', 'b', 'c', 'd'])
      reg.addManifest('org/app', t, `{"t":"${t}"}`, MEDIA_TYPE_OCI_MANIFEST);
    const a = clientFor(reg).client;
    expect(await a.listTags('org/app')).toEqual(['a', 'b', 'c', 'd']);
    expect(reg.requests).toHaveLength(2);
    await a.close();

    const full = await fake({ linkStyle: 'none' });
    for (let i = 0; i < 1500; i++)
      full.addManifest('org/app', `t${String(i).padStart(4, '0')}`, `{"i":${i}}`, MEDIA_TYPE_OCI_MANIFEST);
    const b = clientFor(full).client;
    expect(await b.listTags('org/app')).toHaveLength(1500);
    expect(full.requests.map((r) => r.url)).toEqual([
      '/v2/org/app/tags/list?n=1000',
      '/v2/org/app/tags/list?n=1000&last=t0999',
    ]);
    await b.close();
  });

  test('an unknown repository is NAME_UNKNOWN', async () => {
    const reg = await fake();
    const { client } = clientFor(reg);
    const err = await caught(client.listTags('org/none'));
    expect(err.code).toBe('NAME_UNKNOWN');
    await client.close();
  });
});

describe('transport', () => {
  test('onRequest reports method, URL without query, status', async () => {
    const reg = await fake({ locationState: true });
    const { client, rec } = clientFor(reg);
    await client.uploadBlob('org/app', blobOf('x'));
    expect(rec.events.map((e) => `${e.method} ${e.status}`)).toEqual(['POST 202', 'PUT 201']);
    expect(rec.events.every((e) => !e.url.includes('?'))).toBe(true);
    expect(rec.events[0]?.url).toBe(`http://${reg.host}/v2/org/app/blobs/uploads/`);
    await client.close();
  });

  test('Warning headers are reported once', async () => {
    const reg = await fake();
    reg.inject({
      method: 'GET',
      path: '/v2/',
      status: 200,
      headers: { warning: '299 - "this registry is deprecated"' },
      times: 2,
    });
    const { client, rec } = clientFor(reg);
    await client.ping();
    await client.ping();
    expect(rec.warnings).toEqual(['this registry is deprecated']);
    await client.close();
  });

  test('a loopback registry is reached over http after the https handshake fails (no extra exchange)', async () => {
    const reg = await fake();
    const { client, rec } = clientFor(reg, {
      env: { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
    });
    await client.ping();
    await client.ping();
    expect(rec.events.map((e) => e.url)).toEqual([`http://${reg.host}/v2/`, `http://${reg.host}/v2/`]);
    await client.close();
  });

  test('a non-loopback plain-HTTP registry is INSECURE_REFUSED unless insecure', async () => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!address) return; // no non-loopback interface on this machine
    const reg = await fake({ listen: '0.0.0.0' });
    const registry = `${address}:${reg.host.split(':')[1]}`;
    const refused = createRegistryClient({ registry, env: {}, retry: { attempts: 1 } });
    const err = await caught(refused.ping());
    expect(err.code).toBe('INSECURE_REFUSED');
    expect(remediesOf(err.hint)).toEqual([INSECURE]);
    await refused.close();
    const allowed = createRegistryClient({ registry, env: {}, insecure: true });
    await allowed.ping();
    await allowed.close();
  });
});

describe('hostile registry: nothing followed or quoted from another host (issue 19 item 5)', () => {
  test('a tag-list Link to another host is refused before any request reaches it', async () => {
    const reg = await fake({ storage: true });
    reg.addManifest('org/app', 'a', '{"t":"a"}', MEDIA_TYPE_OCI_MANIFEST);
    reg.inject({
      method: 'GET',
      path: /\/tags\/list/,
      status: 200,
      headers: { link: `<${reg.storage?.url ?? ''}/v2/org/app/tags/list?n=1>; rel="next"` },
      body: { name: 'org/app', tags: ['a'] },
    });
    const { client } = clientFor(reg);
    const err = (await client.listTags('org/app').catch((e: unknown) => e)) as RegistryError;
    expect(err.code).toBe('REGISTRY_REJECTED');
    expect(err.message).toContain(`the next-page Link points to another host, ${reg.storage?.host ?? ''}`);
    expect(reg.storage?.requests).toHaveLength(0);
    await client.close();
  });

  test('an error body from a redirect target is not quoted; the registry host is', async () => {
    const reg = await fake({ storage: true, blobRedirect: true });
    const digest = reg.addBlob('org/app', 'blob-content') as Digest;
    reg.inject({ server: 'storage', status: 500, times: Infinity, body: 'internal-metadata-secret-answer' });
    const { client } = clientFor(reg, { retry: { attempts: 1 } });
    const err = (await client.getBlob('org/app', digest).catch((e: unknown) => e)) as RegistryError;
    expect(reg.storage?.requests.length).toBeGreaterThan(0);
    expect(String(err)).toMatch(/500/);
    expect(String(err)).not.toContain('internal-metadata-secret-answer');
    reg.inject({ method: 'GET', path: /\/blobs\//, status: 400, body: 'registry-own-explanation' });
    const own = (await client.getBlob('org/app', digest).catch((e: unknown) => e)) as RegistryError;
    expect(String(own)).toContain('registry-own-explanation');
    await client.close();
  });
});

describe('debug events', () => {
  test('bearer: the challenge, the token request and grant, every request with its outcome, each retry and why; no secret', async () => {
    const reg = await fake({ auth: 'bearer', users: { ci: 'debug-Pa55word' } });
    reg.addManifest('team/app', '1.0', Buffer.from(manifestBytes(sha256('c'))), MEDIA_TYPE_OCI_MANIFEST);
    reg.inject({ method: 'GET', path: '/v2/team/app/manifests/1.0', status: 503, times: 1, skip: 1 });
    const { client, rec } = clientFor(reg, {
      credentials: { kind: 'basic', username: 'ci', password: 'debug-Pa55word' },
    });
    client.declareAccess('team/app', 'pull');
    await client.getManifest('team/app', '1.0');
    await client.close();

    const kinds = rec.debug.map((e) => (e.kind === 'request' ? `${e.method} ${e.outcome}` : e.kind));
    expect(kinds).toEqual([
      // A loopback registry: https first, then http (transport.ts).
      'GET ERR_SSL_WRONG_VERSION_NUMBER',
      'GET 401',
      'challenge',
      'token-request',
      'GET 200',
      'token-granted',
      'GET 503',
      'retry',
      'GET 200',
    ]);
    const challenge = rec.debug.find((e) => e.kind === 'challenge');
    expect(challenge).toMatchObject({ scheme: 'bearer', params: { service: expect.any(String) } });
    expect(rec.debug.find((e) => e.kind === 'token-request')).toMatchObject({
      method: 'GET',
      scopes: ['repository:team/app:pull'],
      identity: 'with basic credentials of ci',
    });
    const retry = rec.debug.find((e) => e.kind === 'retry');
    expect(retry).toMatchObject({ attempt: 1, attempts: 5 });
    expect(retry?.kind === 'retry' && retry.reason).toMatch(/GET manifest 1.0 on .* \(503/);
    // Every request the registry answered has its event, in order.
    const answered = rec.debug.flatMap((e) =>
      e.kind === 'request' && typeof e.outcome === 'number' ? [`${e.method} ${e.outcome}`] : [],
    );
    expect(answered).toEqual(reg.requests.map((r) => `${r.method} ${r.status}`));
    const text = JSON.stringify(rec.debug);
    expect(text).not.toContain('debug-Pa55word');
    expect(text).not.toContain(Buffer.from('ci:debug-Pa55word').toString('base64'));
    for (const { token } of reg.tokens) expect(text).not.toContain(token);
  });
});

/** A blob whose bytes are checked only as they are sent (BlobToUpload.openChecked), declared as `digest`. */
function checkedBlobOf(bytes: Buffer, digest: Digest): BlobToUpload {
  const parts = (): Buffer[] => [bytes.subarray(0, 100_000), bytes.subarray(100_000)];
  return {
    digest,
    size: bytes.length,
    open: async () => Readable.from(parts()),
    openChecked: async () => {
      const meter = createDigestMeter(
        { digest, size: bytes.length },
        () => new PublishError('DIGEST_MISMATCH', 'test blob does not hash to its digest'),
      );
      return { stream: Readable.from(parts()).pipe(meter.stream), verdict: meter.verdict };
    },
  };
}
