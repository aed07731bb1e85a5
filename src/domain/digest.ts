import { createHash } from 'node:crypto';

/** A content digest such as `sha256:3f…`. Only sha256 is produced; sha512 is accepted when read. */
export type Digest = `sha256:${string}` | `sha512:${string}`;

const DIGEST_PATTERN = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(value: string): value is Digest {
  return DIGEST_PATTERN.test(value);
}

export function sha256Digest(bytes: Uint8Array | string): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The hex part of a digest (what blob paths in OCI layouts use). */
export function digestHex(digest: Digest): string {
  return digest.slice(digest.indexOf(':') + 1);
}

export function digestAlgorithm(digest: Digest): 'sha256' | 'sha512' {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

/** A short form for logs, like Docker's `3f2a1b4c5d6e`. */
export function shortDigest(digest: Digest): string {
  return digestHex(digest).slice(0, 12);
}
