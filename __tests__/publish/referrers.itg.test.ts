/**
 * The referrers tag schema under concurrent publishes (docs/registry-quirks.md#q31-no-referrers-api): a
 * distribution 2.8 registry has no referrers API, so a signature and an SBOM pushed by two jobs at once both
 * read-modify-write the `sha256-<subject hex>` index. Each job merges into what it reads, reads it back and
 * again after a settle pause; both referrers must survive. skopeo reads the index back.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sha256Digest, type Digest } from '../../src/domain/digest.js';
import { toRawManifest, type RawManifest } from '../../src/domain/manifest.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { recordReferrer, referrersTag } from '../../src/publish/referrers.js';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryClient } from '../../src/registry/types.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { skopeoInspect, skopeoTarget } from '../fixtures/skopeo.js';

const REPO = 'ns/signed';
const EMPTY = Buffer.from('{}');
const EMPTY_TYPE = 'application/vnd.oci.empty.v1+json';
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

let registry: TestRegistry;
const clients: RegistryClient[] = [];

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await registry?.stop();
});

function client(): RegistryClient {
  const c = createRegistryClient({ registry: registry.host, retry: { attempts: 3, baseDelayMs: 5 } });
  clients.push(c);
  return c;
}

/** An artifact manifest (empty config, no layers) whose subject is `subject`. */
function referrer(subject: Digest, artifactType: string): RawManifest {
  const doc = {
    schemaVersion: 2,
    mediaType: MANIFEST_TYPE,
    artifactType,
    config: { mediaType: EMPTY_TYPE, digest: sha256Digest(EMPTY), size: EMPTY.length },
    layers: [],
    subject: { mediaType: MANIFEST_TYPE, digest: subject, size: 2 },
  };
  return toRawManifest(Buffer.from(JSON.stringify(doc)), MANIFEST_TYPE);
}

test.each([1, 2, 3])(
  'two jobs add different referrers to one subject at once: both survive (round %i)',
  async (round) => {
    const subject = sha256Digest(Buffer.from(`subject ${round}`));
    const setup = client();
    await setup.uploadBlob(REPO, {
      digest: sha256Digest(EMPTY),
      size: EMPTY.length,
      open: async () => Readable.from([EMPTY]),
    });
    const signature = referrer(subject, 'application/vnd.dev.cosign.artifact.sig.v1+json');
    const sbom = referrer(subject, 'application/spdx+json');
    for (const m of [signature, sbom]) await setup.putManifest(REPO, m.digest, m);

    const [a, b] = [client(), client()];
    await Promise.all([
      recordReferrer(a, REPO, signature, createMemoryLogger()),
      recordReferrer(b, REPO, sbom, createMemoryLogger()),
    ]);

    const index = await skopeoInspect(
      `${registry.host}/${REPO}:${referrersTag(subject)}`,
      skopeoTarget(registry),
    );
    const listed = (index.manifest.manifests as { digest: string; artifactType?: string }[]).map(
      (d) => d.digest,
    );
    expect(listed.sort()).toEqual([signature.digest, sbom.digest].sort());
  },
);
