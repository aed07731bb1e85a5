/** Shared assertions and readers for source tests. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ErrorCode } from '../../src/errors.js';
import { isPublishError } from '../../src/errors.js';
import { messageOf, wordsOf } from '../fixtures/adapter-words.js';
import { collectBlobs } from '../../src/source/image-source.js';
import type { Artifact, BlobSource, ImageArtifact, IndexArtifact } from '../../src/source/image-source.js';
import { openImageSource, parseSourceSpec, type SourceContext } from '../../src/source/source-opener.js';

export function sha256(bytes: Buffer | Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export const noRegistry: SourceContext['connectRegistry'] = () => {
  throw new Error('no registry in this test');
};

export function context(
  env: Readonly<Record<string, string | undefined>> = {},
  concurrency?: number,
): SourceContext {
  return { env, connectRegistry: noRegistry, ...(concurrency !== undefined ? { concurrency } : {}) };
}

/** parse + open + load + close. */
export async function load(spec: string, ctx: SourceContext = context()): Promise<Artifact> {
  const source = openImageSource(parseSourceSpec(spec, 'source'), ctx);
  try {
    return await source.load();
  } finally {
    await source.close();
  }
}

/** load, then BlobSource.verify() of every blob: what the publisher checks before its first write. */
export async function loadAndVerify(spec: string, ctx: SourceContext = context()): Promise<Artifact> {
  const source = openImageSource(parseSourceSpec(spec, 'source'), ctx);
  try {
    const artifact = await source.load();
    for (const blob of collectBlobs(artifact)) await blob.verify?.();
    return artifact;
  } finally {
    await source.close();
  }
}

/** parse + open + load, then `fn` with the artifact while the source is open (blobs readable), then close. */
export async function withSource<T>(
  spec: string,
  ctx: SourceContext,
  fn: (artifact: Artifact) => Promise<T>,
): Promise<T> {
  const source = openImageSource(parseSourceSpec(spec, 'source'), ctx);
  try {
    return await fn(await source.load());
  } finally {
    await source.close();
  }
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Opens a blob, reads it whole, and checks it matches its descriptor (size and digest). */
export async function readBlob(blob: BlobSource): Promise<Buffer> {
  const bytes = await readAll(await blob.open());
  expect(bytes.length, blob.label).toBe(blob.descriptor.size);
  expect(sha256(bytes), blob.label).toBe(blob.descriptor.digest);
  return bytes;
}

export function asImage(artifact: Artifact): ImageArtifact {
  expect(artifact.kind).toBe('image');
  return artifact as ImageArtifact;
}

export function asIndex(artifact: Artifact): IndexArtifact {
  expect(artifact.kind).toBe('index');
  return artifact as IndexArtifact;
}

export function manifestJson(artifact: Artifact): Record<string, unknown> & {
  layers?: { mediaType: string; digest: string; size: number }[];
  config?: { mediaType: string; digest: string; size: number };
  manifests?: { mediaType: string; digest: string; size: number; platform?: Record<string, string> }[];
} {
  return JSON.parse(Buffer.from(artifact.manifest.bytes).toString('utf8')) as ReturnType<typeof manifestJson>;
}

/** Diff IDs of an image: the config's, and (checked equal) those of its decompressed layers. */
export async function checkImage(image: ImageArtifact): Promise<{ configDigest: string; diffIds: string[] }> {
  expect(sha256(image.manifest.bytes)).toBe(image.manifest.digest);
  const config = JSON.parse((await readBlob(image.config)).toString('utf8')) as {
    rootfs: { diff_ids: string[] };
  };
  const diffIds: string[] = [];
  for (const layer of image.layers) {
    const bytes = await readBlob(layer);
    diffIds.push(layer.descriptor.mediaType.endsWith('gzip') ? sha256(gunzipSync(bytes)) : sha256(bytes));
  }
  expect(diffIds).toEqual(config.rootfs.diff_ids);
  const doc = manifestJson(image);
  expect(doc.config?.digest).toBe(image.config.descriptor.digest);
  expect(doc.layers?.map((l) => l.digest)).toEqual(image.layers.map((l) => l.descriptor.digest));
  return { configDigest: image.config.descriptor.digest, diffIds };
}

/** The rejection of `promise`, asserted to be a PublishError with `code` whose message contains `parts`. */
export async function expectError(
  promise: Promise<unknown>,
  code: ErrorCode,
  ...parts: string[]
): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected ${code}`).toBeDefined();
  if (!isPublishError(error)) throw error;
  expect(`${error.code}: ${error.message}`).toContain(`${code}: `);
  for (const part of parts) expect(error.message).toContain(part);
  expect(error.hint ?? '').not.toBe('');
  return error;
}

export function expectSyncError(fn: () => unknown, code: ErrorCode, ...parts: string[]): Error {
  try {
    fn();
  } catch (error) {
    if (!isPublishError(error)) throw error;
    expect(`${error.code}: ${error.message}`).toContain(`${code}: `);
    // A part that is a flag (`--source`) is looked for in the CLI's words, any other in the action's.
    for (const part of parts) expect(messageOf(error, wordsOf(part))).toContain(part);
    return error;
  }
  throw new Error(`expected ${code}`);
}

/** Runs `fn` with os.tmpdir() (where tar spools go, tar-spool.ts) answering `dir`. */
export async function withTmpdir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}
