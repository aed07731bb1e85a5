/**
 * Absolute deadlines. A registry that trickles a body one byte at a time, always just inside the idle
 * timeout, used to hold a publish forever: every exchange now ends within the timeout plus its bytes at the
 * slowest allowed rate (transport.ts MIN_TRANSFER_BYTES_PER_S), as a coded REGISTRY_UNREACHABLE that says
 * so. And the whole run has a deadline (input `timeout`): past it the run stops like a cancelled one and,
 * a grace period later, cuts the requests still in flight, failing with TIMED_OUT. Real registry client and
 * engine, in-process fake registry.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRegistryClient } from '../../src/registry/client.js';
import type { Digest } from '../../src/domain/digest.js';
import { wordRemedyForAction } from '../../src/action/words.js';
import { runPublish } from '../../src/publish/publish.js';
import { parseSettings } from '../../src/publish/settings.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { createSecretRegistry } from '../../src/secrets.js';
import { createFakeRegistry, type FakeRegistry } from '../fixtures/fake-registry.js';
import { memoryImage, memorySource } from '../fixtures/memory-artifact.js';

const TIMEOUT_MS = 400;
/** Well under the idle timeout: undici's bodyTimeout alone never fires. */
const TRICKLE_MS = 100;

let registry: FakeRegistry;
let blob: string;

beforeAll(async () => {
  registry = await createFakeRegistry();
  blob = registry.addBlob('org/app', Buffer.alloc(4096, 7));
  registry.addManifest(
    'org/app',
    'v1',
    JSON.stringify({ schemaVersion: 2, manifests: [], annotations: { pad: 'x'.repeat(2000) } }),
    'application/vnd.oci.image.index.v1+json',
  );
});

afterAll(async () => {
  await registry?.close();
});

function client() {
  return createRegistryClient({
    registry: registry.host,
    timeoutMs: TIMEOUT_MS,
    retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
  });
}

async function failure(
  work: () => Promise<unknown>,
): Promise<{ err: Error & { code?: string }; ms: number }> {
  const started = Date.now();
  const err = await work().then(
    () => new Error('it succeeded'),
    (e: unknown) => e as Error,
  );
  return { err, ms: Date.now() - started };
}

test('a trickled manifest body fails at the deadline, after the retries, with a coded line', async () => {
  registry.inject({ method: 'GET', path: /\/manifests\/v1$/, trickleMs: TRICKLE_MS, times: Infinity });
  const c = client();
  try {
    const { err, ms } = await failure(() => c.getManifest('org/app', 'v1'));
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toMatch(/GET manifest v1 .*did not finish within 1 s: \d+ bytes arrived/);
    // Two attempts of ~0.5 s each; the trickle alone would take 2000 × 100 ms = 200 s.
    expect(ms).toBeLessThan(10_000);
  } finally {
    await c.close();
  }
});

test('a trickled blob body fails at the deadline while it is read', async () => {
  registry.inject({ method: 'GET', path: /\/blobs\/sha256:/, trickleMs: TRICKLE_MS, times: Infinity });
  const c = client();
  try {
    const { err, ms } = await failure(async () => {
      const stream = await c.getBlob('org/app', blob as Digest);
      for await (const chunk of stream) void chunk;
    });
    expect(err.code).toBe('REGISTRY_UNREACHABLE');
    expect(err.message).toMatch(/did not finish within 1 s/);
    expect(ms).toBeLessThan(10_000);
  } finally {
    await c.close();
  }
});

test('the whole run ends at its timeout plus the grace, with TIMED_OUT and no tag written', async () => {
  const reg = await createFakeRegistry();
  try {
    // Every blob upload is held unanswered for a minute (longer than the idle timeout is not needed).
    reg.inject({ method: 'PUT', path: /\/blobs\/uploads\//, delayMs: 60_000, times: Infinity });
    const image = memoryImage('deadline');
    const started = Date.now();
    const report = await runPublish(
      parseSettings({ registry: reg.host, image: 'app', version: '1.0.0', timeout: '2s' }),
      {
        log: createMemoryLogger(),
        env: {},
        secrets: createSecretRegistry(),
        openSource: () => memorySource(image),
        wordRemedy: wordRemedyForAction,
      },
    );
    const ms = Date.now() - started;
    expect(report.targets[0]?.error?.code).toBe('TIMED_OUT');
    expect(report.targets[0]?.error?.message).toMatch(
      /^Input "timeout" \(2s\) ran out before the run finished: .* Raise timeout .* \[TIMED_OUT\]$/,
    );
    // 2 s, then min(2 s, 30 s) of grace; the held PUTs alone would take a minute.
    expect(ms).toBeGreaterThanOrEqual(3_900);
    expect(ms).toBeLessThan(20_000);
    expect(reg.tags.get('app')?.size ?? 0).toBe(0);
  } finally {
    await reg.close();
  }
});

test('a source that never finishes loading is cut at the run timeout: TIMED_OUT, the source closed', async () => {
  const reg = await createFakeRegistry();
  try {
    const source = { ...memorySource(memoryImage('stuck')), load: () => new Promise<never>(() => undefined) };
    let closed = false;
    source.close = async () => {
      closed = true;
    };
    const started = Date.now();
    const err = await runPublish(
      parseSettings({ registry: reg.host, image: 'app', version: '1.0.0', timeout: '1s' }),
      { log: createMemoryLogger(), env: {}, secrets: createSecretRegistry(), openSource: () => source },
    ).then(
      () => new Error('it succeeded'),
      (e: unknown) => e as Error & { code?: string },
    );
    expect((err as { code?: string }).code).toBe('TIMED_OUT');
    expect(closed).toBe(true);
    // Cut at the soft deadline (nothing written yet, nothing to converge), not after a grace period.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reg.tags.get('app')?.size ?? 0).toBe(0);
  } finally {
    await reg.close();
  }
});
