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
 *
 * `preconnect` opens connections ahead of requests known to come at once (the tag reads of a re-run, the
 * uploads and tag writes of a release): a new connection then finds its socket connected (TCP, and TLS for
 * an https origin) instead of paying the handshake when the parallel step starts. For a registry whose
 * scheme is not decided yet they are plain TCP connections to its host and port, taken by either scheme
 * (TLS is then set up over the one taken). HTTP/2 is never asked for separately: undici offers it in the
 * TLS handshake (ALPN), at no extra round trip.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, Dispatcher, buildConnector } from 'undici';
import { takeEarlySockets } from './early-sockets.js';
import { holdSocket, releaseSocket, type HeldSocket } from './held-sockets.js';

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

/** A socket opened ahead of the request that will take it. */
interface Warm extends HeldSocket {
  /** `https:`/`http:` when made for that origin (TLS done ahead for https), `tcp:` for either scheme. */
  readonly protocol: string;
}

export class OpenFirstConnections extends Dispatcher {
  private readonly origins = new Map<string, Origin>();
  /** Each origin as a caller spells it (`opts.origin`), so that a spelling is parsed once, not per request. */
  private readonly spellings = new Map<string, Origin>();
  /** Sockets opened ahead, by `hostname:port`, oldest first. */
  private readonly warm = new Map<string, Warm[]>();
  private readonly connector: buildConnector.connector;
  private readonly options: Client.Options;
  private closing = false;

  /**
   * `onSecure`: told the origin (`https://host[:port]`) of every TLS connection set up, as it is set up: a
   * registry whose scheme is undecided speaks TLS from then on (transport.ts, `race`).
   */
  constructor(
    options: Client.Options,
    private readonly onSecure?: (origin: string) => void,
  ) {
    super();
    // As undici's Client builds its connector from these options, so a socket made here is the same.
    this.connector = buildConnector({
      ...(options.connect as buildConnector.BuildOptions | undefined),
      ...(options.connectTimeout !== undefined ? { timeout: options.connectTimeout } : {}),
    });
    this.options = { ...options, connect: (opts, callback) => this.connectSocket(opts, callback) };
  }

  /**
   * Opens connections to `origin` until it has `count` (the ones it has and those opened ahead included).
   * `eitherScheme`: plain TCP connections to its host and port, for the http or the https origin there.
   */
  preconnect(origin: string, count: number, eitherScheme = false): void {
    if (this.closing) return;
    const url = new URL(origin);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    const key = `${url.hostname}:${port}`;
    const list = this.warmList(key);
    const origins = eitherScheme ? [`http://${key}`, `https://${key}`] : [url.origin];
    const have =
      list.length + origins.reduce((n, o) => n + (this.origins.get(new URL(o).origin)?.slots.length ?? 0), 0);
    const opts = {
      hostname: url.hostname,
      host: url.host,
      protocol: eitherScheme ? 'http:' : url.protocol,
      port,
    };
    for (let i = have; i < count; i++) this.connectAhead(list, opts, eitherScheme ? 'tcp:' : url.protocol);
  }

  /**
   * The sockets opened ahead to `hostname:port`, with those the entry opened at start-up to it
   * (early-sockets.ts) taken in as plain TCP connections for either scheme.
   */
  private warmList(key: string): Warm[] {
    let list = this.warm.get(key);
    if (!list) this.warm.set(key, (list = []));
    for (const { socket, ready } of takeEarlySockets(key))
      holdSocket(list, socket, ready, { protocol: 'tcp:' });
    return list;
  }

  /**
   * Sets up TLS now over the plain TCP connections opened ahead to `origin`'s host and port for either
   * scheme: the registry there speaks TLS (transport.ts), and a request taking one finds TLS done instead of
   * paying its round trip first.
   */
  secureAhead(origin: string): void {
    if (this.closing) return;
    const url = new URL(origin);
    const port = url.port || '443';
    const list = this.warmList(`${url.hostname}:${port}`);
    for (const tcp of list.filter((w) => w.protocol === 'tcp:')) {
      const httpSocket = releaseSocket(tcp);
      this.connectAhead(
        list,
        { hostname: url.hostname, host: url.host, protocol: 'https:', port, httpSocket },
        'https:',
      );
    }
  }

  /** Opens a connection with undici's connector and holds it in `list` until a request takes it. */
  private connectAhead(list: Warm[], opts: buildConnector.Options, protocol: string): void {
    let socket: Socket | undefined;
    const ready = new Promise<Error | undefined>((resolve) => {
      socket = this.connector(opts, (...args) => resolve(args[0] ?? undefined)) as unknown as
        Socket | undefined;
    });
    if (socket) holdSocket(list, socket, ready, { protocol });
  }

  /** undici's connector, handing out a socket opened ahead when one fits the origin. */
  private connectSocket(opts: buildConnector.Options, done: buildConnector.Callback): void {
    const secure = opts.protocol === 'https:' ? this.onSecure : undefined;
    const callback: buildConnector.Callback = !secure
      ? done
      : (...args) => {
          if (args[0] === null) secure(`https://${opts.host ?? opts.hostname}`);
          done(...args);
        };
    const port = opts.port || (opts.protocol === 'https:' ? '443' : '80');
    const list = this.warmList(`${opts.hostname}:${port}`);
    const warm = list.find((w) => w.protocol === opts.protocol || w.protocol === 'tcp:');
    if (!warm) return this.connector(opts, callback);
    releaseSocket(warm).ref();
    if (warm.protocol === 'tcp:' && opts.protocol === 'https:') {
      // TLS over the connection opened ahead (undici's own way of upgrading a socket).
      return this.connector({ ...opts, httpSocket: warm.socket }, callback);
    }
    void warm.ready.then((err) => (err ? callback(err, null) : callback(null, warm.socket)));
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

  private dropWarm(): void {
    for (const list of this.warm.values()) for (const w of list.splice(0)) w.socket.destroy();
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    this.closing = true;
    this.dropWarm();
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
    this.dropWarm();
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
