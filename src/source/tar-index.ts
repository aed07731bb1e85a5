/**
 * Random access to the entries of a tar archive without extracting it and without holding large entries in
 * memory. One scan (tar-stream) records every entry's name, type, size, data offset and sha256, and keeps
 * the bytes of small entries (manifests, configs, index.json). Afterwards an entry opens as:
 * - a byte range of the file (`fs.createReadStream({ start, end })`) when the tar is an uncompressed file;
 * - a byte range of the tar spooled by the scan for a gzip-compressed one and for a stream that cannot be
 *   seeked (the Docker engine's save stream): the scan writes the tar to a temporary spool file
 *   (tar-spool.ts), so the archive is decompressed, and the engine asked for it, once; close() removes it;
 * - a fresh pass over the archive that skips to the entry when the spool did not fit (tar-spool.ts bounds
 *   it by the free space). Each such open() is an independent stream, so concurrent opens are correct; the
 *   cost is re-reading the archive up to the entry.
 *
 * Safety: nothing is extracted to disk (the spool is the tar itself, in a private temporary directory), and names are only compared, never joined to a host path. Still,
 * an archive with absolute names or `..` components is refused (no image tool writes them), and links are
 * followed only inside the archive: a symlink or hard link that leaves it, loops, or points at something
 * that is not a regular file is SOURCE_CORRUPT when an image file is looked up through it.
 *
 * This module is the index (lookups, links, opening entries). Reading the tar stream is tar-reader.ts,
 * hashing a file entry during the scan tar-entry-digest.ts, measuring a layer's gzip form layer-meter.ts.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type { Digest } from '../domain/digest.js';
import type { PublishError } from '../errors.js';
import { openFileStream } from './file-read.js';
import type { BlobStager } from './image-source.js';
import { createLayerMeter, ReadAhead, type LayerMeter } from './layer-meter.js';
import { digestMismatch, sourceCorrupt, sourceInvalid, sourceUnsupported } from './source-errors.js';
import { digestTarEntry } from './tar-entry-digest.js';
import { TarSpool } from './tar-spool.js';
import {
  detectCompression,
  entryType,
  iterateTar,
  normalizeLookup,
  normalizeName,
  padded,
  skipEntry,
  tarError,
  truncated,
  type Compression,
  type TarEntryType,
  type TarOrigin,
} from './tar-reader.js';
import type { Hashed } from './verify-stream.js';

export { fileOrigin, type TarEntryType, type TarOrigin } from './tar-reader.js';

/** Entries up to this size are kept in memory by the scan (manifests, configs, small layers). */
const RETAIN_ENTRY_MAX = 1024 * 1024;
/** At most this much is kept in memory in total; larger archives re-read what they need. */
const RETAIN_TOTAL_MAX = 64 * 1024 * 1024;
const MAX_LINK_HOPS = 16;
/**
 * Entries any archive may hold. The index costs a few hundred bytes an entry, so a 7 MB `.tar.gz` of a million
 * empty files cost 0.9 GB; image archives hold a few per layer (`docker save` of 50 images of 50 layers:
 * about 10,000). Past its budget (entryBudget) the scan stops with SOURCE_UNSUPPORTED.
 */
export const MAX_TAR_ENTRIES = 100_000;
/**
 * A larger archive may hold one more entry for every this many bytes of it as read (compressed for a
 * `.tar.gz`), so the index (about 550 B an entry) stays near 3 % of the archive's size whatever its entries:
 * a big `docker save` is not refused for its size, while a small archive that decompresses to many entries
 * still is.
 */
export const ARCHIVE_BYTES_PER_ENTRY = 16 * 1024;

export interface EntryLimits {
  /** Entries allowed whatever the archive's size (default MAX_TAR_ENTRIES). */
  readonly floor: number;
  /** Bytes of the archive as read that allow one more entry (default ARCHIVE_BYTES_PER_ENTRY). */
  readonly bytesPerEntry: number;
}

const DEFAULT_LIMITS: EntryLimits = { floor: MAX_TAR_ENTRIES, bytesPerEntry: ARCHIVE_BYTES_PER_ENTRY };

/** How many entries an archive of `archiveBytes` (as read: compressed when it is) may hold. */
export function entryBudget(archiveBytes: number, limits: EntryLimits = DEFAULT_LIMITS): number {
  return Math.max(limits.floor, Math.floor(archiveBytes / limits.bytesPerEntry));
}

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

/** The engine source's staging flags (docker-daemon.ts); archive files scan with none. */
export interface ScanOptions {
  /** Compress uncompressed tar entries (layers) during the scan to learn their gzip digests (layer-meter.ts). */
  readonly measureGzip?: boolean;
  /** With measureGzip: the compressed bytes of each such entry are also sent through a stage. */
  readonly stager?: BlobStager | undefined;
  /** Bytes read of each file entry so far, after every chunk (live progress of a slow export). */
  readonly onEntryProgress?: ((name: string, read: number, size: number) => void) | undefined;
  /** A stream that cannot be seeked is spooled unless this is false (nothing will be opened again). */
  readonly spool?: boolean;
  /** The entry budget's parameters (tests use small ones; the default is MAX_TAR_ENTRIES and 16 KiB). */
  readonly limits?: EntryLimits;
}

export class TarIndex {
  private constructor(
    readonly origin: TarOrigin,
    readonly compression: Compression,
    private readonly entries: ReadonlyMap<string, TarEntry>,
    private readonly retained: ReadonlyMap<string, Buffer>,
    private readonly cleanup?: () => Promise<void>,
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
    let count = 0;
    const counter: { bytes: number; raw?: number } = { bytes: 0 };
    const limits = options.limits ?? DEFAULT_LIMITS;
    // A file's whole size is known up front; a stream (the engine's save) earns its budget as it is read.
    const fileBytes = origin.path === undefined ? 0 : await fileSize(origin.path);
    // A compressed archive is decompressed once, and a stream that cannot be seeked (the engine's save) is
    // read once: its tar goes to a spool file entries then open from as byte ranges.
    const seekable = compression === 'none' && origin.path !== undefined;
    const wanted = compression !== 'none' || (!seekable && options.spool !== false);
    const spool = wanted ? await TarSpool.open() : undefined;
    const tee = spool ? (chunk: Buffer) => spool.write(chunk) : undefined;
    // Layers still compressing while the scan reads on (layer-meter.ts ReadAhead): each entry gets its
    // gzip digest when its meter settles, and the scan ends after the last one.
    const readAhead = options.measureGzip ? new ReadAhead() : undefined;
    const compressing: { meter: LayerMeter; settled: Promise<void> }[] = [];
    try {
      for await (const { header, stream: data } of iterateTar(stream, compression, counter, tee)) {
        if (++count > entryBudget(Math.max(fileBytes, counter.raw ?? 0), limits))
          throw tooManyEntries(origin.description, count - 1, limits);
        const name = normalizeName(header.name, origin.description);
        const type = entryType(header.type);
        const size = header.size ?? 0;
        const offset = header.byteOffset ?? 0;
        lastEnd = Math.max(lastEnd, offset + padded(size));
        if (type !== 'file') {
          await skipEntry(data);
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
        const meter = readAhead ? createLayerMeter(size, options.stager, readAhead) : undefined;
        const read = await digestTarEntry(data, {
          name,
          size,
          description: origin.description,
          keep,
          meter,
          onProgress: options.onEntryProgress,
        });
        if (read.bytes) {
          retained.set(name, read.bytes);
          retainedTotal += size;
        } else {
          retained.delete(name);
        }
        const { digest, head, gzip } = read;
        const entry: TarEntry = { name, type, size, offset, digest, head };
        entries.set(name, entry);
        if (meter && gzip) {
          const settled = gzip.then((measured) => {
            // A later entry of the same name replaced this one (as tar extraction would): keep that.
            if (measured && entries.get(name) === entry) entries.set(name, { ...entry, gzip: measured });
          });
          settled.catch(() => undefined); // awaited below
          compressing.push({ meter, settled });
        }
      }
      await Promise.all(compressing.map((c) => c.settled));
    } catch (err) {
      for (const c of compressing) c.meter.destroy();
      raw.destroy();
      await spool?.remove();
      throw tarError(err, origin.description, entries.size === 0);
    }
    if (counter.bytes === 0 || (entries.size > 0 && counter.bytes < lastEnd + 512)) await spool?.remove();
    if (counter.bytes === 0) {
      throw sourceInvalid(
        `${origin.description} is empty`,
        'Point the source at a tar archive written by docker save, buildx or skopeo.',
      );
    }
    if (entries.size > 0 && counter.bytes < lastEnd + 512) {
      throw truncated(origin.description, 'the end-of-archive marker is missing');
    }
    const spooled = await spool?.finish();
    if (spool && spooled) {
      const spooledOrigin: TarOrigin = {
        description: origin.description,
        path: spooled,
        openRaw: () => Promise.resolve(openFileStream(spooled)),
      };
      return new TarIndex(spooledOrigin, 'none', entries, retained, () => spool.remove());
    }
    return new TarIndex(origin, compression, entries, retained);
  }

  /** Removes the spooled tar of a compressed archive (the source's close()). */
  async close(): Promise<void> {
    await this.cleanup?.();
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
          await skipEntry(stream);
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
          await skipEntry(stream);
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

/** The archive file's size; 0 when it cannot be read now (opening it reports why). */
async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function tooManyEntries(description: string, budget: number, limits: EntryLimits): PublishError {
  const perSize =
    budget > limits.floor
      ? ` (one for every ${(limits.bytesPerEntry / 1024).toLocaleString('en-US')} KiB of the archive)`
      : '';
  return sourceUnsupported(
    `${description} holds more than ${budget.toLocaleString('en-US')} entries${perSize}; an image archive holds a few per layer`,
    'Publish an archive written by docker save, buildx or skopeo; this one is not an image archive (or not only one).',
  );
}
