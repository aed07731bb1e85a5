/**
 * Staged uploads: a source that learns a blob's digest only by producing its bytes (the engine's layers,
 * gzip-compressed as the save stream is read) sends those bytes into an upload session as it goes, so a
 * layer is compressed and sent once, the way `docker push` does, instead of compressed once to learn the
 * digest and again to upload it.
 *
 * Offered only for a repository with no tags yet (nothing there to compare with or skip). Each staged blob
 * is POST (opened ahead, StagerOptions.expected), then one PATCH whose body is the blob's bytes as they are
 * produced (chunked transfer encoding, as `docker push` sends a layer: no round trip between chunks, and
 * the link carries bytes from the first compressed block on; docs/registry-quirks.md#q14-content-length),
 * and stays uncommitted until `commit`. The source does not wait for a blob's bytes to go out before it
 * reads on (up to STAGE_BUFFER_BYTES held in all), so the next layers upload alongside. The publisher
 * commits (`PUT ?digest=`, no body) only the blobs of the loaded image, after the source has been read and
 * checked, right where it would otherwise upload them, each once its PATCH is answered. Anything that goes
 * wrong on the way only drops the stage (the blob is then uploaded the normal way); every session not
 * committed is cancelled with DELETE.
 */
import { BinPool, BinQueue } from '../bin-queue.js';
import type { Digest } from '../domain/digest.js';
import { shortDigest } from '../domain/digest.js';
import { formatError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RegistryClient, StreamedUpload } from '../registry/types.js';
import type { BlobStager, StagedBlob } from '../source/image-source.js';

/**
 * Compressed bytes the stages may hold, all together, before the source waits for uploads (bytes queued,
 * not yet read by their PATCH): the source moving on to the next layers while the earlier ones drain keeps
 * several sessions, hence the link, busy; the bound keeps memory flat.
 */
export const STAGE_BUFFER_BYTES = 32 * 1024 * 1024;
/**
 * The queued bytes are copied into reusable bins of this size (bin-queue.ts: the pieces the compressor
 * gave die young instead of piling up as promoted garbage; docs/benchmarks.md, the S8 paragraph).
 */
export const STAGE_BIN_BYTES = 1024 * 1024;
/**
 * Bytes a PATCH's body must have read past a bin's last byte before the bin is reused: more than a socket
 * can hold without undici waiting for its 'drain' (its high-water mark, 16 KiB).
 */
const SAFE_REUSE_BYTES = STAGE_BIN_BYTES;
/** Free bins kept beyond the budget's worth: the partly filled last bin of each stage. */
const SPARE_BINS = 16;

export interface RegistryStager extends BlobStager {
  readonly repository: string;
  /**
   * Commits each stage whose digest is in `wanted` once its bytes have gone out: a promise per digest, true
   * when the registry stored the blob (false: the stage failed, upload the blob the normal way). Stages not
   * wanted, incomplete or failed are cancelled.
   */
  commit(wanted: ReadonlySet<Digest>): ReadonlyMap<Digest, Promise<boolean>>;
  /**
   * For a blob being committed: true once its PATCH has been answered (only the commit is left), false
   * when the stage failed (the blob is then uploaded the normal way).
   */
  whenSent(digest: Digest): Promise<boolean> | undefined;
  /** Cancels every session not committed. Safe to call more than once. */
  cancelAll(): Promise<void>;
}

export interface StagerOptions {
  /**
   * How many blobs the source is expected to stage (the image's layers): one upload session is kept open
   * ahead of the next begin() while fewer have begun, so no layer waits a round trip for its POST (the
   * first opens while the source is still starting). One left unused is cancelled.
   */
  readonly expected?: number;
  readonly bufferBytes?: number;
}

export function createRegistryStager(
  client: RegistryClient,
  repository: string,
  log: Logger,
  options: StagerOptions = {},
): RegistryStager {
  const stages: Stage[] = [];
  /** Cancels started by commit(), awaited by cancelAll(). */
  const background: Promise<void>[] = [];
  const budget = new Budget(options.bufferBytes ?? STAGE_BUFFER_BYTES);
  const bins = new BinPool(STAGE_BIN_BYTES, Math.ceil(budget.limit / STAGE_BIN_BYTES) + SPARE_BINS);
  const sent = new Map<Digest, Promise<boolean>>();
  const open = (): Promise<StreamedUpload> => {
    const opening = client.beginStreamedUpload(repository);
    opening.catch(() => undefined);
    return opening;
  };
  const ready: Promise<StreamedUpload>[] = [];
  let begun = 0;
  const openAhead = (): void => {
    if (ready.length === 0 && begun < (options.expected ?? 0)) ready.push(open());
  };
  openAhead();
  const cancelReady = async (): Promise<void> => {
    await Promise.all(
      ready.splice(0).map(async (opening) => (await opening.catch(() => undefined))?.cancel()),
    );
  };
  return {
    repository,
    begin(): StagedBlob {
      const stage = new Stage(ready.shift() ?? open(), log, budget, bins);
      stages.push(stage);
      begun += 1;
      openAhead();
      return stage;
    },
    commit(wanted) {
      const committing = new Map<Digest, Promise<boolean>>();
      background.push(cancelReady());
      // The source has been read: no stage takes a bin again, so none is kept for later.
      bins.drain();
      for (const stage of stages.splice(0)) {
        const digest = stage.measured;
        if (digest !== undefined && wanted.has(digest) && !committing.has(digest)) {
          committing.set(digest, stage.commitWhenSent(digest));
          sent.set(
            digest,
            stage.settled().then(
              (settled) => settled === digest,
              () => false,
            ),
          );
        } else background.push(stage.cancel());
      }
      return committing;
    },
    whenSent: (digest) => sent.get(digest),
    async cancelAll() {
      await Promise.all([
        cancelReady(),
        ...stages.splice(0).map((stage) => stage.cancel()),
        ...background.splice(0),
      ]);
    },
  };
}

/** The bytes all stages hold (queued or in a PATCH not answered yet), and the writers waiting for room. */
class Budget {
  used = 0;
  private waiters: (() => void)[] = [];

  constructor(readonly limit: number) {}

  add(n: number): void {
    this.used += n;
  }

  release(n: number): void {
    this.used -= n;
    this.wake();
  }

  /** Resolves on the next release (or wake): the waiter checks again. */
  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

class Stage implements StagedBlob {
  private upload: StreamedUpload | undefined;
  private failed = false;
  private digest: Digest | undefined;
  private readonly queue: BinQueue;
  /** The PATCH that streams the blob (from when its session is open), settled once answered or failed. */
  private readonly sending: Promise<void>;
  /** Bins the PATCH has read from and the position it must read up to before they are reused (body()). */
  private readonly held: { readonly bin: Buffer; readonly until: number }[] = [];
  /** Wakes the PATCH's body when bytes were queued or the stage ended or failed. */
  private wakeBody: (() => void) | undefined;
  private ended = false;
  private closed = false;

  constructor(
    private readonly opening: Promise<StreamedUpload>,
    private readonly log: Logger,
    private readonly budget: Budget,
    private readonly bins: BinPool,
  ) {
    this.queue = new BinQueue(bins);
    this.sending = opening.then(
      async (upload) => {
        this.upload = upload;
        budget.wake();
        if (this.failed) return;
        try {
          await upload.send(this.body());
          // Answered: the registry has every byte, nothing reads the bins still held.
          this.bins.give(this.held.splice(0).map((h) => h.bin));
        } catch (err) {
          // A failed PATCH may leave a write pending: its bins are left to the garbage collector.
          this.fail(err);
        }
      },
      (err: unknown) => this.fail(err),
    );
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.failed || chunk.length === 0) return;
    this.queue.push(chunk);
    this.budget.add(chunk.length);
    this.wake();
    // Past the budget the source waits while the bytes held go out (every queued byte can go once the
    // session is open, so the wait always ends: with the PATCH's progress or the stage's failure).
    while (!this.failed && this.budget.used > this.budget.limit) await this.budget.changed();
  }

  /**
   * Lets the PATCH's body end after the bytes queued and returns: the source goes on to its next entry
   * while this one drains (settled() waits for it).
   */
  end(measured: { readonly digest: Digest; readonly size: number }): Promise<void> {
    this.ended = true;
    if (!this.failed) this.digest = measured.digest;
    this.wake();
    return Promise.resolve();
  }

  abandon(): void {
    this.failed = true;
    this.budget.release(this.queue.length);
    this.queue.clear();
    this.wake();
  }

  /** The digest of a complete stage, or undefined when it failed or was abandoned. */
  async settled(): Promise<Digest | undefined> {
    await this.sending;
    return this.ended && !this.failed ? this.digest : undefined;
  }

  /** The digest the source measured, once it ended the stage (its bytes may still be going out). */
  get measured(): Digest | undefined {
    return this.failed ? undefined : this.digest;
  }

  /** Waits for the PATCH's answer, then commits; a stage that failed meanwhile is cancelled (false). */
  async commitWhenSent(digest: Digest): Promise<boolean> {
    if ((await this.settled()) === digest && (await this.commit(digest))) return true;
    await this.cancel();
    return false;
  }

  private async commit(digest: Digest): Promise<boolean> {
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
    await this.sending;
    if (this.closed) return;
    this.closed = true;
    const upload = this.upload ?? (await this.opening.catch(() => undefined));
    await upload?.cancel();
  }

  private wake(): void {
    const wake = this.wakeBody;
    this.wakeBody = undefined;
    wake?.();
  }

  /**
   * The PATCH's body: the queued bytes as views of the bins, as they come, until the stage ends (or fails:
   * the body ends early, and the session is cancelled, never committed). A bin goes back to the pool only
   * once SAFE_REUSE_BYTES more have been read after its last byte: undici reads the next piece only after
   * its socket took the last one, waiting for 'drain' when the socket holds more than its high-water mark
   * (16 KiB), so the bytes still held by the socket are fewer than that and lie at the end of what was read.
   */
  private async *body(): AsyncGenerator<Uint8Array> {
    let read = 0;
    for (;;) {
      if (this.failed) return;
      if (this.queue.length === 0) {
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wakeBody = resolve));
        continue;
      }
      const { parts, spent } = this.queue.take(STAGE_BIN_BYTES, this.ended);
      for (const part of parts) {
        read += part.length;
        yield part;
        this.budget.release(part.length);
      }
      for (const bin of spent) this.held.push({ bin, until: read + SAFE_REUSE_BYTES });
      while (this.held.length > 0 && (this.held[0] as { until: number }).until <= read)
        this.bins.give([(this.held.shift() as { bin: Buffer }).bin]);
    }
  }

  private fail(err: unknown, digest?: Digest): void {
    if (!this.failed)
      this.log.debug(
        `staged upload${digest ? ` of ${shortDigest(digest)}` : ''} dropped, the blob will be uploaded again: ${formatError(err)}`,
      );
    this.abandon();
  }
}
