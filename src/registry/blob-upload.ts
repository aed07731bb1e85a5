/**
 * Blob uploads. Monolithic by default (docs/registry-quirks.md#q11-gar-no-chunks: GAR has no chunked uploads;
 * docs/registry-quirks.md#q15-no-single-post: never a speculative single-POST body):
 * `POST /v2/<name>/blobs/uploads/` → `PUT <location>&digest=` with the streamed body and
 * its Content-Length (docs/registry-quirks.md#q14-content-length). A chunked PATCH path serves registries
 * that need it (docs/registry-quirks.md#q33-patch-uploads), chosen by `uploadMode: 'chunked'` or switched to
 * automatically when a monolithic PUT is refused the way such registries refuse it. The whole POST→PUT unit
 * is retried from a fresh POST, re-opening the source.
 */
import { Readable } from 'node:stream';
import { ByteQueue } from '../byte-queue.js';
import { RegistryError, isRegistryError } from './errors.js';
import type { RegistryRequester } from './call.js';
import { resolveLocation, withQuery } from './location.js';
import { isRetryable, withRetry } from './retry.js';
import { discard, firstHeader } from './response-body.js';
import type { SendResponse } from './transport.js';
import { registryKind } from './errors.js';
import type { BlobToUpload, StreamedUpload } from './types.js';
import { shortDigest, type Digest } from '../domain/digest.js';

export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
const MIB = 1024 * 1024;
const MAX_RANGE_RECOVERIES = 10;

export interface UploadSession {
  readonly url: URL;
  /** `OCI-Chunk-Min-Length` from the response that opened the session. */
  readonly minChunk: number | undefined;
}

/** A session being written: `url` follows the newest Location, the one to commit or cancel. */
interface LiveSession {
  url: URL;
  readonly minChunk: number | undefined;
}

export interface UploaderOptions {
  readonly chunkSize?: number | undefined;
  readonly uploadMode?: 'monolithic' | 'chunked' | undefined;
}

export class BlobUploader {
  private chunked: boolean;
  /**
   * Sessions opened by a mount answered 202 (docs/registry-quirks.md#q5-mount-opens-session), reused by the
   * next upload of that digest.
   */
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly requester: RegistryRequester,
    private readonly options: UploaderOptions,
  ) {
    // docs/registry-quirks.md#q11-gar-no-chunks: monolithic unless asked (GAR has no chunked uploads).
    this.chunked = options.uploadMode === 'chunked';
  }

  /** Keeps a session opened by a 202 mount for the next upload of `digest` to `repository`. */
  keepSession(repository: string, digest: Digest, res: SendResponse): void {
    const session = this.sessionFrom(res);
    if (!session) return;
    const key = `${repository}@${digest}`;
    const previous = this.sessions.get(key);
    if (previous) this.cancel(repository, previous.url);
    this.sessions.set(key, session);
  }

  async upload(repository: string, blob: BlobToUpload): Promise<void> {
    const streams: Readable[] = [];
    // The verdict on the bytes of the stream opened last (blobs checked while sent: openChecked).
    let verdict: Promise<void> = Promise.resolve();
    const open = async (): Promise<Readable> => {
      if (!blob.openChecked) {
        const stream = await blob.open();
        streams.push(stream);
        return stream;
      }
      const checked = await blob.openChecked();
      streams.push(checked.stream);
      verdict = checked.verdict;
      return checked.stream;
    };
    const checked = (): Promise<void> => verdict;
    // Monolithic unless the bytes are checked while sent: those go into the session first (PATCH) and are
    // committed after their verdict.
    const put = blob.openChecked ? this.putStreamed.bind(this) : this.putMonolithic.bind(this);
    try {
      await withRetry(this.requester.retry, async () => {
        for (const s of streams.splice(0)) s.destroy();
        // docs/registry-quirks.md#q5-mount-opens-session: a session a 202 mount opened is used for this
        // upload (once; a retry starts fresh).
        const key = `${repository}@${blob.digest}`;
        const reused = this.sessions.get(key);
        this.sessions.delete(key);
        // The session in use, its newest Location (a PATCH answer moves it): what a failure cancels.
        const session: LiveSession = { ...(reused ?? (await this.start(repository, blob.digest))) };
        try {
          if (this.chunked) return await this.putChunked(repository, blob, session, open, checked);
          try {
            try {
              await put(repository, blob, session, open, checked);
            } catch (err) {
              // A mount session that expired before we used it (BLOB_UPLOAD_UNKNOWN): start a fresh one.
              if (!reused || !isRegistryError(err) || err.status !== 404) throw err;
              for (const s of streams.splice(0)) s.destroy();
              Object.assign(session, await this.start(repository, blob.digest));
              await put(repository, blob, session, open, checked);
            }
          } catch (err) {
            if (!needsChunked(err)) throw err;
            // docs/registry-quirks.md#q33-patch-uploads: Artifactory-style registries (or proxies in front of
            // them) refuse a monolithic PUT body; switch to the PATCH path for this client and redo this blob
            // from a fresh POST.
            this.chunked = true;
            this.requester.events?.onWarning?.(
              `${this.requester.registry} refused a monolithic blob upload (${(err as RegistryError).status}); using chunked uploads`,
            );
            this.cancel(repository, session.url);
            for (const s of streams.splice(0)) s.destroy();
            Object.assign(session, await this.start(repository, blob.digest));
            await this.putChunked(repository, blob, session, open, checked);
          }
        } catch (err) {
          // The registry stores a blob only on the closing `PUT …?digest=`, which a failed attempt never
          // completed: the session holds some bytes at most and is cancelled, so nothing of it stays (a
          // registry refuses to cancel a session whose request was cut midway, distribution with
          // BLOB_UPLOAD_INVALID, and purges it later). Awaited when the upload gives up (the process may
          // end next); a retry does not wait.
          for (const s of streams.splice(0)) s.destroy();
          if (isRetryable(err)) this.cancel(repository, session.url);
          else await this.deleteSession(repository, session.url);
          throw err;
        }
      });
    } finally {
      for (const s of streams) s.destroy();
    }
  }

  /**
   * POST /v2/<name>/blobs/uploads/ → 202 + Location. docs/registry-quirks.md#q15-no-single-post: never a
   * speculative single-POST body.
   */
  async start(repository: string, digest: Digest | undefined): Promise<UploadSession> {
    const spec = {
      method: 'POST',
      url: this.requester.transport.url(`/v2/${repository}/blobs/uploads/`),
      headers: { 'content-length': '0' },
      operation: digest ? `POST blob upload ${shortDigest(digest)}` : 'POST blob upload',
      repository,
      accept: [202, 201],
      retry: false,
    };
    const res = await this.requester.call(spec);
    await discard(res);
    const session = this.sessionFrom(res);
    if (!session) {
      throw new RegistryError({
        code: 'REGISTRY_REJECTED',
        message: `${spec.operation} on ${this.requester.where(repository)} failed (${res.status} without a Location header)`,
        status: res.status,
        method: 'POST',
      });
    }
    return session;
  }

  /** PUT <location>&digest=<d> with the whole streamed body and its Content-Length. */
  private async putMonolithic(
    repository: string,
    blob: BlobToUpload,
    session: LiveSession,
    open: () => Promise<Readable>,
  ): Promise<void> {
    const res = await this.requester.call({
      method: 'PUT',
      // docs/registry-quirks.md#q2-location-query-state: keep `_state` and every other parameter; `digest` is
      // appended with `&`.
      url: withQuery(session.url, { digest: blob.digest }),
      // docs/registry-quirks.md#q14-content-length: proxies reject chunked transfer-encoding (411); the
      // streamed body has a Content-Length.
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: open,
      operation: `PUT blob ${shortDigest(blob.digest)}`,
      repository,
      accept: [201, 204, 200],
      retry: false,
    });
    await discard(res);
  }

  /**
   * The one-pass upload of bytes checked while they are sent: one PATCH with the whole body and its
   * Content-Length (docs/registry-quirks.md#q14-content-length) but no Content-Range, the streamed upload
   * `docker push` sends, which registries without chunked uploads take too
   * (docs/registry-quirks.md#q11-gar-no-chunks, docs/registry-quirks.md#q13-chunk-sizes: no chunk size
   * applies); then, only once the bytes checked out, `PUT <location>&digest=` with no body commits it. A
   * failed check is thrown with the session still valid (the PATCH completed), so upload() cancels it.
   */
  private async putStreamed(
    repository: string,
    blob: BlobToUpload,
    session: LiveSession,
    open: () => Promise<Readable>,
    checked: () => Promise<void>,
  ): Promise<void> {
    const res = await this.requester.call({
      method: 'PATCH',
      url: session.url,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
      body: open,
      operation: `PATCH blob ${shortDigest(blob.digest)}`,
      repository,
      accept: [202, 201, 204],
      retry: false,
    });
    await discard(res);
    session.url = this.nextUrl(res, session.url);
    await checked();
    blob.onCommit?.();
    await this.commitSession(repository, session.url, blob.digest);
  }

  /**
   * PATCH chunks with `Content-Range: start-end` (inclusive, no `bytes ` prefix) and Content-Length, always
   * following the newest Location, then `PUT <location>&digest=` with no body. A 416 is recovered by
   * `GET <location>` (204 + `Range: 0-<end>`) and resuming from end+1 (re-opening the source if needed).
   */
  private async putChunked(
    repository: string,
    blob: BlobToUpload,
    session: LiveSession,
    open: () => Promise<Readable>,
    checked: () => Promise<void>,
  ): Promise<void> {
    const where = this.requester.where(repository);
    const chunkSize = this.chunkSize(session.minChunk);
    let offset = 0;
    let reader = new ChunkReader(await open(), chunkSize, 0);
    let pending: Buffer | undefined;
    let recoveries = 0;
    while (offset < blob.size) {
      const chunk = pending ?? (await reader.next());
      if (!chunk || chunk.length === 0) {
        throw new RegistryError({
          code: 'DIGEST_MISMATCH',
          message: `Blob ${blob.digest} ended after ${offset} of ${blob.size} bytes while uploading to ${where}`,
          hint: 'The source changed while it was being read; rebuild it.',
        });
      }
      const res = await this.patch(
        repository,
        session.url,
        offset,
        chunk,
        `blob ${shortDigest(blob.digest)}`,
        [416],
      );
      if (res.status === 416) {
        if (++recoveries > MAX_RANGE_RECOVERIES) {
          throw new RegistryError({
            code: 'REGISTRY_REJECTED',
            message: `PATCH blob ${shortDigest(blob.digest)} on ${where} rejected (416 Range Not Satisfiable ${recoveries} times)`,
            hint: 'The registry keeps refusing the chunk ranges; try uploadMode monolithic.',
            status: 416,
            method: 'PATCH',
          });
        }
        const status = await this.status(repository, blob.digest, session.url);
        session.url = status.url;
        const resume = status.next;
        if (resume === offset + chunk.length) {
          offset = resume;
          pending = undefined;
        } else if (resume >= offset && resume < offset + chunk.length) {
          pending = chunk.subarray(resume - offset);
          offset = resume;
        } else if (resume < offset) {
          reader.destroy();
          reader = new ChunkReader(await open(), chunkSize, resume);
          offset = resume;
          pending = undefined;
        } else {
          throw new RegistryError({
            code: 'REGISTRY_REJECTED',
            message: `PATCH blob ${shortDigest(blob.digest)} on ${where} failed (the registry claims ${resume} bytes, more than the ${offset + chunk.length} sent)`,
            status: 416,
            method: 'PATCH',
          });
        }
        continue;
      }
      // docs/registry-quirks.md#q12-ecr-chunk-status: ECR's Range can stick at the first chunk; on success we
      // trust our own offset.
      offset += chunk.length;
      pending = undefined;
      session.url = this.nextUrl(res, session.url);
    }
    reader.destroy();
    await checked();
    blob.onCommit?.();
    await this.commitSession(repository, session.url, blob.digest);
  }

  /**
   * PATCH one chunk at `offset`: `Content-Range: start-end` (inclusive, no `bytes ` prefix) and always a
   * Content-Length (docs/registry-quirks.md#q14-content-length).
   * docs/registry-quirks.md#q12-ecr-chunk-status: ECR answers a chunk with 201, not 202. `alsoAccept`:
   * statuses the caller handles itself (416).
   */
  private async patch(
    repository: string,
    url: URL,
    offset: number,
    chunk: Uint8Array | readonly Uint8Array[],
    what: string,
    alsoAccept: readonly number[] = [],
  ): Promise<SendResponse> {
    const length = chunkLength(chunk);
    const end = offset + length - 1;
    const res = await this.requester.call({
      method: 'PATCH',
      url,
      headers: {
        'content-type': 'application/octet-stream',
        'content-range': `${offset}-${end}`,
        'content-length': String(length),
      },
      // Pieces go out one after another, never joined: a PATCH of queued pieces costs no copy of its bytes.
      body: async () => (chunk instanceof Uint8Array ? chunk : Readable.from(chunk)),
      operation: `PATCH ${what} bytes ${offset}-${end}`,
      repository,
      accept: [202, 201, 204, ...alsoAccept],
      retry: false,
    });
    await discard(res);
    return res;
  }

  /** PUT `<location>&digest=` with no body: the registry checks what it received and stores the blob. */
  private async commitSession(repository: string, url: URL, digest: Digest): Promise<void> {
    const res = await this.requester.call({
      method: 'PUT',
      url: withQuery(url, { digest }),
      headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
      operation: `PUT blob ${shortDigest(digest)}`,
      repository,
      accept: [201, 204, 200],
      retry: false,
    });
    await discard(res);
  }

  /**
   * An upload whose digest is learned while sending (a source that compresses as it reads): POST now, then
   * `send` streams the whole blob in one PATCH as it is produced, with no Content-Range and no
   * Content-Length (`Transfer-Encoding: chunked`: its size is not known until its last byte), as `docker
   * push` sends a layer, so every registry `docker push` works with takes it
   * (docs/registry-quirks.md#q14-content-length); `commit` PUTs `<location>&digest=` with no body once the
   * digest is known; the registry checks it. Nothing is retried: the caller uploads the blob the normal way
   * if this fails.
   */
  async beginStreamed(repository: string): Promise<StreamedUpload> {
    const session = await this.start(repository, undefined);
    let url = session.url;
    let opened = false;
    return {
      send: async (body) => {
        const res = await this.requester.call({
          method: 'PATCH',
          url,
          headers: { 'content-type': 'application/octet-stream' },
          // Read once: a second open (a re-sent request after a 401) fails the upload instead of sending a
          // body already gone.
          body: async () => {
            if (opened) throw new Error('internal: a streamed upload body is read once');
            opened = true;
            return body;
          },
          operation: 'PATCH blob upload',
          repository,
          accept: [202, 201, 204],
          retry: false,
        });
        await discard(res);
        url = this.nextUrl(res, url);
      },
      commit: (digest) => this.commitSession(repository, url, digest),
      cancel: () => this.deleteSession(repository, url),
    };
  }

  /** GET <location> → 204 + `Range: 0-<end>`: the offset to resume from. */
  private async status(repository: string, digest: Digest, url: URL): Promise<{ next: number; url: URL }> {
    const res = await this.requester.call({
      method: 'GET',
      url,
      operation: `GET blob upload status ${shortDigest(digest)}`,
      repository,
      scopes: [{ repository, actions: ['pull', 'push'] }],
      accept: [204, 200, 202],
      retry: false,
    });
    await discard(res);
    const range = firstHeader(res.headers.range);
    const match = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null;
    const next = match ? Number(match[1]) + 1 : 0;
    return { next, url: this.nextUrl(res, url) };
  }

  /** Fire-and-forget `DELETE <location>`. */
  cancel(repository: string, url: URL): void {
    void this.deleteSession(repository, url);
  }

  /**
   * `DELETE <location>` (docs/registry-quirks.md#q32-upload-cancel: needs delete scope, never granted on
   * Quay: errors are ignored).
   */
  private async deleteSession(repository: string, url: URL): Promise<void> {
    await this.requester
      .call({
        method: 'DELETE',
        url,
        operation: 'DELETE blob upload',
        repository,
        accept: [204, 200, 202, 404],
        retry: false,
      })
      .then(discard, () => undefined);
  }

  /** Cancels every session a 202 mount opened that no upload used. */
  async cancelAll(): Promise<void> {
    const pending = [...this.sessions.entries()];
    this.sessions.clear();
    await Promise.allSettled(
      pending.map(([key, session]) => this.deleteSession(key.slice(0, key.lastIndexOf('@')), session.url)),
    );
  }

  private sessionFrom(res: SendResponse): UploadSession | undefined {
    const location = firstHeader(res.headers.location);
    if (!location) return undefined;
    const min = Number(firstHeader(res.headers['oci-chunk-min-length']));
    // docs/registry-quirks.md#q1-location-anywhere and docs/registry-quirks.md#q3-http-location-behind-tls:
    // resolved against the response URL; http→https for the same host.
    const url = resolveLocation(location, res.url);
    this.requester.transport.checkTarget(url, {
      operation: 'blob upload',
      where: this.requester.registry,
      method: 'POST',
    });
    return { url, minChunk: Number.isFinite(min) && min > 0 ? min : undefined };
  }

  private nextUrl(res: SendResponse, current: URL): URL {
    const location = firstHeader(res.headers.location);
    if (!location) return current;
    const url = resolveLocation(location, res.url);
    this.requester.transport.checkTarget(url, {
      operation: 'blob upload',
      where: this.requester.registry,
      method: 'PATCH',
    });
    return url;
  }

  /**
   * docs/registry-quirks.md#q13-chunk-sizes: chunk sizes are per registry: at least `OCI-Chunk-Min-Length`;
   * GHCR refuses chunks over 4 MiB; ECR parts are S3 multipart parts (≥ 5 MiB except the last, ≤ 20 MiB).
   * A configured size is kept as set (within those bounds), DEFAULT_CHUNK_SIZE otherwise.
   */
  private chunkSize(minChunk: number | undefined): number {
    let size = this.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const kind = registryKind(this.requester.registry);
    if (kind === 'ghcr') size = Math.min(size, 4 * MIB);
    if (kind === 'ecr') size = Math.min(Math.max(size, 5 * MIB), 20 * MIB);
    if (minChunk !== undefined) size = Math.max(size, minChunk);
    return size;
  }
}

function chunkLength(chunk: Uint8Array | readonly Uint8Array[]): number {
  if (chunk instanceof Uint8Array) return chunk.length;
  let length = 0;
  for (const piece of chunk) length += piece.length;
  return length;
}

/**
 * docs/registry-quirks.md#q33-patch-uploads: the refusals a registry that wants PATCH uploads gives to a
 * monolithic PUT.
 */
function needsChunked(err: unknown): boolean {
  if (!isRegistryError(err)) return false;
  if ([405, 411, 501].includes(err.status)) return true;
  return (
    err.status === 400 &&
    err.diagnostics.some((d) => d.code === 'BLOB_UPLOAD_INVALID' || d.code === 'UNSUPPORTED')
  );
}

/** Reads a stream as chunks of exactly `size` bytes (the last may be shorter), after skipping `skip` bytes. */
class ChunkReader {
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly queue = new ByteQueue();
  private done = false;

  constructor(
    private readonly stream: Readable,
    private readonly size: number,
    private skip: number,
  ) {
    this.iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async next(): Promise<Buffer | undefined> {
    while (!this.done && this.queue.length < this.size) {
      const { value, done } = await this.iterator.next();
      if (done) {
        this.done = true;
        break;
      }
      let chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      if (this.skip > 0) {
        const dropped = Math.min(this.skip, chunk.length);
        chunk = chunk.subarray(dropped);
        this.skip -= dropped;
      }
      this.queue.push(chunk);
    }
    return this.queue.length === 0 ? undefined : this.queue.take(this.size);
  }

  destroy(): void {
    this.stream.destroy();
  }
}
