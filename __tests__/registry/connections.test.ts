import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { OpenFirstConnections } from '../../src/registry/connections.js';
import { sharedTestCa } from '../fixtures/test-ca.js';

/** An HTTP server that answers every request after `delayMs` and keeps the sockets it accepted. */
async function serve(delayMs: number) {
  const sockets: Socket[] = [];
  const server: Server = createServer((_req, res) => {
    setTimeout(() => res.end('ok'), delayMs);
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, sockets, origin };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(delayMs = 20) {
  const srv = await serve(delayMs);
  const connections = new OpenFirstConnections({});
  cleanups.push(async () => {
    await connections.destroy();
    srv.server.closeAllConnections();
    await new Promise<void>((resolve) => srv.server.close(() => resolve()));
  });
  const get = async (): Promise<string> => {
    const res = await connections.request({ origin: srv.origin, path: '/', method: 'GET' });
    return res.body.text();
  };
  return { ...srv, get };
}

describe('OpenFirstConnections', () => {
  test('the request right after an answer takes the connection that carried it', async () => {
    const { sockets, get } = await setup();
    for (let i = 0; i < 4; i++) expect(await get()).toBe('ok');
    expect(sockets).toHaveLength(1);
  });

  test('a free open connection is taken before one the server closed while idle', async () => {
    const { sockets, get } = await setup();
    await Promise.all([get(), get()]);
    expect(sockets).toHaveLength(2);
    // The server closes the first connection (as an idle timeout does); the client sees it end.
    sockets[0]?.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(await get()).toBe('ok');
    expect(sockets).toHaveLength(2);
  });

  test('spellings of one origin share its connections', async () => {
    const { sockets, origin } = await setup();
    const connections = new OpenFirstConnections({});
    cleanups.unshift(() => connections.destroy());
    // Each spelling parsed on its own would open a connection of its own.
    for (const spelling of [origin, `${origin}/`, new URL(origin), origin.toUpperCase()]) {
      const res = await connections.request({ origin: spelling, path: '/', method: 'GET' });
      expect(await res.body.text()).toBe('ok');
    }
    expect(sockets).toHaveLength(1);
  });

  test('requests at once beyond the open connections open more, and all are answered', async () => {
    const { sockets, get } = await setup();
    expect(await Promise.all([get(), get(), get()])).toEqual(['ok', 'ok', 'ok']);
    expect(sockets).toHaveLength(3);
  });
});

describe('preconnect', () => {
  test('requests sent at once take the connections opened ahead: no more are made', async () => {
    const { sockets, origin, server } = await serve(20);
    const connections = new OpenFirstConnections({});
    cleanups.push(async () => {
      await connections.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    connections.preconnect(origin, 3);
    connections.preconnect(origin, 3); // counted with the ones opened: none more
    await until(() => sockets.length === 3);
    const get = async (): Promise<string> =>
      (await connections.request({ origin, path: '/', method: 'GET' })).body.text();
    expect(await Promise.all([get(), get(), get()])).toEqual(['ok', 'ok', 'ok']);
    expect(sockets).toHaveLength(3);
  });

  test('plain TCP opened ahead for either scheme carries TLS for an https origin', async () => {
    const ca = await sharedTestCa();
    const accepted: Socket[] = [];
    const server = createHttpsServer({ key: ca.serverKeyPem, cert: ca.serverCertPem }, (_req, res) =>
      res.end('tls'),
    );
    server.on('connection', (socket: Socket) => accepted.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connections = new OpenFirstConnections({ connect: { ca: ca.caPem } });
    cleanups.push(async () => {
      await connections.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    connections.preconnect(origin, 1, true);
    await until(() => accepted.length === 1);
    const res = await connections.request({ origin, path: '/', method: 'GET' });
    expect(await res.body.text()).toBe('tls');
    expect(accepted).toHaveLength(1);
  });

  test('secureAhead sets up TLS over the plain TCP opened ahead before any request takes it', async () => {
    const ca = await sharedTestCa();
    let handshakes = 0;
    const server = createHttpsServer({ key: ca.serverKeyPem, cert: ca.serverCertPem }, (_req, res) =>
      res.end('tls'),
    );
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connections = new OpenFirstConnections({ connect: { ca: ca.caPem } });
    cleanups.push(async () => {
      await connections.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    connections.preconnect(origin, 2, true);
    connections.secureAhead(origin);
    await until(() => handshakes === 2);
    const get = async (): Promise<string> =>
      (await connections.request({ origin, path: '/', method: 'GET' })).body.text();
    expect(await Promise.all([get(), get()])).toEqual(['tls', 'tls']);
    expect(handshakes).toBe(2);
  });

  test('connections opened ahead and never taken are closed with the dispatcher', async () => {
    const { sockets, origin, server } = await serve(0);
    const connections = new OpenFirstConnections({});
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    connections.preconnect(origin, 2);
    await until(() => sockets.length === 2);
    await connections.close();
    await until(() => sockets.every((s) => s.closed));
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}
