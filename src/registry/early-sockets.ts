/**
 * TCP connections to the destination registry opened at start-up, while the rest of the bundle (undici,
 * the engine) is still loading: the entry knows the registry from the command line or the action's inputs
 * tens of milliseconds before the first request is ready, so over a distant link the TCP handshake is done
 * by then instead of being paid after it (docs/benchmarks.md, "Where the time went (WAN)").
 * connections.ts takes them as connections opened ahead for either scheme (TLS, when the registry speaks
 * it, is set up over the one taken). Only node:net is loaded here.
 */
import { connect, type Socket } from 'node:net';
import { apiHostFor } from '../domain/reference.js';
import { holdSocket, releaseSocket, type HeldSocket } from './held-sockets.js';
import { isLoopbackHost } from './location.js';

/** A socket opened at start-up; `ready` settles when it is connected (with the error if it failed). */
export interface EarlySocket {
  readonly socket: Socket;
  readonly ready: Promise<Error | undefined>;
}

/** What the entry knows of the first registry before the settings are parsed. */
export interface RegistryHint {
  /** As the user wrote it (`localhost:5000`, `ghcr.io`). */
  readonly registry: string;
  readonly insecure: boolean;
}

/** As many as a publish sends at once by default (4 tags, `concurrency` 4), and the TLS attempt's. */
const EARLY_SOCKETS = 5;
/** A handshake that takes longer is given up, as the transport's own (transport.ts, connectTimeout). */
const EARLY_CONNECT_TIMEOUT_MS = 30_000;

/** Sockets opened at start-up, by `hostname:port` as URL spells them. */
const early = new Map<string, HeldSocket[]>();

/**
 * Opens the start-up connections to the hinted registry. None when the request would go through a proxy
 * (HTTPS_PROXY/HTTP_PROXY set and the registry not on loopback), or when the port is not known: a
 * loopback or `insecure` registry without a port may answer on 443 or 80.
 */
export function openEarlySockets(
  hint: RegistryHint,
  env: Readonly<Record<string, string | undefined>>,
): void {
  let url: URL;
  try {
    url = new URL(`https://${apiHostFor(hint.registry)}`);
  } catch {
    return; // the settings say what is wrong with it
  }
  const loopback = isLoopbackHost(url.host);
  const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => env[k]);
  if (proxied && !loopback) return;
  const undecided = loopback || hint.insecure;
  if (undecided && url.port === '') return;
  const port = Number(url.port || 443);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const list: HeldSocket[] = [];
  for (let i = 0; i < EARLY_SOCKETS; i++) {
    // As undici's connector makes its sockets (lib/core/connect.js): 64 KiB buffers, no Nagle, keep-alive.
    const options = { host, port, highWaterMark: 64 * 1024 };
    const socket = connect(options).setNoDelay(true).setKeepAlive(true, 60_000);
    // Failed as undici's connector fails one, so that network-errors.ts words it the same way.
    socket.setTimeout(EARLY_CONNECT_TIMEOUT_MS, () =>
      socket.destroy(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' })),
    );
    const ready = new Promise<Error | undefined>((resolve) => {
      socket.once('connect', () => {
        socket.setTimeout(0);
        resolve(undefined);
      });
      socket.once('error', resolve);
    });
    holdSocket(list, socket, ready, {});
  }
  early.set(`${url.hostname}:${port}`, list);
}

/** The start-up sockets to `hostname:port` still open, handed over once (the caller listens to them now). */
export function takeEarlySockets(key: string): EarlySocket[] {
  const list = early.get(key);
  if (!list) return [];
  early.delete(key);
  // A copy: releasing one takes it out of `list`.
  return [...list].map((held) => ({ socket: releaseSocket(held), ready: held.ready }));
}
