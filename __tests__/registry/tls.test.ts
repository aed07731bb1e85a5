import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CA_FILE, remediesOf } from '../../src/errors.js';
import { createRegistryClient } from '../../src/registry/client.js';
import type { RegistryError } from '../../src/registry/errors.js';
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
          // Quirk 3: a TLS-terminating proxy hands out an http:// Location for the same host.
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
      /Cannot read the CA file "\/nonexistent\/ca.pem"/,
    );
  });
});
