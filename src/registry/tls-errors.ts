/**
 * Which TLS failure a handshake error is, so each gets its own reason and hint: no CA configured for a
 * certificate from an unknown CA, a configured CA that did not sign the server's certificate, a host name
 * the certificate is not for, a registry that requires a client certificate or refused the one sent, an
 * expired certificate. Node's own advice (`--use-system-ca`) is dropped: it is about flags of Node, not of
 * this tool.
 */
import { CA_FILE, CERT_DIR, CLIENT_CERT, CLIENT_KEY, INSECURE, remedyHint, type Hint } from '../errors.js';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { Trust } from './trust.js';

export type TlsFailure =
  | 'no-ca'
  | 'wrong-ca'
  | 'name-mismatch'
  | 'client-cert-required'
  | 'client-cert-refused'
  | 'expired'
  | 'other';

/** The server certificate as the failed handshake saw it, read by `probePeer`. */
export interface PeerSummary {
  readonly subject: string;
  readonly issuer: string;
}

export interface TlsFailureContext {
  readonly trust: Trust;
  /** `host[:port]` of the server, as URL.host spells it. */
  readonly host: string;
  readonly hostname: string;
  readonly peer?: PeerSummary | undefined;
}

const UNKNOWN_CA =
  /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_SIGNATURE_FAILURE)$/;
/** Set by `probeHandshake` when a registry closed the connection right after taking our client certificate. */
export const CLIENT_CERT_CLOSED = 'ERR_TLS_CLIENT_CERT_CLOSED';
// Alerts a server sends about the client's certificate (OpenSSL's names for them).
const CLIENT_CERT_ALERT =
  /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|DECRYPT_ERROR)$/;

/** Whether the chain could not be verified against the trusted roots (a probe can name subject and issuer). */
export function isUnknownCa(code: string): boolean {
  return UNKNOWN_CA.test(code);
}

export function classifyTlsFailure(code: string, trust: Trust, text: string): TlsFailure {
  if (isUnknownCa(code)) return trust.ca.length > 0 ? 'wrong-ca' : 'no-ca';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'name-mismatch';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'expired';
  if (
    code === CLIENT_CERT_CLOSED ||
    CLIENT_CERT_ALERT.test(code) ||
    /alert (certificate required|bad certificate)/i.test(text)
  )
    return trust.cert === undefined ? 'client-cert-required' : 'client-cert-refused';
  return 'other';
}

/** The reason (after `TLS with HOST failed: `) and the hint for one failure. */
export function describeTlsFailure(
  kind: TlsFailure,
  context: TlsFailureContext,
  detail: string,
  err: unknown,
): { reason: string; hint: Hint } {
  const { host, hostname, trust, peer } = context;
  const certificate = peer ? ` (subject "${peer.subject}", issuer "${peer.issuer}")` : '';
  const hostDir = certsDirsFor(trust, host);
  const selfSigned = peer !== undefined && peer.subject === peer.issuer;
  switch (kind) {
    case 'no-ca':
      return {
        reason: `the server certificate${certificate} is ${selfSigned ? 'self-signed' : 'signed by a CA this runner does not trust'}, and no CA is configured for ${host}`,
        hint: remedyHint`Point ${CA_FILE} at the registry's CA certificate (PEM), or put it as ca.crt in ${hostDir} (or ${CERT_DIR}); ${INSECURE} skips verification (test registries only).`,
      };
    case 'wrong-ca':
      return {
        reason: `the server certificate${certificate} is not signed by the configured CA (${trust.caSources.join(', ')})`,
        hint: peer
          ? `Configure the CA that issued the server certificate ("${peer.issuer}") instead.`
          : 'Configure the CA that issued the server certificate instead.',
      };
    case 'name-mismatch': {
      const names = altNames(err);
      return {
        reason: `the server certificate is not for ${hostname}${names ? ` (it is for ${names})` : ''}`,
        hint: `Use a registry name the certificate lists, or have the certificate re-issued with ${hostname} among its subject alternative names.`,
      };
    }
    case 'client-cert-required':
      return {
        reason: `${host} requires a client certificate and none is configured`,
        hint: remedyHint`Set ${CLIENT_CERT} and ${CLIENT_KEY} (PEM), or put client.cert and client.key in ${hostDir} (or ${CERT_DIR}).`,
      };
    case 'client-cert-refused':
      return {
        reason: `${host} refused the client certificate "${trust.certSource ?? ''}" (${detail})`,
        hint: 'Use a client certificate issued by a CA the registry accepts for clients, and check that it has not expired.',
      };
    case 'expired':
      return {
        reason: `the server certificate${certificate} ${/NOT_YET/.test(detail) ? 'is not valid yet' : 'has expired'} (${detail})`,
        hint: 'Renew the registry certificate, or check the runner clock.',
      };
    case 'other':
      return {
        reason: detail,
        hint: remedyHint`Check the registry certificate (expiry, host name) or point ${CA_FILE} at its CA; ${INSECURE} skips verification.`,
      };
  }
}

/**
 * Where trust material for the host would be read: the certs.d directory in use, else every one looked for
 * (trust.ts, containers-certs.d(5)'s order), so the hint names a directory that is actually read.
 */
function certsDirsFor(trust: Trust, host: string): string {
  if (trust.certDir !== undefined) return `${trust.certDir}/`;
  const dirs = trust.hostDirs.map((d) => `${d}/`);
  if (dirs.length === 0) return `/etc/docker/certs.d/${host}/`;
  return dirs.length === 1 ? (dirs[0] as string) : `one of ${dirs.join(', ')}`;
}

/** Node appends advice about its own flags to some verification errors; it does not apply here. */
export function dropNodeAdvice(text: string): string {
  return text.replace(/[;,]?\s*if the root CA is installed locally.*$/i, '').trim();
}

export interface HandshakeProbe {
  /** The server's TLS alert (OpenSSL code), if it sent one. */
  readonly alert?: { readonly code: string; readonly message: string };
  /** The handshake completed and the server closed without a byte of answer. */
  readonly closedSilently: boolean;
}

/**
 * Why a connection closed without an answer: in TLS 1.3 a server checks the client certificate after the
 * client has finished its handshake, so the request is already written when the alert (`certificate
 * required`) arrives, and the HTTP client reports only "other side closed". One separate connection with the
 * same TLS options, sending a bare request, reads the alert. Bounded by `timeoutMs`.
 */
export function probeHandshake(
  hostname: string,
  port: number,
  options: tls.ConnectionOptions,
  timeoutMs = 5_000,
): Promise<HandshakeProbe> {
  return new Promise((resolve) => {
    const host = hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({ ...options, host, port, ...(isIP(host) === 0 ? { servername: host } : {}) });
    let secure = false;
    let answered = false;
    const done = (probe: HandshakeProbe): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(probe);
    };
    const timer = setTimeout(() => done({ closedSilently: false }), timeoutMs);
    socket.once('secureConnect', () => {
      secure = true;
      socket.write(`GET /v2/ HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', () => {
      answered = true;
      done({ closedSilently: false });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      if (/ALERT/.test(code))
        done({ alert: { code, message: dropNodeAdvice(err.message) }, closedSilently: false });
      else done({ closedSilently: false });
    });
    socket.once('close', () => done({ closedSilently: secure && !answered }));
  });
}

/**
 * The server certificate's subject and issuer, read over a separate unverified connection after a failed
 * handshake (Node does not expose the rejected certificate). Bounded by `timeoutMs`; undefined on failure.
 */
export function probePeer(
  hostname: string,
  port: number,
  timeoutMs = 5_000,
): Promise<PeerSummary | undefined> {
  return new Promise((resolve) => {
    const host = hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host,
      port,
      ...(isIP(host) === 0 ? { servername: host } : {}),
      rejectUnauthorized: false,
    });
    const done = (peer: PeerSummary | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(peer);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      if (!cert || Object.keys(cert).length === 0) return done(undefined);
      done({ subject: distinguishedName(cert.subject), issuer: distinguishedName(cert.issuer) });
    });
    socket.once('error', () => done(undefined));
  });
}

function distinguishedName(name: tls.PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

function altNames(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const cert = (current as { cert?: { subjectaltname?: unknown } }).cert;
    if (typeof cert?.subjectaltname === 'string' && cert.subjectaltname) return cert.subjectaltname;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
