/**
 * docker:// against a real registry (CNCF distribution, anonymous HTTP on 127.0.0.1), seeded by skopeo:
 * manifests and indexes byte for byte, blobs streamed from the registry and located for mounts.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryClient } from '../../src/registry/types.js';
import { collectBlobs } from '../../src/source/image-source.js';
import { openImageSource, parseSourceSpec, type SourceContext } from '../../src/source/source-opener.js';
import { addAttestedIndex, tempDir } from '../fixtures/image-fixtures.js';
import { startRegistry, stopAll, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeMultiPlatformLayout, makeOciLayout, readLayoutBlob, skopeoCopy } from '../fixtures/skopeo.js';
import { asImage, asIndex, checkImage, expectError, readBlob } from './helpers.js';

let work: string;
let registry: TestRegistry;
const clients: RegistryClient[] = [];
const declared: string[] = [];

function ctx(): SourceContext {
  return {
    env: {},
    connectRegistry: (apiHost) => {
      const client = createRegistryClient({
        registry: apiHost,
        retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
      });
      clients.push(client);
      const declareAccess = client.declareAccess.bind(client);
      client.declareAccess = (repository, actions) => {
        declared.push(`${apiHost} ${repository} ${actions}`);
        declareAccess(repository, actions);
      };
      return client;
    },
  };
}

async function withRemote<T>(
  spec: string,
  fn: (a: Awaited<ReturnType<ReturnType<typeof openImageSource>['load']>>) => Promise<T>,
): Promise<T> {
  const source = openImageSource(parseSourceSpec(spec, 'source'), ctx());
  try {
    return await fn(await source.load());
  } finally {
    await source.close();
  }
}

let multiDigest: string;
let singleDigest: string;
let multiDir: string;

beforeAll(async () => {
  work = await tempDir();
  registry = await startRegistry({ kind: 'anonymous' });
  multiDir = join(work, 'multi');
  const layout = await makeMultiPlatformLayout(multiDir, { refName: 'multi' });
  const platforms = layout.images.map((i) => ({ ...i.manifest, platform: { ...i.platform } }));
  await addAttestedIndex(multiDir, platforms, { refName: 'multi' });
  multiDigest = await skopeoCopy(`oci:${multiDir}:multi`, `docker://${registry.host}/team/app:multi`, {
    all: true,
    dest: { tlsVerify: false },
  });
  const single = await makeOciLayout(join(work, 'single'), {
    seed: 'single',
    layers: [4096, 70_000],
    refName: 'one',
  });
  singleDigest = await skopeoCopy(`oci:${single.dir}:one`, `docker://${registry.host}/team/app:one`, {
    dest: { tlsVerify: false },
  });
  expect(singleDigest).toBe(single.manifest.digest);
});

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await stopAll();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('docker:// source', () => {
  it('loads an index with attestation byte for byte; blobs carry their location and stream verified', async () => {
    await withRemote(`docker://${registry.host}/team/app:multi`, async (artifact) => {
      const index = asIndex(artifact);
      expect(index.manifest.digest).toBe(multiDigest);
      expect(index.children).toHaveLength(3);
      expect(index.children[2]?.descriptor.platform).toEqual({ architecture: 'unknown', os: 'unknown' });
      for (const child of index.children.slice(0, 2)) await checkImage(asImage(child));
      for (const blob of collectBlobs(index)) {
        expect(blob.location).toEqual({ registry: registry.host, repository: 'team/app' });
        expect((await readBlob(blob)).equals(await readLayoutBlob(multiDir, blob.descriptor.digest))).toBe(
          true,
        );
      }
    });
    expect(declared).toContain(`${registry.host} team/app pull`);
  });

  it('loads a single image by tag and by digest to the same bytes', async () => {
    const byTag = await withRemote(`docker://${registry.host}/team/app:one`, async (a) => {
      await checkImage(asImage(a));
      return a.manifest;
    });
    expect(byTag.digest).toBe(singleDigest);
    const byDigest = await withRemote(
      `docker://${registry.host}/team/app@${singleDigest}`,
      async (a) => a.manifest,
    );
    expect(Buffer.from(byDigest.bytes).equals(Buffer.from(byTag.bytes))).toBe(true);
    expect(
      asImage(await withRemote(`docker://${registry.host}/team/app:one`, async (a) => a)).layers[1]?.label,
    ).toBe(`layer 2 of docker://${registry.host}/team/app:one`);
  });

  it('says when the tag, digest or repository is not in the registry', async () => {
    await expectError(
      withRemote(`docker://${registry.host}/team/app:nope`, async (a) => a),
      'IMAGE_NOT_FOUND',
      `${registry.host}/team/app:nope`,
    );
    const digest = `sha256:${'1'.repeat(64)}`;
    await expectError(
      withRemote(`docker://${registry.host}/team/app@${digest}`, async (a) => a),
      'IMAGE_NOT_FOUND',
      digest,
    );
    await expectError(
      withRemote(`docker://${registry.host}/nobody/here:1`, async (a) => a),
      'IMAGE_NOT_FOUND',
      'nobody/here',
    );
  });
});
