/**
 * Sockets opened ahead of the request that will take them (at start-up, early-sockets.ts, or by
 * connections.ts), held in a list until taken: meanwhile a failure or the server's close only removes one
 * from its list, and a held socket keeps no process up. Only node:net types: the entry loads it before undici.
 */
import type { Socket } from 'node:net';

/** A socket held until taken; `ready` settles when it is connected (with the error if it failed). */
export interface HeldSocket {
  readonly socket: Socket;
  readonly ready: Promise<Error | undefined>;
  /** Removes it from its list (its listener while held). */
  readonly drop: () => void;
}

/** Holds `socket` in `list` (as the entry `extra` describes it) until releaseSocket takes it. */
export function holdSocket<T extends HeldSocket>(
  list: T[],
  socket: Socket,
  ready: Promise<Error | undefined>,
  extra: Omit<T, keyof HeldSocket>,
): void {
  const drop = (): void => {
    const at = list.indexOf(held);
    if (at >= 0) list.splice(at, 1);
  };
  const held = { ...extra, socket, ready, drop } as T;
  socket.on('error', drop).on('close', drop).on('end', drop).unref();
  list.push(held);
}

/** Takes `held` out of its list: the caller listens to its socket now. */
export function releaseSocket(held: HeldSocket): Socket {
  held.drop();
  return held.socket.off('error', held.drop).off('close', held.drop).off('end', held.drop);
}
