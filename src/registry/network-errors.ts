/**
 * Network failures (no HTTP answer) classified into coded errors: TLS problems are TLS_FAILED, each kind
 * with its own reason and hint (tls-errors.ts), everything else REGISTRY_UNREACHABLE (retryable unless it cannot get better: an unknown
 * host, an invalid URL), and a body cut off mid-way is a retryable REGISTRY_UNREACHABLE.
 */
import { PublishError } from '../errors.js';
import { RegistryError, redactUrl } from './errors.js';
import { classifyTlsFailure, describeTlsFailure, dropNodeAdvice, type PeerSummary } from './tls-errors.js';
import type { SendRequest } from './transport.js';
import type { Trust } from './trust.js';

const NO_TRUST: Trust = { ca: [], caSources: [], hostDirs: [] };

/**
 * The coded error for a request that got no answer; `registry` is named in the host-not-found hint, `trust`
 * and `peer` (the server certificate, when a probe read it) tell the TLS failures apart.
 */
export function networkError(
  err: unknown,
  req: SendRequest,
  registry: string,
  trust: Trust = NO_TRUST,
  peer?: PeerSummary,
): RegistryError {
  if (err instanceof RegistryError) return err;
  const stopped = stoppedError(err, req.method);
  if (stopped) return stopped;
  const code = errorCode(err);
  const detail = `${describeNetworkError(err)}${code ? ` (${code})` : ''}`;
  if (isTlsError(code, err)) {
    const kind = classifyTlsFailure(code, trust, messages(err));
    const { reason, hint } = describeTlsFailure(
      kind,
      { trust, host: req.url.host, hostname: req.url.hostname, peer },
      detail,
      err,
    );
    return new RegistryError({
      code: 'TLS_FAILED',
      message: `${req.operation} on ${req.where} failed: TLS with ${req.url.host} failed: ${reason}`,
      summary: `${req.operation} on ${req.where} failed`,
      reason,
      hint,
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
        ? `Check the registry host name ${registry}.`
        : 'Check the network, the registry address and HTTPS_PROXY/NO_PROXY; re-run if the registry was briefly down.',
    method: req.method,
    url: redactUrl(req.url),
    retryable,
    cause: err,
  });
}

/** A body that ended early (reset, closed before Content-Length, stalled): retryable, never INTERNAL. */
export function cutOffError(what: string, size: number, method: string, cause: unknown): RegistryError {
  const stopped = stoppedError(cause, method);
  if (stopped) return stopped;
  const deadline = findDeadline(cause);
  const reason = deadline
    ? `the response ${deadline.message}: ${size} bytes arrived`
    : `the response was cut off after ${size} bytes`;
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

/** The run's own coded error (its hard deadline aborted the exchange): passed on as it is, never retried. */
function stoppedError(err: unknown, method: string): RegistryError | undefined {
  if (!(err instanceof PublishError)) return undefined;
  return new RegistryError({ code: err.code, message: err.text, hint: err.hint, method, cause: err });
}

function findDeadline(err: unknown): Error | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if ((current as { code?: unknown }).code === 'REQUEST_DEADLINE') return current as Error;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function errorCode(err: unknown): string {
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
    case 'REQUEST_DEADLINE':
      return (err as { message?: string }).message ?? 'did not finish in time';
    default: {
      const text = (err as { message?: unknown })?.message;
      return typeof text === 'string' && text
        ? dropNodeAdvice(text.replace(/\s+/g, ' ')).slice(0, 160)
        : 'network error';
    }
  }
}

export function isTlsError(code: string, err: unknown): boolean {
  if (/^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/.test(code))
    return true;
  return code === 'EPROTO' || /certificate|ssl routines|tls/i.test(messages(err));
}

/** The TLS handshake met a plain-HTTP server (or a connection reset right away during it). */
export function speaksPlainHttp(err: unknown): boolean {
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
