/**
 * Bytes held for long, copied into fixed-size buffers ("bins") that are reused once their bytes have gone
 * out, instead of the pieces they arrived in.
 *
 * Why: a piece a queue holds across several young-generation collections (memory.ts) is promoted, and once
 * sent it is garbage V8 frees only in a full collection, which external memory triggers only after about
 * 64 MB more of it. The staged engine layers (blob-stager.ts: up to STAGE_BUFFER_BYTES queued, each byte
 * until its PATCH is answered) made that garbage the bulk of the 2 GiB image's peak (docs/benchmarks.md,
 * the S8 paragraph). Copied into bins, the pieces die young, and the bins are few, live and reused.
 */

/** Free bins, shared by the queues of one owner; at most `keep` are kept. */
export class BinPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly binBytes: number,
    private keep: number,
  ) {}

  /** Bins kept free right now (tests). */
  get idle(): number {
    return this.free.length;
  }

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.binBytes);
  }

  /** Takes bins back whose bytes nothing reads any more. */
  give(bins: readonly Buffer[]): void {
    for (const bin of bins) if (this.free.length < this.keep) this.free.push(bin);
  }

  /** Keeps no more free bins (the owner is done writing): those given back from now on are dropped. */
  drain(): void {
    this.keep = 0;
    this.free.length = 0;
  }
}

/** Bytes in arrival order, held in bins of a BinPool and taken out as views of them. */
export class BinQueue {
  /** The bins holding queued bytes, oldest first; the last one is filled up to `fill`. */
  private readonly bins: Buffer[] = [];
  /** The first queued byte in bins[0]. */
  private start = 0;
  private fill = 0;
  private queued = 0;

  constructor(private readonly pool: BinPool) {}

  /** Bytes queued. */
  get length(): number {
    return this.queued;
  }

  /** Copies `chunk` in: the caller may reuse or drop it. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      let last = this.bins[this.bins.length - 1];
      if (last === undefined || this.fill === last.length) {
        last = this.pool.take();
        this.bins.push(last);
        this.fill = 0;
      }
      const n = Math.min(chunk.length - at, last.length - this.fill);
      last.set(chunk.subarray(at, at + n), this.fill);
      this.fill += n;
      at += n;
    }
    this.queued += chunk.length;
  }

  /**
   * The first `n` bytes (all of them when fewer are queued) as views of the bins, removed from the queue,
   * and the bins that hold no queued byte any more: give `spent` back to the pool (BinPool.give) only once
   * nothing reads `parts` (their request was answered). `final`: nothing will be pushed again, so a last
   * bin emptied now is spent too.
   */
  take(n: number, final = false): { parts: Buffer[]; spent: Buffer[] } {
    const parts: Buffer[] = [];
    const spent: Buffer[] = [];
    let want = Math.min(n, this.queued);
    this.queued -= want;
    while (want > 0) {
      const bin = this.bins[0] as Buffer;
      const end = this.bins.length === 1 ? this.fill : bin.length;
      const k = Math.min(want, end - this.start);
      parts.push(bin.subarray(this.start, this.start + k));
      this.start += k;
      want -= k;
      if (this.start === bin.length) {
        spent.push(this.bins.shift() as Buffer);
        this.start = 0;
      }
    }
    if (final && this.queued === 0 && this.bins.length > 0) {
      spent.push(...this.bins.splice(0));
      this.start = 0;
      this.fill = 0;
    }
    return { parts, spent };
  }

  /** Forgets every byte; the bins are not given back (a request may still read them) and become garbage. */
  clear(): void {
    this.bins.length = 0;
    this.start = 0;
    this.fill = 0;
    this.queued = 0;
  }
}
