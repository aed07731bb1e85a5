/**
 * The fault proxy itself, against a tiny upstream: every fault kind does what it says, decisions are
 * reproducible from the seed, and Location/Link headers keep clients on the proxy.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  FAULT_KINDS,
  hashUnits,
  seededRandom,
  startFaultProxy,
  type FaultKind,
  type FaultProxy,
} from '../fixtures/fault-proxy.js';

let upstream: Server;
let upstreamUrl: string;
const seen: { method: string; url: string; body: number; auth: string | undefined }[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = 0;
    req.on('data', (c: Buffer) => (body += c.length));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body, auth: req.headers.authorization });
      if (req.url?.startsWith('/v2/r/blobs/uploads/')) {
        res.writeHead(202, {
          location: `${upstreamUrl}/v2/r/blobs/uploads/abc?_state=x`,
          link: `<${upstreamUrl}/v2/r/tags/list?last=a>; rel="next"`,
          'content-length': '0',
        });
        res.end();
        return;
      }
      const payload = Buffer.alloc(1000, 'x');
      res.writeHead(200, { 'content-length': String(payload.length) });
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

interface Outcome {
  status: number;
  bytes: number;
  error: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

function call(proxy: FaultProxy, method: string, path: string, body?: Buffer): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(`${proxy.url}${path}`, {
      method,
      agent: false,
      headers: body ? { 'content-length': String(body.length) } : {},
    });
    const timer = setTimeout(() => {
      req.destroy(new Error('client timeout'));
    }, 500);
    let status = 0;
    let bytes = 0;
    let headers: Outcome['headers'] = {};
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      headers = res.headers;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status, bytes, error: res.complete ? undefined : 'incomplete', headers });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        resolve({ status, bytes, error: err.message, headers });
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      resolve({ status, bytes, error: err.message, headers });
    });
    req.end(body);
  });
}

async function only(kind: FaultKind, fn: (proxy: FaultProxy) => Promise<void>): Promise<void> {
  const proxy = await startFaultProxy({ upstream: upstreamUrl, rate: 1, kinds: [kind], stallMs: 2000 });
  try {
    await fn(proxy);
    expect(proxy.faultCounts()[kind]).toBeGreaterThan(0);
  } finally {
    await proxy.stop();
  }
}

describe('fault kinds', () => {
  test('reset-before: the upstream never sees the request', async () => {
    await only('reset-before', async (proxy) => {
      const before = seen.length;
      const out = await call(proxy, 'GET', '/v2/r/manifests/a');
      expect(out.status).toBe(0);
      expect(out.error).toBeDefined();
      expect(seen.length).toBe(before);
    });
  });

  test('reset-during: half a request body reaches the upstream, then the connection is reset', async () => {
    await only('reset-during', async (proxy) => {
      const out = await call(proxy, 'PUT', '/v2/r/blobs/uploads/abc', Buffer.alloc(10_000, 1));
      expect(out.status).toBe(0);
      expect(out.error).toBeDefined();
      await new Promise((r) => setTimeout(r, 100));
      const last = seen.at(-1);
      expect(last?.body ?? 0).toBeLessThan(10_000);
    });
  });

  test('reset-during: a response body is cut in the middle', async () => {
    await only('reset-during', async (proxy) => {
      const out = await call(proxy, 'GET', '/v2/r/blobs/sha256:x');
      expect(out.status).toBe(200);
      expect(out.bytes).toBe(500);
      expect(out.error).toBeDefined();
    });
  });

  test.each([500, 502, 503, 429])('status-%i', async (status) => {
    await only(`status-${status}` as FaultKind, async (proxy) => {
      const out = await call(proxy, 'GET', '/v2/r/tags/list');
      expect(out.status).toBe(status);
      if (status === 429) expect(out.headers['retry-after']).toBe('1');
    });
  });

  test('truncate: headers promise 1000 bytes, 500 arrive, the connection closes cleanly', async () => {
    await only('truncate', async (proxy) => {
      const out = await call(proxy, 'GET', '/v2/r/blobs/sha256:x');
      expect(out.status).toBe(200);
      expect(out.headers['content-length']).toBe('1000');
      expect(out.bytes).toBe(500);
      expect(out.error).toBeDefined();
    });
  });

  test('stall: no answer within the client timeout', async () => {
    await only('stall', async (proxy) => {
      const started = Date.now();
      const out = await call(proxy, 'HEAD', '/v2/r/manifests/a');
      expect(out.error).toBe('client timeout');
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    });
  });
});

test('Location and Link headers that name the upstream are rewritten to the proxy', async () => {
  const proxy = await startFaultProxy({ upstream: upstreamUrl });
  try {
    const out = await call(proxy, 'POST', '/v2/r/blobs/uploads/');
    expect(out.status).toBe(202);
    expect(out.headers.location).toBe(`${proxy.url}/v2/r/blobs/uploads/abc?_state=x`);
    expect(out.headers.link).toBe(`<${proxy.url}/v2/r/tags/list?last=a>; rel="next"`);
    expect(proxy.log.at(-1)?.status).toBe(202);
  } finally {
    await proxy.stop();
  }
});

test('targets: the Nth request matching METHOD and URL faults, the others pass', async () => {
  const proxy = await startFaultProxy({
    upstream: upstreamUrl,
    targets: [
      { method: 'PUT', url: /\/manifests\/t$/, nth: 2, fault: 'status-405' },
      { method: 'POST', url: /[?&]mount=/, times: Infinity, fault: 'reset-before' },
    ],
  });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(proxy, 'PUT', '/v2/r/manifests/t')).status);
    expect(statuses).toEqual([200, 405, 200]);
    // Another method or path on the same URL pattern is not counted.
    expect((await call(proxy, 'GET', '/v2/r/manifests/t')).status).toBe(200);
    expect((await call(proxy, 'PUT', '/v2/r/manifests/t2')).status).toBe(200);
    // A pattern on the query: every mount is reset, a plain POST passes.
    expect((await call(proxy, 'POST', '/v2/r/blobs/uploads/?mount=sha256:a&from=s')).status).toBe(0);
    expect((await call(proxy, 'POST', '/v2/r/blobs/uploads/?from=s&mount=sha256:a')).status).toBe(0);
    expect((await call(proxy, 'POST', '/v2/r/blobs/uploads/')).status).toBe(202);
    expect(proxy.log.map((e) => e.fault)).toEqual([
      null,
      'status-405',
      null,
      null,
      null,
      'reset-before',
      'reset-before',
      null,
    ]);
  } finally {
    await proxy.stop();
  }
});

test('reset-after: the upstream gets the whole request and answers, the client sees a reset', async () => {
  const proxy = await startFaultProxy({
    upstream: upstreamUrl,
    targets: [{ method: 'PUT', url: /manifests/, fault: 'reset-after' }],
  });
  try {
    const out = await call(proxy, 'PUT', '/v2/r/manifests/a', Buffer.alloc(3000, 1));
    expect(out.status).toBe(0);
    expect(out.error).toBeDefined();
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', url: '/v2/r/manifests/a', body: 3000 });
  } finally {
    await proxy.stop();
  }
});

test('decisions depend on the seed and the request, not on arrival order', async () => {
  const paths = Array.from({ length: 60 }, (_, i) => `/v2/r${i % 7}/manifests/t${i % 11}`);
  const run = async (seed: number, order: string[]): Promise<string[]> => {
    const proxy = await startFaultProxy({
      upstream: upstreamUrl,
      rate: 0.3,
      seed,
      kinds: ['status-500', 'status-503'],
    });
    try {
      await Promise.all(order.map((p) => call(proxy, 'GET', p)));
      return proxy.log.map((e) => `${e.path}=${e.fault ?? 'ok'}`).sort();
    } finally {
      await proxy.stop();
    }
  };
  const a = await run(42, paths);
  const b = await run(42, [...paths].reverse());
  const c = await run(43, paths);
  expect(b).toEqual(a);
  expect(c).not.toEqual(a);
  const faulted = a.filter((x) => !x.endsWith('=ok')).length;
  expect(faulted).toBeGreaterThan(5);
  expect(faulted).toBeLessThan(35);
});

test('throttle slows a body down to the given rate', async () => {
  const proxy = await startFaultProxy({
    upstream: upstreamUrl,
    throttle: { bytesPerSecond: 40_000, match: (r) => r.method === 'PUT' },
  });
  try {
    const started = Date.now();
    // 12 kB at 40 kB/s: 2 kB slices every 50 ms, about 250 ms (the client gives up after 500 ms).
    const out = await call(proxy, 'PUT', '/v2/r/blobs/uploads/abc', Buffer.alloc(12_000, 1));
    expect(out.status).toBe(202);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  } finally {
    await proxy.stop();
  }
});

test('the PRNG helpers are deterministic', () => {
  expect(hashUnits('a')).toEqual(hashUnits('a'));
  const r1 = seededRandom(5);
  const r2 = seededRandom(5);
  expect([r1(), r1(), r1()]).toEqual([r2(), r2(), r2()]);
  expect(FAULT_KINDS).toHaveLength(8);
});
