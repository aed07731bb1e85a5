import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  createServer as createNetServer,
  connect,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryError } from '../../src/registry/errors.js';
import { Transport } from '../../src/registry/transport.js';
import { createFakeRegistry, type FakeRegistry } from '../fixtures/fake-registry.js';
import { sharedTestCa, type TestCa } from '../fixtures/test-ca.js';
import { blobOf } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function guard(registry: string, insecure = false): (url: string) => string {
  const t = new Transport({ registry, insecure, env: {} });
  cleanups.push(() => t.close());
  return (url) => {
    try {
      t.checkTarget(new URL(url), { operation: 'PUT blob', where: registry, method: 'PUT' });
      return 'ok';
    } catch (err) {
      return (err as RegistryError).code;
    }
  };
}

describe('quirk 4: cross-host targets', () => {
  test('a public registry may not send the client to private addresses or plain HTTP', () => {
    const check = guard('registry.example.com');
    expect(check('https://bucket.s3.amazonaws.com/blob?X-Amz-Signature=x')).toBe('ok');
    expect(check('https://registry.example.com/v2/x')).toBe('ok');
    expect(check('https://10.0.0.5/blob')).toBe('REGISTRY_REJECTED');
    expect(check('https://169.254.169.254/latest/meta-data')).toBe('REGISTRY_REJECTED');
    // IPv4-mapped IPv6, which the URL parser rewrites to hex (`[::ffff:a9fe:a9fe]`): issue 18.
    expect(check('https://[::ffff:169.254.169.254]/latest/meta-data')).toBe('REGISTRY_REJECTED');
    expect(check('https://[::ffff:10.1.2.3]/blob')).toBe('REGISTRY_REJECTED');
    expect(check('https://[::ffff:127.0.0.1]:8080/blob')).toBe('REGISTRY_REJECTED');
    expect(check('https://[fe80::1]/blob')).toBe('REGISTRY_REJECTED');
    expect(check('https://[fd00::1]/blob')).toBe('REGISTRY_REJECTED');
    expect(check('https://[::ffff:8.8.8.8]/blob')).toBe('ok');
    expect(check('http://storage.example.net/blob')).toBe('INSECURE_REFUSED');
    expect(check('ftp://storage.example.net/blob')).toBe('REGISTRY_REJECTED');
  });
  test('a private or insecure registry may', () => {
    expect(guard('10.0.0.2:5000')('http://10.0.0.3:9000/blob')).toBe('INSECURE_REFUSED');
    expect(guard('localhost:5000')('http://127.0.0.1:9000/blob')).toBe('ok');
    expect(guard('registry.example.com', true)('http://10.0.0.3:9000/blob')).toBe('ok');
  });
});

/** A minimal proxy (CONNECT tunnels and absolute-form forwarding) that records the targets. */
async function startProxy(): Promise<{ url: string; targets: string[] }> {
  const targets: string[] = [];
  const server: Server = createNetServer((socket) => {
    socket.once('data', (head) => {
      const line = head.toString('latin1');
      const tunnel = /^CONNECT (\S+) HTTP/.exec(line);
      const forward = /^[A-Z]+ http:\/\/([^/\s]+)\S* HTTP/.exec(line);
      const target = tunnel?.[1] ?? forward?.[1];
      if (!target) {
        socket.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      targets.push(target);
      const colon = target.lastIndexOf(':');
      const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
        // Node's HTTP server accepts absolute-form request targets, so forwarded bytes pass through as is.
        if (tunnel) socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        else upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(resolve, 100);
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, targets };
}

const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(!external)('proxies from the env passed in', () => {
  async function registry(): Promise<{ reg: FakeRegistry; host: string }> {
    const reg = await createFakeRegistry({ listen: '0.0.0.0' });
    cleanups.push(() => reg.close());
    return { reg, host: `${external}:${reg.host.split(':')[1]}` };
  }

  test('HTTP_PROXY/HTTPS_PROXY are used for non-loopback registries', async () => {
    const { reg, host } = await registry();
    const proxy = await startProxy();
    const client = createRegistryClient({
      registry: host,
      insecure: true,
      env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
    });
    await client.ping();
    await client.close();
    expect(proxy.targets.length).toBeGreaterThan(0);
    expect(proxy.targets.every((t) => t === host)).toBe(true);
    expect(reg.requests).toHaveLength(1);
  });

  test('NO_PROXY bypasses the proxy', async () => {
    const { reg, host } = await registry();
    const proxy = await startProxy();
    const client = createRegistryClient({
      registry: host,
      insecure: true,
      env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: `example.com,${external}` },
    });
    await client.ping();
    await client.close();
    expect(proxy.targets).toEqual([]);
    expect(reg.requests).toHaveLength(1);
  });
});

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A loopback registry on one port that speaks `plain` HTTP, `tls` (the test CA's certificate), or `both`
 * (it tells a TLS ClientHello from plain HTTP by the first byte, as a protocol-sniffing front does), and
 * records what each side received. With `holdTls`, a TLS attempt on a plain server gets its answer (the
 * HTTP server's 400 to the ClientHello) only once a plain request has arrived, or after 2 s.
 */
async function dualRegistry(ca: TestCa, speaks: 'plain' | 'tls' | 'both', holdTls = false) {
  const seen: { plain: string[]; tls: string[] } = { plain: [], tls: [] };
  let releasedBy: 'plain request' | 'timer' | undefined;
  const held: (() => void)[] = [];
  const release = (by: 'plain request' | 'timer'): void => {
    releasedBy ??= by;
    for (const go of held.splice(0)) go();
  };
  const answer =
    (side: 'plain' | 'tls') =>
    (req: IncomingMessage, res: ServerResponse): void => {
      seen[side].push(`${req.method} ${req.url}${req.headers.authorization ? ' (with credentials)' : ''}`);
      if (side === 'plain') release('plain request');
      req.resume();
      req.on('end', () => {
        const status = req.method === 'POST' ? 202 : req.method === 'PUT' ? 201 : 200;
        res.writeHead(status, {
          'docker-distribution-api-version': 'registry/2.0',
          'content-length': '2',
          ...(req.method === 'POST' ? { location: '/v2/app/blobs/uploads/1' } : {}),
        });
        res.end('{}');
      });
    };
  const plain = createHttpServer(answer('plain'));
  const secure = createHttpsServer({ key: ca.serverKeyPem, cert: ca.serverCertPem }, answer('tls'));
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      const tlsHello = chunk[0] === 0x16;
      const to = tlsHello && speaks !== 'plain' ? secure : !tlsHello && speaks === 'tls' ? secure : plain;
      // Relayed to that server's own port (a TLS server cannot take over a socket already read from).
      const go = (): void => {
        const upstream = connect((to.address() as AddressInfo).port, '127.0.0.1', () => {
          upstream.write(chunk);
          socket.pipe(upstream).pipe(socket);
          socket.resume();
        });
        sockets.add(upstream);
        upstream.on('error', () => socket.destroy());
        upstream.on('close', () => socket.destroy());
      };
      if (tlsHello && speaks === 'plain' && holdTls && releasedBy === undefined) {
        held.push(go);
        setTimeout(() => release('timer'), 2000).unref();
      } else go();
    });
    socket.on('error', () => undefined);
  });
  await Promise.all(
    [front, plain, secure].map((srv) => new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))),
  );
  cleanups.push(async () => {
    release('timer');
    for (const socket of sockets) socket.destroy();
    plain.closeAllConnections();
    secure.closeAllConnections();
    await Promise.all(
      [front, plain, secure].map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))),
    );
  });
  return {
    registry: `127.0.0.1:${(front.address() as AddressInfo).port}`,
    seen,
    releasedBy: () => releasedBy,
  };
}

describe.skipIf(!haveOpenssl())('https or http: https preferred, no round trip lost to the probe', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await sharedTestCa();
  });

  type Case = {
    name: string;
    speaks: 'plain' | 'tls' | 'both';
    trustCa?: boolean;
    insecure?: boolean;
    token?: boolean;
    write?: boolean;
    /** Connections opened ahead first (plain TCP while the scheme is undecided). */
    preconnect?: boolean;
    /** The scheme of every answer taken, or the error code. */
    outcome: 'http:' | 'https:' | 'TLS_FAILED';
    plainSeen?: string[];
    tlsSeen?: string[];
  };
  const cases: Case[] = [
    // The plain request goes out with the TLS attempt (held until it arrives): its answer is taken once
    // TLS fails, with no connection opened after the failure.
    {
      name: 'plain HTTP on loopback: http, the read sent alongside the TLS attempt',
      speaks: 'plain',
      outcome: 'http:',
      plainSeen: ['GET /v2/'],
    },
    {
      name: 'plain HTTP on loopback, a write first: sent over http only after TLS failed, once',
      speaks: 'plain',
      write: true,
      outcome: 'http:',
      plainSeen: [
        'POST /v2/app/blobs/uploads/',
        `PUT /v2/app/blobs/uploads/1?digest=${blobOf('x').digest.replace(':', '%3A')}`,
      ],
    },
    {
      name: 'TLS with the CA given: https, even where plain HTTP answers too (its answer dropped)',
      speaks: 'both',
      trustCa: true,
      outcome: 'https:',
      tlsSeen: ['GET /v2/'],
    },
    {
      name: 'TLS only, the CA given: https',
      speaks: 'tls',
      trustCa: true,
      outcome: 'https:',
      tlsSeen: ['GET /v2/'],
    },
    {
      name: 'TLS with a certificate not trusted: TLS_FAILED, never the plain-HTTP answer',
      speaks: 'both',
      outcome: 'TLS_FAILED',
      tlsSeen: [],
    },
    {
      name: 'insecure, a certificate not trusted: https unverified, not http',
      speaks: 'both',
      insecure: true,
      outcome: 'https:',
      tlsSeen: ['GET /v2/'],
    },
    {
      name: 'a registry token: a request with credentials never goes out in clear',
      speaks: 'both',
      trustCa: true,
      token: true,
      outcome: 'https:',
      plainSeen: [],
      tlsSeen: ['GET /v2/ (with credentials)'],
    },
    {
      name: 'plain HTTP, connections opened ahead: the read and the TLS attempt take them',
      speaks: 'plain',
      preconnect: true,
      outcome: 'http:',
      plainSeen: ['GET /v2/'],
    },
    {
      name: 'TLS with the CA given, connections opened ahead: TLS over the one taken',
      speaks: 'both',
      trustCa: true,
      preconnect: true,
      outcome: 'https:',
      tlsSeen: ['GET /v2/'],
    },
  ];

  test.each(cases)('$name', async (c) => {
    const reg = await dualRegistry(ca, c.speaks, c.speaks === 'plain' && !c.write);
    const schemes: string[] = [];
    const client = createRegistryClient({
      registry: reg.registry,
      env: {},
      certsDirs: [],
      retry: { attempts: 1 },
      ...(c.trustCa ? { caFile: ca.caFile } : {}),
      ...(c.insecure ? { insecure: true } : {}),
      ...(c.token ? { credentials: { kind: 'registry-token', token: 'registry-t0ken' } } : {}),
      events: { onRequest: (e) => void schemes.push(new URL(e.url).protocol) },
    });
    cleanups.push(() => client.close());
    if (c.preconnect) client.preconnect?.(2);
    const run = c.write ? client.uploadBlob('app', blobOf('x')) : client.ping();
    const outcome = await run.then(
      () => [...new Set(schemes)].join(' '),
      (e: unknown) => (e as RegistryError).code,
    );
    expect(outcome).toBe(c.outcome);
    if (c.outcome === 'TLS_FAILED') expect(schemes).toEqual([]);
    if (c.plainSeen) expect(reg.seen.plain).toEqual(c.plainSeen);
    if (c.tlsSeen) expect(reg.seen.tls).toEqual(c.tlsSeen);
    if (c.speaks === 'plain' && !c.write) expect(reg.releasedBy()).toBe('plain request');
  });

  /**
   * A TLS-only loopback registry that holds the answer to `GET /v2/` until another request arrives (or 2 s
   * pass), counting the TCP connections it accepts and the requests it answers over TLS.
   */
  async function heldTlsRegistry() {
    let releasedBy: 'another request' | 'timer' | undefined;
    let held: (() => void) | undefined;
    const seen: string[] = [];
    let connections = 0;
    const server = createHttpsServer({ key: ca.serverKeyPem, cert: ca.serverCertPem }, (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const body = req.url?.includes('/tags/list') ? '{"name":"app","tags":[]}' : '{}';
      const answer = (): void => {
        res.writeHead(200, {
          'docker-distribution-api-version': 'registry/2.0',
          'content-type': 'application/json',
          'content-length': String(body.length),
        });
        res.end(body);
      };
      if (req.url === '/v2/' && releasedBy === undefined) {
        held = answer;
        setTimeout(() => {
          releasedBy ??= 'timer';
          held?.();
        }, 2000).unref();
        return;
      }
      releasedBy ??= 'another request';
      held?.();
      held = undefined;
      answer();
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return {
      registry: `127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen,
      releasedBy: () => releasedBy,
      connections: () => connections,
    };
  }

  test('a read sent alongside the first TLS attempt goes out once its handshake works, not after its answer', async () => {
    const reg = await heldTlsRegistry();
    const client = createRegistryClient({
      registry: reg.registry,
      env: {},
      certsDirs: [],
      retry: { attempts: 1 },
      caFile: ca.caFile,
    });
    cleanups.push(() => client.close());
    // The ping's answer comes only after the tag list arrived: with the list waiting for the ping's answer
    // (the verdict it used to share), only the timer would release it.
    await Promise.all([client.ping(), client.listTags('app')]);
    expect(reg.releasedBy()).toBe('another request');
    expect(reg.seen).toEqual(['GET /v2/', 'GET /v2/app/tags/list?n=1000']);
  });

  test('connections opened ahead of an undecided TLS registry are TLS connections once it answered TLS: the step they were opened for opens none', async () => {
    const reg = await heldTlsRegistry();
    const client = createRegistryClient({
      registry: reg.registry,
      env: {},
      certsDirs: [],
      retry: { attempts: 1 },
      caFile: ca.caFile,
    });
    cleanups.push(() => client.close());
    client.preconnect?.(3);
    // Two first reads: each sends a plain-HTTP copy on a socket opened ahead, which the TLS server closes.
    await Promise.all([client.ping(), client.listTags('app')]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = reg.connections();
    await Promise.all(['a', 'b', 'c'].map((repository) => client.listTags(repository)));
    expect(reg.connections() - before).toBe(0);
  });
});
