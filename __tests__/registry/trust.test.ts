import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultCertsDirs, loadTrust, systemCertsDirs, TrustFileError } from '../../src/registry/trust.js';
import { createTestCa, type TestCa } from '../fixtures/test-ca.js';

let ca: TestCa;
let other: TestCa;
let root: string;

beforeAll(async () => {
  [ca, other] = await Promise.all([createTestCa(), createTestCa()]);
  root = mkdtempSync(join(tmpdir(), 'rp-trust-'));
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await Promise.all([ca.cleanup(), other.cleanup()]);
});

/** A fresh certs.d host directory holding `files` (name → source file). */
function hostDir(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, source] of Object.entries(files)) copyFileSync(source, join(dir, file));
  return dir;
}

describe('loadTrust', () => {
  // containers-certs.d(5), highest priority first: /etc before /usr/share, the rootful or rootless directory
  // before the shared one, docker's last.
  test.each<[string, number | undefined, string[]]>([
    [
      'root',
      0,
      [
        '/etc/containers/certs.rootful.d',
        '/etc/containers/certs.d',
        '/usr/share/containers/certs.rootful.d',
        '/usr/share/containers/certs.d',
        '/etc/docker/certs.d',
      ],
    ],
    [
      'a user',
      1000,
      [
        '/etc/containers/certs.rootless.d/1000',
        '/etc/containers/certs.rootless.d',
        '/etc/containers/certs.d',
        '/usr/share/containers/certs.rootless.d/1000',
        '/usr/share/containers/certs.rootless.d',
        '/usr/share/containers/certs.d',
        '/etc/docker/certs.d',
      ],
    ],
    [
      'no uid',
      undefined,
      ['/etc/containers/certs.d', '/usr/share/containers/certs.d', '/etc/docker/certs.d'],
    ],
  ])('the system roots for %s', (_name, uid, roots) => {
    expect(systemCertsDirs(uid)).toEqual(roots);
  });

  // The account (password database) has the home /home/acct; a test row without an absolute HOME uses it.
  test.each([
    ['HOME only', { HOME: '/home/u' }, ['/home/u/.config/containers/certs.d']],
    [
      'XDG_CONFIG_HOME wins over HOME',
      { HOME: '/home/u', XDG_CONFIG_HOME: '/cfg' },
      ['/cfg/containers/certs.d'],
    ],
    [
      'an empty XDG_CONFIG_HOME is unset',
      { HOME: '/home/u', XDG_CONFIG_HOME: '' },
      ['/home/u/.config/containers/certs.d'],
    ],
    [
      'a relative XDG_CONFIG_HOME counts as unset',
      { HOME: '/home/u', XDG_CONFIG_HOME: 'cfg' },
      ['/home/u/.config/containers/certs.d'],
    ],
    ['XDG_CONFIG_HOME without HOME', { XDG_CONFIG_HOME: '/cfg' }, ['/cfg/containers/certs.d']],
    [
      "a relative HOME gives way to the account's home",
      { HOME: 'home' },
      ['/home/acct/.config/containers/certs.d'],
    ],
    ["neither: the account's home", {}, ['/home/acct/.config/containers/certs.d']],
  ] as const)(
    "podman's per-user certs.d comes first, then the system roots (containers-certs.d(5)): %s",
    (_name, env, user) => {
      expect(defaultCertsDirs(env, { uid: 1000, home: '/home/acct' })).toEqual([
        ...user,
        ...systemCertsDirs(1000),
      ]);
    },
  );

  test('no absolute HOME and no account home: no per-user certs.d', () => {
    expect(defaultCertsDirs({ HOME: 'home' }, { uid: 1000, home: undefined })).toEqual(systemCertsDirs(1000));
  });

  test("with the default roots, the user's HOST:PORT directory wins over a system one", () => {
    hostDir('xdg/containers/certs.d/reg.example:5000', { 'ca.crt': ca.caFile });
    hostDir('etc-containers/reg.example:5000', { 'other.crt': other.caFile });
    const roots = defaultCertsDirs({ XDG_CONFIG_HOME: join(root, 'xdg') }).map((r) =>
      r === '/etc/containers/certs.d' ? join(root, 'etc-containers') : r,
    );
    expect(loadTrust('reg.example:5000', { certsDirs: roots }).caSources).toEqual([
      join(root, 'xdg/containers/certs.d/reg.example:5000/ca.crt'),
    ]);
    expect(loadTrust('reg.example:5000', { certsDirs: roots.slice(1) }).caSources).toEqual([
      join(root, 'etc-containers/reg.example:5000/other.crt'),
    ]);
  });

  test('nothing configured and no host directory: no extra CA, no client certificate', () => {
    expect(loadTrust('127.0.0.1:5000', { certsDirs: [join(root, 'none')] })).toEqual({
      ca: [],
      caSources: [],
      hostDirs: [join(root, 'none', '127.0.0.1:5000')],
    });
  });

  test('the first root with a HOST:PORT directory wins; every *.crt in it is a CA, *.cert + *.key a client pair', () => {
    const first = join(root, 'first');
    hostDir('first/reg.example:5000', {
      'ca.crt': ca.caFile,
      'extra.crt': other.caFile,
      'client.cert': ca.clientCertFile,
      'client.key': ca.clientKeyFile,
    });
    hostDir('second/reg.example:5000', { 'ca.crt': other.caFile });
    const trust = loadTrust('reg.example:5000', {
      certsDirs: [join(root, 'missing'), first, join(root, 'second')],
    });
    expect(trust.caSources).toEqual([
      join(first, 'reg.example:5000', 'ca.crt'),
      join(first, 'reg.example:5000', 'extra.crt'),
    ]);
    expect(trust.certSource).toBe(join(first, 'reg.example:5000', 'client.cert'));
    expect(trust.certDir).toBe(join(first, 'reg.example:5000'));
    // Another port is another directory.
    expect(loadTrust('reg.example:5001', { certsDirs: [first] }).caSources).toEqual([]);
  });

  test('ca-file comes first; cert-dir replaces the system lookup; client-cert/client-key win over the directory', () => {
    const dir = hostDir('explicit', {
      'ca.crt': ca.caFile,
      'client.cert': ca.clientCertFile,
      'client.key': ca.clientKeyFile,
    });
    const systemRoot = join(root, 'system');
    hostDir('system/h:1', { 'other.crt': other.caFile });
    const trust = loadTrust('h:1', {
      caFile: other.caFile,
      certDir: dir,
      certsDirs: [systemRoot],
      clientCert: other.clientCertFile,
      clientKey: other.clientKeyFile,
    });
    expect(trust.caSources).toEqual([other.caFile, join(dir, 'ca.crt')]);
    expect(trust.certSource).toBe(other.clientCertFile);
  });

  const refused: [string, () => Parameters<typeof loadTrust>[1], RegExp][] = [
    [
      'a private key as ca-file',
      () => ({ caFile: ca.serverKeyFile }),
      /The CA file ".*server\.key" is not a certificate: it holds a private key/,
    ],
    [
      'a ca-file with no PEM block',
      () => ({ caFile: writeText('empty.pem', 'hello\n') }),
      /is not a certificate: it holds no PEM certificate/,
    ],
    [
      'a missing ca-file',
      () => ({ caFile: '/nonexistent/ca.pem' }),
      /The CA file "\/nonexistent\/ca.pem" cannot be read: it does not exist/,
    ],
    [
      'a key in certs.d given as *.crt',
      () => ({ certDir: hostDir('keycrt', { 'ca.crt': ca.clientKeyFile }) }),
      /The CA certificate ".*ca\.crt" is not a certificate: it holds a private key/,
    ],
    [
      'a *.cert without its *.key',
      () => ({ certDir: hostDir('nokey', { 'client.cert': ca.clientCertFile }) }),
      /"[^"]*client\.cert" has no key client\.key beside it \(CA certificates must end in \.crt\)/,
    ],
    [
      'a *.key without its *.cert',
      () => ({ certDir: hostDir('nocert', { 'client.key': ca.clientKeyFile }) }),
      /The key "[^"]*client\.key" has no client certificate client\.cert beside it/,
    ],
    [
      "a key that is not the certificate's",
      () => ({ clientCert: ca.clientCertFile, clientKey: other.clientKeyFile }),
      /does not belong to the client certificate/,
    ],
    [
      'client-cert without client-key',
      () => ({ clientCert: ca.clientCertFile }),
      /The client certificate ".*client\.crt" is given without its key/,
    ],
    [
      'client-key without client-cert',
      () => ({ clientKey: ca.clientKeyFile }),
      /The client key ".*client\.key" is given without its certificate/,
    ],
    [
      'a certificate given as client-key',
      () => ({ clientCert: ca.clientCertFile, clientKey: ca.clientCertFile }),
      /The client key ".*" is not a private key: it holds a PEM "CERTIFICATE" block/,
    ],
  ];
  test.each(refused)('%s is TLS_FAILED naming the file', (_name, options, message) => {
    let error: unknown;
    try {
      loadTrust('h:1', { certsDirs: [], ...options() });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TrustFileError);
    expect((error as { code?: string }).code).toBe('TLS_FAILED');
    expect((error as Error).message).toMatch(message);
  });
});

function writeText(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}
