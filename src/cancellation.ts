/**
 * Cancellation: a runner cancelling a job sends SIGINT, then SIGTERM, then SIGKILL (GitHub: 7.5 s and
 * 2.5 s apart). The adapters turn the first signal into an aborted `AbortSignal`; the engine stops
 * starting writes, lets the ones in flight settle and converges the floating tags it wrote, so a cancelled
 * release never leaves `1`/`latest` on a lower version than one published meanwhile. A repeated signal of
 * the same kind ends the process at once (a second Ctrl-C).
 */
import type { Readable } from 'node:stream';
import { formatDuration } from './domain/duration.js';
import { PublishError, remedyHint, settingName, settingSubject } from './errors.js';

export interface TerminationWatch {
  readonly signal: AbortSignal;
  /** Removes the handlers (the run is over). */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Installs SIGINT/SIGTERM handlers for one run; `notify` gets one line to show when a signal arrives. */
export function watchTermination(notify: (line: string) => void): TerminationWatch {
  const controller = new AbortController();
  const seen = new Set<string>();
  const handler = (name: NodeJS.Signals): void => {
    if (seen.has(name)) process.exit(name === 'SIGINT' ? 130 : 143);
    seen.add(name);
    if (controller.signal.aborted) return;
    notify(`${name} received: no further writes; converging the floating tags this run wrote, then stopping`);
    controller.abort(cancelledError(name));
  };
  for (const name of SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, handler);
    },
  };
}

export function cancelledError(signal: string): PublishError {
  return new PublishError('CANCELLED', `The run was cancelled (${signal}) before it finished`, {
    hint: 'Re-run the job: it writes only what is missing and repairs floating tags left behind.',
  });
}

/** Throws the cancellation error when `signal` is aborted (checked before each write). */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw abortError(signal);
}

/** Why an aborted signal stopped the run: its PublishError (CANCELLED, TIMED_OUT), else CANCELLED. */
function abortError(signal: AbortSignal): PublishError {
  return signal.reason instanceof PublishError ? signal.reason : cancelledError('abort');
}

/** Time the converge step gets after the run's deadline before every request in flight is cut. */
export const CONVERGE_GRACE_MS = 30_000;

export interface RunDeadline {
  /** Aborted at the deadline (or with `parent`): writes stop and floating tags converge, as on SIGINT. */
  readonly signal: AbortSignal;
  /** Aborted a grace period later: every registry exchange still in flight is cut with the same error. */
  readonly hard: AbortSignal;
  /**
   * The run failed for good: both signals abort with `reason` at once, so the exchanges in flight (a tag
   * listing started alongside the source) end now and the process exits promptly, not after them.
   */
  abort(reason: unknown): void;
  dispose(): void;
}

/**
 * The whole run's absolute deadline (input `timeout`, flag `--timeout`): at `ms` the run stops like a
 * cancelled one; min(ms, CONVERGE_GRACE_MS) later the requests still running are aborted, so a run ends
 * within about twice its timeout at worst whatever a registry does. Timers never keep the process alive.
 */
export function startRunDeadline(ms: number, parent: AbortSignal | undefined): RunDeadline {
  const soft = new AbortController();
  const hard = new AbortController();
  const error = timedOutError(ms);
  const timers: NodeJS.Timeout[] = [];
  const later = (delay: number, fn: () => void): void => {
    const timer = setTimeout(fn, delay);
    timer.unref();
    timers.push(timer);
  };
  later(ms, () => {
    soft.abort(error);
    later(Math.min(ms, CONVERGE_GRACE_MS), () => hard.abort(error));
  });
  const onParent = (): void => soft.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: soft.signal,
    hard: hard.signal,
    abort: (reason) => {
      const error =
        reason instanceof PublishError
          ? reason
          : new PublishError('CANCELLED', 'The run stopped on an unexpected error', { cause: reason });
      soft.abort(error);
      hard.abort(error);
    },
    dispose: () => {
      for (const timer of timers) clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

export function timedOutError(ms: number): PublishError {
  return new PublishError(
    'TIMED_OUT',
    remedyHint`${settingSubject('timeout')} (${formatDuration(ms)}) ran out before the run finished: it stopped writing and converged the floating tags it wrote`,
    {
      hint: remedyHint`Raise ${settingName('timeout')} if the images are large or the link slow, or check the registry; a re-run writes only what is missing.`,
    },
  );
}

/**
 * Settles as `work` does, or rejects with the signal's reason as soon as it aborts: local work that cannot
 * take a signal (reading an archive, an engine's save stream) does not hold the run past its deadline or a
 * cancel. The caller's cleanup (the source's close()) then ends that work.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Destroys `stream` with the run's error once `signal` aborts. A cancelled run abandons the upload bodies
 * still being sent: a body cut short cannot be committed (the registry stores a blob only once the closing
 * PUT's body is complete), the upload fails and cancels its session, so no blob of the cancelled run
 * appears. A body already sent whole is left to its answer (the registry may have stored it; it is the
 * right bytes).
 */
export function destroyOnAbort<S extends Readable>(stream: S, signal: AbortSignal | undefined): S {
  if (!signal) return stream;
  const destroy = (): void => {
    stream.destroy(abortError(signal));
  };
  if (signal.aborted) destroy();
  else {
    signal.addEventListener('abort', destroy, { once: true });
    stream.once('close', () => signal.removeEventListener('abort', destroy));
  }
  return stream;
}
