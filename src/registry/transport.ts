/**
 * HTTP for one registry host: connection reuse (connections.ts: an open connection first), timeouts, the host's trust material
 * (trust.ts: `ca-file`, certs.d, a client certificate; extra CAs are added to Node's default roots), `insecure` (plain HTTP or unverified TLS), HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the env
 * passed in (undici EnvHttpProxyAgent; loopback hosts are never proxied), manual redirects that never
 * carry `Authorization` to another host, and the https-or-http decision:
 *
 * - Registries are spoken to over https.
 * - For loopback registries (localhost, 127.0.0.0/8, ::1 — Docker's implicit insecure rule) and for
 *   `insecure`, https is preferred: the first request goes over https, and only if the TLS handshake fails
 *   because the server speaks plain HTTP (or resets the connection) is it answered over http, the scheme
 *   then remembered for the client. A read without credentials (a GET or HEAD with no body and no
 *   Authorization: every run's first request) is sent over http at the same time as the TLS handshake
 *   (`race`), and that answer is taken only when TLS failed that way, otherwise dropped: over a distant
 *   link the fallback then costs no round trip instead of two (a failed handshake, a new connection).
 *   Anything else repeats the request over http once after the failure. Never an extra HTTP exchange
 *   that counts. A loopback registry with a TLS certificate we cannot verify is a TLS_FAILED (a CA file
 *   or `insecure` fixes it), not a silent downgrade.
 * - A non-loopback registry that speaks plain HTTP without `insecure` is INSECURE_REFUSED.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import * as tls from 'node:tls';
import { EnvHttpProxyAgent, type Agent, type Dispatcher } from 'undici';
import { INSECURE, remedyHint } from '../errors.js';
import { formatSeconds } from '../domain/duration.js';
import { RegistryError, redactUrl } from './errors.js';
import { isLoopbackHost, isPrivateHost, resolveLocation } from './location.js';
import { errorCode, networkError, speaksPlainHttp } from './network-errors.js';
import { CLIENT_CERT_CLOSED, isUnknownCa, probeHandshake, probePeer } from './tls-errors.js';
import { defaultCertsDirs, loadTrust, type Trust } from './trust.js';
import { discard, firstHeader } from './response-body.js';
import { OpenFirstConnections } from './connections.js';
import type { RegistryEvents, TransportOptions } from './types.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * The slowest average transfer a request may have: an exchange must finish (headers and the whole body,
 * both ways) within the timeout plus its bytes at this rate, so a body trickled a byte at a time under the
 * idle timeout still ends (1 GiB gets 9 h; the run's own deadline, `timeout`, is the tighter bound).
 */
export const MIN_TRANSFER_BYTES_PER_S = 32 * 1024;
export const DEFAULT_USER_AGENT = 'registry-publish';
const MAX_REDIRECTS = 5;
/** A connection that ended without an answer (in TLS 1.3 also how a refused client certificate looks). */
const CLOSED: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** An AsyncIterable that is not a Readable: a body of unknown length read as it is produced (sent chunked). */
export type RequestBody = Readable | Uint8Array | string | AsyncIterable<Uint8Array>;

export interface SendRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent only to the registry host, never across a redirect to another host. */
  readonly authorization?: string | undefined;
  /** The host allowed to receive `authorization` (default: the registry host; a token realm for token requests). */
  readonly authorizationHost?: string | undefined;
  /** Re-openable body (a redirect or the http fallback re-opens it). */
  readonly body?: (() => Promise<RequestBody>) | undefined;
  /** `PUT manifest 1.2`, for error messages. */
  readonly operation: string;
  /** `ghcr.io/org/app`, for error messages. */
  readonly where: string;
  readonly followRedirects?: boolean;
}

export interface SendResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The URL that answered (after redirects): Locations resolve against it. */
  readonly url: URL;
  readonly body: Dispatcher.ResponseData['body'];
}

export interface TransportConfig extends TransportOptions {
  readonly registry: string;
  readonly events?: RegistryEvents | undefined;
}

/** An answer on the wire and when its request went out. */
interface Dispatched {
  readonly res: Dispatcher.ResponseData;
  readonly started: number;
}

/** Errors of exchanges aborted by their own signal (the deadline, the run's stop, a lost race). */
const abortedErrors = new WeakSet<object>();

export class Transport {
  readonly registry: string;
  /** `host[:port]` as URL.host spells it. */
  readonly registryHost: string;
  readonly loopback: boolean;
  readonly insecure: boolean;
  private scheme: 'https:' | 'http:' | undefined;
  /**
   * The first read's TLS attempt while the scheme is undecided: undefined once a TLS handshake with the
   * registry worked (or the attempt did), else the attempt's error.
   */
  private tlsVerdict: Promise<unknown> | undefined;
  /** Settles `tlsVerdict` when a TLS connection to the registry is set up. */
  private secured: (() => void) | undefined;
  /** Connections asked for ahead while the scheme was undecided. */
  private ahead = 0;
  private readonly direct: OpenFirstConnections;
  private readonly proxied: Dispatcher | undefined;
  private readonly userAgent: string;
  private readonly events: RegistryEvents | undefined;
  private readonly timeoutMs: number;
  private readonly stop: AbortSignal | undefined;
  private readonly trust: Trust;
  private readonly tlsOptions: tls.ConnectionOptions;
  /** Whether the registry has answered once: a refused client certificate fails the very first request. */
  private answered = false;

  constructor(config: TransportConfig) {
    this.registry = config.registry;
    this.registryHost = new URL(`https://${config.registry}`).host;
    this.loopback = isLoopbackHost(config.registry);
    this.insecure = config.insecure === true;
    this.scheme = this.loopback || this.insecure ? undefined : 'https:';
    this.userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
    this.events = config.events;
    const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.timeoutMs = timeout;
    this.stop = config.signal;
    this.trust = loadTrust(config.registry, {
      ...config,
      certsDirs: config.certsDirs ?? defaultCertsDirs(config.env ?? process.env),
    });
    const tlsOptions: tls.ConnectionOptions = { rejectUnauthorized: !this.insecure };
    if (this.insecure) {
      // Unverified TLS checks no certificate: an empty trust store spares building Node's root store (and
      // parsing NODE_EXTRA_CA_CERTS) on the first connection, which for a loopback registry is the https
      // probe of every run.
      tlsOptions.ca = [];
    } else if (this.trust.ca.length > 0) tlsOptions.ca = [...defaultRoots(), ...this.trust.ca];
    if (this.trust.cert !== undefined && this.trust.key !== undefined) {
      tlsOptions.cert = this.trust.cert;
      tlsOptions.key = this.trust.key;
    }
    this.tlsOptions = withSharedContext(tlsOptions);
    const agentOptions: Agent.Options = {
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connectTimeout: Math.min(timeout, 30_000),
      connect: this.tlsOptions,
    };
    // Not undici's Agent: its Pool may reconnect a closed connection while an open one is free.
    this.direct = new OpenFirstConnections(agentOptions, (origin) => {
      if (origin !== `https://${this.registryHost}` || this.scheme !== undefined) return;
      this.scheme = 'https:';
      this.secured?.();
      // The plain-HTTP copies of the first reads (`race`) took sockets opened ahead, and a TLS server
      // closes them: as many TLS connections are opened now, for the step they were opened for.
      this.direct.secureAhead(origin);
      if (this.ahead > 0) this.direct.preconnect(origin, this.ahead);
    });
    const env = config.env ?? process.env;
    const httpProxy = env.HTTP_PROXY ?? env.http_proxy ?? '';
    const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy ?? '';
    if (httpProxy || httpsProxy) {
      this.proxied = new EnvHttpProxyAgent({
        ...agentOptions,
        requestTls: this.tlsOptions,
        httpProxy,
        httpsProxy,
        noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
      });
    }
  }

  /** The registry base URL (`https://host/`), or `http://` once decided. */
  base(): URL {
    return new URL(`${this.scheme ?? 'https:'}//${this.registry}/`);
  }

  /** A URL on the registry: `/v2/…`. */
  url(path: string): URL {
    return new URL(path, this.base());
  }

  isRegistryUrl(url: URL): boolean {
    return url.host === this.registryHost;
  }

  /**
   * Opens direct connections ahead (connections.ts) until `count` are open or opening. While the scheme is
   * undecided they are plain TCP connections, one more than asked: the TLS attempt of the first read takes
   * one. Not for a registry reached through a proxy, nor an undecided one without a port (https and http
   * would be different ports).
   */
  preconnect(count: number): void {
    const base = this.base();
    if (this.dispatcherFor(base) !== this.direct) return;
    if (this.scheme !== undefined) this.direct.preconnect(base.origin, count);
    else if (base.port !== '') {
      this.direct.preconnect(base.origin, count + 1, true);
      this.ahead = Math.max(this.ahead, count);
    }
  }

  /** One request, following redirects without leaking Authorization to another host. */
  async send(req: SendRequest): Promise<SendResponse> {
    let current = req;
    for (let hop = 0; ; hop++) {
      const res = await this.exchange(current);
      const location = firstHeader(res.headers.location);
      // Registries MAY redirect any request (spec §api); a body is re-opened from its factory on 307/308.
      const follow = req.followRedirects ?? true;
      if (!follow || !REDIRECT_STATUSES.has(res.status) || location === undefined) return res;
      await discard(res);
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryError({
          code: 'REGISTRY_REJECTED',
          message: `${req.operation} on ${req.where} failed (more than ${MAX_REDIRECTS} redirects)`,
          method: req.method,
          url: redactUrl(req.url),
        });
      }
      const next = resolveLocation(location, res.url);
      this.checkTarget(next, req);
      const method = res.status === 303 ? 'GET' : current.method;
      current = {
        ...current,
        method,
        url: next,
        body: res.status === 303 ? undefined : current.body,
        // docs/registry-quirks.md#q4-cross-host-redirects: blob storage redirects (S3/GCS/Azure presigned)
        // never get the registry's credentials.
        authorization:
          next.host === (current.authorizationHost ?? this.registryHost) ? current.authorization : undefined,
      };
    }
  }

  /**
   * docs/registry-quirks.md#q4-cross-host-redirects: a Location or redirect to another host is followed
   * without credentials, but not to a private or loopback address when the registry itself is public (SSRF
   * guard), and not downgraded to plain HTTP unless `insecure` or loopback.
   */
  checkTarget(url: URL, req: Pick<SendRequest, 'operation' | 'where' | 'method'>): void {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RegistryError({
        code: 'REGISTRY_REJECTED',
        message: `${req.operation} on ${req.where} failed (the registry sent a ${url.protocol} URL)`,
        method: req.method,
      });
    }
    if (this.isRegistryUrl(url)) return;
    if (isPrivateHost(url.host) && !isPrivateHost(this.registry) && !this.insecure) {
      throw new RegistryError({
        code: 'REGISTRY_REJECTED',
        message: `${req.operation} on ${req.where} failed (the registry sent the client to the private address ${url.host})`,
        hint: remedyHint`Use ${INSECURE} only if this registry really stores blobs on a private network.`,
        method: req.method,
      });
    }
    if (url.protocol === 'http:' && !this.insecure && !isLoopbackHost(url.host)) {
      throw new RegistryError({
        code: 'INSECURE_REFUSED',
        message: `${req.operation} on ${req.where} refused: the registry sent the client to plain-HTTP ${url.host}`,
        hint: remedyHint`Use ${INSECURE} to allow plain HTTP for this registry.`,
        method: req.method,
      });
    }
  }

  /** One HTTP exchange, with the https→http fallback for loopback/insecure registries. */
  private async exchange(req: SendRequest): Promise<SendResponse> {
    const onRegistry = this.isRegistryUrl(req.url);
    if (onRegistry && this.scheme !== undefined && req.url.protocol !== this.scheme) {
      req = { ...req, url: withProtocol(req.url, this.scheme) };
    }
    if (onRegistry && this.scheme === undefined && req.url.protocol === 'https:' && this.mayRace(req))
      return this.race(req);
    try {
      const res = await this.exchangeOnce(req);
      if (onRegistry && this.scheme === undefined && req.url.protocol === 'https:') this.scheme = 'https:';
      return res;
    } catch (err) {
      if (!onRegistry || req.url.protocol !== 'https:' || !speaksPlainHttp(err))
        throw await this.failure(err, req);
      // A read sent alongside the first request (call.ts) may meet its answer: http was decided meanwhile.
      // Only a loopback/insecure registry is ever undecided or on http (https once TLS worked): fall back.
      if (this.scheme !== 'https:') {
        this.scheme = 'http:';
        return this.exchangeOnce({ ...req, url: withProtocol(req.url, 'http:') }).catch((e: unknown) => {
          throw networkError(e, req, this.registry, this.trust);
        });
      }
      throw this.plainRefused(req, err);
    }
  }

  private plainRefused(req: SendRequest, err: unknown): RegistryError {
    return new RegistryError({
      code: 'INSECURE_REFUSED',
      message: `${req.operation} on ${req.where} refused: ${this.registry} speaks plain HTTP, not HTTPS`,
      hint: remedyHint`Use ${INSECURE} to allow plain HTTP for this registry (only for registries on a trusted network).`,
      method: req.method,
      url: redactUrl(req.url),
      cause: err,
    });
  }

  /**
   * A read the plain-HTTP answer of which may be taken without asking twice: no body, no credentials (a
   * registry that turns out to speak TLS never saw a secret in clear), and sent directly (not through a
   * proxy, which could answer it itself).
   */
  private mayRace(req: SendRequest): boolean {
    return (
      (req.method === 'GET' || req.method === 'HEAD') &&
      req.body === undefined &&
      req.authorization === undefined &&
      this.dispatcherFor(req.url) === this.direct
    );
  }

  /**
   * The first reads of an undecided loopback/insecure registry: over https and, at the same time, over
   * http. https wins whenever its handshake works (the http attempt is cancelled, its answer dropped
   * unreported); the http answer is taken only when TLS failed because the server speaks plain HTTP,
   * exactly the case the serial fallback would have repeated the request over http.
   */
  private async race(req: SendRequest): Promise<SendResponse> {
    const cancel = new AbortController();
    const plain = { ...req, url: withProtocol(req.url, 'http:') };
    const started = performance.now();
    const http = this.dispatchOnce(plain, cancel.signal);
    // It may fail before the TLS attempt ends (a TLS server closes on plain HTTP): handled from the start.
    http.catch(() => undefined);
    const drop = (): void => {
      cancel.abort();
      void http.then(
        (sent) => sent.res.body.destroy(),
        () => undefined,
      );
    };
    // One TLS attempt per registry: a read sent while another's attempt is under way waits for its verdict
    // (its own plain-HTTP copy already on the way) instead of opening a TLS connection of its own.
    const shared = this.tlsVerdict;
    let tlsError: unknown;
    if (shared) {
      tlsError = await shared;
      if (tlsError === undefined || this.scheme === 'https:') {
        drop();
        return this.exchange(req);
      }
    } else {
      // The verdict is in as soon as the handshake works, not only with the answer: the reads waiting for it
      // go out a round trip sooner (over the bench's link, a token registry's source manifest and claim
      // check went with the first 401 instead of after it; docs/benchmarks.md, "Token auth and htpasswd").
      const secured = new Promise<undefined>((resolve) => (this.secured = () => resolve(undefined)));
      const attempt = this.exchangeOnce(req);
      this.tlsVerdict = Promise.race([
        secured,
        attempt.then(
          () => undefined,
          (err: unknown) => err ?? new Error('TLS attempt failed'),
        ),
      ]);
      try {
        const res = await attempt;
        if (this.scheme === undefined) this.scheme = 'https:';
        drop();
        return res;
      } catch (err) {
        tlsError = err;
      }
    }
    if (!speaksPlainHttp(tlsError) || this.scheme === 'https:') {
      drop();
      throw speaksPlainHttp(tlsError) ? this.plainRefused(req, tlsError) : await this.failure(tlsError, req);
    }
    this.scheme = 'http:';
    try {
      return this.reported(plain, await http);
    } catch (e) {
      this.reportFailure(plain, e, started);
      throw networkError(e, req, this.registry, this.trust);
    }
  }

  /**
   * The coded error. Over a direct TLS connection, an unverifiable certificate is read once more, unverified,
   * to name its subject and issuer; a connection closed without an answer is tried once more by hand to read
   * the server's TLS alert (a client certificate required or refused).
   */
  private async failure(err: unknown, req: SendRequest): Promise<RegistryError> {
    const direct = !(this.proxied && !isLoopbackHost(req.url.host));
    if (!direct || req.url.protocol !== 'https:' || err instanceof RegistryError)
      return networkError(err, req, this.registry, this.trust);
    const code = errorCode(err);
    const port = Number(req.url.port || 443);
    if (isUnknownCa(code)) {
      const peer = await probePeer(req.url.hostname, port);
      return networkError(err, req, this.registry, this.trust, peer);
    }
    if (!this.answered && this.isRegistryUrl(req.url) && CLOSED.has(code)) {
      const probe = await probeHandshake(req.url.hostname, port, this.tlsOptions);
      if (probe.alert)
        return networkError(
          Object.assign(new Error(probe.alert.message), { code: probe.alert.code, cause: err }),
          req,
          this.registry,
          this.trust,
        );
      if (probe.closedSilently && this.trust.cert !== undefined) {
        const closed = Object.assign(
          new Error('the registry closed the connection right after the TLS handshake'),
          { code: CLIENT_CERT_CLOSED, cause: err },
        );
        return networkError(closed, req, this.registry, this.trust);
      }
    }
    return networkError(err, req, this.registry, this.trust);
  }

  private async exchangeOnce(req: SendRequest): Promise<SendResponse> {
    const started = performance.now();
    let sent: Dispatched;
    try {
      sent = await this.dispatchOnce(req);
    } catch (err) {
      this.reportFailure(req, err, started);
      throw err;
    }
    return this.reported(req, sent);
  }

  private dispatcherFor(url: URL): Dispatcher {
    return this.proxied && !isLoopbackHost(url.host) ? this.proxied : this.direct;
  }

  /** One exchange on the wire, reported by the caller (a lost race's is not reported at all). */
  private async dispatchOnce(req: SendRequest, cancel?: AbortSignal): Promise<Dispatched> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    if (req.authorization !== undefined && req.url.host === (req.authorizationHost ?? this.registryHost)) {
      headers.authorization = req.authorization;
    }
    const dispatcher = this.dispatcherFor(req.url);
    // Through the proxy agent (undici's Pool), a connection is free for the next request only an event-loop
    // turn after its answer ended (setImmediate in its HTTP/1.1 client); a request sent sooner, as the one
    // that follows an answer is, opens a new connection and pays another handshake round trip
    // (docs/benchmarks.md, "Where the time went (WAN)"). One turn first lets it reuse the connection just
    // freed. The direct connections (connections.ts) take an answered connection at once.
    if (dispatcher !== this.direct) await new Promise<void>((resolve) => setImmediate(resolve));
    const body = req.body ? await req.body() : undefined;
    const started = performance.now();
    const stop = cancel && this.stop ? AbortSignal.any([this.stop, cancel]) : (cancel ?? this.stop);
    const deadline = new RequestDeadline(this.timeoutMs, Number(headers['content-length']) || 0, stop);
    // A body of unknown length (a streamed upload) earns its time as its bytes go out.
    const sent = isProduced(body) ? counted(body, deadline) : body;
    try {
      const res = await dispatcher.request({
        origin: req.url.origin,
        path: `${req.url.pathname}${req.url.search}`,
        method: req.method as Dispatcher.HttpMethod,
        headers,
        // undici sends an async iterable body as it is read (its types list only Readable among streams).
        body: (sent ?? null) as Dispatcher.DispatchOptions['body'],
        signal: deadline.signal,
        // undici closes the connection after every HEAD (for servers that send a body with it); a registry
        // answers HEAD without one, so the connection stays open for the next request instead of costing a
        // new handshake per existence check (docs/benchmarks.md, "Where the time went (WAN)").
        ...(req.method === 'HEAD' ? { reset: false } : {}),
      });
      deadline.answered(Number(firstHeader(res.headers['content-length'])) || 0, res.body);
      return { res, started };
    } catch (err) {
      if (deadline.signal.aborted && typeof err === 'object' && err !== null) abortedErrors.add(err);
      throw err;
    }
  }

  private reportFailure(req: SendRequest, err: unknown, started: number): void {
    const aborted = typeof err === 'object' && err !== null && abortedErrors.has(err);
    this.events?.onDebug?.({
      kind: 'request',
      method: req.method,
      url: redactUrl(req.url),
      outcome: aborted ? 'aborted' : ((err as NodeJS.ErrnoException).code ?? (err as Error).name),
      durationMs: performance.now() - started,
    });
  }

  private reported(req: SendRequest, { res, started }: Dispatched): SendResponse {
    this.events?.onDebug?.({
      kind: 'request',
      method: req.method,
      url: redactUrl(req.url),
      outcome: res.statusCode,
      durationMs: performance.now() - started,
    });
    if (this.isRegistryUrl(req.url)) this.answered = true;
    this.events?.onRequest?.({ method: req.method, url: eventUrl(req.url), status: res.statusCode });
    return { status: res.statusCode, headers: res.headers, url: req.url, body: res.body };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.direct.close(), this.proxied?.close()]);
  }
}

/** The reason a request is aborted at its absolute deadline (networkError and cutOffError word it). */
export class DeadlineExceeded extends Error {
  readonly code = 'REQUEST_DEADLINE';
  constructor(ms: number) {
    super(`did not finish within ${formatSeconds(ms)}`);
  }
}

/**
 * An absolute deadline for one exchange (the undici timeouts are idle timeouts only): the timeout plus the
 * request body's bytes at MIN_TRANSFER_BYTES_PER_S, extended by the response's Content-Length once the
 * headers arrive. Cleared when the response body closes; the timer never keeps the process alive.
 */
class RequestDeadline {
  private readonly controller = new AbortController();
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private sentBytes: number,
    stop: AbortSignal | undefined,
  ) {
    this.arm(0);
    if (!stop) return;
    // The run's hard deadline ends this exchange too, with the run's own coded error.
    const onStop = (): void => this.controller.abort(stop.reason);
    if (stop.aborted) onStop();
    else {
      stop.addEventListener('abort', onStop, { once: true });
      this.controller.signal.addEventListener('abort', () => stop.removeEventListener('abort', onStop), {
        once: true,
      });
      this.release = () => stop.removeEventListener('abort', onStop);
    }
  }

  private release: (() => void) | undefined;
  private received = 0;

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** More bytes of a body of unknown length went out: the exchange may take longer. */
  sending(bytes: number): void {
    this.sentBytes += bytes;
    this.arm(this.received);
  }

  answered(declaredBytes: number, body: Readable): void {
    this.received = declaredBytes;
    this.arm(declaredBytes);
    if (body.closed || body.destroyed) this.done();
    else body.once('close', () => this.done());
  }

  private done(): void {
    this.clear();
    this.release?.();
  }

  private arm(receivedBytes: number): void {
    this.clear();
    const allowed =
      this.timeoutMs + Math.ceil(((this.sentBytes + receivedBytes) / MIN_TRANSFER_BYTES_PER_S) * 1000);
    // Stated in whole seconds, rounded up: the request had at least that long.
    const stated = Math.ceil(allowed / 1000) * 1000;
    this.timer = setTimeout(
      () => this.controller.abort(new DeadlineExceeded(stated)),
      Math.max(0, this.started + allowed - Date.now()),
    );
    this.timer.unref();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function isProduced(body: RequestBody | undefined): body is AsyncIterable<Uint8Array> {
  return typeof body === 'object' && !(body instanceof Uint8Array) && !('pipe' in body);
}

/** The bytes of `body` as they are read, each counted into the exchange's deadline. */
async function* counted(
  body: AsyncIterable<Uint8Array>,
  deadline: RequestDeadline,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    deadline.sending(chunk.length);
    yield chunk;
  }
}

function eventUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function withProtocol(url: URL, protocol: 'http:' | 'https:'): URL {
  const out = new URL(url.href);
  out.protocol = protocol;
  return out;
}

/**
 * The options with one secure context built from their `ca`, `cert` and `key`, for every connection:
 * tls.connect otherwise builds a context per connection, and with a CA file that parses Node's ~150 roots
 * each time (about 20 ms of CPU per connection on the 2-core bench machine, most of a round trip of the
 * bench's link when a parallel step opens several; docs/benchmarks.md, "Token auth and htpasswd over TLS").
 * Material the context refuses (a key that does not match its certificate) is left to tls.connect, which
 * fails the connection with the error it always did.
 */
function withSharedContext(options: tls.ConnectionOptions): tls.ConnectionOptions {
  const { ca, cert, key, ...rest } = options;
  if (ca === undefined && cert === undefined) return options;
  try {
    return { ...rest, secureContext: tls.createSecureContext({ ca, cert, key }) };
  } catch {
    return options;
  }
}

function defaultRoots(): string[] {
  const get = (tls as { getCACertificates?: (type?: string) => string[] }).getCACertificates;
  try {
    if (get) return get('default');
  } catch {
    // older Node
  }
  return [...tls.rootCertificates];
}
