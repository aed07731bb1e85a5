/**
 * A hashing passthrough: bytes flow through unchanged while their digest is computed; at the end the
 * digest (and the size, when known) must match, else the stream is destroyed with DIGEST_MISMATCH so
 * the consumer never treats a corrupt copy as complete.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { digestAlgorithm, type Digest } from '../domain/digest.js';
import { RegistryError } from './errors.js';

export function createVerifyStream(expected: Digest, where: string, expectedSize?: number): Transform {
  const hash = createHash(digestAlgorithm(expected));
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      if (expectedSize !== undefined && size > expectedSize) {
        callback(mismatch(expected, where, `more than the expected ${expectedSize} bytes`));
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = `${digestAlgorithm(expected)}:${hash.digest('hex')}`;
      if (actual !== expected) {
        callback(mismatch(expected, where, `content hashing to ${actual}`));
        return;
      }
      if (expectedSize !== undefined && size !== expectedSize) {
        callback(mismatch(expected, where, `${size} bytes instead of ${expectedSize}`));
        return;
      }
      callback();
    },
  });
}

function mismatch(expected: Digest, where: string, what: string): RegistryError {
  return new RegistryError({
    code: 'DIGEST_MISMATCH',
    message: `GET blob ${expected} on ${where} returned ${what}`,
    hint: 'The registry or a proxy served corrupt data; re-run, and report it to the registry operator if it persists.',
  });
}
