/**
 * Retries, in one place. Network errors and 408/429/500/502/503/504 are retried with exponential backoff
 * and jitter, honouring `Retry-After` (delta-seconds or HTTP-date), bounded by the number of attempts and
 * the total time. Every other failure (401 is handled by auth, other 4xx) is thrown at once.
 *
 * Backoff for retry n (1-based): d = min(maxDelay, base · 2^(n-1)); wait = d/2 + random() · d/2
 * ("equal jitter": never less than half the nominal delay, never more than maxDelay).
 * A `Retry-After` is used as given (no jitter); if waiting that long would exceed the total-time budget we
 * give up at once rather than sleep in vain.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PublishError } from '../errors.js';
import { formatSeconds } from '../domain/duration.js';
import type { RetryPolicy } from './types.js';
import { RegistryError, isRegistryError } from './errors.js';

export interface ResolvedRetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxTotalMs: number;
  /** Waits `ms`; the default ends early (rejecting) when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  /** Once aborted (the run's hard stop), nothing is retried and a wait in progress ends at once. */
  readonly signal?: AbortSignal | undefined;
  /** Told before each wait (the debug output shows every retry and why). */
  readonly onRetry?: ((retry: RetryNotice) => void) | undefined;
}

export interface RetryNotice {
  /** The attempt that failed (1-based), of `attempts`. */
  readonly attempt: number;
  readonly attempts: number;
  readonly delayMs: number;
  readonly reason: string;
}

export const DEFAULT_RETRY: Omit<ResolvedRetryPolicy, 'sleep' | 'now' | 'random'> = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalMs: 120_000,
};

export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  return {
    attempts: Math.max(1, policy.attempts ?? DEFAULT_RETRY.attempts),
    baseDelayMs: policy.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    maxTotalMs: policy.maxTotalMs ?? DEFAULT_RETRY.maxTotalMs,
    sleep: policy.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal })),
    now: policy.now ?? Date.now,
    random: policy.random ?? Math.random,
  };
}

/** The jittered delay before retry `n` (1 = first retry). */
export function backoffDelay(policy: ResolvedRetryPolicy, n: number): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  return Math.round(nominal / 2 + policy.random() * (nominal / 2));
}

/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP-date; undefined when absent/invalid
 * (docs/registry-quirks.md#q29-rate-limits).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export function isRetryable(err: unknown): boolean {
  return isRegistryError(err) && err.retryable;
}

/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or the attempts/time run out. The final
 * error says how many attempts were made. `fn` gets the attempt number (1-based).
 */
export async function withRetry<T>(
  policy: ResolvedRetryPolicy,
  fn: (attempt: number) => Promise<T>,
): Promise<T> {
  const start = policy.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetryable(err)) throw err;
      const error = err as RegistryError;
      if (attempt >= policy.attempts) throw exhausted(error, attempt, `after ${attempt} attempts`);
      const delay = error.retryAfterMs ?? backoffDelay(policy, attempt);
      const elapsed = policy.now() - start;
      if (elapsed + delay > policy.maxTotalMs) {
        const why =
          error.retryAfterMs !== undefined
            ? `after ${attempt} attempts (the registry asked to retry in ${formatSeconds(delay)}, beyond the ${formatSeconds(policy.maxTotalMs)} limit)`
            : `after ${attempt} attempts in ${formatSeconds(elapsed)}`;
        throw exhausted(error, attempt, why);
      }
      if (policy.signal?.aborted) throw stopped(policy.signal, error);
      policy.onRetry?.({ attempt, attempts: policy.attempts, delayMs: delay, reason: error.message });
      try {
        await policy.sleep(delay, policy.signal);
      } catch (cause) {
        if (policy.signal?.aborted) throw stopped(policy.signal, error);
        throw cause;
      }
      if (policy.signal?.aborted) throw stopped(policy.signal, error);
    }
  }
}

/** The run's own error when it was stopped (a fatal error, the hard deadline), else the last failure. */
function stopped(signal: AbortSignal, last: RegistryError): PublishError {
  return signal.reason instanceof PublishError ? signal.reason : last;
}

function exhausted(last: RegistryError, attempts: number, why: string): RegistryError {
  if (attempts <= 1 && !why.includes('asked')) return last;
  const reason = last.reason ? ` (last: ${last.reason})` : '';
  return new RegistryError({
    code: last.code,
    message: `${last.summary} ${why}${reason}`,
    summary: `${last.summary} ${why}`,
    reason: last.reason,
    hint: last.hint,
    status: last.status,
    method: last.method,
    url: last.url,
    diagnostics: last.diagnostics,
    retryable: false,
    cause: last,
  });
}
