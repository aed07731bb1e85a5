/** Bytes in arrival order, taken back out in pieces of a chosen length (streamed data cut into blocks). */
export class ByteQueue {
  private parts: Buffer[] = [];
  private queued = 0;

  /** Bytes queued. */
  get length(): number {
    return this.queued;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.parts.push(chunk);
    this.queued += chunk.length;
  }

  /** The first `n` bytes (all of them when fewer are queued), removed from the queue. */
  take(n: number): Buffer {
    const all = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    const piece = all.subarray(0, n);
    const rest = all.subarray(piece.length);
    this.parts = rest.length > 0 ? [rest] : [];
    this.queued = rest.length;
    return piece;
  }

  /**
   * The first `n` bytes (all of them when fewer are queued) as the pieces they were pushed in, removed from
   * the queue: no copy, for a writer that sends them one after another (only the last may be cut).
   */
  takeParts(n: number): Buffer[] {
    let taken = 0;
    let whole = 0;
    while (whole < this.parts.length && taken + (this.parts[whole] as Buffer).length <= n)
      taken += (this.parts[whole++] as Buffer).length;
    const parts = this.parts.splice(0, whole);
    const next = this.parts[0];
    if (taken < n && next !== undefined) {
      parts.push(next.subarray(0, n - taken));
      this.parts[0] = next.subarray(n - taken);
      taken = n;
    }
    this.queued -= taken;
    return parts;
  }

  clear(): void {
    this.parts = [];
    this.queued = 0;
  }
}
