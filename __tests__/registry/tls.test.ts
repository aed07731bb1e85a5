import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CA_FILE, remediesOf, wordHint } from '../../src/errors.js';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryError } from '../../src/registry/errors.js';
import { defaultCertsDirs } from '../../src/registry/trust.js';
import { createTestCa, type TestCa } from '../fixtures/test-ca.js';
import { blobOf } from './helpers.js';

let dir: string;
let server: Server;
let port: number;
const seen: { method: string; url: string }[] = [];

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const enabled = haveOpenssl();

beforeAll(async () => {
  if (!enabled) return;
  dir = mkdtempSync(join(tmpdir(), 'rp-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'ca.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'ca.pem')) },
    (req, res) => {
      seen.push({ method: req.method ?? '', url: req.url ?? '' });
      req.resume();
      req.on('end', () => {
        if (req.method === 'POST') {
          // docs/registry-quirks.md#q3-http-location-behind-tls: a TLS-terminating proxy hands out an http:// Location.
          res.writeHead(202, {
            location: `http://localhost:${port}/v2/app/blobs/uploads/1?_state=s`,
            'content-length': '0',
          });
          res.end();
          return;
        }
        res.writeHead(req.method === 'PUT' ? 201 : 200, { 'content-length': '2' });
        res.end('{}');
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  if (!enabled) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!enabled)('TLS', () => {
  test('an unknown CA is TLS_FAILED with a ca-file hint (no downgrade to http)', async () => {
    const client = createRegistryClient({ registry: `localhost:${port}`, env: {}, retry: { attempts: 1 } });
    const err = (await client.ping().catch((e: unknown) => e)) as RegistryError;
    expect(err.code).toBe('TLS_FAILED');
    expect(err.message).toContain(
      'the server certificate (subject "CN=localhost", issuer "CN=localhost") is self-signed, and no CA is configured',
    );
    expect(remediesOf(err.hint)).toContainEqual(CA_FILE);
    await client.close();
  });

  test('ca-file is added to the default roots', async () => {
    const events: string[] = [];
    const client = createRegistryClient({
      registry: `localhost:${port}`,
      env: {},
      caFile: join(dir, 'ca.pem'),
      events: { onRequest: (e) => void events.push(e.url) },
    });
    await client.ping();
    expect(events).toEqual([`https://localhost:${port}/v2/`]);
    await client.close();
  });

  test('insecure skips verification', async () => {
    const client = createRegistryClient({ registry: `localhost:${port}`, env: {}, insecure: true });
    await client.ping();
    await client.close();
  });

  test('quirk 3: an http:// Location for the same host is upgraded to https', async () => {
    const events: string[] = [];
    const client = createRegistryClient({
      registry: `localhost:${port}`,
      env: {},
      caFile: join(dir, 'ca.pem'),
      events: { onRequest: (e) => void events.push(`${e.method} ${e.url}`) },
    });
    seen.length = 0;
    await client.uploadBlob('app', blobOf('tls'));
    expect(events).toEqual([
      `POST https://localhost:${port}/v2/app/blobs/uploads/`,
      `PUT https://localhost:${port}/v2/app/blobs/uploads/1`,
    ]);
    expect(seen[1]?.url).toMatch(/^\/v2\/app\/blobs\/uploads\/1\?_state=s&digest=sha256%3A/);
    await client.close();
  });

  test('a missing ca-file is TLS_FAILED naming it', () => {
    expect(() => createRegistryClient({ registry: 'localhost:1', caFile: '/nonexistent/ca.pem' })).toThrow(
      'The CA file "/nonexistent/ca.pem" cannot be read: it does not exist',
    );
  });
});

/** An https server with a certificate from `ca`; `clientCa` makes it require a client certificate. */
async function serve(
  ca: TestCa,
  options: { host?: string; clientCa?: TestCa } = {},
): Promise<{ host: string; port: number; close(): Promise<void> }> {
  const srv = createServer(
    {
      key: ca.serverKeyPem,
      cert: ca.serverCertPem,
      ...(options.clientCa
        ? { requestCert: true, rejectUnauthorized: true, ca: options.clientCa.caPem }
        : {}),
    },
    (_req, res) => {
      res.writeHead(200, { 'content-length': '2', 'docker-distribution-api-version': 'registry/2.0' });
      res.end('{}');
    },
  );
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => srv.listen(0, host, resolve));
  const p = (srv.address() as AddressInfo).port;
  return {
    host,
    port: p,
    async close() {
      srv.closeAllConnections();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

async function pingError(options: Parameters<typeof createRegistryClient>[0]): Promise<RegistryError> {
  const client = createRegistryClient({ env: {}, retry: { attempts: 1 }, certsDirs: [], ...options });
  try {
    return (await client.ping().then(
      () => new Error('ping succeeded'),
      (e: unknown) => e,
    )) as RegistryError;
  } finally {
    await client.close();
  }
}

describe.skipIf(!enabled)('TLS failures say which one it is', () => {
  let ca: TestCa;
  let other: TestCa;
  const servers: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    [ca, other] = await Promise.all([createTestCa(), createTestCa()]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all([ca?.cleanup(), other?.cleanup()]);
  });
  const start = async (options: Parameters<typeof serve>[1] = {}) => {
    const s = await serve(ca, options);
    servers.push(s);
    return s;
  };

  test('no CA configured: names the certificate and the places a CA goes; no Node advice', async () => {
    const s = await start();
    const err = await pingError({ registry: `127.0.0.1:${s.port}` });
    expect(err.code).toBe('TLS_FAILED');
    expect(err.message).toContain('no CA is configured for 127.0.0.1:');
    expect(err.message).toContain('subject "CN=127.0.0.1", issuer "CN=registry-publish test CA"');
    expect(wordHint(err.hint)).toContain('ca-file');
    expect(wordHint(err.hint)).toContain(`put it as ca.crt in /etc/docker/certs.d/127.0.0.1:${s.port}/`);
    expect(`${err.message} ${wordHint(err.hint)}`).not.toMatch(/use-system-ca|Node\.js/);
  });

  test.each([
    ['a user', 1000],
    ['root', 0],
  ])(
    'no CA configured, as %s: the hint names every certs.d directory read for the host, in order',
    async (_name, uid) => {
      const s = await start();
      const host = `127.0.0.1:${s.port}`;
      const home = mkdtempSync(join(tmpdir(), 'rp-tls-home-'));
      try {
        const certsDirs = defaultCertsDirs({ HOME: home }, { uid, home: undefined });
        const err = await pingError({ registry: host, certsDirs });
        expect(err.code).toBe('TLS_FAILED');
        const dirs = certsDirs.map((root) => `${join(root, host)}/`);
        expect(dirs[0]).toBe(`${home}/.config/containers/certs.d/${host}/`);
        expect(dirs).toContain(
          uid === 0
            ? `/etc/containers/certs.rootful.d/${host}/`
            : `/etc/containers/certs.rootless.d/${uid}/${host}/`,
        );
        expect(wordHint(err.hint)).toContain(
          `put it as ca.crt in one of ${dirs.join(', ')} (or the cert-dir setting)`,
        );
        // The first directory the hint names is read: ca.crt there makes the same registry trusted.
        mkdirSync(dirs[0] as string, { recursive: true });
        copyFileSync(ca.caFile, join(dirs[0] as string, 'ca.crt'));
        const client = createRegistryClient({ registry: host, env: {}, retry: { attempts: 1 }, certsDirs });
        await client.ping();
        await client.close();
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );

  test('the configured CA does not sign the server certificate: names subject, issuer and the CA file', async () => {
    const s = await start();
    const err = await pingError({ registry: `127.0.0.1:${s.port}`, caFile: other.caFile });
    expect(err.code).toBe('TLS_FAILED');
    expect(err.message).toContain(
      `the server certificate (subject "CN=127.0.0.1", issuer "CN=registry-publish test CA") is not signed by the configured CA (${other.caFile})`,
    );
    expect(wordHint(err.hint)).toContain('"CN=registry-publish test CA"');
    expect(err.message).not.toContain('no CA is configured');
  });

  test('a private key given as the CA file is refused before any connection', () => {
    expect(() => createRegistryClient({ registry: 'localhost:1', caFile: ca.serverKeyFile })).toThrow(
      `The CA file "${ca.serverKeyFile}" is not a certificate: it holds a private key`,
    );
  });

  test('the host name does not match: names the host and the names the certificate is for', async () => {
    const s = await start({ host: '127.0.0.2' });
    const err = await pingError({ registry: `127.0.0.2:${s.port}`, caFile: ca.caFile });
    expect(err.code).toBe('TLS_FAILED');
    expect(err.message).toContain(
      'the server certificate is not for 127.0.0.2 (it is for IP Address:127.0.0.1',
    );
    expect(wordHint(err.hint)).toMatch(/subject alternative names/);
  });

  test('a client certificate required and none configured', async () => {
    const s = await start({ clientCa: ca });
    const err = await pingError({ registry: `127.0.0.1:${s.port}`, caFile: ca.caFile });
    expect(err.code).toBe('TLS_FAILED');
    expect(err.message).toContain(`127.0.0.1:${s.port} requires a client certificate and none is configured`);
    expect(wordHint(err.hint)).toContain('client-cert');
    expect(wordHint(err.hint)).toContain(`/etc/docker/certs.d/127.0.0.1:${s.port}/`);
  });

  test('a client certificate the registry refuses names the certificate file', async () => {
    const s = await start({ clientCa: ca });
    const err = await pingError({
      registry: `127.0.0.1:${s.port}`,
      caFile: ca.caFile,
      clientCert: other.clientCertFile,
      clientKey: other.clientKeyFile,
    });
    expect(err.code).toBe('TLS_FAILED');
    expect(err.message).toContain(
      `127.0.0.1:${s.port} refused the client certificate "${other.clientCertFile}"`,
    );
  });

  test('the client certificate from the inputs, or from certs.d, is presented', async () => {
    const s = await start({ clientCa: ca });
    const registry = `127.0.0.1:${s.port}`;
    const inputs = createRegistryClient({
      registry,
      env: {},
      certsDirs: [],
      caFile: ca.caFile,
      clientCert: ca.clientCertFile,
      clientKey: ca.clientKeyFile,
    });
    await inputs.ping();
    await inputs.close();
    const root = mkdtempSync(join(tmpdir(), 'rp-certs.d-'));
    try {
      cpSync(ca.clientCertDir, join(root, registry), { recursive: true });
      const fromDir = createRegistryClient({ registry, env: {}, certsDirs: ['/nonexistent', root] });
      await fromDir.ping();
      await fromDir.close();
      const fromCertDir = createRegistryClient({
        registry,
        env: {},
        certsDirs: [],
        certDir: ca.clientCertDir,
      });
      await fromCertDir.ping();
      await fromCertDir.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
