import { Readable } from 'node:stream';
import { createRegistryClient, type RegistryClientOptions } from '../../src/registry/client.js';
import type { DebugEvent } from '../../src/registry/debug-events.js';
import type { BlobToUpload } from '../../src/registry/types.js';
import { sha256, type FakeRegistry } from '../fixtures/fake-registry.js';
import type { Digest } from '../../src/domain/digest.js';

export interface Recorder {
  readonly sleeps: number[];
  readonly events: { method: string; url: string; status: number }[];
  readonly secrets: string[];
  readonly warnings: string[];
  readonly debug: DebugEvent[];
}

/** A client for a fake registry with recorded sleeps (no real waiting), events and secrets. */
export function clientFor(reg: FakeRegistry, options: Partial<RegistryClientOptions> = {}) {
  const rec: Recorder = { sleeps: [], events: [], secrets: [], warnings: [], debug: [] };
  const client = createRegistryClient({
    registry: reg.host,
    env: {},
    ...options,
    retry: {
      sleep: async (ms) => void rec.sleeps.push(ms),
      random: () => 0.5,
      ...options.retry,
    },
    events: {
      onRequest: (e) => void rec.events.push({ ...e }),
      onSecret: (s) => void rec.secrets.push(s),
      onWarning: (w) => void rec.warnings.push(w),
      onDebug: (e) => void rec.debug.push(e),
    },
  });
  return { client, rec };
}

/** A re-openable blob that counts how often it was opened. */
export function blobOf(
  content: Buffer | string,
  chunk = 64 * 1024,
): BlobToUpload & { opens: number; bytes: Buffer } {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const blob = {
    digest: sha256(bytes) as Digest,
    size: bytes.length,
    opens: 0,
    bytes,
    async open() {
      blob.opens++;
      const parts: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
      return Readable.from(parts);
    },
  };
  return blob;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}
