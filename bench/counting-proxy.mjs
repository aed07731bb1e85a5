// @ts-check
// A streaming node:http reverse proxy in front of one registry that counts every request by method and
// path class, and body bytes in each direction. Our tool and the peers all talk to the registry through
// it, so the counts are comparable. Bodies are piped (never buffered); Location headers that name the
// registry's own address are rewritten to the proxy's, and the client's Host header is passed through so
// the registry builds its upload URLs on the proxy address anyway. With `tls` the proxy serves HTTPS (the
// registry behind it stays plain HTTP and is told so by X-Forwarded-Proto); `routes` sends a path prefix
// to another upstream (the token server on the registry's host, as GHCR's /token).
import { Agent, createServer, request } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream';
import { URLSearchParams } from 'node:url';
import { deserialize, serialize } from 'node:v8';

/**
 * Classifies a registry API request. Kinds: ping, catalog, tags, manifest, blob (HEAD/GET by digest),
 * upload (POST to start, PATCH/PUT/GET/DELETE on the session), mount (POST ?mount=), token, other.
 * Returns `{ kind, key, digest }`, `key` being `"<kind> <METHOD>"` such as `blob HEAD`, `upload PUT`.
 */
export function classify(method, url) {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const params = new URLSearchParams(query);
  let kind = 'other';
  let digest = null;
  let m;
  if (/^\/v2\/?$/.test(path)) kind = 'ping';
  else if (path.startsWith('/v2/_catalog')) kind = 'catalog';
  else if (/^\/v2\/.+\/tags\/list$/.test(path)) kind = 'tags';
  else if (/^\/v2\/.+\/manifests\/[^/]+$/.test(path)) kind = 'manifest';
  else if (/^\/v2\/.+\/blobs\/uploads\/?$/.test(path)) {
    kind = params.has('mount') ? 'mount' : 'upload';
    digest = params.get('mount') ?? params.get('digest');
  } else if (/^\/v2\/.+\/blobs\/uploads\/[^/]+$/.test(path)) {
    kind = 'upload';
    digest = params.get('digest');
  } else if ((m = /^\/v2\/.+\/blobs\/([a-z0-9]+:[a-f0-9]+)$/.exec(path))) {
    kind = 'blob';
    digest = m[1];
  } else if (/token|oauth/i.test(path)) kind = 'token';
  return { kind, key: `${kind} ${method}`, digest };
}

/** Kinds that move or probe blobs. */
export const BLOB_KINDS = new Set(['blob', 'upload', 'mount']);

function emptyStats() {
  return {
    requests: 0,
    up: 0, // request body bytes, client → registry
    down: 0, // response body bytes, registry → client
    blobUp: 0,
    blobDown: 0,
    byKey: {}, // key → { count, up, down }
    statuses: {}, // "key status" → count
    blobGets: {}, // digest → GET count
    blobPuts: {}, // digest → completed uploads (PUT ?digest= / POST ?digest=) with 201
    log: [], // per request: { t0, t1, key, status, up, down, path, conn }
    firstAt: null, // performance.now() of the first request's arrival
    lastAt: null, // performance.now() of the last response's end
    errors: 0,
  };
}

/**
 * Starts the proxy on a free 127.0.0.1 port for the registry at `upstreamPort`.
 * Returns `{ port, host, stats(), reset(), setUpstream(port), close() }`. `stats()` is a snapshot.
 * @param {number} upstreamPort
 * @param {{ logLimit?: number, tls?: { key: Buffer, cert: Buffer }, routes?: Record<string, number> }} [options]
 */
export async function startCountingProxy(upstreamPort, { logLimit = 5000, tls, routes = {} } = {}) {
  let upstream = upstreamPort;
  const scheme = tls ? 'https' : 'http';
  let stats = emptyStats();
  const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 1000 });
  const sockets = new Set();
  /** @type {WeakMap<object, number>} */
  const connectionIds = new WeakMap();
  let connections = 0;

  /** @type {import('node:http').RequestListener} */
  const handler = (req, res) => {
    const t0 = performance.now();
    const current = stats;
    if (current.firstAt === null) current.firstAt = t0;
    const { kind, key, digest } = classify(req.method ?? 'GET', req.url ?? '/');
    // which client connection carried it (numbered in accept order): shows reuse and new connections
    const conn =
      connectionIds.get(req.socket) ?? connectionIds.get(/** @type {any} */ (req.socket)._parent) ?? 0;
    const entry = { t0, t1: t0, key, status: 0, up: 0, down: 0, path: (req.url ?? '').slice(0, 160), conn };
    current.requests++;
    if (current.log.length < logLimit) current.log.push(entry);
    const bucket = (current.byKey[key] ??= { count: 0, up: 0, down: 0 });
    bucket.count++;
    const isBlob = BLOB_KINDS.has(kind);

    const headers = { ...req.headers };
    delete headers.expect; // this server already answered 100-continue
    if (tls) headers['x-forwarded-proto'] = 'https';
    const route = Object.keys(routes).find((prefix) => (req.url ?? '').startsWith(prefix));
    const port = route ? routes[route] : upstream;
    const upReq = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent },
      (upRes) => {
        entry.status = upRes.statusCode ?? 0;
        const out = { ...upRes.headers };
        if (typeof out.location === 'string') {
          out.location = out.location.replace(
            new RegExp(`^https?://(127\\.0\\.0\\.1|localhost):${upstream}(?=/|$)`),
            `${scheme}://${req.headers.host ?? `127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`}`,
          );
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, out);
        upRes.on('data', (chunk) => {
          entry.down += chunk.length;
          current.down += chunk.length;
          bucket.down += chunk.length;
          if (isBlob) current.blobDown += chunk.length;
        });
        pipeline(upRes, res, (err) => {
          entry.t1 = performance.now();
          current.lastAt = entry.t1;
          if (err) current.errors++;
          const skey = `${key} ${entry.status}`;
          current.statuses[skey] = (current.statuses[skey] ?? 0) + 1;
          if (digest && kind === 'blob' && req.method === 'GET' && entry.status === 200) {
            current.blobGets[digest] = (current.blobGets[digest] ?? 0) + 1;
          }
          if (digest && kind === 'upload' && entry.status === 201) {
            current.blobPuts[digest] = (current.blobPuts[digest] ?? 0) + 1;
          }
        });
      },
    );
    upReq.on('error', () => {
      current.errors++;
      entry.t1 = performance.now();
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bench proxy: upstream error\n');
      } else {
        res.destroy();
      }
    });
    req.on('data', (chunk) => {
      entry.up += chunk.length;
      current.up += chunk.length;
      bucket.up += chunk.length;
      if (isBlob) current.blobUp += chunk.length;
    });
    pipeline(req, upReq, (err) => {
      if (err) upReq.destroy();
    });
  };
  const server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, handler) : createServer(handler);
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.on(tls ? 'secureConnection' : 'connection', (socket) => {
    connectionIds.set(socket, ++connections);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(undefined));
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    port,
    host: `127.0.0.1:${port}`,
    setUpstream(p) {
      upstream = p;
    },
    /** A deep snapshot of the counters since the last reset. */
    stats() {
      return deserialize(serialize(stats));
    },
    reset() {
      stats = emptyStats();
    },
    async close() {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Summaries of a stats snapshot used by the report. */
export function summarize(stats) {
  const blobRequests = Object.entries(stats.byKey)
    .filter(([key]) => BLOB_KINDS.has(key.split(' ')[0]))
    .reduce((a, [, v]) => a + v.count, 0);
  return {
    requests: stats.requests,
    blobRequests,
    up: stats.up,
    down: stats.down,
    blobUp: stats.blobUp,
    blobDown: stats.blobDown,
    byKey: Object.fromEntries(Object.entries(stats.byKey).map(([k, v]) => [k, v.count])),
    errors: stats.errors,
    maxBlobGets: Math.max(0, ...Object.values(stats.blobGets)),
    maxBlobPuts: Math.max(0, ...Object.values(stats.blobPuts)),
  };
}

/**
 * Where the time went, from the proxy's log, relative to `start` (performance.now() at spawn) and `end`:
 * before the first request, with ≥ 1 request in flight, idle gaps between requests, after the last
 * response; and the highest number of requests in flight at once.
 */
export function timeline(stats, start, end) {
  const log = stats.log.filter((e) => e.t1 >= e.t0);
  if (log.length === 0) return { pre: end - start, busy: 0, gaps: 0, post: 0, maxInFlight: 0 };
  const events = [];
  for (const e of log) {
    events.push([e.t0, 1], [e.t1, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let depth = 0;
  let maxInFlight = 0;
  let busy = 0;
  let since = 0;
  for (const [t, d] of events) {
    if (depth === 0 && d > 0) since = t;
    depth += d;
    if (depth === 0 && d < 0) busy += t - since;
    maxInFlight = Math.max(maxInFlight, depth);
  }
  const first = Math.min(...log.map((e) => e.t0));
  const last = Math.max(...log.map((e) => e.t1));
  return {
    pre: first - start,
    busy,
    gaps: last - first - busy,
    post: Math.max(0, end - last),
    maxInFlight,
  };
}
