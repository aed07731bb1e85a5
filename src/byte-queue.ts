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

  /**
   * The first `n` bytes (all of them when fewer are queued), removed from the queue. Only the pieces that
   * make up those bytes are joined (none when the first piece covers them): the rest stays as pushed.
   */
  take(n: number): Buffer {
    let taken = 0;
    let whole = 0;
    while (whole < this.parts.length && taken + (this.parts[whole] as Buffer).length <= n)
      taken += (this.parts[whole++] as Buffer).length;
    const pieces = this.parts.splice(0, whole);
    const next = this.parts[0];
    if (taken < n && next !== undefined) {
      pieces.push(next.subarray(0, n - taken));
      this.parts[0] = next.subarray(n - taken);
      taken = n;
    }
    this.queued -= taken;
    return pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces, taken);
  }

  /**
   * Copies the first `target.length` bytes (all of them when fewer are queued) into `target` and removes
   * them; returns the view of `target` they fill. Nothing is joined or allocated.
   */
  takeInto(target: Buffer): Buffer {
    let filled = 0;
    while (filled < target.length && this.parts.length > 0) {
      const part = this.parts[0] as Buffer;
      const n = Math.min(part.length, target.length - filled);
      part.copy(target, filled, 0, n);
      filled += n;
      if (n === part.length) this.parts.shift();
      else this.parts[0] = part.subarray(n);
    }
    this.queued -= filled;
    return target.subarray(0, filled);
  }

  clear(): void {
    this.parts = [];
    this.queued = 0;
  }
}
