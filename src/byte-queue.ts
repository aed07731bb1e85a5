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

  clear(): void {
    this.parts = [];
    this.queued = 0;
  }
}
