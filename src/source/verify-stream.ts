/**
 * Stream helpers of the image sources: verification (the one verifier in ../digest-verifier.ts, worded for
 * local content), chaining, and hashing sinks.
 */
import { createHash } from 'node:crypto';
import { Transform, Writable, type Duplex, type Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream';
import type { Digest } from '../domain/digest.js';
import {
  createDigestMeter,
  createDigestVerifier,
  type CheckedStream,
  type ContentMismatch,
  type ExpectedContent,
} from '../digest-verifier.js';
import { digestMismatch, sizeMismatch } from './source-errors.js';

export type Expected = ExpectedContent;

/** A passthrough that fails with DIGEST_MISMATCH naming `where` when the bytes do not match `expected`. */
export function createVerifyStream(expected: Expected, where: string): Transform {
  return createDigestVerifier(expected, mismatchError(expected, where));
}

/** `source` measured against `expected`: all bytes pass, `verdict` tells (worded as createVerifyStream). */
export function measured(source: Readable, expected: Expected, where: string): CheckedStream {
  const meter = createDigestMeter(expected, mismatchError(expected, where));
  return { stream: chain(source, meter.stream), verdict: meter.verdict };
}

function mismatchError(expected: Expected, where: string): (m: ContentMismatch) => Error {
  return (m) =>
    m.kind === 'digest'
      ? digestMismatch(where, expected.digest, m.actual)
      : sizeMismatch(
          where,
          expected.digest,
          m.limit,
          m.kind === 'too-long' ? `more than ${m.limit} bytes` : `${m.size} bytes`,
        );
}

/** The verified stream: `source` piped through a verifier; destroying the result destroys `source`. */
export function verified(source: Readable, expected: Expected, where: string): Readable {
  return chain(source, createVerifyStream(expected, where));
}

/**
 * `source` piped through `transforms`; the last stream is returned. An error anywhere destroys the result
 * with that error; destroying the result destroys `source` (closing files and requests).
 */
export function chain(source: Readable, ...transforms: Duplex[]): Readable {
  if (transforms.length === 0) return source;
  const streams = [source, ...transforms] as [Readable, ...Duplex[]];
  streamPipeline(streams, () => {
    // errors reach the consumer through the last stream
  });
  return transforms[transforms.length - 1] as Duplex;
}

export interface Hashed {
  readonly digest: Digest;
  readonly size: number;
}

/**
 * A writable that hashes what it is given (sha256); `result()` after it finished. `forward`, when given,
 * also receives every chunk, and the sink takes the next one only after it resolved.
 */
export function createHashSink(forward?: (chunk: Buffer) => Promise<void>): Writable & { result(): Hashed } {
  const hash = createSizedHash();
  let done: Hashed | undefined;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      if (forward) forward(chunk).then(() => callback(), callback);
      else callback();
    },
    final(callback) {
      done = hash.result();
      callback();
    },
  });
  return Object.assign(sink, {
    result(): Hashed {
      if (!done) throw new Error('internal: hash sink read before it finished');
      return done;
    },
  });
}

/** A passthrough that hashes what flows through (sha256); `result()` after it ended. */
export function createHashingPassThrough(): Transform & { result(): Hashed } {
  const hash = createSizedHash();
  let done: Hashed | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      done = hash.result();
      callback();
    },
  });
  return Object.assign(stream, {
    result(): Hashed {
      if (!done) throw new Error('internal: hash read before the stream ended');
      return done;
    },
  });
}

/** sha256 and byte count of what it is given; `result()` once, at the end. */
export function createSizedHash(): { update(chunk: Uint8Array): void; result(): Hashed } {
  const hash = createHash('sha256');
  let size = 0;
  return {
    update(chunk) {
      hash.update(chunk);
      size += chunk.length;
    },
    result: () => ({ digest: `sha256:${hash.digest('hex')}`, size }),
  };
}
