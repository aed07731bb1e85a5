/**
 * The OCI distribution client for one registry host (`createRegistryClient`). See transport.ts (https/http,
 * proxies, redirects), auth.ts (reactive Basic/Bearer), call.ts (retries, errors), blob-upload.ts and
 * tag-list.ts. Request budget: reactive auth costs the 401'd request + one token request + the retry; the
 * token is reused for every later request until it nears expiry; nothing is HEADed unless asked.
 */
import { createHash } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { MANIFEST_SIZE_LIMIT } from '../domain/content-limits.js';
import { digestAlgorithm, isDigest, sha256Digest, shortDigest, type Digest } from '../domain/digest.js';
import type { RawManifest } from '../domain/manifest.js';
import { MANIFEST_ACCEPT, MEDIA_TYPE_OCI_INDEX, isManifestMediaType } from '../domain/media-types.js';
import { Authenticator } from './auth.js';
import { BlobUploader } from './blob-upload.js';
import { RegistryRequester, type CallSpec } from './call.js';
import { RegistryError, isRegistryError, redactUrl } from './errors.js';
import { withQuery } from './location.js';
import { cutOffError } from './network-errors.js';
import { resolveRetryPolicy, withRetry, type ResolvedRetryPolicy } from './retry.js';
import { listAllTags } from './tag-list.js';
import { discard, firstHeader, readLimited } from './response-body.js';
import { type SendResponse, Transport } from './transport.js';
import type {
  BlobToUpload,
  StreamedUpload,
  Credentials,
  ManifestHead,
  RegistryClient,
  RegistryEvents,
  TransportOptions,
} from './types.js';
import { createDigestVerifier, type ContentMismatch } from '../digest-verifier.js';

export interface RegistryClientOptions extends TransportOptions {
  /** host[:port] as requested, already normalised: docker.io → registry-1.docker.io. */
  registry: string;
  /** Default anonymous. */
  credentials?: Credentials;
  events?: RegistryEvents;
  chunkSize?: number;
  /**
   * Default monolithic; the chunked PATCH path is also the automatic fallback
   * (docs/registry-quirks.md#q33-patch-uploads).
   */
  uploadMode?: 'monolithic' | 'chunked';
  /** Clock for token expiry (default: retry.now, else Date.now). */
  now?: () => number;
}

export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  return new DistributionClient(options);
}

class DistributionClient implements RegistryClient {
  readonly registry: string;
  private readonly requester: RegistryRequester;
  private readonly uploader: BlobUploader;
  private readonly auth: Authenticator;
  private readonly transport: Transport;

  constructor(options: RegistryClientOptions) {
    this.registry = options.registry;
    const retry: ResolvedRetryPolicy = {
      ...resolveRetryPolicy(options.retry),
      onRetry: (notice) => options.events?.onDebug?.({ kind: 'retry', ...notice }),
      signal: options.signal,
    };
    this.transport = new Transport({ ...options, events: options.events });
    const secret = (value: string): void => this.requester.secret(value);
    this.auth = new Authenticator({
      transport: this.transport,
      credentials: options.credentials ?? { kind: 'anonymous' },
      events: options.events,
      retry,
      now: options.now ?? options.retry?.now ?? Date.now,
      secret,
    });
    this.requester = new RegistryRequester(this.transport, this.auth, retry, options.events);
    const c = options.credentials;
    if (c?.kind === 'basic') this.requester.secret(c.password);
    if (c?.kind === 'identity-token' || c?.kind === 'registry-token') this.requester.secret(c.token);
    this.uploader = new BlobUploader(this.requester, {
      chunkSize: options.chunkSize,
      uploadMode: options.uploadMode,
    });
  }

  declareAccess(repository: string, actions: 'pull' | 'push'): void {
    this.auth.declare(repository, actions === 'push' ? ['pull', 'push'] : ['pull']);
  }

  preconnect(count: number): void {
    this.transport.preconnect(count);
  }

  async ping(): Promise<void> {
    const res = await this.requester.call({
      method: 'GET',
      url: this.url('/v2/'),
      operation: 'GET /v2/',
      accept: [200],
    });
    await discard(res);
  }

  async headBlob(repository: string, digest: Digest): Promise<number | undefined> {
    const spec: CallSpec = {
      method: 'HEAD',
      url: this.url(`/v2/${repository}/blobs/${digest}`),
      operation: `HEAD blob ${shortDigest(digest)}`,
      repository,
      accept: [200, 404, 403, 405],
    };
    let res = await this.requester.call(spec);
    if (res.status === 405) {
      // docs/registry-quirks.md#q18-head-405 (as for manifests): no HEAD; GET and drop the body after the
      // headers.
      res = await this.requester.call({ ...spec, method: 'GET', accept: [200, 404, 403] });
      res.body.destroy();
    }
    if (res.status === 404) return undefined;
    if (res.status === 403) {
      // docs/registry-quirks.md#q17-artifactory-403: Artifactory answers 403 for absent content.
      if (isArtifactory(res)) return undefined;
      throw await this.requester.errorFor(spec, res);
    }
    await discard(res);
    const length = Number(firstHeader(res.headers['content-length']));
    return Number.isFinite(length) ? length : 0;
  }

  async mountBlob(repository: string, digest: Digest, fromRepository: string): Promise<boolean> {
    if (fromRepository === repository) return (await this.headBlob(repository, digest)) !== undefined;
    // docs/registry-quirks.md#q8-mount-needs-from and docs/registry-quirks.md#q9-mount-extra-params: only
    // `mount` and `from` (never a from-less mount, never `origin=`).
    const url = withQuery(this.url(`/v2/${repository}/blobs/uploads/`), {
      mount: digest,
      from: fromRepository,
    });
    const spec: CallSpec = {
      method: 'POST',
      url,
      headers: { 'content-length': '0' },
      operation: `POST blob mount ${shortDigest(digest)} from ${fromRepository}`,
      repository,
      // docs/registry-quirks.md#q10-token-scopes: one token for repository:<dst>:pull,push and
      // repository:<src>:pull.
      scopes: [
        { repository, actions: ['pull', 'push'] },
        { repository: fromRepository, actions: ['pull'] },
      ],
      accept: [201, 202],
    };
    let res: SendResponse;
    try {
      res = await this.requester.call(spec);
    } catch (err) {
      // docs/registry-quirks.md#q7-mount-refused: Docker Hub/GitLab/Harbor refuse a mount from an
      // inaccessible or unknown source with 401/400/403/404 instead of 202: fall back to a plain upload.
      if (
        isRegistryError(err) &&
        err.status >= 400 &&
        err.status < 500 &&
        err.status !== 429 &&
        err.status !== 408
      ) {
        return false;
      }
      throw err;
    }
    await discard(res);
    if (res.status === 201) return true;
    // docs/registry-quirks.md#q5-mount-opens-session and docs/registry-quirks.md#q6-ecr-partial-mounts: 202
    // means an upload session was opened instead (ECR mounts are opt-in and partial): never success; the
    // session is reused by the next upload of this digest or cancelled on close.
    this.uploader.keepSession(repository, digest, res);
    return false;
  }

  uploadBlob(repository: string, blob: BlobToUpload): Promise<void> {
    return this.uploader.upload(repository, blob);
  }

  beginStreamedUpload(repository: string): Promise<StreamedUpload> {
    return this.uploader.beginStreamed(repository);
  }

  async getBlob(repository: string, digest: Digest): Promise<Readable> {
    const res = await this.requester.call({
      method: 'GET',
      url: this.url(`/v2/${repository}/blobs/${digest}`),
      operation: `GET blob ${shortDigest(digest)}`,
      repository,
      accept: [200],
      // docs/registry-quirks.md#q4-cross-host-redirects: redirects to blob storage are followed without
      // Authorization (transport.send).
      followRedirects: true,
    });
    const length = Number(firstHeader(res.headers['content-length']));
    const where = this.requester.where(repository);
    const verify = createDigestVerifier(
      { digest, size: Number.isFinite(length) && length >= 0 ? length : undefined },
      (m) => blobMismatch(digest, where, m),
    );
    // A body cut off or past its deadline is the coded, retryable error readLimited gives, not undici's own.
    let received = 0;
    res.body.on('data', (chunk: Buffer) => (received += chunk.length));
    res.body.once('error', (cause) =>
      verify.destroy(cutOffError(`GET blob ${shortDigest(digest)} on ${where}`, received, 'GET', cause)),
    );
    pipeline(res.body, verify, () => undefined);
    return verify;
  }

  async headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const spec: CallSpec = {
      method: 'HEAD',
      url: this.url(`/v2/${repository}/manifests/${reference}`),
      // docs/registry-quirks.md#q16-manifest-accept: the full Accept list, or registries answer 404, convert
      // to schema 1, or give another digest.
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      operation: `HEAD manifest ${reference}`,
      repository,
      accept: [200, 404, 403, 405],
    };
    const res = await this.requester.call(spec);
    if (res.status === 404) return undefined;
    if (res.status === 403) {
      // docs/registry-quirks.md#q17-artifactory-403: Artifactory virtual repositories answer 403 for a
      // missing manifest; elsewhere a 403 is a real permission problem.
      if (isArtifactory(res)) return undefined;
      throw await this.requester.errorFor(spec, res);
    }
    const digestHeader = firstHeader(res.headers['docker-content-digest']);
    const mediaType = contentType(res);
    const size = Number(firstHeader(res.headers['content-length']));
    if (res.status === 200 && digestHeader && isDigest(digestHeader) && mediaType && Number.isFinite(size)) {
      return { digest: digestHeader, mediaType, size };
    }
    if (res.status === 200 && isDigest(reference) && mediaType && Number.isFinite(size)) {
      return { digest: reference, mediaType, size };
    }
    // docs/registry-quirks.md#q18-head-405: HEAD answered 405 (or without Docker-Content-Digest): GET and
    // hash the bytes.
    try {
      const manifest = await this.getManifest(repository, reference);
      return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.byteLength };
    } catch (err) {
      if (isRegistryError(err) && (err.code === 'MANIFEST_UNKNOWN' || err.code === 'NAME_UNKNOWN'))
        return undefined;
      throw err;
    }
  }

  async getManifest(repository: string, reference: string): Promise<RawManifest> {
    const where = this.requester.where(repository);
    // A body cut off mid-way is retried like a failed request (readLimited makes it retryable).
    const { res, bytes } = await withRetry(this.requester.retry, async () => {
      const answer = await this.requester.call({
        method: 'GET',
        url: this.url(`/v2/${repository}/manifests/${reference}`),
        headers: { accept: MANIFEST_ACCEPT.join(', ') },
        operation: `GET manifest ${reference}`,
        repository,
        accept: [200],
        retry: false,
      });
      const body = await readLimited(answer, MANIFEST_SIZE_LIMIT, `GET manifest ${reference} on ${where}`);
      return { res: answer, bytes: body };
    });
    const digest = sha256Digest(bytes);
    const expected = isDigest(reference) ? reference : undefined;
    const header = firstHeader(res.headers['docker-content-digest']);
    for (const claimed of [expected, header && isDigest(header) ? header : undefined]) {
      if (claimed === undefined) continue;
      const actual =
        digestAlgorithm(claimed) === 'sha256'
          ? digest
          : (`sha512:${createHash('sha512').update(bytes).digest('hex')}` as Digest);
      if (actual !== claimed) {
        throw new RegistryError({
          code: 'DIGEST_MISMATCH',
          message: `GET manifest ${reference} on ${where} returned content hashing to ${actual}, not ${claimed}`,
          hint: 'The registry or a proxy served a different manifest than it claims; re-run, and report it if it persists.',
        });
      }
    }
    let mediaType = contentType(res);
    if (!mediaType || !isManifestMediaType(mediaType)) {
      try {
        const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
          mediaType?: unknown;
          manifests?: unknown;
        };
        if (typeof json.mediaType === 'string') mediaType = json.mediaType;
        else if (!mediaType)
          mediaType = Array.isArray(json.manifests)
            ? MEDIA_TYPE_OCI_INDEX
            : 'application/vnd.oci.image.manifest.v1+json';
      } catch {
        // leave the header's type
      }
    }
    return {
      bytes,
      mediaType: mediaType ?? 'application/octet-stream',
      digest: expected && digestAlgorithm(expected) === 'sha512' ? expected : digest,
    };
  }

  async putManifest(repository: string, reference: string, manifest: RawManifest): Promise<Digest> {
    const local = sha256Digest(manifest.bytes);
    const where = this.requester.where(repository);
    const url = this.url(`/v2/${repository}/manifests/${reference}`);
    let res: SendResponse;
    try {
      res = await this.requester.call({
        method: 'PUT',
        url,
        // docs/registry-quirks.md#q19-manifest-content-type and
        // docs/registry-quirks.md#q21-exact-manifest-bytes: the exact bytes, Content-Type equal to their
        // mediaType, no parameters.
        headers: { 'content-type': manifest.mediaType, 'content-length': String(manifest.bytes.byteLength) },
        body: async () => manifest.bytes,
        operation: `PUT manifest ${reference}`,
        repository,
        accept: [201, 200, 202, 204],
      });
    } catch (err) {
      // docs/registry-quirks.md#q30-immutable-tags: immutable tags refuse re-pushing a tag even with the same
      // digest: fine if it already is ours.
      if (!isDigest(reference) && isImmutableTagError(err)) {
        const head = await this.headManifest(repository, reference).catch(() => undefined);
        if (head?.digest === local) return local;
      }
      throw err;
    }
    await discard(res);
    const returned = firstHeader(res.headers['docker-content-digest']);
    // docs/registry-quirks.md#q21-exact-manifest-bytes: a registry that omits Docker-Content-Digest is fine;
    // a different one is not.
    if (returned && digestAlgorithm(returned as Digest) === 'sha256' && returned !== local) {
      throw new RegistryError({
        code: 'DIGEST_MISMATCH',
        message: `PUT manifest ${reference} on ${where} stored ${returned}, not the pushed ${local}`,
        hint: 'The registry rewrote the manifest (a proxy or an old registry converting media types); push to a registry that stores manifests verbatim.',
        method: 'PUT',
        url: redactUrl(res.url),
      });
    }
    return local;
  }

  // docs/registry-quirks.md#q31-no-referrers-api: 404 (or 400/405) means no referrers API, not an error.
  async getReferrers(repository: string, digest: Digest): Promise<RawManifest | undefined> {
    const res = await this.requester.call({
      method: 'GET',
      url: this.url(`/v2/${repository}/referrers/${digest}`),
      headers: { accept: MEDIA_TYPE_OCI_INDEX },
      operation: `GET referrers of ${shortDigest(digest)}`,
      repository,
      accept: [200, 404, 400, 405],
    });
    if (res.status !== 200) {
      await discard(res);
      return undefined;
    }
    const bytes = await readLimited(
      res,
      MANIFEST_SIZE_LIMIT,
      `GET referrers of ${digest} on ${this.requester.where(repository)}`,
    );
    return { bytes, mediaType: contentType(res) ?? MEDIA_TYPE_OCI_INDEX, digest: sha256Digest(bytes) };
  }

  listTags(repository: string): Promise<string[]> {
    return listAllTags(this.requester, repository);
  }

  async close(): Promise<void> {
    await this.uploader.cancelAll();
    await this.transport.close();
  }

  private url(path: string): URL {
    return this.transport.url(path);
  }
}

function contentType(res: SendResponse): string | undefined {
  const value = firstHeader(res.headers['content-type']);
  if (!value) return undefined;
  return value.split(';')[0]?.trim() || undefined;
}

/** docs/registry-quirks.md#q17-artifactory-403: Artifactory identifies itself in these headers. */
function isArtifactory(res: SendResponse): boolean {
  const server = firstHeader(res.headers.server) ?? '';
  return (
    /artifactory/i.test(server) ||
    res.headers['x-artifactory-id'] !== undefined ||
    res.headers['x-jfrog-version'] !== undefined
  );
}

function isImmutableTagError(err: unknown): boolean {
  if (!isRegistryError(err) || err.status < 400 || err.status >= 500) return false;
  return err.diagnostics.some(
    (d) =>
      d.code === 'TAG_INVALID' ||
      /immutable|already exists|cannot be overwritten/i.test(`${d.message} ${String(d.detail ?? '')}`),
  );
}

/** Reads a body up to `limit` bytes; larger is MANIFEST_TOO_LARGE (checked on Content-Length first). */

/** DIGEST_MISMATCH for a blob GET whose bytes do not match: the registry or a proxy served corrupt data. */
function blobMismatch(expected: Digest, where: string, mismatch: ContentMismatch): RegistryError {
  const what =
    mismatch.kind === 'too-long'
      ? `more than the expected ${mismatch.limit} bytes`
      : mismatch.kind === 'size'
        ? `${mismatch.size} bytes instead of ${mismatch.limit}`
        : `content hashing to ${mismatch.actual}`;
  return new RegistryError({
    code: 'DIGEST_MISMATCH',
    message: `GET blob ${expected} on ${where} returned ${what}`,
    hint: 'The registry or a proxy served corrupt data; re-run, and report it to the registry operator if it persists.',
  });
}
