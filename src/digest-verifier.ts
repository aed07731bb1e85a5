/**
 * Verify-while-streaming, the one implementation: bytes pass through unchanged while their digest and size
 * are computed; on a mismatch the stream is destroyed with the caller's error, so a consumer (an upload, a
 * reader) never completes with corrupt bytes. The last chunk is held back until the check passed: an
 * upload body with a Content-Length never reaches its end with wrong bytes, so the registry cannot commit
 * it (the one-pass upload of a layer relies on this, docs/reliability.md). The registry client and the
 * image sources word the error.
 */
import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { digestAlgorithm, type Digest } from './domain/digest.js';

export interface ExpectedContent {
  readonly digest: Digest;
  /** Size to hold the bytes to; -1 or undefined: not checked. */
  readonly size?: number | undefined;
}

/** A stream whose bytes are checked as they pass; `verdict` settles after its end (createDigestMeter). */
export interface CheckedStream {
  readonly stream: Readable;
  readonly verdict: Promise<void>;
}

/** What did not match: more bytes than `limit`, a different total size, or a different digest. */
export type ContentMismatch =
  | { readonly kind: 'too-long'; readonly limit: number }
  | { readonly kind: 'size'; readonly limit: number; readonly size: number }
  | { readonly kind: 'digest'; readonly actual: string };

/** A passthrough that fails with `fail(mismatch)` when the bytes do not match `expected`. */
export function createDigestVerifier(
  expected: ExpectedContent,
  fail: (mismatch: ContentMismatch) => Error,
): Transform {
  return measure(expected, fail, 'fail').stream;
}

/**
 * A passthrough for an upload that sends into a session first and commits only after the check (the
 * one-pass upload of a large layer, blob-upload.ts): bytes of the declared size all pass, and `verdict`
 * rejects with `fail(mismatch)` after the end when their digest differs, so the upload can still cancel
 * its session cleanly (the request that carried them completed). A wrong size fails the stream as
 * createDigestVerifier does: the request is cut, and nothing of it can be committed either.
 */
export function createDigestMeter(
  expected: ExpectedContent,
  fail: (mismatch: ContentMismatch) => Error,
): CheckedStream & { readonly stream: Transform } {
  return measure(expected, fail, 'report');
}

function measure(
  expected: ExpectedContent,
  fail: (mismatch: ContentMismatch) => Error,
  onDigestMismatch: 'fail' | 'report',
): CheckedStream & { readonly stream: Transform } {
  const algorithm = digestAlgorithm(expected.digest);
  const hash = createHash(algorithm);
  const limit = expected.size !== undefined && expected.size >= 0 ? expected.size : undefined;
  let size = 0;
  let settle!: (error: Error | undefined) => void;
  const verdict = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  // Observed by the caller; a stream abandoned midway leaves a verdict nobody awaits.
  verdict.catch(() => undefined);
  // The chunk not passed on yet: sent once the next one arrives, the last one only after the check.
  let held: Buffer | undefined;
  const failWith = (mismatch: ContentMismatch): Error => {
    const error = fail(mismatch);
    settle(error);
    return error;
  };
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length;
      if (limit !== undefined && size > limit) {
        callback(failWith({ kind: 'too-long', limit }));
        return;
      }
      hash.update(chunk);
      const previous = held;
      held = chunk;
      callback(null, previous);
    },
    flush(callback: TransformCallback) {
      const last = held;
      held = undefined;
      if (limit !== undefined && size !== limit) {
        callback(failWith({ kind: 'size', limit, size }));
        return;
      }
      const actual = `${algorithm}:${hash.digest('hex')}`;
      if (actual === expected.digest) {
        settle(undefined);
        callback(null, last);
      } else if (onDigestMismatch === 'report') {
        settle(fail({ kind: 'digest', actual }));
        callback(null, last);
      } else callback(failWith({ kind: 'digest', actual }));
    },
  });
  return { stream, verdict };
}
