// @ts-check
// A userspace wide-area link (this kernel has no netem): a TCP relay on 127.0.0.1 in front of one
// upstream port. Every byte arrives `delayMs` after it left (one-way delay); each new connection costs a
// handshake round trip before its first byte moves (SYN / SYN-ACK); both directions are capped at
// `rateMbit`, shared by all connections through every relay made by the same link (one serialiser per
// direction, first come first served), so bytes stay in order within a connection. A connection's
// sender is paused while more than a window of its bytes is queued, as TCP's window would.
// The link counts connections and bytes; relays made by one link share its counters and its capacity.
import { createConnection, createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';

const WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * One direction of the link: a FIFO serialiser at `bytesPerMs`. `schedule(len)` returns the time
 * (performance.now()) at which the last byte of a `len`-byte chunk sent now arrives at the far end.
 * @param {number} bytesPerMs
 * @param {number} delayMs
 */
function direction(bytesPerMs, delayMs) {
  let freeAt = 0;
  return {
    /** @param {number} len */
    schedule(len) {
      const now = performance.now();
      const start = Math.max(now, freeAt);
      freeAt = bytesPerMs > 0 ? start + len / bytesPerMs : start;
      return freeAt + delayMs;
    },
  };
}

/**
 * Ordered, delayed delivery of chunks to `socket`; one timer at a time.
 * @param {import('node:net').Socket} socket
 * @param {() => void} onDrained called when the queued bytes fall under the window
 */
function deliverer(socket, onDrained) {
  /** @type {{ at: number, chunk: Buffer | null }[]} */
  const queue = [];
  let queued = 0;
  /** @type {NodeJS.Timeout | null} */
  let timer = null;
  const pump = () => {
    timer = null;
    const now = performance.now();
    while (queue.length && queue[0].at <= now + 0.5) {
      const item = /** @type {{ at: number, chunk: Buffer | null }} */ (queue.shift());
      if (item.chunk === null) {
        socket.end();
        continue;
      }
      queued -= item.chunk.length;
      if (!socket.destroyed) socket.write(item.chunk);
      if (queued < WINDOW_BYTES) onDrained();
    }
    if (queue.length) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
  };
  return {
    /** @param {Buffer | null} chunk null: end of stream @param {number} at */
    push(chunk, at) {
      queue.push({ at, chunk });
      if (chunk) queued += chunk.length;
      if (!timer) timer = setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
      return queued < WINDOW_BYTES;
    },
    stop() {
      if (timer) clearTimeout(timer);
      queue.length = 0;
    },
  };
}

/**
 * A link with `delayMs` each way and `rateMbit` (0: unlimited) per direction, shared by its relays.
 * @param {{ delayMs?: number, rateMbit?: number }} [options]
 */
export function createLink({ delayMs = 20, rateMbit = 200 } = {}) {
  const bytesPerMs = rateMbit > 0 ? (rateMbit * 1e6) / 8 / 1000 : 0;
  const up = direction(bytesPerMs, delayMs);
  const down = direction(bytesPerMs, delayMs);
  const counters = { connections: 0, up: 0, down: 0 };
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {import('node:net').Server[]} */
  const servers = [];
  const link = {
    delayMs,
    rateMbit,
    bytesPerMs,
    /** Round trip time of the link. */
    rttMs: 2 * delayMs,
    /**
     * A relay on a free 127.0.0.1 port to `upstreamPort` over this link.
     * @param {number} upstreamPort
     * @returns {Promise<{ port: number, host: string }>}
     */
    async relay(upstreamPort) {
      const server = createServer({ pauseOnConnect: true }, (client) => {
        counters.connections++;
        sockets.add(client);
        const server = createConnection({ host: '127.0.0.1', port: upstreamPort });
        sockets.add(server);
        server.pause();
        const toServer = deliverer(server, () => client.resume());
        const toClient = deliverer(client, () => server.resume());
        const close = () => {
          toServer.stop();
          toClient.stop();
          client.destroy();
          server.destroy();
          sockets.delete(client);
          sockets.delete(server);
        };
        client.on('error', close);
        server.on('error', close);
        // a closed side ends the other once its queued bytes are delivered (the 'end' pushed below)
        client.on('close', () => sockets.delete(client));
        server.on('close', () => sockets.delete(server));
        client.on('data', (chunk) => {
          counters.up += chunk.length;
          if (!toServer.push(chunk, up.schedule(chunk.length))) client.pause();
        });
        client.on('end', () => toServer.push(null, up.schedule(0)));
        server.on('data', (chunk) => {
          counters.down += chunk.length;
          if (!toClient.push(chunk, down.schedule(chunk.length))) server.pause();
        });
        server.on('end', () => toClient.push(null, down.schedule(0)));
        // the handshake: the client's first byte can leave one round trip after it connected
        setTimeout(() => {
          client.resume();
          server.resume();
        }, 2 * delayMs);
      });
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(undefined));
      });
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      return { port: address.port, host: `127.0.0.1:${address.port}` };
    },
    /** Connections opened and bytes carried each way since the last reset. */
    stats() {
      return { ...counters };
    },
    reset() {
      counters.connections = 0;
      counters.up = 0;
      counters.down = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
    },
  };
  return link;
}
