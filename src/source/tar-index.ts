/**
 * Random access to the entries of a tar archive without extracting it and without holding large entries in
 * memory. One scan (tar-stream) records every entry's name, type, size, data offset and sha256, and keeps
 * the bytes of small entries (manifests, configs, index.json). Afterwards an entry opens as:
 * - a byte range of the file (`fs.createReadStream({ start, end })`) when the tar is an uncompressed file;
 * - a fresh pass over the archive that skips to the entry otherwise (a gzip-compressed tar, or a stream
 *   that cannot be seeked such as the Docker engine's save stream). Each such open() is an independent
 *   stream, so concurrent opens are correct; the cost is re-reading the archive up to the entry.
 *
 * Safety: nothing is ever written to disk, and names are only compared, never joined to a host path. Still,
 * an archive with absolute names or `..` components is refused (no image tool writes them), and links are
 * followed only inside the archive: a symlink or hard link that leaves it, loops, or points at something
 * that is not a regular file is SOURCE_CORRUPT when an image file is looked up through it.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { Readable, Transform, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Digest } from '../domain/digest.js';
import { PublishError, isPublishError } from '../errors.js';
import { openFileStream } from './file-read.js';
import { createGzipMeter, sniffCompression, type GzipMeter } from './gzip-layer.js';
import { digestMismatch, sourceCorrupt, sourceInvalid, sourceUnsupported } from './source-errors.js';
import type { BlobStager, StagedBlob } from './image-source.js';
import type { Hashed } from './verify-stream.js';

/** Entries up to this size are kept in memory by the scan (manifests, configs, small layers). */
const RETAIN_ENTRY_MAX = 1024 * 1024;
/** At most this much is kept in memory in total; larger archives re-read what they need. */
const RETAIN_TOTAL_MAX = 64 * 1024 * 1024;
const MAX_LINK_HOPS = 16;
const HEAD_BYTES = 8;
/** Enough of an entry to see the ustar magic of a tar header (bytes 257–262). */
const SNIFF_BYTES = 262;
const TAR_HEADER_BYTES = 512;

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

export interface TarEntry {
  /** Normalised: no leading `./`, no trailing `/`. */
  readonly name: string;
  readonly type: TarEntryType;
  readonly size: number;
  /** Offset of the entry's data in the (uncompressed) tar stream. */
  readonly offset: number;
  readonly linkname?: string;
  /** sha256 of the data, for regular files. */
  readonly digest?: Digest;
  /** The first bytes of a regular file (compression sniffing). */
  readonly head?: Buffer;
  /**
   * For an uncompressed tar (a layer) when the scan was asked to measure: digest and size of its
   * gzip-compressed form (gzip-layer.ts parameters), so loading needs no second pass to learn them.
   */
  readonly gzip?: Hashed;
}

export interface ScanOptions {
  /** Compress uncompressed tar entries (layers) during the scan to learn their gzip digests. */
  readonly measureGzip?: boolean;
  /** With measureGzip: the compressed bytes of each such entry are also sent through a stage. */
  readonly stager?: BlobStager | undefined;
  /** Bytes read of each file entry so far, after every chunk (live progress of a slow export). */
  readonly onEntryProgress?: ((name: string, read: number, size: number) => void) | undefined;
}

type Compression = 'none' | 'gzip';

interface RawEntry {
  readonly header: tar.Header & { byteOffset?: number };
  readonly stream: AsyncIterable<Buffer>;
}

export class TarIndex {
  private constructor(
    readonly origin: TarOrigin,
    readonly compression: Compression,
    private readonly entries: ReadonlyMap<string, TarEntry>,
    private readonly retained: ReadonlyMap<string, Buffer>,
  ) {}

  get description(): string {
    return this.origin.description;
  }

  /** Reads the whole archive once. Raises SOURCE_INVALID (not a tar), SOURCE_CORRUPT (truncated, unsafe). */
  static async scan(origin: TarOrigin, options: ScanOptions = {}): Promise<TarIndex> {
    const raw = await origin.openRaw();
    const { compression, stream } = await detectCompression(raw, origin.description);
    const entries = new Map<string, TarEntry>();
    const retained = new Map<string, Buffer>();
    let retainedTotal = 0;
    let lastEnd = 0;
    const counter = { bytes: 0 };
    try {
      for await (const { header, stream: data } of iterateTar(stream, compression, counter)) {
        const name = normalizeName(header.name, origin.description);
        const type = entryType(header.type);
        const size = header.size ?? 0;
        const offset = header.byteOffset ?? 0;
        lastEnd = Math.max(lastEnd, offset + padded(size));
        if (type !== 'file') {
          for await (const _ of data) void _;
          entries.set(name, {
            name,
            type,
            size,
            offset,
            ...(header.linkname ? { linkname: header.linkname } : {}),
          });
          continue;
        }
        const keep = size <= RETAIN_ENTRY_MAX && retainedTotal + size <= RETAIN_TOTAL_MAX;
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        let head = Buffer.alloc(0);
        let seen = 0;
        // Measuring: the first chunks wait until the tar magic can be seen, then feed the compressor.
        let undecided: Buffer[] | undefined =
          options.measureGzip && size >= TAR_HEADER_BYTES ? [] : undefined;
        let meter: GzipMeter | undefined;
        let staged: StagedBlob | undefined;
        let gzip: Hashed | undefined;
        try {
          for await (const chunk of data) {
            hash.update(chunk);
            seen += chunk.length;
            options.onEntryProgress?.(name, seen, size);
            if (head.length < SNIFF_BYTES)
              head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
            if (keep) chunks.push(chunk);
            if (meter) await meter.write(chunk);
            else if (undecided && (undecided.push(chunk), head.length >= SNIFF_BYTES)) {
              if (isUncompressedTar(head)) {
                const stage = options.stager?.begin();
                staged = stage;
                meter = createGzipMeter(stage && ((chunk) => stage.write(chunk)));
                for (const early of undecided) await meter.write(early);
              }
              undecided = undefined;
            }
          }
          if (seen !== size) throw truncated(origin.description, `the entry ${name} is cut short`);
          gzip = meter ? await meter.end() : undefined;
          meter = undefined;
          if (staged && gzip) await staged.end(gzip);
          staged = undefined;
        } finally {
          meter?.destroy();
          staged?.abandon();
        }
        head = head.subarray(0, HEAD_BYTES);
        if (keep) {
          retained.set(name, Buffer.concat(chunks));
          retainedTotal += size;
        } else {
          retained.delete(name);
        }
        entries.set(name, {
          name,
          type,
          size,
          offset,
          digest: `sha256:${hash.digest('hex')}`,
          head,
          ...(gzip ? { gzip } : {}),
        });
      }
    } catch (err) {
      throw tarError(err, origin.description, entries.size === 0);
    }
    if (counter.bytes === 0) {
      throw sourceInvalid(
        `${origin.description} is empty`,
        'Point the source at a tar archive written by docker save, buildx or skopeo.',
      );
    }
    if (entries.size > 0 && counter.bytes < lastEnd + 512) {
      throw truncated(origin.description, 'the end-of-archive marker is missing');
    }
    return new TarIndex(origin, compression, entries, retained);
  }

  /** Every entry, in archive order (later duplicates replace earlier ones, as tar extraction would). */
  list(): TarEntry[] {
    return [...this.entries.values()];
  }

  has(name: string): boolean {
    return this.entries.has(normalizeLookup(name));
  }

  /**
   * The regular file at `name`, following symlinks and hard links inside the archive; undefined when no
   * entry has that name. A link that leaves the archive, loops or ends at a non-file is SOURCE_CORRUPT.
   */
  file(name: string): TarEntry | undefined {
    let current = normalizeLookup(name);
    const start = current;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const entry = this.entries.get(current);
      if (!entry) {
        if (hop === 0) return undefined;
        throw this.badLink(start, `points at ${JSON.stringify(current)}, which the archive does not hold`);
      }
      if (entry.type === 'file') return entry;
      if (entry.type !== 'symlink' && entry.type !== 'link') {
        throw this.badLink(start, `is a ${entry.type}, not a regular file`);
      }
      const target = entry.linkname ?? '';
      if (target === '' || target.startsWith('/')) {
        throw this.badLink(start, `is a link to the absolute path ${JSON.stringify(target)}`);
      }
      const joined =
        entry.type === 'symlink' ? posix.join(posix.dirname(entry.name), target) : posix.normalize(target);
      if (joined === '..' || joined.startsWith('../')) {
        throw this.badLink(start, `is a link to ${JSON.stringify(target)}, outside the archive`);
      }
      current = normalizeLookup(joined);
    }
    throw this.badLink(start, 'is a chain of links that does not end (a loop?)');
  }

  /** The whole entry (≤ `limit` bytes), verified against the digest the scan computed. */
  async read(entry: TarEntry, limit: number): Promise<Buffer> {
    if (entry.size > limit) {
      throw sourceCorrupt(
        `${entry.name} in ${this.description} is ${entry.size} bytes, more than the ${limit} expected of it`,
      );
    }
    const kept = this.retained.get(entry.name);
    if (kept && kept.length === entry.size) return kept;
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    for await (const chunk of await this.open(entry)) {
      hash.update(chunk as Buffer);
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    const actual = `sha256:${hash.digest('hex')}`;
    if (entry.digest && actual !== entry.digest) {
      throw digestMismatch(
        `${entry.name} in ${this.description} (changed since it was read)`,
        entry.digest,
        actual,
      );
    }
    return bytes;
  }

  /** A fresh stream of the entry's bytes. Not verified here: callers verify against the descriptor. */
  async open(entry: TarEntry): Promise<Readable> {
    if (entry.size === 0) return Readable.from([]);
    // Small entries kept by the scan (configs, manifests) open from memory: no second pass over a stream.
    const kept = this.retained.get(entry.name);
    if (kept && kept.length === entry.size) return Readable.from([kept]);
    if (this.compression === 'none' && this.origin.path !== undefined) {
      return openFileStream(this.origin.path, { start: entry.offset, end: entry.offset + entry.size - 1 });
    }
    const raw = await this.origin.openRaw();
    return Readable.from(this.extractOne(raw, entry), { objectMode: false });
  }

  /**
   * Streams every entry of every group to `fn` (which must consume the stream). Groups run concurrently;
   * the entries of a group are visited in archive order over a single pass (or as byte ranges of a file).
   */
  async visit(
    groups: readonly (readonly TarEntry[])[],
    fn: (entry: TarEntry, data: Readable) => Promise<void>,
  ): Promise<void> {
    await Promise.all(
      groups
        .filter((g) => g.length > 0)
        .map(async (group) => {
          const sorted = [...group].sort((a, b) => a.offset - b.offset);
          if (this.compression === 'none' && this.origin.path !== undefined) {
            for (const entry of sorted) await fn(entry, await this.open(entry));
            return;
          }
          await this.visitOnePass(sorted, fn);
        }),
    );
  }

  private async visitOnePass(
    sorted: readonly TarEntry[],
    fn: (entry: TarEntry, data: Readable) => Promise<void>,
  ): Promise<void> {
    const wanted = new Map(sorted.map((e) => [e.offset, e]));
    const raw = await this.origin.openRaw();
    let remaining = wanted.size;
    const iterator = iterateTar(raw, this.compression, { bytes: 0 });
    try {
      for await (const { header, stream } of iterator) {
        const entry = wanted.get(header.byteOffset ?? -1);
        if (!entry || entry.name !== normalizeName(header.name, this.description)) {
          for await (const _ of stream) void _;
          continue;
        }
        await fn(entry, Readable.from(stream, { objectMode: false }));
        remaining -= 1;
        if (remaining === 0) break;
      }
    } catch (err) {
      throw tarError(err, this.description, false);
    }
    if (remaining > 0)
      throw sourceCorrupt(`${this.description} changed since it was read: entries are missing`);
  }

  private async *extractOne(raw: Readable, entry: TarEntry): AsyncGenerator<Buffer> {
    try {
      for await (const { header, stream } of iterateTar(raw, this.compression, { bytes: 0 })) {
        if (header.byteOffset !== entry.offset) {
          if ((header.byteOffset ?? 0) > entry.offset) break;
          for await (const _ of stream) void _;
          continue;
        }
        if (normalizeName(header.name, this.description) !== entry.name) break;
        for await (const chunk of stream) yield chunk;
        return;
      }
    } catch (err) {
      throw tarError(err, this.description, false);
    }
    throw sourceCorrupt(
      `${this.description} changed since it was read: ${entry.name} is no longer at its place`,
    );
  }

  private badLink(name: string, what: string): PublishError {
    return sourceCorrupt(
      `The entry ${JSON.stringify(name)} in ${this.description} ${what}`,
      'Image archives hold image files as regular files; re-export the image with docker save, buildx or skopeo.',
    );
  }
}

/** Entries of a tar stream; the caller must consume (or skip) each entry's data before the next. */
async function* iterateTar(
  raw: Readable,
  compression: Compression,
  counter: { bytes: number },
): AsyncGenerator<RawEntry> {
  const extract = tar.extract();
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      callback(null, chunk);
    },
  });
  let failure: Error | undefined;
  const stages: NodeJS.ReadWriteStream[] = compression === 'gzip' ? [createGunzip(), count] : [count];
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

async function detectCompression(
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

function tarError(err: unknown, description: string, nothingRead: boolean): PublishError {
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

function truncated(description: string, what: string, cause?: unknown): PublishError {
  return sourceCorrupt(
    `${description} is truncated or corrupt: ${what}`,
    'The archive was not written completely (disk full, interrupted copy?); write it again.',
    cause,
  );
}

function isPrematureClose(err: Error): boolean {
  return (err as { code?: unknown }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}

function entryType(type: tar.Header['type']): TarEntryType {
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
function normalizeName(name: string, description: string): string {
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

function normalizeLookup(name: string): string {
  let n = posix.normalize(name.replace(/\\/g, '/'));
  while (n.startsWith('./')) n = n.slice(2);
  if (n.endsWith('/')) n = n.slice(0, -1);
  return n === '.' ? '' : n;
}

function padded(size: number): number {
  return Math.ceil(size / 512) * 512;
}

/** An uncompressed tar stream (a layer as `docker save` of a graph-driver engine writes it). */
function isUncompressedTar(head: Buffer): boolean {
  return head.subarray(257, 262).toString('latin1') === 'ustar';
}
