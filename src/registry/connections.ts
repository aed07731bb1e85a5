/**
 * The connections of one Transport (every origin it speaks to), reused open-first.
 *
 * undici's Pool hands a request to the first of its connections that is free, in the order they were made,
 * even one whose socket has closed since (undici closes a connection idle for 4 s, servers close idle ones
 * too); that one connects again, paying a handshake round trip (TCP, and TLS), while another connection sits
 * open. And a connection whose answer just ended is free only two event-loop turns later (undici checks an
 * idle socket for a close before reusing it), so the request that follows an answer found none free and
 * opened a new one. A long upload showed both: the committing `PUT …?digest=` after a 40 s PATCH went out on
 * a new connection, not on the PATCH's (docs/benchmarks.md, "Where the time went (WAN)").
 *
 * Here a request takes, in order: a free open connection; an open one whose answer has ended (undici sends
 * the request as soon as it is free, or reconnects if the server closed it); a free closed one (it
 * reconnects); a new one.
 */
import { Client, Dispatcher } from 'undici';

interface Slot {
  readonly client: Client;
  /** Dispatched to while it said it could take no more, until its 'drain'. */
  busy: boolean;
  connected: boolean;
  /** Requests sent on it whose answer has not ended. */
  inFlight: number;
}

export class OpenFirstConnections extends Dispatcher {
  private readonly origins = new Map<string, Slot[]>();
  private closing = false;

  constructor(private readonly options: Client.Options) {
    super();
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.closing) throw new Error('internal: request sent after the transport was closed');
    const origin = new URL(String(opts.origin)).origin;
    let slots = this.origins.get(origin);
    if (!slots) this.origins.set(origin, (slots = []));
    const free = slots.filter((s) => !s.busy);
    const slot =
      free.find((s) => s.connected) ??
      slots.find((s) => s.connected && s.inFlight === 0) ??
      free[0] ??
      this.open(origin, slots);
    slot.inFlight++;
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      slot.inFlight--;
    };
    // false: this connection takes no more until its 'drain' (an HTTP/1.1 request in flight).
    if (!slot.client.dispatch(opts, endingWith(handler, end))) slot.busy = true;
    return true;
  }

  private open(origin: string, slots: Slot[]): Slot {
    const client = new Client(origin, this.options);
    const slot: Slot = { client, busy: false, connected: false, inFlight: 0 };
    const remove = (): void => {
      const i = slots.indexOf(slot);
      if (i >= 0) slots.splice(i, 1);
    };
    client
      .on('connect', () => (slot.connected = true))
      .on('disconnect', () => (slot.connected = false))
      .on('drain', () => (slot.busy = false))
      // A connection that could not be made is not tried again for the next request (as undici's Pool).
      .on('connectionError', () => {
        remove();
        void client.close().catch(() => undefined);
      });
    slots.push(slot);
    return slot;
  }

  private all(): Client[] {
    return [...this.origins.values()].flat().map((s) => s.client);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.closing = true;
    const done = Promise.allSettled(this.all().map((c) => c.close())).then(() => undefined);
    if (!callback) return done;
    void done.then(callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    this.closing = true;
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const cb = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const done = Promise.allSettled(this.all().map((c) => c.destroy(err))).then(() => undefined);
    if (!cb) return done;
    void done.then(cb);
  }
}

/** The handler's calls passed on as they are (`this` is the handler), `end` told when its answer ended. */
function endingWith(handler: Dispatcher.DispatchHandler, end: () => void): Dispatcher.DispatchHandler {
  const target = handler as Record<string, unknown>;
  const wrapped: Record<string, unknown> = {};
  for (
    let o: object | null = handler;
    o && o !== Object.prototype;
    o = Object.getPrototypeOf(o) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name === 'constructor' || name in wrapped || typeof target[name] !== 'function') continue;
      const method = target[name] as (...args: unknown[]) => unknown;
      wrapped[name] = ENDS.has(name)
        ? (...args: unknown[]) => {
            end();
            return method.apply(handler, args);
          }
        : (...args: unknown[]) => method.apply(handler, args);
    }
  }
  return wrapped as Dispatcher.DispatchHandler;
}

/** The calls that end an answer, in undici's handler API and its older one. */
const ENDS: ReadonlySet<string> = new Set(['onResponseEnd', 'onResponseError', 'onComplete', 'onError']);
