/**
 * Request and round-trip budgets of the benchmark's scenarios (docs/benchmarks.md, S1–S3, S5r), against the
 * in-process fake registry with a latency on every answer, so that what a distant registry makes a run wait
 * for is counted (countRounds) rather than timed. Each budget names the reads and writes it allows; a change
 * that adds a request, a serial round trip or a connection fails here before it shows in the WAN bench.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { serveImage, serveSave, startFakeEngine } from '../fixtures/fake-engine.js';
import { makeLegacySave } from '../fixtures/image-fixtures.js';
import { makeTar, pseudoRandom } from '../fixtures/skopeo.js';
import { useFakeRegistries } from '../fixtures/fake-registries.js';
import { countRounds, type FakeRegistry } from '../fixtures/fake-registry.js';
import { memoryImage } from '../fixtures/memory-artifact.js';
import { createRegistryClient } from '../../src/registry/client.js';
import { publishToTarget } from '../../src/publish/target-publisher.js';
import { ONE_PASS_MIN_BYTES, pushContent } from '../../src/publish/content-pusher.js';
import { emptyTargetReport } from '../../src/publish/report.js';
import { parseSettings, type RawSettings } from '../../src/publish/settings.js';
import { runPublish } from '../../src/publish/publish.js';
import { createSecretRegistry } from '../../src/secrets.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import type { Artifact } from '../../src/source/image-source.js';
import { measured } from '../../src/source/verify-stream.js';
import type { Digest } from '../../src/domain/digest.js';

const fake = useFakeRegistries();
/** Well above the client's own work between two requests, even on a loaded machine. */
const LATENCY_MS = 60;
const TAGS = ['1.15.12', '1.15', '1', 'latest'];

async function publish(
  reg: FakeRegistry,
  artifact: Artifact,
  raw: Partial<RawSettings> = { version: '1.15.12' },
) {
  const client = createRegistryClient({ registry: reg.host });
  const settings = parseSettings({ registry: reg.host, namespace: 'ns', image: 'app', ...raw });
  const target = settings.targets[0];
  if (!target) throw new Error('no target');
  client.declareAccess(target.repository, 'push');
  try {
    return await publishToTarget({ client, target, artifact, settings, log: createMemoryLogger() });
  } finally {
    await client.close();
  }
}

/** What one run sent: its requests, their rounds and the connections they took. */
async function measure(reg: FakeRegistry, run: () => Promise<unknown>) {
  const from = reg.requests.length;
  const connectionsBefore = reg.connections();
  await run();
  const requests = reg.requests.slice(from);
  return {
    sequence: requests.map((r) => `${r.method} ${r.path.replace(/\/uploads\/[^/]+$/, '/uploads/ID')}`),
    rounds: countRounds(requests),
    connections: reg.connections() - connectionsBefore,
  };
}

describe('request budgets (docs/benchmarks.md)', () => {
  test('S2 republish: the tag list, then one GET per tag that both reads and confirms it (5 requests, 2 rounds)', async () => {
    const reg = await fake();
    const image = memoryImage('s2');
    await publish(reg, image);
    const slow = await fake({ latencyMs: LATENCY_MS });
    for (const [key, value] of reg.manifests) slow.manifests.set(key, value);
    for (const [repo, tags] of reg.tags) slow.tags.set(repo, new Map(tags));
    const { sequence, rounds, connections } = await measure(slow, () => publish(slow, image));
    expect(sequence.sort()).toEqual(
      ['GET /v2/ns/app/tags/list', ...TAGS.map((t) => `GET /v2/ns/app/manifests/${t}`)].sort(),
    );
    expect(rounds).toBe(2);
    // The https probe of a loopback registry, the list's (reused by one of the 4 reads at once), 3 more.
    expect(connections).toBe(5);
  });

  test('S5r re-run from the engine: the tag list with the inspect, then one GET per tag, no config read, no export (5 requests, 2 rounds)', async () => {
    const reg = await fake();
    const image = memoryImage('s5r');
    await publish(reg, image);
    const slow = await fake({ latencyMs: LATENCY_MS });
    for (const [key, value] of reg.manifests) slow.manifests.set(key, value);
    for (const [repo, tags] of reg.tags) slow.tags.set(repo, new Map(tags));
    for (const [repo, blobs] of reg.repoBlobs) slow.repoBlobs.set(repo, new Set(blobs));
    for (const [digest, bytes] of reg.blobs) slow.blobs.set(digest, bytes);
    // The engine holds that image: its ID is the config digest, one diff ID per layer; its save is never
    // asked for (the bytes would not even load).
    const work = await mkdtemp(join(tmpdir(), 'rp-budget-'));
    const engine = await startFakeEngine(
      work,
      serveImage({
        names: ['app:1'],
        inspect: {
          Id: image.config.descriptor.digest,
          RepoTags: ['app:1'],
          RootFS: { Layers: image.layers.map((_, i) => `sha256:${String(i).repeat(64)}`) },
        },
        save: Buffer.from('not a docker save'),
      }),
    );
    try {
      const settings = parseSettings({
        registry: slow.host,
        namespace: 'ns',
        image: 'app',
        version: '1.15.12',
        source: 'docker-daemon:app:1',
      });
      const accepted = slow.acceptedAt().length;
      const { sequence, rounds, connections } = await measure(slow, async () => {
        const report = await runPublish(settings, {
          log: createMemoryLogger(),
          env: engine.env,
          secrets: createSecretRegistry(),
        });
        expect(report.targets[0]?.error).toBeNull();
        expect(report.targets[0]?.tags.map((t) => t.action)).toEqual(TAGS.map(() => 'unchanged'));
      });
      expect(sequence.sort()).toEqual(
        ['GET /v2/ns/app/tags/list', ...TAGS.map((t) => `GET /v2/ns/app/manifests/${t}`)].sort(),
      );
      expect(rounds).toBe(2);
      // One connection per read at once and one for the TLS attempt of a loopback registry's first read,
      // all opened with the tag list (preconnect): none pays its handshake when the 4 reads start.
      expect(connections).toBe(TAGS.length + 1);
      const list = slow.requests.find((r) => r.path.endsWith('/tags/list'));
      for (const at of slow.acceptedAt().slice(accepted)) expect(at).toBeLessThan(list?.endedAt ?? 0);
      expect(engine.requests).toEqual(['GET /images/app:1/json']);
    } finally {
      await engine.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  test('S3 promotion in place: the check after the PUT overlaps the re-listing, the read-backs the converge listing (12 requests, 6 rounds)', async () => {
    const reg = await fake({ latencyMs: LATENCY_MS });
    const image = memoryImage('s3');
    await publish(reg, image, { tags: ['sha-860c190'] });
    const promoted: Artifact = { ...image, location: { registry: reg.host, repository: 'ns/app' } };
    const { sequence, rounds, connections } = await measure(reg, () => publish(reg, promoted));
    expect(sequence.sort()).toEqual(
      [
        'GET /v2/ns/app/tags/list',
        'HEAD /v2/ns/app/manifests/1.15.12', // just before its PUT
        'PUT /v2/ns/app/manifests/1.15.12',
        'HEAD /v2/ns/app/manifests/1.15.12', // just after: also its read-back
        'GET /v2/ns/app/tags/list', // just before the floating PUTs
        ...TAGS.slice(1).map((t) => `PUT /v2/ns/app/manifests/${t}`),
        'GET /v2/ns/app/tags/list', // the converge step
        ...TAGS.slice(1).map((t) => `HEAD /v2/ns/app/manifests/${t}`),
      ].sort(),
    );
    // list · check · PUT 1.15.12 · check ∥ list · 3 PUTs · list ∥ 3 read-backs
    expect(rounds).toBe(6);
    // The https probe, then one connection per request in flight at once (4 at most): none closed after
    // a HEAD, none opened because the next request came right after an answer.
    expect(connections).toBe(5);
  });

  test('S3 promotion from docker:// in the same repository: the source manifest and the claim check are read with the tag list (13 requests, 5 rounds)', async () => {
    const reg = await fake({ latencyMs: LATENCY_MS });
    const image = memoryImage('s3r');
    await publish(reg, image, { tags: ['sha-860c190'] });
    const settings = parseSettings({
      registry: reg.host,
      namespace: 'ns',
      image: 'app',
      version: '1.15.12',
      source: `docker://${reg.host}/ns/app:sha-860c190`,
    });
    const { sequence, rounds } = await measure(reg, async () => {
      const report = await runPublish(settings, {
        log: createMemoryLogger(),
        env: {},
        secrets: createSecretRegistry(),
      });
      expect(report.targets[0]?.error).toBeNull();
      expect(report.targets[0]?.tags.map((t) => t.action)).toEqual(TAGS.map(() => 'created'));
    });
    const first = reg.requests.slice(-sequence.length).slice(0, 3);
    expect(first.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        'GET /v2/ns/app/manifests/1.15.12',
        'GET /v2/ns/app/manifests/sha-860c190',
        'GET /v2/ns/app/tags/list',
      ].sort(),
    );
    expect(sequence.sort()).toEqual(
      [
        'GET /v2/ns/app/manifests/sha-860c190', // the source
        'GET /v2/ns/app/tags/list',
        'GET /v2/ns/app/manifests/1.15.12', // with the list: the check before its PUT (404)
        'PUT /v2/ns/app/manifests/1.15.12',
        'HEAD /v2/ns/app/manifests/1.15.12',
        'GET /v2/ns/app/tags/list',
        ...TAGS.slice(1).map((t) => `PUT /v2/ns/app/manifests/${t}`),
        'GET /v2/ns/app/tags/list',
        ...TAGS.slice(1).map((t) => `HEAD /v2/ns/app/manifests/${t}`),
      ].sort(),
    );
    // list ∥ source manifest ∥ check (the version tag's GET) · PUT 1.15.12 · check ∥ list · 3 PUTs ·
    // list ∥ 3 read-backs
    expect(rounds).toBe(5);
  });

  test('a promotion with overwrite: the re-listing goes out with the unclaimed version PUT (13 requests, 5 rounds)', async () => {
    const reg = await fake({ latencyMs: LATENCY_MS });
    const old = memoryImage('s3o-old');
    await publish(reg, old);
    const image = memoryImage('s3o-new');
    await publish(reg, image, { tags: ['sha-860c190'] });
    const promoted: Artifact = { ...image, location: { registry: reg.host, repository: 'ns/app' } };
    const { sequence, rounds } = await measure(reg, () =>
      publish(reg, promoted, { version: '1.15.12', overwrite: 'true' }),
    );
    expect(sequence.sort()).toEqual(
      [
        'GET /v2/ns/app/tags/list',
        ...TAGS.map((t) => `GET /v2/ns/app/manifests/${t}`), // the plan reads what each tag holds
        'PUT /v2/ns/app/manifests/1.15.12', // not claimed (overwrite): no check before or after
        'GET /v2/ns/app/tags/list', // with the version PUT: the listing before the floating PUTs
        ...TAGS.slice(1).map((t) => `PUT /v2/ns/app/manifests/${t}`),
        'GET /v2/ns/app/tags/list', // the converge step
        ...TAGS.map((t) => `HEAD /v2/ns/app/manifests/${t}`),
      ].sort(),
    );
    // list · 4 reads · PUT 1.15.12 ∥ list · 3 PUTs · list ∥ 4 read-backs (6 with the list after the PUT)
    expect(rounds).toBe(5);
    const run = reg.requests.slice(-sequence.length);
    const versionPut = run.find((r) => r.method === 'PUT' && r.path.endsWith('/1.15.12'));
    const relist = run.filter((r) => r.path.endsWith('/tags/list'))[1];
    expect(relist?.startedAt).toBeLessThan(versionPut?.endedAt ?? 0);
  });

  test('S1 cold release: 2 requests per blob, the version tag claimed, then 3 rounds for the rest', async () => {
    const reg = await fake({ latencyMs: LATENCY_MS });
    const image = memoryImage('s1');
    const blobs = image.layers.length + 1;
    const { sequence, rounds } = await measure(reg, () => publish(reg, image));
    expect(sequence.filter((s) => s.includes('/blobs/'))).toHaveLength(2 * blobs);
    expect(sequence.filter((s) => !s.includes('/blobs/')).sort()).toEqual(
      [
        'GET /v2/ns/app/tags/list',
        'HEAD /v2/ns/app/manifests/1.15.12',
        'PUT /v2/ns/app/manifests/1.15.12',
        'HEAD /v2/ns/app/manifests/1.15.12',
        'GET /v2/ns/app/tags/list',
        ...TAGS.slice(1).map((t) => `PUT /v2/ns/app/manifests/${t}`),
        'GET /v2/ns/app/tags/list',
        ...TAGS.slice(1).map((t) => `HEAD /v2/ns/app/manifests/${t}`),
      ].sort(),
    );
    // list · POSTs · PUTs ∥ check (sent once the last body is out) · PUT 1.15.12 · check ∥ list · 3 PUTs ·
    // list ∥ 3 read-backs
    expect(rounds).toBe(7);
    // The check before the PUT still follows every blob's bytes and precedes the PUT.
    const check = reg.requests.find((r) => r.method === 'HEAD' && r.path.endsWith('/1.15.12'));
    const versionPut = reg.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/1.15.12'));
    expect(check?.endedAt).toBeLessThanOrEqual(versionPut?.startedAt ?? 0);
  });

  test('S5 first publish from the engine: the claim check goes out with the last commits (5 rounds after the last layer byte)', async () => {
    const work = await mkdtemp(join(tmpdir(), 'rp-budget-'));
    const save = await makeLegacySave(join(work, 'save.tar'), [
      {
        tags: ['app:1'],
        layers: [
          makeTar([{ name: 'a', content: pseudoRandom('a', 3_000_000) }]),
          makeTar([{ name: 'b', content: Buffer.from('b'.repeat(5000)) }]),
        ],
      },
    ]);
    const engine = await startFakeEngine(work, serveSave(save, await readFile(save.path)));
    try {
      const reg = await fake({ latencyMs: LATENCY_MS });
      const settings = parseSettings({
        registry: reg.host,
        namespace: 'ns',
        image: 'app',
        version: '1.15.12',
        source: 'docker-daemon:app:1',
      });
      const report = await runPublish(settings, {
        log: createMemoryLogger(),
        env: engine.env,
        secrets: createSecretRegistry(),
      });
      expect(report.targets[0]?.error).toBeNull();
      expect(report.targets[0]?.verified).toBe(true);
      expect(report.targets[0]?.tags.map((t) => t.action)).toEqual(TAGS.map(() => 'created'));
      // After the last layer byte was answered: only commits, tags, their checks and read-backs.
      const lastPatch = Math.max(
        ...reg.requests.filter((r) => r.method === 'PATCH').map((r) => r.endedAt ?? 0),
      );
      const tail = reg.requests.filter((r) => r.startedAt >= lastPatch);
      const check = tail.find((r) => r.method === 'HEAD' && r.path.endsWith('/1.15.12'));
      const versionPut = tail.find((r) => r.method === 'PUT' && r.path.endsWith('/1.15.12'));
      expect(check?.endedAt).toBeLessThanOrEqual(versionPut?.startedAt ?? 0);
      // commits ∥ check · PUT 1.15.12 · check ∥ list · 3 PUTs · list ∥ 3 read-backs (6 with the check after
      // the commits)
      expect(countRounds(tail)).toBe(5);
    } finally {
      await engine.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  test('one-pass upload of a large layer: POST, PATCH and the committing PUT on one connection, none opened', async () => {
    const reg = await fake({ latencyMs: LATENCY_MS });
    const work = await mkdtemp(join(tmpdir(), 'rp-budget-'));
    const bytes = randomBytes(8 * 1024 * 1024);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}` as Digest;
    const file = join(work, 'layer');
    await writeFile(file, bytes);
    const client = createRegistryClient({ registry: reg.host });
    client.declareAccess('ns/app', 'push');
    try {
      // The https probe and the first connection are paid here, before what is counted.
      expect(await client.headBlob('ns/app', digest)).toBeUndefined();
      const { sequence, connections } = await measure(reg, () =>
        client.uploadBlob('ns/app', {
          digest,
          size: bytes.length,
          open: () => Promise.reject(new Error('the one-pass upload reads the file once')),
          openChecked: async () => measured(createReadStream(file), { digest, size: bytes.length }, file),
        }),
      );
      expect(sequence).toEqual([
        'POST /v2/ns/app/blobs/uploads/',
        'PATCH /v2/ns/app/blobs/uploads/ID',
        'PUT /v2/ns/app/blobs/uploads/ID',
      ]);
      expect(reg.blobs.get(digest)?.length).toBe(bytes.length);
      // Each request follows the answer before it: the connection that carried that answer takes it.
      expect(connections).toBe(0);
    } finally {
      await client.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  test('a one-pass layer counts as sent once only its closing PUT is left, not when its last byte was read', async () => {
    // WAN S1: the claim check went out when the 40 MB layer's last bytes were read, 400 ms before the link
    // delivered them, was stale by the time the version PUT could go, and was sent again: a round trip.
    const reg = await fake({ latencyMs: LATENCY_MS });
    const work = await mkdtemp(join(tmpdir(), 'rp-budget-'));
    const bytes = randomBytes(ONE_PASS_MIN_BYTES);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}` as Digest;
    const file = join(work, 'layer');
    await writeFile(file, bytes);
    const image = memoryImage('one-pass');
    const layer = {
      descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: bytes.length },
      label: 'layer 1',
      open: () => Promise.reject(new Error('the one-pass upload reads the file once')),
      openChecked: async () => measured(createReadStream(file), { digest, size: bytes.length }, file),
    };
    const client = createRegistryClient({ registry: reg.host });
    client.declareAccess('ns/app', 'push');
    let sentAt: number | undefined;
    try {
      await pushContent({
        client,
        repository: 'ns/app',
        artifact: { ...image, layers: [layer] },
        concurrency: 4,
        cold: true,
        log: createMemoryLogger(),
        report: emptyTargetReport(
          parseSettings({ registry: reg.host, image: 'app', tags: ['x'] }).targets[0]!,
        ),
        onBodiesSent: () => (sentAt = performance.now()),
      });
      const patch = reg.requests.find((r) => r.method === 'PATCH');
      const commit = reg.requests.filter((r) => r.method === 'PUT' && r.path.includes('/uploads/')).at(-1);
      expect(sentAt).toBeGreaterThanOrEqual(patch?.endedAt ?? Infinity);
      expect(sentAt).toBeLessThanOrEqual(commit?.startedAt ?? 0);
      expect(reg.blobs.get(digest)?.length).toBe(bytes.length);
    } finally {
      await client.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  test('a connection the server closed while idle is not taken while the one that just answered is free', async () => {
    // S6 over the WAN link: while a 1 GiB PATCH was sent, the other connection idled out; the PUT that
    // commits it reconnected that one (a new handshake) instead of taking the PATCH's.
    // `Keep-Alive: timeout=3`: the client closes a connection idle for 1 s (undici keeps 2 s to spare).
    const reg = await fake({ latencyMs: LATENCY_MS, idleTimeoutMs: 3000 });
    const small = Buffer.from('config bytes');
    const smallDigest = `sha256:${createHash('sha256').update(small).digest('hex')}` as Digest;
    const chunk = randomBytes(64 * 1024);
    const chunks = 20;
    const large = Buffer.concat(Array.from({ length: chunks }, () => chunk));
    const largeDigest = `sha256:${createHash('sha256').update(large).digest('hex')}` as Digest;
    // The large body takes about 2 s to send: the other connection idles out meanwhile.
    const trickled = (): Readable =>
      Readable.from(
        (async function* () {
          for (let i = 0; i < chunks; i++) {
            await new Promise((r) => setTimeout(r, 100));
            yield chunk;
          }
        })(),
      );
    const client = createRegistryClient({ registry: reg.host });
    client.declareAccess('ns/app', 'push');
    try {
      expect(await client.headBlob('ns/app', smallDigest)).toBeUndefined();
      const { sequence, connections } = await measure(reg, () =>
        Promise.all([
          client.uploadBlob('ns/app', {
            digest: smallDigest,
            size: small.length,
            open: async () => Readable.from([small]),
          }),
          client.uploadBlob('ns/app', {
            digest: largeDigest,
            size: large.length,
            open: () => Promise.reject(new Error('the one-pass upload reads its bytes once')),
            openChecked: async () =>
              measured(trickled(), { digest: largeDigest, size: large.length }, 'large'),
          }),
        ]),
      );
      expect(sequence.filter((s) => s.startsWith('PATCH'))).toHaveLength(1);
      expect(reg.blobs.get(largeDigest)?.length).toBe(large.length);
      // The two POSTs at once need a second connection; the large upload's PUT takes the PATCH's.
      expect(connections).toBe(1);
    } finally {
      await client.close();
    }
  });
});
