/**
 * Reading registry response bodies: drained, as bounded text (error bodies, token answers), whole with a
 * limit and a retryable error when cut off (tag pages, token answers inside a retry), or as bounded bytes.
 */
import { formatMiB } from '../domain/content-limits.js';
import { byteLength, readBounded, type BoundedBytes } from '../bounded-read.js';
import { RegistryError } from './errors.js';
import { cutOffError } from './network-errors.js';
import type { SendResponse } from './transport.js';

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Drains and discards a response body (keeps the connection reusable). */
export async function discard(res: SendResponse): Promise<void> {
  try {
    await res.body.dump({ limit: 256 * 1024 });
  } catch {
    // ignore
  }
}

/** Reads a body as text, at most `limit` bytes (error bodies, token responses). */
export async function readText(res: SendResponse, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    return (await readBounded(res.body, limit, chunks)).bytes.toString('utf8');
  } catch {
    // a broken error body is still an error
    return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
  }
}

/**
 * Reads a whole body as text (at most `limit` bytes; the rest is dropped, as readText does). Unlike readText,
 * a body that ends early (connection reset, closed before Content-Length, stalled past the timeout) throws a
 * retryable REGISTRY_UNREACHABLE naming `what`, so a caller reading inside its retry loop fetches it again
 * instead of parsing half a document.
 */
export async function readBody(res: SendResponse, what: string, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    return (await readBounded(res.body, limit, chunks)).bytes.toString('utf8');
  } catch (cause) {
    throw cutOffError(what, byteLength(chunks), '', cause);
  }
}

/** A whole manifest-sized body as bytes: MANIFEST_TOO_LARGE past `limit`, cut off → retryable. */
export async function readLimited(res: SendResponse, limit: number, what: string): Promise<Uint8Array> {
  const declared = Number(firstHeader(res.headers['content-length']));
  const tooLarge = (): RegistryError =>
    new RegistryError({
      code: 'MANIFEST_TOO_LARGE',
      message: `${what} returned more than ${formatMiB(limit)}`,
      hint: 'Registries accept manifests up to 4 MiB; this is not a manifest this tool can handle.',
    });
  if (Number.isFinite(declared) && declared > limit) {
    res.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let body: BoundedBytes;
  try {
    body = await readBounded(res.body, limit, chunks);
  } catch (cause) {
    // The connection broke (reset, closed before Content-Length, stalled): retryable, not INTERNAL.
    throw cutOffError(what, byteLength(chunks), 'GET', cause);
  }
  if (body.overflowed) throw tooLarge();
  return new Uint8Array(body.bytes);
}
