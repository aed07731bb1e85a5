/**
 * Staged uploads (blob-stager.ts) against the in-process fake registry: bytes sent while the source reads
 * them, committed only when asked, cancelled otherwise; and runPublish with a docker-daemon source on a
 * fake engine: a new repository gets the layers staged during the one scan of the save stream.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Digest } from '../../src/domain/digest.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { createRegistryStager } from '../../src/publish/blob-stager.js';
import { runPublish } from '../../src/publish/publish.js';
import { parseSettings } from '../../src/publish/settings.js';
import { createRegistryClient } from '../../src/registry/client.js';
import { createSecretRegistry } from '../../src/secrets.js';
import { closeFakeEngines, serveSave, startFakeEngine } from '../fixtures/fake-engine.js';
import { useFakeRegistries } from '../fixtures/fake-registries.js';
import type { FakeRegistry } from '../fixtures/fake-registry.js';
import { makeLegacySave, tempDir, type LegacySave } from '../fixtures/image-fixtures.js';
import { makeTar, pseudoRandom } from '../fixtures/skopeo.js';

const fake = useFakeRegistries();
afterEach(async () => {
  await closeFakeEngines();
});

const digestOf = (bytes: Buffer): Digest => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Writes `bytes` through a stage in uneven pieces, as a compressor would. */
async function feed(stage: ReturnType<ReturnType<typeof createRegistryStager>['begin']>, bytes: Buffer) {
  for (let i = 0; i < bytes.length; i += 700_001) await stage.write(bytes.subarray(i, i + 700_001));
}

/** Commits what is wanted and waits for every commit and cancel: the digests the registry now stores. */
async function commitAll(stager: ReturnType<typeof createRegistryStager>, wanted: ReadonlySet<Digest>) {
  const stored = new Set<Digest>();
  for (const [digest, committed] of stager.commit(wanted)) if (await committed) stored.add(digest);
  await stager.cancelAll();
  return stored;
}

describe('createRegistryStager', () => {
  test('sends each blob in one PATCH as its bytes come (no Content-Range); commits only what is wanted; cancels the rest', async () => {
    const reg = await fake();
    // A configured chunk size does not apply: the blob goes in one streamed PATCH, as docker push sends it.
    const client = createRegistryClient({ registry: reg.host, chunkSize: 4 * 1024 * 1024 });
    const stager = createRegistryStager(client, 'ns/app', createMemoryLogger());
    const big = pseudoRandom('big', 9 * 1024 * 1024 + 5);
    const other = pseudoRandom('other', 1000);
    const dropped = pseudoRandom('dropped', 3000);

    const a = stager.begin();
    await feed(a, big);
    await a.end({ digest: digestOf(big), size: big.length });
    const b = stager.begin();
    await feed(b, other);
    await b.end({ digest: digestOf(other), size: other.length });
    const c = stager.begin();
    await feed(c, dropped);
    c.abandon();

    const committed = await commitAll(stager, new Set([digestOf(big)]));
    await client.close();
    expect([...committed]).toEqual([digestOf(big)]);
    expect(reg.blobs.get(digestOf(big))?.equals(big)).toBe(true);
    expect(reg.blobs.has(digestOf(other))).toBe(false);
    const patches = reg.requests.filter((r) => r.method === 'PATCH');
    expect(patches.filter((r) => r.bodyLength === big.length)).toHaveLength(1);
    expect(patches.every((r) => r.headers['content-range'] === undefined)).toBe(true);
    expect(patches.every((r) => r.headers['transfer-encoding'] === 'chunked')).toBe(true);
    expect(reg.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
  });

  test('the source reads on while a blob goes out: the next blob uploads alongside, each in one PATCH', async () => {
    const reg = await fake({ latencyMs: 60 });
    const client = createRegistryClient({ registry: reg.host });
    // Two blobs expected: both sessions open before any byte, one ahead of each begin().
    const stager = createRegistryStager(client, 'ns/app', createMemoryLogger(), { expected: 2 });
    const big = pseudoRandom('big', 9 * 1024 * 1024);
    const small = pseudoRandom('small', 1000);
    const a = stager.begin();
    await feed(a, big);
    await a.end({ digest: digestOf(big), size: big.length });
    const b = stager.begin();
    await feed(b, small);
    await b.end({ digest: digestOf(small), size: small.length });
    const committed = await commitAll(stager, new Set([digestOf(big), digestOf(small)]));
    await client.close();
    expect(committed).toEqual(new Set([digestOf(big), digestOf(small)]));
    expect(reg.blobs.get(digestOf(big))?.equals(big)).toBe(true);
    const patches = reg.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.bodyLength).sort((x, y) => x - y)).toEqual([small.length, big.length]);
    // Neither blob waited for the other: both PATCHes were in flight at once.
    const [first, second] = [...patches].sort((x, y) => x.startedAt - y.startedAt);
    expect(second?.startedAt).toBeLessThan(first?.endedAt ?? 0);
    expect(reg.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(reg.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
  });

  test('the bytes held for upload stay within the buffer: the source waits for the registry past it', async () => {
    // The registry reads at 8 MB/s, slower than the source writes: the stage's queue fills to its bound.
    const reg = await fake({ readBytesPerSecond: 8_000_000 });
    const real = createRegistryClient({ registry: reg.host });
    // The real client; its PATCH bodies are counted as the request reads them.
    let taken = 0;
    const client: typeof real = Object.assign(Object.create(real) as typeof real, {
      beginStreamedUpload: async (repository: string) => {
        const upload = await real.beginStreamedUpload(repository);
        return {
          ...upload,
          send: (body: AsyncIterable<Uint8Array>) =>
            upload.send(
              (async function* () {
                for await (const piece of body) {
                  yield piece;
                  taken += piece.length;
                }
              })(),
            ),
        };
      },
    });
    const limit = 1024 * 1024;
    const stager = createRegistryStager(client, 'ns/app', createMemoryLogger(), { bufferBytes: limit });
    const bytes = pseudoRandom('held', 6 * 1024 * 1024);
    const stage = stager.begin();
    const piece = 100_000;
    let worst = 0;
    for (let at = 0; at < bytes.length; at += piece) {
      await stage.write(bytes.subarray(at, at + piece));
      worst = Math.max(worst, Math.min(at + piece, bytes.length) - taken);
    }
    await stage.end({ digest: digestOf(bytes), size: bytes.length });
    const committed = await commitAll(stager, new Set([digestOf(bytes)]));
    await real.close();
    expect([...committed]).toEqual([digestOf(bytes)]);
    expect(reg.blobs.get(digestOf(bytes))?.equals(bytes)).toBe(true);
    // Held = written − taken by the PATCH's body (a bin being read counts as taken once it is handed on).
    expect(worst).toBeLessThanOrEqual(limit + piece + 1024 * 1024);
    expect(worst).toBeGreaterThan(limit / 2);
  });

  test('a PATCH the registry refuses drops the stage: nothing stored, the session cancelled', async () => {
    const reg = await fake();
    reg.inject({ method: 'PATCH', status: 500, times: 1 });
    const client = createRegistryClient({ registry: reg.host, retry: { attempts: 1 } });
    const log = createMemoryLogger();
    const stager = createRegistryStager(client, 'ns/app', log);
    const bytes = pseudoRandom('refused', 5 * 1024 * 1024);
    const stage = stager.begin();
    await feed(stage, bytes);
    await stage.end({ digest: digestOf(bytes), size: bytes.length });
    const committed = await commitAll(stager, new Set([digestOf(bytes)]));
    await client.close();
    expect(committed.size).toBe(0);
    expect(reg.blobs.has(digestOf(bytes))).toBe(false);
    expect(reg.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(log.lines.join('\n')).toMatch(/staged upload dropped/);
  });
});

describe('runPublish with a docker-daemon source', () => {
  let work: string;
  let save: LegacySave;
  let saveBytes: Buffer;
  beforeAll(async () => {
    work = await tempDir();
    save = await makeLegacySave(join(work, 'save.tar'), [
      {
        tags: ['app:1'],
        layers: [
          makeTar([{ name: 'a', content: pseudoRandom('a', 3_000_000) }]),
          makeTar([{ name: 'b', content: Buffer.from('b'.repeat(5000)) }]),
        ],
      },
    ]);
    saveBytes = await readFile(save.path);
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  async function publish(reg: FakeRegistry, env: Record<string, string>) {
    const settings = parseSettings({
      registry: reg.host,
      namespace: 'ns',
      image: 'app',
      version: '1.0.0',
      source: 'docker-daemon:app:1',
    });
    return runPublish(settings, { log: createMemoryLogger(), env, secrets: createSecretRegistry() });
  }

  test('a new repository: layers are compressed and sent once, during the one read of the save stream', async () => {
    const reg = await fake();
    const engine = await startFakeEngine(work, serveSave(save, saveBytes));
    const report = await publish(reg, engine.env);
    expect(report.targets[0]?.error).toBeNull();
    expect(report.targets[0]?.verified).toBe(true);
    expect(engine.saves()).toBe(1);
    expect(reg.requests.some((r) => r.method === 'PATCH')).toBe(true);
    expect(report.targets[0]?.blobs.uploaded.count).toBe(3); // 2 layers + config
    expect(reg.tags.get('ns/app')?.get('1.0.0')).toBe(report.digest);
    expect(reg.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

    // Republished into the same (now existing) repository: nothing staged, nothing uploaded.
    const before = reg.requests.length;
    const again = await publish(reg, engine.env);
    expect(again.digest).toBe(report.digest);
    expect(again.targets[0]?.blobs.uploaded.count).toBe(0);
    expect(reg.requests.slice(before).filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  });

  test('the config uploads while the last layer is still going out, not after its commit', async () => {
    const reg = await fake({ latencyMs: 200 });
    const engine = await startFakeEngine(work, serveSave(save, saveBytes));
    const report = await publish(reg, engine.env);
    expect(report.targets[0]?.error).toBeNull();
    expect(report.targets[0]?.blobs.uploaded.count).toBe(3);
    const uploads = reg.requests.filter((r) => r.path.includes('/blobs/uploads/'));
    // The config is the only blob PUT with a body (the staged layers' PUTs only commit).
    const configPut = uploads.find((r) => r.method === 'PUT' && r.bodyLength > 0);
    const lastPatchEnd = Math.max(...uploads.filter((r) => r.method === 'PATCH').map((r) => r.endedAt ?? 0));
    expect(configPut).toBeDefined();
    expect(configPut?.startedAt).toBeLessThan(lastPatchEnd);
  });

  test('an engine that breaks off mid-stream: the staged sessions are cancelled, nothing stored', async () => {
    const reg = await fake();
    const engine = await startFakeEngine(work, (path, res) => {
      if (path.endsWith('/json')) return serveSave(save, saveBytes)(path, res);
      res.write(saveBytes.subarray(0, 2_000_000), () => res.destroy());
    });
    const err = await publish(reg, engine.env).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ENGINE_UNAVAILABLE' });
    expect(reg.blobs.size).toBe(0);
    expect(reg.tags.size).toBe(0);
    const posts = reg.requests.filter((r) => r.method === 'POST').length;
    expect(reg.requests.filter((r) => r.method === 'DELETE')).toHaveLength(posts);
  });
});
