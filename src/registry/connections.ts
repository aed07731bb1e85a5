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
import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import { Client, Dispatcher } from 'undici';

interface Slot {
  readonly client: Client;
  /** Dispatched to while it said it could take no more, until its 'drain'. */
  busy: boolean;
  connected: boolean;
  /** Requests sent on it whose answer has not ended. */
  inFlight: number;
}

/** The connections to one origin, in the order they were made. */
interface Origin {
  readonly origin: string;
  readonly slots: Slot[];
}

export class OpenFirstConnections extends Dispatcher {
  private readonly origins = new Map<string, Origin>();
  /** Each origin as a caller spells it (`opts.origin`), so that a spelling is parsed once, not per request. */
  private readonly spellings = new Map<string, Origin>();
  private closing = false;

  constructor(private readonly options: Client.Options) {
    super();
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.closing) throw new Error('internal: request sent after the transport was closed');
    const spelling = String(opts.origin);
    let target = this.spellings.get(spelling);
    if (!target) {
      const origin = new URL(spelling).origin;
      target = this.origins.get(origin);
      if (!target) this.origins.set(origin, (target = { origin, slots: [] }));
      this.spellings.set(spelling, target);
    }
    const slot = pick(target.slots) ?? this.open(target);
    slot.inFlight++;
    // false: this connection takes no more until its 'drain' (an HTTP/1.1 request in flight).
    if (!slot.client.dispatch(opts, new EndingHandler(handler, slot))) slot.busy = true;
    return true;
  }

  private open({ origin, slots }: Origin): Slot {
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
    return [...this.origins.values()].flatMap((o) => o.slots.map((s) => s.client));
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

/**
 * In order: a free open connection; an open one whose answer has ended; a free closed one (the first of
 * each kind); none (open a new one). One pass, no array built per request.
 */
function pick(slots: readonly Slot[]): Slot | undefined {
  let answered: Slot | undefined;
  let free: Slot | undefined;
  for (const s of slots) {
    if (!s.busy && s.connected) return s;
    if (!answered && s.connected && s.inFlight === 0) answered = s;
    if (!free && !s.busy) free = s;
  }
  return answered ?? free;
}

/**
 * The handler's calls passed on as they are (`this` is the handler), its slot told once when its answer
 * ended. These are all the calls undici 8 makes on a handler (types/dispatcher.d.ts; lib/core/request.js
 * calls the optional `onResponseStarted`, `onBodySent` and `onRequestSent` only if present, and none of
 * undici's request, stream, pipeline, connect or upgrade handlers has them).
 */
class EndingHandler implements Dispatcher.DispatchHandler {
  private ended = false;

  constructor(
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly slot: Slot,
  ) {}

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.slot.inFlight--;
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: Duplex,
  ): void {
    this.handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.end();
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.end();
    this.handler.onResponseError?.(controller, error);
  }
}
