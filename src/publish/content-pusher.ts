import type { Readable } from 'node:stream';
import { shortDigest } from '../domain/digest.js';
import type { Logger } from '../log.js';
import { releasingStream } from '../memory.js';
import type { RegistryClient } from '../registry/types.js';
import type { Artifact, BlobSource } from '../source/image-source.js';
import { collectBlobs } from '../source/image-source.js';
import { mapLimited } from './limiter.js';
import { formatBytes, type BlobOutcome, type TargetReport } from './report.js';

export interface ContentPushOptions {
  readonly client: RegistryClient;
  readonly repository: string;
  readonly artifact: Artifact;
  readonly concurrency: number;
  /** The repository has no tags at all: skip existence checks, every blob is missing. */
  readonly cold: boolean;
  /** Upload even when a HEAD says present (recovery from MANIFEST_BLOB_UNKNOWN). */
  readonly force?: boolean;
  readonly log: Logger;
  readonly report: TargetReport;
  /** Bytes sent so far for a blob being uploaded (progress display). */
  readonly onProgress?: ((digest: string, sent: number, total: number) => void) | undefined;
}

/**
 * Makes every blob and child manifest of the artifact present in the repository, in dependency order:
 * blobs (deduplicated by digest, `concurrency` at a time), then child manifests by digest. The top-level
 * manifest is not written here: tags write it.
 *
 * Three steps, so that a corrupt source writes nothing: read-only checks decide what each blob needs
 * (present, mount, upload); every blob to upload is then read and checked against its digest; only then
 * are blobs mounted and uploaded. Blobs the registry already has are never read.
 */
export async function pushContent(options: ContentPushOptions): Promise<void> {
  const blobs = collectBlobs(options.artifact);
  const needs = await mapLimited(blobs, options.concurrency, async (blob) => ({
    blob,
    need: await decide(options, blob),
  }));
  await verifyBlobs(
    needs.filter((n) => n.need === 'upload').map((n) => n.blob),
    options.concurrency,
  );
  await mapLimited(needs, options.concurrency, async ({ blob, need }) => {
    const outcome = need === 'present' ? { outcome: 'present' as const } : await write(options, blob, need);
    const tally = options.report.blobs[outcome.outcome];
    tally.count += 1;
    tally.bytes += blob.descriptor.size;
    options.log.info(formatBlobLine(blob, outcome.outcome, outcome.from));
  });
  await pushChildManifests(options, options.artifact);
}

/** Checks the bytes of every blob that has a local check (BlobSource.verify), `concurrency` at a time. */
export async function verifyBlobs(blobs: readonly BlobSource[], concurrency: number): Promise<void> {
  await mapLimited(blobs, concurrency, async (blob) => blob.verify?.());
}

type Need = 'present' | 'mount' | 'upload';

/** What a blob needs, from read-only checks: nothing, a cross-repository mount, or an upload. */
async function decide(options: ContentPushOptions, blob: BlobSource): Promise<Need> {
  const { client, repository } = options;
  const location = blob.location;
  if (!options.force && location && location.registry === client.registry) {
    // The blob is already in this registry: same repository means nothing to do; another
    // repository means a cross-repository mount (no bytes), falling back to an upload.
    return location.repository === repository ? 'present' : 'mount';
  }
  if (options.cold || options.force) return 'upload';
  return (await client.headBlob(repository, blob.descriptor.digest)) !== undefined ? 'present' : 'upload';
}

async function write(
  options: ContentPushOptions,
  blob: BlobSource,
  need: 'mount' | 'upload',
): Promise<{ outcome: BlobOutcome; from?: string }> {
  const { client, repository } = options;
  const { digest, size } = blob.descriptor;
  const from = blob.location?.repository;
  if (need === 'mount' && from !== undefined && (await client.mountBlob(repository, digest, from))) {
    return { outcome: 'mounted', from };
  }
  if (need === 'mount') await blob.verify?.();
  const onProgress = options.onProgress;
  const open = async (): Promise<Readable> =>
    releasingStream(await blob.open(), onProgress && ((sent) => onProgress(digest, sent, size)));
  await client.uploadBlob(repository, { digest, size, open });
  return { outcome: 'uploaded' };
}

/** PUTs child manifests bottom-up by digest so the index never references a missing manifest. */
async function pushChildManifests(options: ContentPushOptions, artifact: Artifact): Promise<void> {
  if (artifact.kind !== 'index') return;
  await mapLimited(artifact.children, options.concurrency, async (child) => {
    await pushChildManifests(options, child);
    await options.client.putManifest(options.repository, child.manifest.digest, child.manifest);
  });
}

function formatBlobLine(blob: BlobSource, outcome: BlobOutcome, from: string | undefined): string {
  const id = shortDigest(blob.descriptor.digest);
  const size = formatBytes(blob.descriptor.size);
  switch (outcome) {
    case 'uploaded':
      return `${id}: Pushed (${size})`;
    case 'present':
      return `${id}: Layer already exists (${size})`;
    case 'mounted':
      return `${id}: Mounted from ${from ?? 'another repository'} (${size})`;
  }
}
