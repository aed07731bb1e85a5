/**
 * Staged uploads: a source that learns a blob's digest only by producing its bytes (the engine's layers,
 * gzip-compressed as the save stream is read) sends those bytes into an upload session as it goes, so a
 * layer is compressed and sent once, the way `docker push` does, instead of compressed once to learn the
 * digest and again to upload it.
 *
 * Offered only for a repository with no tags yet (nothing there to compare with or skip). Each staged blob
 * is POST, then PATCH chunks (the registry's chunk size, one in flight while the next fills), and stays
 * uncommitted until `commit`: the publisher commits (`PUT ?digest=`, no body) only the blobs of the loaded
 * image, after the source has been read and checked, right where it would otherwise upload them. Anything
 * that goes wrong on the way only drops the stage (the blob is then uploaded the normal way); every session
 * not committed is cancelled with DELETE.
 */
import { ByteQueue } from '../byte-queue.js';
import type { Digest } from '../domain/digest.js';
import { shortDigest } from '../domain/digest.js';
import { formatError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RegistryClient, StreamedUpload } from '../registry/types.js';
import type { BlobStager, StagedBlob } from '../source/image-source.js';

export interface RegistryStager extends BlobStager {
  readonly repository: string;
  /**
   * Commits every complete stage whose digest is in `wanted` and returns the digests now stored; stages
   * not wanted, incomplete or failed are cancelled.
   */
  commit(wanted: ReadonlySet<Digest>): Promise<Set<Digest>>;
  /** Cancels every session not committed. Safe to call more than once. */
  cancelAll(): Promise<void>;
}

export function createRegistryStager(
  client: RegistryClient,
  repository: string,
  log: Logger,
): RegistryStager {
  const stages: Stage[] = [];
  return {
    repository,
    begin(): StagedBlob {
      const stage = new Stage(client.beginStreamedUpload(repository), log);
      stages.push(stage);
      return stage;
    },
    async commit(wanted) {
      const committed = new Set<Digest>();
      await Promise.all(
        stages.splice(0).map(async (stage) => {
          const digest = await stage.settled();
          if (digest !== undefined && wanted.has(digest) && !committed.has(digest)) {
            committed.add(digest);
            if (await stage.commit(digest)) return;
            committed.delete(digest);
          }
          await stage.cancel();
        }),
      );
      return committed;
    },
    async cancelAll() {
      await Promise.all(stages.splice(0).map((stage) => stage.cancel()));
    },
  };
}

class Stage implements StagedBlob {
  private upload: StreamedUpload | undefined;
  private failed = false;
  private digest: Digest | undefined;
  private readonly queue = new ByteQueue();
  private inFlight: Promise<void> = Promise.resolve();
  private finished = false;
  private closed = false;

  constructor(
    private readonly opening: Promise<StreamedUpload>,
    private readonly log: Logger,
  ) {
    opening.then(
      (upload) => {
        this.upload = upload;
      },
      (err: unknown) => this.fail(err),
    );
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failed) return;
    this.queue.push(chunk);
    const upload = await this.opening.catch(() => undefined);
    if (!upload) return;
    while (!this.failed && this.queue.length >= upload.chunkSize)
      await this.send(this.queue.take(upload.chunkSize));
  }

  async end(measured: { readonly digest: Digest; readonly size: number }): Promise<void> {
    const upload = await this.opening.catch(() => undefined);
    if (upload && !this.failed && this.queue.length > 0) await this.send(this.queue.take(this.queue.length));
    await this.inFlight;
    this.finished = true;
    if (!this.failed) this.digest = measured.digest;
  }

  abandon(): void {
    this.failed = true;
    this.queue.clear();
  }

  /** The digest of a complete stage, or undefined when it failed or was abandoned. */
  async settled(): Promise<Digest | undefined> {
    await this.inFlight;
    return this.finished && !this.failed ? this.digest : undefined;
  }

  async commit(digest: Digest): Promise<boolean> {
    try {
      await this.upload?.commit(digest);
      this.closed = this.upload !== undefined;
      return this.closed;
    } catch (err) {
      this.fail(err, digest);
      return false;
    }
  }

  async cancel(): Promise<void> {
    this.abandon();
    if (this.closed) return;
    this.closed = true;
    const upload = this.upload ?? (await this.opening.catch(() => undefined));
    await upload?.cancel();
  }

  /** Sends one part after the previous one: one PATCH in flight while the next part fills. */
  private async send(part: Buffer): Promise<void> {
    await this.inFlight;
    if (this.failed || !this.upload) return;
    const upload = this.upload;
    this.inFlight = upload.append(part).catch((err: unknown) => this.fail(err));
  }

  private fail(err: unknown, digest?: Digest): void {
    if (!this.failed)
      this.log.debug(
        `staged upload${digest ? ` of ${shortDigest(digest)}` : ''} dropped, the blob will be uploaded again: ${formatError(err)}`,
      );
    this.abandon();
  }
}
