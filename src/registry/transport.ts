/**
 * HTTP for one registry host: one undici Agent (connection reuse), timeouts, an extra CA added to Node's
 * default roots, `insecure` (plain HTTP or unverified TLS), HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the env
 * passed in (undici EnvHttpProxyAgent; loopback hosts are never proxied), manual redirects that never
 * carry `Authorization` to another host, and the https-or-http decision:
 *
 * - Registries are spoken to over https.
 * - For loopback registries (localhost, 127.0.0.0/8, ::1 — Docker's implicit insecure rule) and for
 *   `insecure: true`, the first request goes over https; if the TLS handshake fails because the server
 *   speaks plain HTTP (or resets the connection), that same request is repeated once over http and the
 *   scheme is remembered for the client. That is at most one extra connection attempt, never an extra HTTP
 *   exchange. A loopback registry with a TLS certificate we cannot verify is a TLS_FAILED (set `ca-file`
 *   or `insecure`), not a silent downgrade.
 * - A non-loopback registry that speaks plain HTTP without `insecure` is INSECURE_REFUSED.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import * as tls from 'node:tls';
import {
  Agent,
  EnvHttpProxyAgent,
  sendHttpRequest,
  type AgentOptions,
  type Dispatcher,
} from './http-client.js';
import { FileRefused, readCappedFileSync } from '../regular-file.js';
import { RegistryError, redactUrl } from './errors.js';
import { isLoopbackHost, isPrivateHost, resolveLocation } from './location.js';
import type { RegistryEvents, TransportOptions } from './types.js';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_USER_AGENT = 'registry-publish';
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type RequestBody = Readable | Uint8Array | string;

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

export class Transport {
  readonly registry: string;
  /** `host[:port]` as URL.host spells it. */
  readonly registryHost: string;
  readonly loopback: boolean;
  readonly insecure: boolean;
  private scheme: 'https:' | 'http:' | undefined;
  private readonly direct: Agent;
  private readonly proxied: Dispatcher | undefined;
  private readonly userAgent: string;
  private readonly events: RegistryEvents | undefined;

  constructor(config: TransportConfig) {
    this.registry = config.registry;
    this.registryHost = new URL(`https://${config.registry}`).host;
    this.loopback = isLoopbackHost(config.registry);
    this.insecure = config.insecure === true;
    this.scheme = this.loopback || this.insecure ? undefined : 'https:';
    this.userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
    this.events = config.events;
    const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const tlsOptions: tls.ConnectionOptions = { rejectUnauthorized: !this.insecure };
    if (config.caFile) tlsOptions.ca = [...defaultRoots(), readCaFile(config.caFile)];
    const agentOptions: AgentOptions = {
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connectTimeout: Math.min(timeout, 30_000),
      connect: tlsOptions,
    };
    this.direct = new Agent(agentOptions);
    const env = config.env ?? process.env;
    const httpProxy = env.HTTP_PROXY ?? env.http_proxy ?? '';
    const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy ?? '';
    if (httpProxy || httpsProxy) {
      this.proxied = new EnvHttpProxyAgent({
        ...agentOptions,
        requestTls: tlsOptions,
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
        hint: 'Set insecure: true only if this registry really stores blobs on a private network.',
        method: req.method,
      });
    }
    if (url.protocol === 'http:' && !this.insecure && !isLoopbackHost(url.host)) {
      throw new RegistryError({
        code: 'INSECURE_REFUSED',
        message: `${req.operation} on ${req.where} refused: the registry sent the client to plain-HTTP ${url.host}`,
        hint: 'Set insecure: true to allow plain HTTP for this registry.',
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
    try {
      const res = await this.exchangeOnce(req);
      if (onRegistry && this.scheme === undefined && req.url.protocol === 'https:') this.scheme = 'https:';
      return res;
    } catch (err) {
      if (!onRegistry || req.url.protocol !== 'https:' || !speaksPlainHttp(err))
        throw this.networkError(err, req);
      if (this.scheme === undefined) {
        // Loopback or insecure: the server answered TLS with plain HTTP: use http from now on.
        this.scheme = 'http:';
        return this.exchangeOnce({ ...req, url: withProtocol(req.url, 'http:') }).catch((e: unknown) => {
          throw this.networkError(e, req);
        });
      }
      throw new RegistryError({
        code: 'INSECURE_REFUSED',
        message: `${req.operation} on ${req.where} refused: ${this.registry} speaks plain HTTP, not HTTPS`,
        hint: 'Set insecure: true to allow plain HTTP for this registry (only for registries on a trusted network).',
        method: req.method,
        url: redactUrl(req.url),
        cause: err,
      });
    }
  }

  private async exchangeOnce(req: SendRequest): Promise<SendResponse> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...req.headers };
    if (req.authorization !== undefined && req.url.host === (req.authorizationHost ?? this.registryHost)) {
      headers.authorization = req.authorization;
    }
    const body = req.body ? await req.body() : undefined;
    const dispatcher = this.proxied && !isLoopbackHost(req.url.host) ? this.proxied : this.direct;
    const res = await sendHttpRequest(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: body ?? null,
      dispatcher,
    });
    this.events?.onRequest?.({ method: req.method, url: eventUrl(req.url), status: res.statusCode });
    return { status: res.statusCode, headers: res.headers, url: req.url, body: res.body };
  }

  private networkError(err: unknown, req: SendRequest): RegistryError {
    if (err instanceof RegistryError) return err;
    const code = errorCode(err);
    const detail = `${describeNetworkError(err)}${code ? ` (${code})` : ''}`;
    if (isTlsError(code, err)) {
      const unknownCa = /UNABLE_TO_(VERIFY|GET_ISSUER)|SELF_SIGNED|DEPTH_ZERO/.test(code);
      return new RegistryError({
        code: 'TLS_FAILED',
        message: `${req.operation} on ${req.where} failed: TLS with ${req.url.host} failed: ${detail}`,
        summary: `${req.operation} on ${req.where} failed`,
        reason: detail,
        hint: unknownCa
          ? 'The registry certificate is signed by an unknown CA; set ca-file to the CA certificate (PEM), or insecure: true for a test registry.'
          : 'Check the registry certificate (expiry, host name) or set ca-file to its CA; insecure: true skips verification.',
        method: req.method,
        url: redactUrl(req.url),
        cause: err,
      });
    }
    const retryable = ![
      'ENOTFOUND',
      'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
      'ERR_INVALID_URL',
      'UND_ERR_INVALID_ARG',
    ].includes(code);
    return new RegistryError({
      code: 'REGISTRY_UNREACHABLE',
      message: `${req.operation} on ${req.where} failed (${detail})`,
      summary: `${req.operation} on ${req.where} failed`,
      reason: detail,
      hint:
        code === 'ENOTFOUND'
          ? `Check the registry host name ${this.registry}.`
          : 'Check the network, the registry address and HTTPS_PROXY/NO_PROXY; re-run if the registry was briefly down.',
      method: req.method,
      url: redactUrl(req.url),
      retryable,
      cause: err,
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.direct.close(), this.proxied?.close()]);
  }
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Drains and discards a response body (keeps the connection reusable). */
export async function discard(res: SendResponse): Promise<void> {
  try {
    await res.body.dump({ limit: 256 * 1024 });
  } catch {
    // ignore
  }
}

/** Reads a body as text, at most `limit` bytes (error bodies, token responses). */
export async function readText(res: SendResponse, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    await collectBody(res, limit, chunks);
  } catch {
    // a broken error body is still an error
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Reads a whole body as text (at most `limit` bytes; the rest is dropped, as readText does). Unlike readText,
 * a body that ends early (connection reset, closed before Content-Length, stalled past the timeout) throws a
 * retryable REGISTRY_UNREACHABLE naming `what`, so a caller reading inside its retry loop fetches it again
 * instead of parsing half a document.
 */
export async function readBody(res: SendResponse, what: string, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    await collectBody(res, limit, chunks);
  } catch (cause) {
    throw cutOffError(
      what,
      chunks.reduce((n, c) => n + c.length, 0),
      '',
      cause,
    );
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/** Appends the body's chunks to `chunks` until it ends or passes `limit` bytes (then stops reading). */
async function collectBody(res: SendResponse, limit: number, chunks: Buffer[]): Promise<void> {
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > limit) {
      res.body.destroy();
      return;
    }
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

function defaultRoots(): string[] {
  const get = (tls as { getCACertificates?: (type?: string) => string[] }).getCACertificates;
  try {
    if (get) return get('default');
  } catch {
    // older Node
  }
  return [...tls.rootCertificates];
}

/** A PEM bundle of every public root is about 220 KB; nothing legitimate comes near this. */
const CA_FILE_LIMIT = 4 * 1024 * 1024;

function readCaFile(path: string): string {
  try {
    return readCappedFileSync(path, CA_FILE_LIMIT).toString('utf8');
  } catch (cause) {
    throw new RegistryError({
      code: 'TLS_FAILED',
      message: `Cannot read the CA file "${path}"${cause instanceof FileRefused ? `: it ${cause.detail}` : ''}`,
      hint: 'Point ca-file at a readable PEM file with the registry CA certificate.',
      cause,
    });
  }
}

function errorCode(err: unknown): string {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : '';
}

function messages(err: unknown): string {
  const out: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') out.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return out.join(' | ');
}

function describeNetworkError(err: unknown): string {
  const code = errorCode(err);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EPIPE':
      return 'connection closed while sending';
    case 'ENOTFOUND':
      return 'host not found';
    case 'EAI_AGAIN':
      return 'DNS lookup failed temporarily';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case 'UND_ERR_HEADERS_TIMEOUT':
      return 'no response in time';
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the response stalled';
    default: {
      const text = (err as { message?: unknown })?.message;
      return typeof text === 'string' && text ? text.replace(/\s+/g, ' ').slice(0, 160) : 'network error';
    }
  }
}

function isTlsError(code: string, err: unknown): boolean {
  if (/^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/.test(code))
    return true;
  return code === 'EPROTO' || /certificate|ssl routines|tls/i.test(messages(err));
}

/** The TLS handshake met a plain-HTTP server (or a connection reset right away during it). */
function speaksPlainHttp(err: unknown): boolean {
  const code = errorCode(err);
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    code === 'ERR_SSL_HTTP_REQUEST'
  )
    return true;
  const text = messages(err);
  if (/wrong version number|packet length too long|http request/i.test(text)) return true;
  return code === 'ECONNRESET' && /TLS|secure|socket disconnected/i.test(text);
}

/** A body that ended early (reset, closed before Content-Length, stalled): retryable, never INTERNAL. */
export function cutOffError(what: string, size: number, method: string, cause: unknown): RegistryError {
  const reason = `the response was cut off after ${size} bytes`;
  return new RegistryError({
    code: 'REGISTRY_UNREACHABLE',
    message: `${what} failed (${reason})`,
    summary: `${what} failed`,
    reason,
    hint: 'Check the network and HTTPS_PROXY/NO_PROXY; re-run if the registry was briefly down.',
    method,
    retryable: true,
    cause,
  });
}
