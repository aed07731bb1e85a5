/**
 * A read sent ahead of the write that relies on it (a version tag's claim check, the tag listing before
 * the floating tags), so that it travels in a round the run pays anyway instead of a round of its own.
 * Its answer stands for the same read sent just before the write while it is no older than the read's own
 * round trip: the write then follows the registry's answer by at most twice what a read sent right before
 * it would (docs/reliability.md, "Which requests share a round"). An older answer is read again.
 */
export class TimedRead<T> {
  readonly answer: Promise<T>;
  private readonly sentAt: number;
  private answeredAt: number | undefined;

  constructor(send: () => Promise<T>) {
    this.sentAt = performance.now();
    this.answer = send();
    const answered = (): void => {
      this.answeredAt = performance.now();
    };
    // Registered first, so the time is set before any awaiting caller resumes; also marks it handled.
    this.answer.then(answered, answered);
  }

  /** Answered, and no longer ago than it took to come. */
  fresh(): boolean {
    const at = this.answeredAt;
    return at !== undefined && performance.now() - at <= at - this.sentAt;
  }

  /** Waits for the answer, success or failure; the caller then asks fresh() and reads `answer`. */
  async settled(): Promise<void> {
    await this.answer.catch(() => undefined);
  }
}
