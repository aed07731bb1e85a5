/**
 * Reading a whole body or stream into memory with a cap, so that a hostile or broken peer (a registry, the
 * Docker engine) cannot make us hold more than we expect. The one reader behind the registry's response
 * bodies (registry/response-body.ts) and the engine API's answers (source/engine-api.ts).
 */

/** At most `limit` bytes of a body, and whether it had more (reading then stopped). */
export interface BoundedBytes {
  readonly bytes: Buffer;
  readonly overflowed: boolean;
}

/** A body that can be stopped early: a Node Readable, undici's body, an IncomingMessage. */
export interface StoppableBody extends AsyncIterable<unknown> {
  destroy(): unknown;
}

/**
 * Collects `body` until it ends or passes `limit` bytes, then destroys it and stops. The chunks that
 * arrived are appended to `received` as they come, so a caller still has them when the stream fails (the
 * failure is rethrown as it is).
 */
export async function readBounded(
  body: StoppableBody,
  limit: number,
  received: Buffer[] = [],
): Promise<BoundedBytes> {
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    received.push(chunk);
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      return { bytes: Buffer.concat(received).subarray(0, limit), overflowed: true };
    }
  }
  return { bytes: Buffer.concat(received), overflowed: false };
}

/** The bytes in `chunks`. */
export function byteLength(chunks: readonly Buffer[]): number {
  return chunks.reduce((n, c) => n + c.length, 0);
}
