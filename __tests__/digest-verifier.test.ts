import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { Digest } from '../src/domain/digest.js';
import { createDigestVerifier, type ContentMismatch } from '../src/digest-verifier.js';

const chunks = [Buffer.from('first '), Buffer.from('second '), Buffer.from('last')];
const digestOf = (bytes: Buffer): Digest => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const whole = Buffer.concat(chunks);

/** What a consumer of the verified stream received before it ended or failed, and how it ended. */
async function consume(
  expected: { digest: Digest; size?: number },
  input: readonly Buffer[] = chunks,
): Promise<{ received: string; mismatch: ContentMismatch | undefined }> {
  let mismatch: ContentMismatch | undefined;
  const verifier = createDigestVerifier(expected, (m) => {
    mismatch = m;
    return new Error(m.kind);
  });
  const received: Buffer[] = [];
  Readable.from(input).pipe(verifier);
  await new Promise<void>((resolve) => {
    verifier.on('data', (chunk: Buffer) => received.push(chunk));
    verifier.on('end', resolve);
    verifier.on('error', () => resolve());
  });
  return { received: Buffer.concat(received).toString(), mismatch };
}

describe('createDigestVerifier', () => {
  test('matching bytes pass through whole', async () => {
    expect(await consume({ digest: digestOf(whole), size: whole.length })).toEqual({
      received: 'first second last',
      mismatch: undefined,
    });
  });

  // An upload body with a Content-Length is complete only with its last byte: holding the last chunk back
  // is what keeps a registry from committing wrong bytes streamed in one pass.
  test('on a digest mismatch the consumer never gets the last chunk', async () => {
    const result = await consume({ digest: digestOf(Buffer.from('other')), size: whole.length });
    expect(result.mismatch?.kind).toBe('digest');
    expect(result.received).toBe('first second ');
  });

  test('a short stream fails its size check without passing on its last chunk', async () => {
    const result = await consume({ digest: digestOf(whole), size: whole.length + 1 });
    expect(result.mismatch).toEqual({ kind: 'size', limit: whole.length + 1, size: whole.length });
    expect(result.received).toBe('first second ');
  });

  test('a long stream fails as soon as it passes the size, before the chunk that crossed it', async () => {
    const result = await consume({ digest: digestOf(whole), size: 8 });
    expect(result.mismatch).toEqual({ kind: 'too-long', limit: 8 });
    expect(result.received).toBe('');
  });
});
