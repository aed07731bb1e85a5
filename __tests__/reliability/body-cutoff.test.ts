/**
 * Responses whose body is cut off (reset mid-body, closed before Content-Length, stalled past the timeout)
 * are retried like failed requests: the tag list and manifest reads used to turn them into a
 * non-retryable "the answer is not JSON" (tag list) or an INTERNAL error (manifest), which failed about one
 * publish in six in the 20 % fault run. Real registry client, in-memory registry, the fault proxy between.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRegistryClient } from '../../src/registry/client.js';
import { isRegistryError } from '../../src/registry/errors.js';
import { createFakeRegistry, type FakeRegistry } from '../fixtures/fake-registry.js';
import { startFaultProxy, type FaultKind, type FaultProxy } from '../fixtures/fault-proxy.js';

let registry: FakeRegistry;
let digest: string;
const TAGS = Array.from({ length: 300 }, (_, i) => `1.0.${i}`);

beforeAll(async () => {
  registry = await createFakeRegistry();
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: `sha256:${'0'.repeat(64)}`,
      size: 2,
    },
    layers: [],
    annotations: { padding: 'x'.repeat(4000) },
  });
  for (const tag of TAGS)
    digest = registry.addManifest('org/app', tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
});

afterAll(async () => {
  await registry?.close();
});

/** A proxy that applies `kind` to the first `times` GETs matching `path`, then passes everything. */
async function faultFirst(kind: FaultKind, path: RegExp, times = 2): Promise<FaultProxy> {
  let left = times;
  return startFaultProxy({
    upstream: registry.url,
    rate: 1,
    kinds: [kind],
    stallMs: 3_000,
    eligible: (r) => r.method === 'GET' && path.test(r.path) && left-- > 0,
  });
}

function client(proxy: FaultProxy) {
  return createRegistryClient({
    registry: proxy.host,
    timeoutMs: 300,
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
  });
}

describe.each(['truncate', 'reset-during', 'stall'] as const)('%s', (kind) => {
  test('the tag list is fetched again and complete', async () => {
    const proxy = await faultFirst(kind, /\/tags\/list$/);
    const c = client(proxy);
    try {
      const tags = await c.listTags('org/app');
      expect(tags.sort()).toEqual([...TAGS].sort());
      expect(proxy.faultCounts()[kind]).toBe(2);
    } finally {
      await c.close();
      await proxy.stop();
    }
  });

  test('a manifest read is fetched again and verified', async () => {
    const proxy = await faultFirst(kind, /\/manifests\//);
    const c = client(proxy);
    try {
      const manifest = await c.getManifest('org/app', '1.0.7');
      expect(manifest.digest).toBe(digest);
      expect(proxy.faultCounts()[kind]).toBe(2);
    } finally {
      await c.close();
      await proxy.stop();
    }
  });
});

test('a body that keeps being cut off fails as REGISTRY_UNREACHABLE naming the cut, after the retries', async () => {
  const proxy = await faultFirst('truncate', /\/tags\/list$/, 100);
  const c = client(proxy);
  try {
    const err = await c.listTags('org/app').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRegistryError(err)).toBe(true);
    expect((err as Error & { code: string }).code).toBe('REGISTRY_UNREACHABLE');
    expect((err as Error).message).toMatch(
      /GET tag list on .* failed after 5 attempts .*cut off after \d+ bytes/,
    );
  } finally {
    await c.close();
    await proxy.stop();
  }
});

describe('a token answer cut off mid-body', () => {
  test.each(['truncate', 'reset-during'] as const)('%s: the token is fetched again', async (kind) => {
    const bearer = await createFakeRegistry({ auth: 'bearer', users: { user: 'pass' } });
    bearer.addManifest(
      'org/app',
      'v1',
      '{"schemaVersion":2,"manifests":[]}',
      'application/vnd.oci.image.index.v1+json',
    );
    let left = 2;
    const proxy = await startFaultProxy({
      upstream: bearer.url,
      rate: 1,
      kinds: [kind],
      eligible: (r) => r.path === '/token' && left-- > 0,
      // The challenge's realm points at the registry itself; send token requests through the proxy too.
      mapResponseHeader: (name, value) =>
        name === 'www-authenticate' ? value.split(bearer.url).join(proxy.url) : value,
    });
    const c = createRegistryClient({
      registry: proxy.host,
      credentials: { kind: 'basic', username: 'user', password: 'pass' },
      retry: { baseDelayMs: 10, maxDelayMs: 20 },
    });
    try {
      expect(await c.listTags('org/app')).toEqual(['v1']);
      expect(proxy.faultCounts()[kind]).toBe(2);
      expect(bearer.tokens.length).toBeGreaterThanOrEqual(3);
    } finally {
      await c.close();
      await proxy.stop();
      await bearer.close();
    }
  });
});
