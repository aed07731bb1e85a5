/**
 * Content-addressed blobs of an OCI image layout, wherever the layout lives: a directory (`oci:`), or the
 * entries of a tar (`oci-archive:`, Docker 25+ `docker save` output, the engine's save stream).
 */
import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { digestAlgorithm, digestHex, type Digest } from '../domain/digest.js';
import type { Descriptor } from '../domain/manifest.js';
import { FileRefused, readCappedFile, resolveInside } from '../regular-file.js';
import { mapLimited } from '../map-limited.js';
import { hashFile, openFileStream } from './file-read.js';
import { digestMismatch, sizeMismatch, sourceCorrupt } from './source-errors.js';
import type { TarEntry, TarIndex } from './tar-index.js';
import type { Hashed } from './verify-stream.js';

export interface BlobStore {
  /** The source, for messages: `oci:./out`. */
  readonly description: string;
  /** Where a blob is, for messages: `blobs/sha256/3f… in oci:./out`. */
  where(digest: Digest): string;
  /** The size of the blob, or undefined when the store does not hold it. */
  size(digest: Digest): Promise<number | undefined>;
  /** The whole blob (at most `limit` bytes), verified against the descriptor. */
  read(descriptor: Descriptor, limit: number): Promise<Buffer>;
  /** A fresh stream of the blob's bytes, not verified (callers verify against their descriptor). */
  openRaw(digest: Digest): Promise<Readable>;
  /** The gzip digest and size of an uncompressed blob, when the store measured it already (TarEntry.gzip). */
  measuredGzip(descriptor: Descriptor): Hashed | undefined;
  /** Checks that the blob hashes to its descriptor (DIGEST_MISMATCH naming the file otherwise). */
  verify(descriptor: Descriptor): Promise<void>;
  /** verify() reads the whole blob (a directory's file); false when the scan hashed it already (a tar). */
  readonly verifyReads: boolean;
  /** Streams each blob once to `fn` (which consumes it), at most `concurrency` at a time. */
  visit(
    descriptors: readonly Descriptor[],
    concurrency: number,
    fn: (descriptor: Descriptor, data: Readable) => Promise<void>,
  ): Promise<void>;
}

function blobPath(digest: Digest): string {
  return `blobs/${digestAlgorithm(digest)}/${digestHex(digest)}`;
}

/** Blobs of a layout directory: `DIR/blobs/<alg>/<hex>`, regular files (symlinks only inside DIR). */
export class DirBlobStore implements BlobStore {
  readonly verifyReads = true;
  private realRoot: string | undefined;

  constructor(
    private readonly dir: string,
    readonly description: string,
  ) {}

  where(digest: Digest): string {
    return `${blobPath(digest)} in ${this.description}`;
  }

  async size(digest: Digest): Promise<number | undefined> {
    return (await this.locate(digest, false))?.size;
  }

  async read(descriptor: Descriptor, limit: number): Promise<Buffer> {
    const { path, size } = (await this.locate(descriptor.digest, true)) as Located;
    const where = this.where(descriptor.digest);
    if (size !== descriptor.size)
      throw sizeMismatch(where, descriptor.digest, descriptor.size, `${size} bytes`);
    if (size > limit) throw sourceCorrupt(`${where} is ${size} bytes, more than the ${limit} expected of it`);
    const bytes = await readCappedFile(path, limit).catch((err: unknown) => {
      throw err instanceof FileRefused ? sourceCorrupt(`${where} ${err.detail}`) : err;
    });
    checkBytes(bytes, descriptor, where);
    return bytes;
  }

  async openRaw(digest: Digest): Promise<Readable> {
    return openFileStream(((await this.locate(digest, true)) as Located).path);
  }

  measuredGzip(): Hashed | undefined {
    return undefined;
  }

  async verify(descriptor: Descriptor): Promise<void> {
    const { path } = (await this.locate(descriptor.digest, true)) as Located;
    const actual = await hashFile(path, digestAlgorithm(descriptor.digest));
    const where = this.where(descriptor.digest);
    if (actual.digest !== descriptor.digest) throw digestMismatch(where, descriptor.digest, actual.digest);
    if (actual.size !== descriptor.size)
      throw sizeMismatch(where, descriptor.digest, descriptor.size, `${actual.size} bytes`);
  }

  async visit(
    descriptors: readonly Descriptor[],
    concurrency: number,
    fn: (descriptor: Descriptor, data: Readable) => Promise<void>,
  ): Promise<void> {
    await mapLimited(descriptors, concurrency, async (d) => fn(d, await this.openRaw(d.digest)), 'stop');
  }

  /**
   * The file of a blob, every path component resolved inside the layout (`blobs/` or `blobs/sha256/`
   * symlinked elsewhere is refused like the blob itself), and a regular file; undefined (or SOURCE_CORRUPT
   * when `required`) if absent.
   */
  private async locate(digest: Digest, required: boolean): Promise<Located | undefined> {
    this.realRoot ??= await realpath(this.dir);
    try {
      return await resolveInside(this.dir, blobPath(digest), this.realRoot);
    } catch (err) {
      if (!(err instanceof FileRefused)) throw err;
      if (err.reason === 'missing') {
        if (required) throw sourceCorrupt(`The blob ${digest} is missing from ${this.description}`);
        return undefined;
      }
      throw sourceCorrupt(
        `${this.where(digest)} ${err.detail}`,
        err.reason === 'outside-root'
          ? 'Blobs of an OCI layout are regular files inside it; copy the layout with skopeo or cp -L.'
          : 'Blobs of an OCI layout are regular files; re-export the image.',
      );
    }
  }
}

interface Located {
  readonly path: string;
  readonly size: number;
}

/** Blobs held as entries of a tar (`blobs/<alg>/<hex>`, links followed inside the archive). */
export class TarBlobStore implements BlobStore {
  readonly verifyReads = false;

  constructor(private readonly index: TarIndex) {}

  get description(): string {
    return this.index.description;
  }

  where(digest: Digest): string {
    return `${blobPath(digest)} in ${this.description}`;
  }

  entry(digest: Digest): TarEntry | undefined {
    return this.index.file(blobPath(digest));
  }

  async size(digest: Digest): Promise<number | undefined> {
    return this.entry(digest)?.size;
  }

  async read(descriptor: Descriptor, limit: number): Promise<Buffer> {
    const entry = this.required(descriptor.digest);
    this.check(entry, descriptor);
    const bytes = await this.index.read(entry, limit);
    checkBytes(bytes, descriptor, this.where(descriptor.digest));
    return bytes;
  }

  async openRaw(digest: Digest): Promise<Readable> {
    return this.index.open(this.required(digest));
  }

  measuredGzip(descriptor: Descriptor): Hashed | undefined {
    const entry = this.entry(descriptor.digest);
    return entry?.digest === descriptor.digest && entry.size === descriptor.size ? entry.gzip : undefined;
  }

  /** The scan hashed every entry: checking costs no I/O. */
  async verify(descriptor: Descriptor): Promise<void> {
    this.check(this.required(descriptor.digest), descriptor);
  }

  async visit(
    descriptors: readonly Descriptor[],
    concurrency: number,
    fn: (descriptor: Descriptor, data: Readable) => Promise<void>,
  ): Promise<void> {
    const items = descriptors.map((d) => ({ item: d, entry: this.required(d.digest) }));
    await visitTarEntries(this.index, items, concurrency, fn);
  }

  private required(digest: Digest): TarEntry {
    const entry = this.entry(digest);
    if (!entry) throw sourceCorrupt(`The blob ${digest} is missing from ${this.description}`);
    return entry;
  }

  private check(entry: TarEntry, descriptor: Descriptor): void {
    const where = this.where(descriptor.digest);
    if (descriptor.digest.startsWith('sha256:') && entry.digest !== descriptor.digest) {
      throw digestMismatch(where, descriptor.digest, entry.digest ?? 'nothing');
    }
    if (entry.size !== descriptor.size)
      throw sizeMismatch(where, descriptor.digest, descriptor.size, `${entry.size} bytes`);
  }
}

/**
 * Streams tar entries to `fn` in `concurrency` groups of about equal total size (largest first), one pass
 * over the archive per group when entries cannot be opened as file ranges.
 */
export async function visitTarEntries<T>(
  index: TarIndex,
  items: readonly { item: T; entry: TarEntry }[],
  concurrency: number,
  fn: (item: T, data: Readable) => Promise<void>,
): Promise<void> {
  const groups = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, () => ({
    total: 0,
    items: [] as { item: T; entry: TarEntry }[],
  }));
  for (const it of [...items].sort((a, b) => b.entry.size - a.entry.size)) {
    const lightest = groups.reduce((a, b) => (b.total < a.total ? b : a));
    lightest.items.push(it);
    lightest.total += it.entry.size;
  }
  await Promise.all(
    groups.map(async (group) => {
      const byOffset = new Map<number, { item: T; entry: TarEntry }[]>();
      for (const it of group.items)
        byOffset.set(it.entry.offset, [...(byOffset.get(it.entry.offset) ?? []), it]);
      const entries = [...new Map(group.items.map((it) => [it.entry.offset, it.entry])).values()];
      await index.visit([entries], async (entry, data) => {
        const [first, ...others] = byOffset.get(entry.offset) ?? [];
        if (!first) return;
        await fn(first.item, data);
        // The same entry listed twice in a group (a blob under two descriptors): re-open for the others.
        for (const other of others) await fn(other.item, await index.open(entry));
      });
    }),
  );
}

function checkBytes(bytes: Buffer, descriptor: Descriptor, where: string): void {
  if (bytes.length !== descriptor.size)
    throw sizeMismatch(where, descriptor.digest, descriptor.size, `${bytes.length} bytes`);
  const algorithm = digestAlgorithm(descriptor.digest);
  const actual = `${algorithm}:${createHashHex(algorithm, bytes)}`;
  if (actual !== descriptor.digest) throw digestMismatch(where, descriptor.digest, actual);
}

function createHashHex(algorithm: string, bytes: Buffer): string {
  return createHash(algorithm).update(bytes).digest('hex');
}
