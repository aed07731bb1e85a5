/**
 * Reading a tar stream entry by entry (tar-stream), with what every pass over an archive needs: the
 * compression sniffed from its first bytes, names normalised and refused when unsafe, and stream failures
 * turned into SOURCE_* errors. tar-index.ts builds its index and its later passes on this.
 */
import { posix } from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { PublishError, isPublishError } from '../errors.js';
import { openFileStream } from './file-read.js';
import { sniffCompression } from './gzip-layer.js';
import { sourceCorrupt, sourceInvalid, sourceUnsupported } from './source-errors.js';

export interface TarOrigin {
  /** For messages, naming the file: `docker-archive:./app.tar`. */
  readonly description: string;
  /** A fresh stream of the raw (possibly gzip-compressed) archive from its first byte. */
  openRaw(): Promise<Readable>;
  /** Set when the archive is a file: entries of an uncompressed archive then open as byte ranges. */
  readonly path?: string;
}

/** An archive on disk. */
export function fileOrigin(path: string, description: string): TarOrigin {
  return {
    description,
    path,
    openRaw: () => Promise.resolve(openFileStream(path)),
  };
}

export type TarEntryType = 'file' | 'symlink' | 'link' | 'directory' | 'other';

export type Compression = 'none' | 'gzip';

export interface RawEntry {
  readonly header: tar.Header & { byteOffset?: number };
  readonly stream: AsyncIterable<Buffer>;
}

/** Entries of a tar stream; the caller must consume (or skip) each entry's data before the next. */
export async function* iterateTar(
  raw: Readable,
  compression: Compression,
  /** `bytes`: of the tar stream (decompressed); `raw`: of the archive as read (compressed, for a .tar.gz). */
  counter: { bytes: number; raw?: number },
  /** Gets every decompressed chunk before the tar parser (tar-spool.ts); a promise holds the stream back. */
  tee?: (chunk: Buffer) => Promise<void> | undefined,
): AsyncGenerator<RawEntry> {
  const extract = tar.extract();
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      const wait = tee?.(chunk);
      if (wait) wait.then(() => callback(null, chunk), callback);
      else callback(null, chunk);
    },
  });
  const countRaw = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.raw = (counter.raw ?? 0) + chunk.length;
      callback(null, chunk);
    },
  });
  let failure: Error | undefined;
  const stages: NodeJS.ReadWriteStream[] =
    compression === 'gzip' ? [countRaw, createGunzip(), count] : [countRaw, count];
  pipeline([raw, ...stages, extract] as unknown as [Readable, NodeJS.WritableStream], (err) => {
    if (err) failure = err;
  });
  try {
    for await (const entry of extract) {
      yield { header: entry.header as RawEntry['header'], stream: entry as unknown as AsyncIterable<Buffer> };
    }
  } catch (err) {
    throw failure && !isPrematureClose(failure) ? failure : err;
  } finally {
    extract.destroy();
    raw.destroy();
  }
  if (failure && !isPrematureClose(failure)) throw failure;
}

/** Drains an entry's data that the caller does not want. */
export async function skipEntry(stream: AsyncIterable<Buffer>): Promise<void> {
  for await (const _ of stream) void _;
}

export async function detectCompression(
  raw: Readable,
  description: string,
): Promise<{ compression: Compression; stream: Readable }> {
  const head = await peek(raw, 6);
  const kind = sniffCompression(head.bytes);
  if (kind === 'gzip' || kind === 'none') return { compression: kind, stream: head.stream };
  head.stream.destroy();
  throw sourceUnsupported(
    `${description} is a ${kind}-compressed archive`,
    'Decompress it first, or save it uncompressed or gzip-compressed (docker save | gzip).',
  );
}

/** Reads the first `n` bytes of a stream and gives back a stream that still starts with them. */
async function peek(stream: Readable, n: number): Promise<{ bytes: Buffer; stream: Readable }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const first = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    try {
      if (first.length > 0) yield first;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      if (!ended) stream.destroy();
    }
  }
  return { bytes: first.subarray(0, n), stream: Readable.from(rest(), { objectMode: false }) };
}

export function tarError(err: unknown, description: string, nothingRead: boolean): PublishError {
  if (isPublishError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
    return new PublishError('SOURCE_NOT_FOUND', `${description} cannot be read: ${message}`, {
      hint: 'Check the path and its permissions.',
      cause: err,
    });
  }
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return sourceCorrupt(
      `The gzip stream of ${description} is truncated or corrupt (${message})`,
      undefined,
      err,
    );
  }
  if (nothingRead) {
    return sourceInvalid(
      `${description} is not a tar archive (${message})`,
      'Point the source at the tar file that docker save, buildx --output type=docker|oci or skopeo wrote.',
      err,
    );
  }
  return truncated(description, message, err);
}

export function truncated(description: string, what: string, cause?: unknown): PublishError {
  return sourceCorrupt(
    `${description} is truncated or corrupt: ${what}`,
    'The archive was not written completely (disk full, interrupted copy?); write it again.',
    cause,
  );
}

function isPrematureClose(err: Error): boolean {
  return (err as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}

export function entryType(type: tar.Header['type']): TarEntryType {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return 'file';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'link';
    case 'directory':
      return 'directory';
    default:
      return 'other';
  }
}

/** Archive names are compared normalised; absolute names and `..` components are refused outright. */
export function normalizeName(name: string, description: string): string {
  const cleaned = normalizeLookup(name);
  if (
    name.startsWith('/') ||
    cleaned === '..' ||
    cleaned.startsWith('../') ||
    name.split('/').includes('..')
  ) {
    throw sourceCorrupt(
      `${description} contains the unsafe path ${JSON.stringify(name)}`,
      'Image archives never hold absolute paths or ".." components; do not publish an archive from an untrusted source.',
    );
  }
  return cleaned;
}

export function normalizeLookup(name: string): string {
  let n = posix.normalize(name.replace(/\\/g, '/'));
  while (n.startsWith('./')) n = n.slice(2);
  if (n.endsWith('/')) n = n.slice(0, -1);
  return n === '.' ? '' : n;
}

/** The bytes an entry of `size` occupies in the archive (data is padded to 512-byte blocks). */
export function padded(size: number): number {
  return Math.ceil(size / 512) * 512;
}
