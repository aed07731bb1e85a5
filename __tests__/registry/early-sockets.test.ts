import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { OpenFirstConnections } from '../../src/registry/connections.js';
import { openEarlySockets, takeEarlySockets } from '../../src/registry/early-sockets.js';
import { readRegistryHint } from '../../src/cli/registry-hint.js';
import { readActionRegistryHint } from '../../src/action/registry-hint.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function serve() {
  const sockets: Socket[] = [];
  const server: Server = createServer((_req, res) => res.end('ok'));
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { sockets, port };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('start-up sockets', () => {
  test('a request and the connections opened ahead take the sockets opened at start-up: none more', async () => {
    const { sockets, port } = await serve();
    openEarlySockets({ registry: `127.0.0.1:${port}`, insecure: false }, {});
    await until(() => sockets.length === 5);
    const connections = new OpenFirstConnections({});
    cleanups.unshift(() => connections.destroy());
    connections.preconnect(`http://127.0.0.1:${port}`, 4, true);
    const origin = `http://127.0.0.1:${port}`;
    const answers = await Promise.all(
      [1, 2, 3, 4].map(async () =>
        (await connections.request({ origin, path: '/', method: 'GET' })).body.text(),
      ),
    );
    expect(answers).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(sockets).toHaveLength(5);
    expect(takeEarlySockets(`127.0.0.1:${port}`)).toEqual([]);
  });

  test('none behind a proxy, nor for a loopback or insecure registry without a port', async () => {
    openEarlySockets({ registry: 'registry.example', insecure: false }, { HTTPS_PROXY: 'http://proxy:3128' });
    expect(takeEarlySockets('registry.example:443')).toEqual([]);
    openEarlySockets({ registry: 'localhost', insecure: false }, {});
    expect(takeEarlySockets('localhost:443')).toEqual([]);
    openEarlySockets({ registry: 'registry.example', insecure: true }, {});
    expect(takeEarlySockets('registry.example:443')).toEqual([]);
  });

  test('a refused connection is dropped, not handed over', async () => {
    const { port } = await serve();
    // Closed: nothing listens on the port now.
    await cleanups.pop()?.();
    openEarlySockets({ registry: `127.0.0.1:${port}`, insecure: false }, {});
    await new Promise((r) => setTimeout(r, 100));
    expect(takeEarlySockets(`127.0.0.1:${port}`)).toEqual([]);
  });
});

describe('the registry hint', () => {
  test.each([
    [['publish', '--registry', 'ghcr.io', '--image', 'app'], { registry: 'ghcr.io', insecure: false }],
    [
      ['--registry=localhost:5000', '--insecure', '--image', 'app'],
      { registry: 'localhost:5000', insecure: true },
    ],
    [['publish', '--image', 'app'], undefined],
    [['publish', '--registry', 'ghcr.io', '--help'], undefined],
    [['publish', '--registry', 'ghcr.io', '--no-such-flag'], undefined],
    [['ls', 'ghcr.io/org/app'], undefined],
    [['tags', '--version', '1.2.3'], undefined],
    [[], undefined],
  ])('command line %j', (argv, hint) => {
    expect(readRegistryHint(argv)).toEqual(hint);
  });

  test.each([
    [{ INPUT_REGISTRY: ' ghcr.io ' }, { registry: 'ghcr.io', insecure: false }],
    [
      { INPUT_REGISTRY: 'localhost:5000', INPUT_INSECURE: 'True' },
      { registry: 'localhost:5000', insecure: true },
    ],
    [{ INPUT_REGISTRY: '' }, undefined],
    [{}, undefined],
  ])('action inputs %j', (env, hint) => {
    expect(readActionRegistryHint(env)).toEqual(hint);
  });
});
