import { createServer as createNetServer, connect, type AddressInfo, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, test } from 'vitest';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryError } from '../../src/registry/errors.js';
import { Transport } from '../../src/registry/transport.js';
import { createFakeRegistry, type FakeRegistry } from '../fixtures/fake-registry.js';

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
