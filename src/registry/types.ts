import type { Readable } from 'node:stream';
import type { Digest } from '../domain/digest.js';
import type { RawManifest } from '../domain/manifest.js';
import type { CheckedStream } from '../digest-verifier.js';
import type { DebugEvent } from './debug-events.js';

/** Explicit credentials, or the Docker config's entry for the registry. */
export type Credentials =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An OAuth2 refresh/identity token (Docker config `identitytoken`; ACR refresh tokens). */
  | { readonly kind: 'identity-token'; readonly username: string; readonly token: string }
  /** A pre-issued bearer token (Docker config `registrytoken`). */
  | { readonly kind: 'registry-token'; readonly token: string };

export interface TransportOptions {
  /** Plain HTTP or unverified TLS (Docker's `insecure-registries`). Loopback registries may use HTTP anyway. */
  readonly insecure?: boolean;
  /** PEM file of extra CA certificates to trust. */
  readonly caFile?: string;
  /** A certs.d-format directory (`*.crt` CAs, `*.cert` + `*.key` client pairs); replaces the system certs.d. */
  readonly certDir?: string;
  /** A client certificate and its private key (PEM files), for registries that require one. */
  readonly clientCert?: string;
  readonly clientKey?: string;
  /** Roots of `HOST[:PORT]/` directories (default: the user's containers/certs.d, /etc/containers/certs.d, /etc/docker/certs.d). */
  readonly certsDirs?: readonly string[];
  /** Per-request timeout for headers and idle bodies, ms (each exchange also has an absolute deadline). */
  readonly timeoutMs?: number;
  /** Aborts every exchange in flight and every later one with its reason (the run's hard deadline). */
  readonly signal?: AbortSignal;
  readonly userAgent?: string;
  /** Retry policy; tests inject a clock. */
  readonly retry?: RetryPolicy;
  /** Environment for HTTPS_PROXY/HTTP_PROXY/NO_PROXY and the user's certs.d (XDG_CONFIG_HOME, HOME); default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface RetryPolicy {
  /** Total attempts including the first (default 5). */
  readonly attempts?: number;
  /** First backoff, ms (default 500); doubled each time, with jitter. */
  readonly baseDelayMs?: number;
  /** Largest single wait, ms (default 30 000). */
  readonly maxDelayMs?: number;
  /** Give up once this much time has been spent, ms (default 120 000). */
  readonly maxTotalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

export interface BlobToUpload {
  readonly digest: Digest;
  readonly size: number;
  /** Re-opened on every attempt. */
  open(): Promise<Readable>;
  /**
   * Instead of open(), for bytes checked only as they are sent (one pass over a large layer): the upload
   * sends them into its session and commits it (`PUT …?digest=`) only after the verdict resolved; a
   * rejected verdict cancels the session and is thrown, so no blob appears.
   */
  openChecked?(): Promise<CheckedStream>;
  /**
   * Called as the closing `PUT …?digest=` of a session whose bytes went in by PATCH goes out: every byte
   * was answered and only that body-less request is left (a read sent now travels with it).
   */
  onCommit?(): void;
}

export interface ManifestHead {
  readonly digest: Digest;
  readonly mediaType: string;
  readonly size: number;
}

/** Observability hooks: every HTTP exchange, every secret obtained (to be masked), the debug events. */
export interface RegistryEvents {
  onRequest?(info: { readonly method: string; readonly url: string; readonly status: number }): void;
  onSecret?(value: string): void;
  onWarning?(message: string): void;
  /** What the client did and why (requests, retries, challenges, tokens), for the debug output. */
  onDebug?(event: DebugEvent): void;
}

/** An upload session fed in order while the digest is not known yet (RegistryClient.beginStreamedUpload). */
export interface StreamedUpload {
  /**
   * Sends the whole blob in one PATCH whose body is `body`, read as it is produced (no Content-Range, no
   * Content-Length: `Transfer-Encoding: chunked`), the way `docker push` sends a layer whose compressed size
   * is not known yet. Resolves once the registry answered it. Once only: the body cannot be read again.
   */
  send(body: AsyncIterable<Uint8Array>): Promise<void>;
  /** PUT `?digest=` with no body: the registry checks the digest of what was sent and stores the blob. */
  commit(digest: Digest): Promise<void>;
  /** DELETEs the session (errors ignored). */
  cancel(): Promise<void>;
}

/**
 * One registry host. Repository paths are relative to it (`library/nginx`). Authentication happens on
 * demand from the 401 challenge; `declareAccess` lets the client ask for one token that covers every
 * repository a publish touches (push scope first, then pull scopes for mount sources).
 */
export interface RegistryClient {
  /** The registry host as requested (`registry-1.docker.io`, `localhost:5000`). */
  readonly registry: string;
  declareAccess(repository: string, actions: 'pull' | 'push'): void;
  /**
   * Opens connections ahead so that `count` requests sent at once find theirs connected instead of each
   * paying a handshake when they start (a publish's parallel reads, uploads and tag writes).
   */
  preconnect?(count: number): void;
  ping(): Promise<void>;
  /** Size of the blob if present, else undefined. */
  headBlob(repository: string, digest: Digest): Promise<number | undefined>;
  /** Cross-repository mount. `true` when mounted (201); on 202 the opened session is reused by a later upload or cancelled. */
  mountBlob(repository: string, digest: Digest, fromRepository: string): Promise<boolean>;
  uploadBlob(repository: string, blob: BlobToUpload): Promise<void>;
  /** Opens an upload whose digest is learned while sending (POST now; one streamed PATCH; PUT ?digest= last). */
  beginStreamedUpload(repository: string): Promise<StreamedUpload>;
  /** A verified stream of the blob's bytes. */
  getBlob(repository: string, digest: Digest): Promise<Readable>;
  headManifest(repository: string, reference: string): Promise<ManifestHead | undefined>;
  getManifest(repository: string, reference: string): Promise<RawManifest>;
  /** PUTs the exact bytes; returns the digest after checking the registry's Docker-Content-Digest. */
  putManifest(repository: string, reference: string, manifest: RawManifest): Promise<Digest>;
  listTags(repository: string): Promise<string[]>;
  /**
   * The referrers index of a digest, or undefined when the registry has no referrers API
   * (docs/registry-quirks.md#q31-no-referrers-api).
   */
  getReferrers?(repository: string, digest: Digest): Promise<RawManifest | undefined>;
  close(): Promise<void>;
}
