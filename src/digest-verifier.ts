/**
 * Verify-while-streaming, the one implementation: bytes pass through unchanged while their digest and size
 * are computed; on a mismatch the stream is destroyed with the caller's error, so a consumer (an upload, a
 * reader) never completes with corrupt bytes. The registry client and the image sources word the error.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { digestAlgorithm, type Digest } from './domain/digest.js';

export interface ExpectedContent {
  readonly digest: Digest;
  /** Size to hold the bytes to; -1 or undefined: not checked. */
  readonly size?: number | undefined;
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
  const algorithm = digestAlgorithm(expected.digest);
  const hash = createHash(algorithm);
  const limit = expected.size !== undefined && expected.size >= 0 ? expected.size : undefined;
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      size += chunk.length;
      if (limit !== undefined && size > limit) {
        callback(fail({ kind: 'too-long', limit }));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (limit !== undefined && size !== limit) {
        callback(fail({ kind: 'size', limit, size }));
        return;
      }
      const actual = `${algorithm}:${hash.digest('hex')}`;
      callback(actual === expected.digest ? null : fail({ kind: 'digest', actual }));
    },
  });
}
