/**
 * Referrers follow a promotion (issue 14): an image in a staging registry with an OCI referrer (an SBOM
 * artifact whose `subject` is the image) and a cosign-style `sha256-<hex>.sig` tag is promoted to a
 * production registry by dist/index.js as the action; both arrive, and `referrers: false` leaves them.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rawPush, startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';
import { runActionDist } from '../fixtures/run-dist.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const SBOM_TYPE = 'application/vnd.example.sbom+json';

interface Report {
  targets: { referrers: { digest: string; tag: string | null; action: string }[]; error: unknown }[];
}

let staging: TestRegistry;
let prod: TestRegistry;
let work: string;
let image: OciLayout;
let sbomDigest = '';
let sigDigest = '';
let sigTag = '';

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const blob = (text: string): { digest: string; bytes: Buffer; size: number } => {
  const bytes = Buffer.from(text);
  return { digest: sha(bytes), bytes, size: bytes.length };
};
const report = (run: { outputs: Record<string, string> }): Report =>
  JSON.parse(run.outputs.json ?? '{}') as Report;

/** The referrers of `subject` as the registry lists them: its referrers API, else the referrers tag. */
async function referrersOf(registry: TestRegistry, repository: string, subject: string): Promise<string[]> {
  const api = await registry.http(`/v2/${repository}/referrers/${subject}`);
  const listing =
    api.status === 200
      ? api
      : await registry.http(`/v2/${repository}/manifests/${subject.replace(':', '-')}`, {
          headers: { accept: OCI_INDEX },
        });
  if (listing.status !== 200) return [];
  return listing.json<{ manifests: { digest: string }[] }>().manifests.map((m) => m.digest);
}

beforeAll(async () => {
  [staging, prod] = await Promise.all([
    startRegistry({ kind: 'anonymous' }),
    startRegistry({ kind: 'anonymous' }),
  ]);
  work = await mkdtemp(join(tmpdir(), 'e2e-referrers-'));
  image = await makeOciLayout(join(work, 'img'), { seed: 'promote', layers: [2048], refName: 'img' });
  const pushed = await runActionDist({
    registry: staging.host,
    image: 'app',
    source: image.ref,
    version: '1.0.0',
  });
  expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
  const subject = { mediaType: OCI_MANIFEST, digest: image.manifest.digest, size: image.manifest.size };

  // An SBOM artifact whose subject is the image, pushed by digest.
  const empty = blob('{}');
  const sbom = blob('{"spdxVersion":"SPDX-2.3"}');
  const sbomManifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: SBOM_TYPE,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty.digest, size: empty.size },
      layers: [{ mediaType: 'application/spdx+json', digest: sbom.digest, size: sbom.size }],
      subject,
    }),
  );
  sbomDigest = sha(sbomManifest);
  await rawPush(staging, 'app', sbomDigest, {
    blobs: [empty, sbom],
    manifest: { digest: sbomDigest, mediaType: OCI_MANIFEST, bytes: sbomManifest },
  });
  // Without a referrers API, the referrers tag schema makes it findable (as an OCI client would write).
  if ((await staging.http(`/v2/app/referrers/${image.manifest.digest}`)).status !== 200) {
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          { mediaType: OCI_MANIFEST, digest: sbomDigest, size: sbomManifest.length, artifactType: SBOM_TYPE },
        ],
      }),
    );
    await rawPush(staging, 'app', image.manifest.digest.replace(':', '-'), {
      blobs: [],
      manifest: { digest: sha(index), mediaType: OCI_INDEX, bytes: index },
    });
  }
  expect(await referrersOf(staging, 'app', image.manifest.digest)).toEqual([sbomDigest]);

  // A cosign-style signature under the tag schema.
  const config = blob('{"architecture":"","os":"","rootfs":{"type":"layers","diff_ids":[]},"config":{}}');
  const payload = blob(
    JSON.stringify({ critical: { image: { 'docker-manifest-digest': image.manifest.digest } } }),
  );
  const sig = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: config.digest,
        size: config.size,
      },
      layers: [
        {
          mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
          digest: payload.digest,
          size: payload.size,
          annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ-test-signature' },
        },
      ],
    }),
  );
  sigDigest = sha(sig);
  sigTag = `${image.manifest.digest.replace(':', '-')}.sig`;
  await rawPush(staging, 'app', sigTag, {
    blobs: [config, payload],
    manifest: { digest: sigDigest, mediaType: OCI_MANIFEST, bytes: sig },
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([staging?.stop(), prod?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('referrers follow a promotion', () => {
  const promote = (repository: string, extra: Record<string, string> = {}) =>
    runActionDist({
      registry: prod.host,
      image: repository,
      source: `docker://${staging.host}/app:1.0.0`,
      version: '1.0.0',
      ...extra,
    });

  test('dry run lists what would be carried and writes nothing', async () => {
    const plan = await promote('app', { 'dry-run': 'true' });
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(report(plan).targets[0]?.referrers.map((r) => [r.digest, r.tag, r.action])).toEqual([
      [sbomDigest, null, 'would copy'],
      [sigDigest, sigTag, 'would copy'],
    ]);
    expect(await inspectDigest(prod, `app@${sbomDigest}`)).toBeUndefined();
  });

  test('the SBOM referrer and the .sig tag arrive with the image; a re-run finds them present', async () => {
    const run = await promote('app');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report(run).targets[0]?.referrers.map((r) => [r.digest, r.tag, r.action])).toEqual([
      [sbomDigest, null, 'copied'],
      [sigDigest, sigTag, 'copied'],
    ]);
    expect(run.summary).toContain(`| \`${sigTag}\` | \`${image.manifest.digest.slice(7, 19)}\` | copied |`);
    expect(await inspectDigest(prod, 'app:1.0.0')).toBe(image.manifest.digest);
    expect(await inspectDigest(prod, `app@${sbomDigest}`)).toBe(sbomDigest);
    expect(await inspectDigest(prod, `app:${sigTag}`)).toBe(sigDigest);
    expect(await referrersOf(prod, 'app', image.manifest.digest)).toEqual([sbomDigest]);

    const again = await promote('app');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(report(again).targets[0]?.referrers.map((r) => r.action)).toEqual(['present', 'present']);
  });

  test('referrers: false leaves them behind', async () => {
    const run = await promote('bare', { referrers: 'false' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report(run).targets[0]?.referrers).toEqual([]);
    expect(await inspectDigest(prod, 'bare:1.0.0')).toBe(image.manifest.digest);
    expect(await inspectDigest(prod, `bare@${sbomDigest}`)).toBeUndefined();
    expect(await inspectDigest(prod, `bare:${sigTag}`)).toBeUndefined();
    expect(await referrersOf(prod, 'bare', image.manifest.digest)).toEqual([]);
  });

  test('a merged index carries the referrers of its children', async () => {
    const run = await runActionDist({
      registry: prod.host,
      image: 'merged',
      sources: `docker://${staging.host}/app@${image.manifest.digest}`,
      version: '1.0.0',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report(run).targets[0]?.referrers.map((r) => [r.digest, r.action])).toEqual([
      [sbomDigest, 'copied'],
      [sigDigest, 'copied'],
    ]);
    expect(await inspectDigest(prod, `merged:${sigTag}`)).toBe(sigDigest);
    expect(await referrersOf(prod, 'merged', image.manifest.digest)).toEqual([sbomDigest]);
  });
});
