import type { Readable } from 'node:stream';
import { shortDigest, type Digest } from '../domain/digest.js';
import { destroyOnAbort, throwIfCancelled } from '../cancellation.js';
import type { Logger } from '../log.js';
import { releasingStream } from '../memory.js';
import type { RegistryClient } from '../registry/types.js';
import type { Artifact, BlobSource } from '../source/image-source.js';
import { collectBlobs } from '../source/image-source.js';
import { mapLimited } from '../map-limited.js';
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
  /**
   * Blobs uploaded while the source was read (blob-stager.ts), each settling true once committed (reported
   * as uploaded) or false (uploaded the normal way).
   */
  readonly staged?: ReadonlyMap<string, Promise<boolean>> | undefined;
  readonly log: Logger;
  readonly report: TargetReport;
  /** Bytes sent so far for a blob being uploaded (progress display). */
  readonly onProgress?: ((digest: string, sent: number, total: number) => void) | undefined;
  /** Aborted when the run is cancelled: no further blob is started. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called once every blob's bytes have gone out (only answers and no-body commits are left), so that a
   * read the next write needs travels with the last answers instead of after them (target-publisher.ts).
   */
  readonly onBodiesSent?: (() => void) | undefined;
  /** For a staged blob: true once only its commit is left (RegistryStager.whenSent). */
  readonly whenSent?: ((digest: Digest) => Promise<boolean> | undefined) | undefined;
}

/**
 * Makes every blob and child manifest of the artifact present in the repository, in dependency order:
 * blobs (deduplicated by digest, `concurrency` at a time), then child manifests by digest. The top-level
 * manifest is not written here: tags write it.
 */
export async function pushContent(options: ContentPushOptions): Promise<void> {
  const blobs = collectBlobs(options.artifact);
  const isStaged = (blob: BlobSource): boolean =>
    !options.force && options.staged?.has(blob.descriptor.digest) === true;
  const staged = blobs.filter(isStaged);
  const unsent = new Set(blobs.map((b) => b.descriptor.digest));
  const sent = (digest: Digest): void => {
    if (unsent.delete(digest) && unsent.size === 0) options.onBodiesSent?.();
  };
  const push = async (blob: BlobSource): Promise<void> => {
    throwIfCancelled(options.signal);
    const outcome = await ensureBlob(options, blob, sent);
    sent(blob.descriptor.digest);
    const tally = options.report.blobs[outcome.outcome];
    tally.count += 1;
    tally.bytes += blob.descriptor.size;
    options.log.info(formatBlobLine(blob, outcome.outcome, outcome.from));
  };
  // A staged blob takes no upload slot: its bytes are going out already and only its commit is left, so
  // the other blobs (the config) upload meanwhile instead of after the last layer's PATCH.
  const settled = await Promise.allSettled([
    mapLimited(
      blobs.filter((b) => !isStaged(b)),
      options.concurrency,
      push,
    ),
    mapLimited(staged, Math.max(1, staged.length), push),
  ]);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  await pushChildManifests(options, options.artifact);
}

async function ensureBlob(
  options: ContentPushOptions,
  blob: BlobSource,
  sent: (digest: Digest) => void,
): Promise<{ outcome: BlobOutcome; from?: string }> {
  const { client, repository } = options;
  const { digest, size } = blob.descriptor;
  const location = blob.location;
  const staging = options.force ? undefined : options.staged?.get(digest);
  if (staging) void options.whenSent?.(digest)?.then((only) => only && sent(digest));
  if (staging && (await staging)) return { outcome: 'uploaded' };
  if (!options.force && location && location.registry === client.registry) {
    // The blob is already in this registry: same repository means nothing to do; another
    // repository means a cross-repository mount (no bytes), falling back to an upload.
    if (location.repository === repository) return { outcome: 'present' };
    if (await client.mountBlob(repository, digest, location.repository)) {
      return { outcome: 'mounted', from: location.repository };
    }
  } else if (!options.cold && !options.force) {
    const existing = await client.headBlob(repository, digest);
    if (existing !== undefined) return { outcome: 'present' };
  }
  const onProgress = options.onProgress;
  const openChecked = blob.openChecked?.bind(blob);
  const onePass = openChecked !== undefined && checkedOnUpload(blob);
  // Read does not mean delivered: a large body read by the client may still be on its way for longer than a
  // round trip. A blob sent by PATCH counts as sent when only its closing PUT is left (its bytes answered);
  // one sent in its PUT, when its last byte was read (docs/reliability.md, "Which requests share a round").
  const sending = (stream: Readable): Readable =>
    destroyOnAbort(
      releasingStream(stream, (bytes) => {
        onProgress?.(digest, bytes, size);
        if (bytes >= size && !onePass) sent(digest);
      }),
      options.signal,
    );
  const open = async (): Promise<Readable> => sending(await blob.open());
  // One pass (verifyBlobs left it unread): hashed as it is sent, committed only if it checks out.
  const checked = onePass
    ? {
        openChecked: async () => {
          const { stream, verdict } = await openChecked();
          return { stream: sending(stream), verdict };
        },
      }
    : {};
  await client.uploadBlob(repository, {
    digest,
    size,
    open,
    ...checked,
    onCommit: () => sent(digest),
  });
  return { outcome: 'uploaded' };
}

/**
 * Blobs from this size on are checked while they are uploaded rather than before (when their source can,
 * BlobSource.openChecked): one read of the file instead of two. Below it the second read costs little
 * (the file is in the page cache, a 16 MiB layer hashes in ~15 ms) and the check before the first write
 * keeps a corrupt source from touching the registry at all (docs/reliability.md, "One pass over a large
 * layer", measured there).
 */
export const ONE_PASS_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Checks the bytes of every blob that has a local check (BlobSource.verify), `concurrency` at a time: the
 * publisher runs it before its first write, so a corrupt source changes nothing in the registry. A large
 * blob that can be checked while it is sent is left to its upload (`all` unset): its bytes are hashed as
 * they go into the upload session, which is committed only if they match and cancelled otherwise, and a
 * blob the registry already holds is never read.
 */
export async function verifyBlobs(
  blobs: readonly BlobSource[],
  concurrency: number,
  { all = false }: { readonly all?: boolean } = {},
): Promise<void> {
  const now = all ? blobs : blobs.filter((b) => !checkedOnUpload(b));
  await mapLimited(now, concurrency, async (blob) => blob.verify?.());
}

function checkedOnUpload(blob: BlobSource): boolean {
  return blob.openChecked !== undefined && blob.descriptor.size >= ONE_PASS_MIN_BYTES;
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
  // A layer found compressed (in a registry, or the engine's content store) was not compressed here: say
  // where it came from. One from another registry is copied; the engine's own blob is pushed.
  const reused = blob.foundIn ? `, reused from ${blob.foundIn}` : '';
  switch (outcome) {
    case 'uploaded':
      return blob.foundIn && blob.location
        ? `${id}: Copied (${size}${reused})`
        : `${id}: Pushed (${size}${reused})`;
    case 'present':
      return `${id}: Layer already exists (${size}${reused})`;
    case 'mounted':
      return `${id}: Mounted from ${from ?? 'another repository'} (${size}${reused})`;
  }
}
