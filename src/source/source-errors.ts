/**
 * The errors every source raises, worded alike: what is wrong, with which file or image, and one sentence
 * of what to do. Sources raise them from load() (before anything is written) and from BlobSource.open().
 */
import type { Digest } from '../domain/digest.js';
import { PublishError } from '../errors.js';

const REBUILD_HINT =
  'The image files are damaged or incomplete; re-export the image (docker save, buildx --output, skopeo copy).';

export function sourceNotFound(path: string, description: string, what = 'path'): PublishError {
  return new PublishError(
    'SOURCE_NOT_FOUND',
    `The ${what} ${JSON.stringify(path)} of source ${description} does not exist`,
    {
      hint: 'Check the path (relative paths start at the working directory) and that the build step wrote it.',
    },
  );
}

export function sourceCorrupt(message: string, hint = REBUILD_HINT, cause?: unknown): PublishError {
  return new PublishError('SOURCE_CORRUPT', message, { hint, cause });
}

export function sourceInvalid(message: string, hint: string, cause?: unknown): PublishError {
  return new PublishError('SOURCE_INVALID', message, { hint, cause });
}

export function sourceUnsupported(message: string, hint: string): PublishError {
  return new PublishError('SOURCE_UNSUPPORTED', message, { hint });
}

/** A blob whose bytes hash to something else than its descriptor declares. */
export function digestMismatch(where: string, expected: Digest, actual: string): PublishError {
  return new PublishError(
    'DIGEST_MISMATCH',
    `${where} hashes to ${actual}, not to the declared ${expected}`,
    {
      hint: 'The file was damaged or changed after it was written; rebuild or re-export the image.',
    },
  );
}

export function sizeMismatch(
  where: string,
  expected: Digest,
  declared: number,
  actual: string,
): PublishError {
  return new PublishError(
    'DIGEST_MISMATCH',
    `${where} (${expected}) is ${actual}, not the declared ${declared} bytes`,
    { hint: 'The file was damaged or changed after it was written; rebuild or re-export the image.' },
  );
}

/** A blob a manifest or index refers to that the source does not hold. */
export function blobMissing(digest: Digest, what: string, description: string): PublishError {
  return sourceCorrupt(
    `The ${what} ${digest} is missing from ${description}`,
    'The layout or archive is incomplete (an index pointing nowhere); re-export the whole image, every platform included.',
  );
}
