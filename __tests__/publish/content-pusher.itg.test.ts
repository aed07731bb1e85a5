/**
 * One pass over a large layer (content-pusher.ts ONE_PASS_MIN_BYTES), against a real registry
 * (docker-registry 2.8) behind the fault proxy, which counts the bytes each request carried: the layer is
 * hashed while it uploads instead of before, so a corrupt one is found at the end of its upload. The
 * registry must never get the whole body of wrong bytes (the closing PUT is what stores a blob), the upload
 * session is cancelled, and a cancelled or timed-out run leaves no blob either. Read back on the registry:
 * HEAD of the blob, the storage tree, and a correct publish afterwards.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cancelledError } from '../../src/cancellation.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { ONE_PASS_MIN_BYTES } from '../../src/publish/content-pusher.js';
import { runPublish } from '../../src/publish/publish.js';
import type { PublishReport } from '../../src/publish/report.js';
import { parseSettings } from '../../src/publish/settings.js';
import { createSecretRegistry } from '../../src/secrets.js';
import { startFaultProxy, type FaultProxy, type ProxyLogEntry } from '../fixtures/fault-proxy.js';
import { flipByte, layoutBlobPath } from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';

let work: string;
let good: OciLayout;
let corrupt: string;

const layer = (): { digest: string; size: number } => good.layers[0] as { digest: string; size: number };

/** A fresh registry per test (blobs are shared by its repositories); `slow` crawls uploads at 2 MB/s. */
interface Setup {
  readonly registry: TestRegistry;
  readonly proxy: FaultProxy;
  readonly slow: FaultProxy;
}
const setups: Setup[] = [];

async function fresh(): Promise<Setup> {
  const registry = await startRegistry({ kind: 'anonymous' });
  const setup = {
    registry,
    proxy: await startFaultProxy({ upstream: registry.url }),
    // A run can be stopped with the layer half sent.
    slow: await startFaultProxy({
      upstream: registry.url,
      throttle: { bytesPerSecond: 2_000_000, match: (r) => r.method === 'PATCH' },
    }),
  };
  setups.push(setup);
  return setup;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'one-pass-'));
  good = await makeOciLayout(join(work, 'good'), {
    seed: 'one-pass',
    layers: [ONE_PASS_MIN_BYTES + 1024 * 1024],
    refName: 'img',
  });
  corrupt = join(work, 'corrupt');
  await cp(good.dir, corrupt, { recursive: true });
  // Same size, one byte different, near the end: found only when the whole layer has been read.
  await flipByte(layoutBlobPath(corrupt, layer().digest), layer().size - 100);
}, 120_000);

afterAll(async () => {
  for (const { proxy, slow, registry } of setups.splice(0)) {
    await proxy.stop();
    await slow.stop();
    await registry.stop();
  }
  if (work) await rm(work, { recursive: true, force: true });
});

async function publish(
  via: FaultProxy,
  image: string,
  dir: string,
  extra: { timeout?: string; signal?: AbortSignal } = {},
): Promise<{ report: PublishReport; lines: string[]; ms: number }> {
  const log = createMemoryLogger();
  const started = Date.now();
  const report = await runPublish(
    parseSettings({
      registry: via.host,
      image,
      version: '1.0.0',
      source: `oci:${dir}:img`,
      ...(extra.timeout ? { timeout: extra.timeout } : {}),
    }),
    {
      log,
      env: {},
      secrets: createSecretRegistry(),
      ...(extra.signal ? { signal: extra.signal } : {}),
    },
  );
  return { report, lines: log.lines, ms: Date.now() - started };
}

/**
 * The layer's upload in `via`'s log: the PATCH that carried it (announcing its size), any PUT committing
 * its digest, and the DELETEs of its session.
 */
function layerUpload(
  via: FaultProxy,
  image: string,
): { patch: ProxyLogEntry; commits: ProxyLogEntry[]; deletes: ProxyLogEntry[] } {
  const mine = via.log.filter((e) => e.path.startsWith(`/v2/${image}/blobs/uploads/`));
  const patch = mine.find(
    (e) => e.method === 'PATCH' && e.headers['content-length'] === String(layer().size),
  );
  if (!patch)
    throw new Error(`no PATCH of the layer in ${JSON.stringify(mine.map((e) => e.method + e.url))}`);
  return {
    patch,
    commits: mine.filter((e) => e.method === 'PUT' && e.url.includes(encodeURIComponent(layer().digest))),
    deletes: mine.filter((e) => e.method === 'DELETE' && e.path === patch.path),
  };
}

/**
 * What the registry holds of the layer: HEAD status, its blob files, the bytes of upload sessions (a
 * cancelled session keeps only an empty hash-state file until the upload purger runs).
 */
async function heldByRegistry(
  registry: TestRegistry,
  image: string,
): Promise<{ head: number; blobFiles: string[]; uploads: string[] }> {
  const head = (await registry.http(`/v2/${image}/blobs/${layer().digest}`, { method: 'HEAD' })).status;
  const entries = [...(await registry.storageEntries()).keys()];
  const hex = layer().digest.slice('sha256:'.length);
  return {
    head,
    blobFiles: entries.filter((p) => p.includes(`blobs/sha256/${hex.slice(0, 2)}/${hex}/`)),
    uploads: entries.filter((p) => p.includes(`repositories/${image}/_uploads/`) && p.endsWith('/data')),
  };
}

/**
 * The layer's upload was cut midway and never committed: no blob. Its session was cancelled, which
 * distribution refuses for a session whose request was cut (BLOB_UPLOAD_INVALID, 404: the offset its
 * state token names no longer matches); what it received stays in `_uploads` until the registry's upload
 * purger removes it, and no request can commit it.
 */
async function expectAbandoned({ registry, slow }: Setup, image: string): Promise<void> {
  const { patch, commits, deletes } = layerUpload(slow, image);
  expect(patch.requestBytes).toBeLessThan(layer().size);
  expect(commits).toEqual([]);
  expect(deletes).toHaveLength(1);
  const held = await heldByRegistry(registry, image);
  expect([held.head, held.blobFiles]).toEqual([404, []]);
}

/** A correct publish afterwards works: the run's leftovers (none) do not get in its way. */
async function expectCorrectPublish({ registry, proxy }: Setup, image: string): Promise<void> {
  const { report, lines } = await publish(proxy, image, good.dir);
  expect(report.targets[0]?.error, lines.join('\n')).toBeNull();
  expect(report.targets[0]?.verified).toBe(true);
  expect((await heldByRegistry(registry, image)).head).toBe(200);
}

describe('one pass over a large layer', () => {
  test('the layer is large enough to be checked while it uploads', () => {
    expect(layer().size).toBeGreaterThanOrEqual(ONE_PASS_MIN_BYTES);
  });

  test('a corrupt layer is sent once and refused: never committed, the session cancelled, no blob', async () => {
    const setup = await fresh();
    const { registry, proxy } = setup;
    const { report, lines } = await publish(proxy, 'corrupt', corrupt);
    const error = report.targets[0]?.error;
    expect(error?.code, lines.join('\n')).toBe('DIGEST_MISMATCH');
    expect(error?.message).toContain(`blobs/sha256/${layer().digest.slice(7)} in oci:${corrupt}`);
    expect(error?.message).toMatch(/hashes to sha256:[0-9a-f]{64}/);
    const { patch, commits, deletes } = layerUpload(proxy, 'corrupt');
    // Hashed while sent (no read before): the whole layer went into the session, which was never
    // committed, and then cancelled.
    expect(patch.headers['content-range']).toBeUndefined();
    expect([patch.requestBytes, patch.status]).toEqual([layer().size, 202]);
    expect(commits).toEqual([]);
    expect(deletes.map((d) => d.status)).toEqual([204]);
    expect(await heldByRegistry(registry, 'corrupt')).toEqual({ head: 404, blobFiles: [], uploads: [] });
    expect(proxy.log.filter((e) => e.path.includes('/manifests/') && e.method === 'PUT')).toEqual([]);
    await expectCorrectPublish(setup, 'corrupt');
  });

  test('a dry run reads the large layer and reports it corrupt without a write', async () => {
    const { proxy } = await fresh();
    const log = createMemoryLogger();
    const before = proxy.log.length;
    const report = await runPublish(
      parseSettings({
        registry: proxy.host,
        image: 'dry',
        version: '1.0.0',
        source: `oci:${corrupt}:img`,
        'dry-run': 'true',
      }),
      { log, env: {}, secrets: createSecretRegistry() },
    );
    expect(report.targets[0]?.error?.code, log.lines.join('\n')).toBe('DIGEST_MISMATCH');
    expect(proxy.log.slice(before).filter((e) => e.method !== 'GET' && e.method !== 'HEAD')).toEqual([]);
  });

  test('a run cancelled (SIGINT) while the layer uploads abandons it: session cancelled, no blob', async () => {
    const setup = await fresh();
    const { slow } = setup;
    const controller = new AbortController();
    const running = publish(slow, 'cancelled', good.dir, { signal: controller.signal });
    await until(() => slow.inFlight().some((e) => e.requestBytes > 2 * 1024 * 1024));
    const abortedAt = Date.now();
    controller.abort(cancelledError('SIGINT'));
    const { report, lines } = await running;
    expect(report.targets[0]?.error?.code, lines.join('\n')).toBe('CANCELLED');
    // Abandoned at once, not left to finish (the rest of the layer would take seconds at 2 MB/s).
    expect(Date.now() - abortedAt).toBeLessThan(2_000);
    await expectAbandoned(setup, 'cancelled');
    await expectCorrectPublish(setup, 'cancelled');
  });

  test('a run that reaches its timeout while the layer uploads stops it at once: TIMED_OUT, no blob', async () => {
    const setup = await fresh();
    const { report, lines, ms } = await publish(setup.slow, 'timed-out', good.dir, { timeout: '3s' });
    expect(report.targets[0]?.error?.code, lines.join('\n')).toBe('TIMED_OUT');
    // At the deadline, not after the grace (another 3 s) that cuts requests still in flight.
    expect(ms).toBeLessThan(5_500);
    await expectAbandoned(setup, 'timed-out');
    await expectCorrectPublish(setup, 'timed-out');
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
