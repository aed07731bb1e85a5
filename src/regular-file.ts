/**
 * Opening files named by untrusted input (source layouts, archives, CA files) so that a hostile name cannot
 * make us read something else: only regular files are read (a device such as /dev/zero, a FIFO, a socket or
 * a directory is refused before any byte is read), small files are read with a hard cap checked against
 * fstat before reading and again while reading, and files inside a root are resolved with every path
 * component followed (`blobs/` or `blobs/sha256/` symlinked out of the root is refused, not only the last
 * component).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';

/** Why a file was refused; callers word it for their input (source, `ca-file`). */
export type FileRefusal = 'missing' | 'directory' | 'not-regular' | 'too-large' | 'outside-root';

export class FileRefused extends Error {
  constructor(
    readonly reason: FileRefusal,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'FileRefused';
  }
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(info: {
  isDirectory(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Size of a regular file (following symlinks); FileRefused for anything else. */
export async function regularFileSize(path: string): Promise<number> {
  const handle = await openChecked(path);
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

async function openChecked(path: string): Promise<FileHandle> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileRefused('missing', path, 'does not exist');
    if (code === 'EISDIR') throw new FileRefused('directory', path, 'is a directory, not a file');
    if (code === 'ENXIO') throw new FileRefused('not-regular', path, 'is a socket, not a regular file');
    throw err;
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    const kind = kindOf(info);
    throw new FileRefused(
      info.isDirectory() ? 'directory' : 'not-regular',
      path,
      info.isDirectory() ? 'is a directory, not a file' : `is ${kind}, not a regular file`,
    );
  }
  return handle;
}

/**
 * The whole of a regular file of at most `limit` bytes. The size is checked before reading (fstat) and
 * the read stops at `limit + 1` bytes, so a file that grows while read cannot make us hold more.
 */
export async function readCappedFile(path: string, limit: number): Promise<Buffer> {
  const handle = await openChecked(path);
  try {
    const { size } = await handle.stat();
    if (size > limit) throw tooLarge(path, size, limit);
    const buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(size, 0) + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) throw tooLarge(path, filled, limit);
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limit) throw tooLarge(path, filled, limit);
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

/** readCappedFile for the few places that must stay synchronous (TLS options built in a constructor). */
export function readCappedFileSync(path: string, limit: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileRefused('missing', path, 'does not exist');
    if (code === 'EISDIR') throw new FileRefused('directory', path, 'is a directory, not a file');
    throw err;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile())
      throw new FileRefused(
        info.isDirectory() ? 'directory' : 'not-regular',
        path,
        info.isDirectory() ? 'is a directory, not a file' : `is ${kindOf(info)}, not a regular file`,
      );
    if (info.size > limit) throw tooLarge(path, info.size, limit);
    const buffer = Buffer.allocUnsafe(Math.min(limit + 1, info.size + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) throw tooLarge(path, filled, limit);
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, size: number, limit: number): FileRefused {
  return new FileRefused('too-large', path, `is ${size} bytes or more, over the limit of ${limit} bytes`);
}

/**
 * `root/relativePath` with every component resolved (symlinks followed), refused when the result leaves
 * the root, and required to be a regular file. Returns the resolved path and its size.
 */
export async function resolveInside(
  root: string,
  relativePath: string,
  realRoot?: string,
): Promise<{ path: string; size: number }> {
  const rootReal = realRoot ?? (await realpath(root));
  const joined = join(root, relativePath);
  let target: string;
  try {
    target = await realpath(joined);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP')
      throw new FileRefused(
        'missing',
        relativePath,
        code === 'ELOOP' ? 'is a loop of symbolic links' : 'does not exist',
      );
    throw err;
  }
  if (!isInside(rootReal, target)) {
    throw new FileRefused(
      'outside-root',
      relativePath,
      `leads outside the directory (to ${JSON.stringify(target)}) through a symbolic link`,
    );
  }
  try {
    return { path: target, size: await regularFileSize(target) };
  } catch (err) {
    if (err instanceof FileRefused) throw new FileRefused(err.reason, relativePath, err.detail);
    throw err;
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)) || /^\.\.[^/\\]/.test(rel);
}
