/**
 * The decompressed bytes of a compressed tar archive, or the bytes of a tar stream that cannot be seeked (the
 * Docker engine's save stream), written to a temporary file during the one scan, so every entry then opens
 * as a byte range of that file instead of a fresh pass from the start (a `.tar.gz` of 20 layers was
 * decompressed 21 times; each layer opened from the engine asked it for a new save stream). Bounded: at most the free space of the temporary
 * directory less a margin, and SPOOL_MAX_BYTES; past either (a gzip bomb, a full disk) the spool is given
 * up and entries are re-read from the archive as before. Removed when the source closes.
 */
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Largest spool: a 16 GiB tar is far past any image a runner publishes. */
const SPOOL_MAX_BYTES = 16 * 1024 ** 3;
/** Left free on the temporary directory's file system. */
const FREE_MARGIN_BYTES = 1024 ** 3;

/** Spool directories not removed yet: removed at exit too, whoever forgot close(). */
const live = new Set<string>();
let exitHook = false;

function track(dir: string): void {
  live.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const d of live) rmSync(d, { recursive: true, force: true });
  });
}

export class TarSpool {
  private written = 0;
  private abandoned = false;

  private constructor(
    private readonly dir: string,
    readonly path: string,
    private readonly out: WriteStream,
    private readonly limit: number,
  ) {
    // A write error (ENOSPC) gives the spool up; the scan itself goes on.
    out.on('error', () => this.abandon());
  }

  /** A new spool, or undefined when the temporary directory cannot take one. */
  static async open(): Promise<TarSpool | undefined> {
    try {
      const dir = await mkdtemp(join(tmpdir(), 'registry-publish-tar-'));
      const fs = await statfs(dir);
      const limit = Math.min(SPOOL_MAX_BYTES, fs.bavail * fs.bsize - FREE_MARGIN_BYTES);
      if (limit <= 0) {
        await rm(dir, { recursive: true, force: true });
        return undefined;
      }
      track(dir);
      const path = join(dir, 'archive.tar');
      return new TarSpool(dir, path, createWriteStream(path, { mode: 0o600 }), limit);
    } catch {
      return undefined;
    }
  }

  /** Appends decompressed bytes; resolves when the file can take more (backpressure). */
  write(chunk: Buffer): Promise<void> | undefined {
    if (this.abandoned) return undefined;
    this.written += chunk.length;
    if (this.written > this.limit) {
      this.abandon();
      return undefined;
    }
    if (this.out.write(chunk)) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.once('drain', done);
      this.out.once('close', done);
    });
  }

  /** The spooled file once every byte is on disk, or undefined when the spool was given up. */
  async finish(): Promise<string | undefined> {
    if (this.abandoned) return undefined;
    await new Promise<void>((resolve) => {
      this.out.once('close', resolve);
      this.out.end();
    });
    return this.abandoned ? undefined : this.path;
  }

  async remove(): Promise<void> {
    this.out.destroy();
    await rm(this.dir, { recursive: true, force: true });
    live.delete(this.dir);
  }

  private abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.out.destroy();
    void rm(this.dir, { recursive: true, force: true })
      .then(() => live.delete(this.dir))
      .catch(() => undefined);
  }
}
