/**
 * Cancellation: a runner cancelling a job sends SIGINT, then SIGTERM, then SIGKILL (GitHub: 7.5 s and
 * 2.5 s apart). The adapters turn the first signal into an aborted `AbortSignal`; the engine stops
 * starting writes, lets the ones in flight settle and converges the floating tags it wrote, so a cancelled
 * release never leaves `1`/`latest` on a lower version than one published meanwhile. A repeated signal of
 * the same kind ends the process at once (a second Ctrl-C).
 */
import { PublishError } from './errors.js';

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
  throw signal.reason instanceof PublishError ? signal.reason : cancelledError('abort');
}
