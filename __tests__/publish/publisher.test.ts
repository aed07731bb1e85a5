/**
 * The orchestrator against the in-process fake registry (fault injection and exact request sequences).
 * The same flows run against the real CNCF registry in __tests__/e2e.
 */
import { describe, expect, test } from 'vitest';
import { useFakeRegistries } from '../fixtures/fake-registries.js';
import type { FakeRegistry } from '../fixtures/fake-registry.js';
import { memoryImage, memoryIndex } from '../fixtures/memory-artifact.js';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryClient } from '../../src/registry/types.js';
import { publishToTarget } from '../../src/publish/target-publisher.js';
import { emptyTargetReport, tagsAtDigest } from '../../src/publish/report.js';
import { parseSettings, type RawSettings } from '../../src/publish/settings.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { PublishError, isPublishError } from '../../src/errors.js';
import type { Artifact, BlobSource } from '../../src/source/image-source.js';

const fake = useFakeRegistries();

function clientFor(reg: FakeRegistry): RegistryClient {
  return createRegistryClient({
    registry: reg.host,
    retry: { attempts: 2, baseDelayMs: 1, sleep: async () => undefined },
  });
}

async function publish(
  reg: FakeRegistry,
  artifact: Artifact,
  raw: Partial<RawSettings>,
  client = clientFor(reg),
) {
  const settings = parseSettings({ registry: reg.host, namespace: 'ns', image: 'app', ...raw });
  const target = settings.targets[0];
  if (!target) throw new Error('no target');
  client.declareAccess(target.repository, 'push');
  const log = createMemoryLogger();
  try {
    const report = await publishToTarget({ client, target, artifact, settings, log });
    return { report, log };
  } finally {
    await client.close();
  }
}

/** The client with some methods replaced (a decorator, keeping the real protocol underneath). */
function override(client: RegistryClient, methods: Partial<RegistryClient>): RegistryClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const replaced = (methods as Record<string | symbol, unknown>)[prop];
      if (replaced !== undefined) return replaced;
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('publishToTarget', () => {
  test('cold release: blobs by POST+PUT with no existence checks, then the version tag, then the aliases', async () => {
    const reg = await fake();
    const image = memoryImage('one');
    const { report, log } = await publish(reg, image, { version: '1.15.12' });
    const seq = reg.sequence();
    expect(seq.filter((r) => r.startsWith('HEAD /v2/ns/app/blobs/'))).toEqual([]);
    const manifestPuts = seq.filter((r) => r.startsWith('PUT /v2/ns/app/manifests/'));
    expect(manifestPuts[0]).toBe('PUT /v2/ns/app/manifests/1.15.12');
    expect(new Set(manifestPuts.slice(1))).toEqual(
      new Set([
        'PUT /v2/ns/app/manifests/1.15',
        'PUT /v2/ns/app/manifests/1',
        'PUT /v2/ns/app/manifests/latest',
      ]),
    );
    const lastBlobPut = seq.findLastIndex((r) => r.startsWith('PUT /v2/ns/app/blobs/uploads/'));
    expect(lastBlobPut).toBeLessThan(seq.indexOf('PUT /v2/ns/app/manifests/1.15.12'));
    expect(report.blobs.uploaded.count).toBe(3);
    expect(report.verified).toBe(true);
    expect(report.tags.map((t) => [t.tag, t.action])).toEqual([
      ['1.15.12', 'created'],
      ['1.15', 'created'],
      ['1', 'created'],
      ['latest', 'created'],
    ]);
    expect(log.lines.filter((l) => l.includes(': Pushed ('))).toHaveLength(3);
    expect(reg.tags.get('ns/app')?.get('latest')).toBe(image.manifest.digest);
  });

  test('republish: every tag unchanged, not a single write, no blob request', async () => {
    const reg = await fake();
    const image = memoryImage('two');
    await publish(reg, image, { version: '2.0.1' });
    const before = reg.requests.length;
    const { report } = await publish(reg, image, { version: '2.0.1' });
    const after = reg.requests.slice(before);
    expect(after.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(after.filter((r) => r.path.includes('/blobs/'))).toEqual([]);
    expect(report.tags.every((t) => t.action === 'unchanged')).toBe(true);
    expect(report.blobs.uploaded.count).toBe(0);
    expect(image.layers.every((l) => (l as unknown as { opened: number }).opened === 1)).toBe(true);
  });

  test('a blob that fails its check stops the run before the first write', async () => {
    const reg = await fake();
    const image = memoryImage('corrupt');
    const bad = image.layers[1] as BlobSource;
    const mismatch = new PublishError('DIGEST_MISMATCH', `${bad.label} does not hash to its digest`);
    Object.assign(bad, { verify: async () => Promise.reject(mismatch) });
    const err = await publish(reg, image, { version: '1.0.0' }).catch((e: unknown) => e);
    expect(isPublishError(err, 'DIGEST_MISMATCH')).toBe(true);
    expect(reg.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(image.layers.map((l) => (l as unknown as { opened: number }).opened)).toEqual([0, 0]);
  });

  test('blobs are checked before the first write and never when nothing is written; only missing ones are read', async () => {
    const reg = await fake();
    await publish(reg, memoryImage('shared', ['common', 'old']), { version: '1.0.0' });
    const next = memoryImage('shared', ['common', 'new']);
    const { report } = await publish(reg, next, { version: '1.0.1' });
    const [common, fresh] = next.layers as unknown as { opened: number; verified: number }[];
    expect(common).toMatchObject({ opened: 0, verified: 1 });
    expect(fresh).toMatchObject({ opened: 1, verified: 1 });
    expect(report.blobs.present.count).toBe(1);
    const again = memoryImage('shared', ['common', 'new']);
    await publish(reg, again, { version: '1.0.1' });
    expect(again.layers.map((l) => (l as unknown as { verified: number }).verified)).toEqual([0, 0]);
  });

  test('a new tag for an image already in the repository costs no blob traffic', async () => {
    const reg = await fake();
    const image = memoryImage('three');
    await publish(reg, image, { tags: ['nightly'] });
    const before = reg.requests.length;
    const { report } = await publish(reg, image, { tags: ['latest', 'stable'] });
    const after = reg.requests.slice(before);
    expect(after.filter((r) => r.path.includes('/blobs/'))).toEqual([]);
    expect(
      after
        .filter((r) => r.method === 'PUT')
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/v2/ns/app/manifests/latest', '/v2/ns/app/manifests/stable']);
    expect(report.blobs.uploaded.bytes).toBe(0);
  });

  test('multi-platform index: shared layers once, children before the index, digest is the index', async () => {
    const reg = await fake();
    const amd = memoryImage('shared', ['base', 'amd'], { os: 'linux', architecture: 'amd64' });
    const arm = memoryImage('shared2', ['base', 'arm'], { os: 'linux', architecture: 'arm64' });
    const index = memoryIndex([amd, arm]);
    const { report } = await publish(reg, index, { version: '3.0.0' });
    const seq = reg.sequence();
    const childPuts = [amd, arm].map((c) => seq.indexOf(`PUT /v2/ns/app/manifests/${c.manifest.digest}`));
    expect(childPuts.every((i) => i >= 0 && i < seq.indexOf('PUT /v2/ns/app/manifests/3.0.0'))).toBe(true);
    expect(report.blobs.uploaded.count).toBe(5); // two configs, base once, amd, arm
    expect(report.digest).toBe(index.manifest.digest);
    expect(report.platforms).toEqual([
      { platform: 'linux/amd64', digest: amd.manifest.digest },
      { platform: 'linux/arm64', digest: arm.manifest.digest },
    ]);
  });

  test('dry run reads and writes nothing', async () => {
    const reg = await fake();
    await publish(reg, memoryImage('base'), { version: '1.0.0' });
    const before = reg.requests.length;
    const { report, log } = await publish(reg, memoryImage('next'), { version: '1.1.0', 'dry-run': 'true' });
    expect(reg.requests.slice(before).filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(report.tags.map((t) => [t.tag, t.action])).toEqual([
      ['1.1.0', 'created'],
      ['1.1', 'created'],
      ['1', 'updated'],
      ['latest', 'updated'],
    ]);
    expect(log.lines.some((l) => /^TAG\s+NOW\s+AFTER\s+PLAN/.test(l))).toBe(true);
  });

  test('an existing version tag at another image fails before any write', async () => {
    const reg = await fake();
    await publish(reg, memoryImage('x'), { version: '1.0.0' });
    const before = reg.requests.length;
    await expect(publish(reg, memoryImage('y'), { version: '1.0.0' })).rejects.toSatisfy((err) =>
      isPublishError(err, 'TAG_EXISTS'),
    );
    expect(reg.requests.slice(before).filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
  });

  test('a manifest refused for a lost blob re-uploads the blobs and retries once (quirk 22)', async () => {
    const reg = await fake();
    reg.inject({
      method: 'PUT',
      path: /\/manifests\/4\.0\.0$/,
      status: 400,
      body: { errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry' }] },
    });
    const { report, log } = await publish(reg, memoryImage('lost'), { version: '4.0.0' });
    expect(report.verified).toBe(true);
    expect(log.lines.some((l) => l.includes('uploading the blobs again'))).toBe(true);
    expect(reg.sequence().filter((r) => r === 'PUT /v2/ns/app/manifests/4.0.0')).toHaveLength(2);
  });

  test('read-back that disagrees fails with VERIFY_FAILED', async () => {
    const reg = await fake();
    const image = memoryImage('verify');
    const client = clientFor(reg);
    const lying = override(client, {
      headManifest: async (repo, ref) => {
        const head = await client.headManifest(repo, ref);
        return head && ref === 'latest' ? { ...head, digest: `sha256:${'0'.repeat(64)}` } : head;
      },
    });
    await expect(publish(reg, image, { version: '5.0.0' }, lying)).rejects.toSatisfy((err) =>
      isPublishError(err, 'VERIFY_FAILED'),
    );
  });

  test('converge: a higher version published meanwhile keeps 1 and latest', async () => {
    const reg = await fake();
    await publish(reg, memoryImage('v1150'), { version: '1.15.0' });
    const higher = memoryImage('v1160');
    const client = clientFor(reg);
    let injected = false;
    const racing = override(client, {
      putManifest: async (repo, ref, manifest) => {
        const digest = await client.putManifest(repo, ref, manifest);
        if (!injected) {
          injected = true; // another job publishes 1.16.0 (and its floating tags) right now
          const other = clientFor(reg);
          other.declareAccess('ns/app', 'push');
          for (const blob of [higher.config, ...higher.layers])
            await other.uploadBlob('ns/app', { ...blob.descriptor, open: () => blob.open() });
          for (const tag of ['1.16.0', '1.16', '1', 'latest'])
            await other.putManifest('ns/app', tag, higher.manifest);
          await other.close();
        }
        return digest;
      },
    });
    const ours = memoryImage('v1151');
    const { report } = await publish(reg, ours, { version: '1.15.1' }, racing);
    const tags = reg.tags.get('ns/app');
    expect(tags?.get('1.15')).toBe(ours.manifest.digest);
    expect(tags?.get('1')).toBe(higher.manifest.digest);
    expect(tags?.get('latest')).toBe(higher.manifest.digest);
    expect(report.tags.find((t) => t.tag === 'latest')?.reason).toContain('1.16.0');
    expect(report.verified).toBe(true);
  });

  test('converge: a prefixed floating tag follows a higher version published meanwhile', async () => {
    const reg = await fake();
    const higher = memoryImage('v1160p');
    const client = clientFor(reg);
    let injected = false;
    const racing = override(client, {
      putManifest: async (repo, ref, manifest) => {
        const digest = await client.putManifest(repo, ref, manifest);
        if (!injected) {
          injected = true;
          const other = clientFor(reg);
          other.declareAccess('ns/app', 'push');
          for (const blob of [higher.config, ...higher.layers])
            await other.uploadBlob('ns/app', { ...blob.descriptor, open: () => blob.open() });
          for (const tag of ['1.16.0', '1.16', '1', 'latest'])
            await other.putManifest('ns/app', tag, higher.manifest);
          await other.close();
        }
        return digest;
      },
    });
    const ours = memoryImage('v1151p');
    await publish(reg, ours, { version: '1.15.1', prefix: ['v'] }, racing);
    const tags = reg.tags.get('ns/app');
    for (const tag of ['1.15.1', 'v1.15.1', '1.15', 'v1.15'])
      expect(tags?.get(tag), tag).toBe(ours.manifest.digest);
    for (const tag of ['1', 'v1', 'latest']) expect(tags?.get(tag), tag).toBe(higher.manifest.digest);
  });

  test('converge per name: a racing 1.16.0-trixie moves only the trixie tags of a bare + trixie release', async () => {
    const reg = await fake();
    const higher = memoryImage('v1160t');
    const client = clientFor(reg);
    let injected = false;
    const racing = override(client, {
      putManifest: async (repo, ref, manifest) => {
        const digest = await client.putManifest(repo, ref, manifest);
        if (!injected) {
          injected = true;
          const other = clientFor(reg);
          other.declareAccess('ns/app', 'push');
          for (const blob of [higher.config, ...higher.layers])
            await other.uploadBlob('ns/app', { ...blob.descriptor, open: () => blob.open() });
          for (const tag of ['1.16.0-trixie', '1.16-trixie', '1-trixie', 'trixie'])
            await other.putManifest('ns/app', tag, higher.manifest);
          await other.close();
        }
        return digest;
      },
    });
    const ours = memoryImage('v1151');
    const { report } = await publish(
      reg,
      ours,
      { version: '1.15.1', variant: ['trixie'], bare: 'true' },
      racing,
    );
    const tags = reg.tags.get('ns/app');
    for (const tag of ['1.15.1', '1.15', '1', 'latest', '1.15.1-trixie', '1.15-trixie'])
      expect(tags?.get(tag), tag).toBe(ours.manifest.digest);
    for (const tag of ['1-trixie', 'trixie']) expect(tags?.get(tag), tag).toBe(higher.manifest.digest);
    expect(report.tags.find((t) => t.tag === 'trixie')?.reason).toContain('1.16.0-trixie');
    expect(report.verified).toBe(true);
  });
});

describe('referrers (quirk 31)', () => {
  test('a manifest with a subject is listed in the sha256-<hex> referrers index when the registry has no referrers API', async () => {
    const reg = await fake();
    const base = memoryImage('signed');
    await publish(reg, base, { version: '1.0.0' });
    const sig = memoryImage('signature');
    const bytes = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(sig.manifest.bytes).toString('utf8')),
        artifactType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        subject: base.descriptor,
        annotations: { 'org.example.kind': 'signature' },
      }),
    );
    const { toRawManifest } = await import('../../src/domain/manifest.js');
    const manifest = toRawManifest(bytes, sig.manifest.mediaType);
    const referrer = {
      ...sig,
      manifest,
      descriptor: { ...sig.descriptor, digest: manifest.digest, size: bytes.length },
    };
    await publish(reg, referrer, { tags: ['sig'] });
    const tag = base.manifest.digest.replace(':', '-');
    const indexDigest = reg.tags.get('ns/app')?.get(tag);
    expect(indexDigest).toBeDefined();
    const index = JSON.parse(reg.manifests.get(`ns/app@${indexDigest}`)?.bytes.toString('utf8') ?? '{}') as {
      manifests: { digest: string; artifactType?: string; annotations?: Record<string, string> }[];
    };
    expect(index.manifests).toEqual([
      {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: bytes.length,
        artifactType: 'application/vnd.dev.cosign.simplesigning.v1+json',
        annotations: { 'org.example.kind': 'signature' },
      },
    ]);
    // Publishing it again does not add a duplicate entry.
    await publish(reg, referrer, { tags: ['sig2'] });
    const again = JSON.parse(
      reg.manifests.get(`ns/app@${reg.tags.get('ns/app')?.get(tag)}`)?.bytes.toString('utf8') ?? '{}',
    ) as { manifests: unknown[] };
    expect(again.manifests).toHaveLength(1);
  });
});

describe('outcomes under refused writes (issue 13)', () => {
  async function refused(tag: string) {
    const reg = await fake();
    const real = clientFor(reg);
    const client = override(real, {
      putManifest: async (repository, reference, manifest) => {
        if (reference === tag)
          throw new PublishError('REGISTRY_REJECTED', `PUT ${reference}: 405 unsupported`);
        return real.putManifest(repository, reference, manifest);
      },
    });
    const settings = parseSettings({ registry: reg.host, namespace: 'ns', image: 'app', version: '1.15.12' });
    const target = settings.targets[0];
    if (!target) throw new Error('no target');
    client.declareAccess(target.repository, 'push');
    const report = emptyTargetReport(target);
    const err = await publishToTarget(
      { client, target, artifact: memoryImage('one'), settings, log: createMemoryLogger() },
      report,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    await real.close();
    return { err, report, reg };
  }

  test('a refused floating tag is failed with the answer; the others are written and reported so', async () => {
    const { err, report } = await refused('1.15');
    expect(isPublishError(err, 'REGISTRY_REJECTED')).toBe(true);
    expect(report.tags.map((t) => [t.tag, t.action])).toEqual([
      ['1.15.12', 'created'],
      ['1.15', 'failed'],
      ['1', 'created'],
      ['latest', 'created'],
    ]);
    expect(report.tags[1]?.reason).toContain('405 unsupported');
    expect(tagsAtDigest(report)).toEqual(['1.15.12', '1', 'latest']);
  });

  test('a refused version tag leaves every alias not attempted, none reported at the digest', async () => {
    const { report } = await refused('1.15.12');
    expect(report.tags.map((t) => [t.tag, t.action])).toEqual([
      ['1.15.12', 'failed'],
      ['1.15', 'not attempted'],
      ['1', 'not attempted'],
      ['latest', 'not attempted'],
    ]);
    expect(report.tags.every((t) => t.digest === null)).toBe(true);
    expect(tagsAtDigest(report)).toEqual([]);
  });
});
