/**
 * Trust material where docker, podman and skopeo users keep it, through dist/index.js against real TLS
 * registries: the CA only in a certs.d directory (`cert-dir`, podman's per-user one under $HOME/.config or
 * $XDG_CONFIG_HOME, and the real /etc/docker/certs.d/HOST:PORT/ and /etc/containers/certs.rootful.d/HOST:PORT/
 * when running as root, in containers-certs.d(5)'s order), and a registry that requires a client certificate (distribution's
 * `http.tls.clientcas`) with the certificate in the inputs or in certs.d, and without it. skopeo reads back.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';
import { makeOciLayout } from '../fixtures/skopeo.js';
import { createTestCa, sharedTestCa, type TestCa } from '../fixtures/test-ca.js';

let work: string;
let layout: string;
let ca: TestCa;
let other: TestCa;
let server: TestRegistry;
let mtls: TestRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'e2e-tls-trust-'));
  layout = join(work, 'layout');
  [ca, other] = await Promise.all([sharedTestCa(), createTestCa()]);
  await makeOciLayout(layout, { seed: 'tls-trust', layers: [4096], refName: 'img' });
  [server, mtls] = await Promise.all([
    startRegistry({ kind: 'anonymous', tls: true }, { ca }),
    startRegistry({ kind: 'anonymous', tls: true }, { ca, clientCa: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), mtls?.stop()]);
  await other?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

function publish(registry: TestRegistry, inputs: Record<string, string>, env: Record<string, string> = {}) {
  return runActionDist(
    {
      registry: registry.host,
      image: 'app',
      version: '1.0.0',
      source: `oci:${layout}:img`,
      ...inputs,
    },
    env,
  );
}

function errorLine(stdout: string): string {
  return stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
}

describe('the CA only in a certs.d directory', () => {
  test('cert-dir holding ca.crt is trusted (no ca-file)', async () => {
    const run = await publish(server, { namespace: 'certdir', 'cert-dir': ca.certDir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(server, 'certdir/app:1.0.0')).toBe(run.outputs.digest);
  });

  test.each([
    ['$HOME/.config/containers/certs.d', (dir: string) => ({ HOME: dir }), '.config/containers/certs.d'],
    [
      '$XDG_CONFIG_HOME/containers/certs.d',
      (dir: string) => ({ HOME: join(dir, 'elsewhere'), XDG_CONFIG_HOME: dir }),
      'containers/certs.d',
    ],
  ] as const)(
    "%s/127.0.0.1:PORT/ (podman's per-user directory) with ca.crt, client.cert, client.key serves a client-certificate registry",
    async (name, envOf, under) => {
      const home = await mkdtemp(join(work, 'home-'));
      const env = envOf(home);
      const empty = await publish(mtls, { namespace: 'user-certs-d' }, env);
      expect(empty.code, 'without the directory the CA is unknown').not.toBe(0);
      expect(errorLine(empty.stdout)).toContain('[TLS_FAILED]');
      const hostDir = join(home, under, mtls.host);
      // The hint names the directories read for the host, this one first.
      expect(errorLine(empty.stdout)).toContain(`put it as ca.crt in one of ${hostDir}/, `);
      await mkdir(hostDir, { recursive: true });
      for (const file of ['ca.crt', 'client.cert', 'client.key'])
        await copyFile(join(ca.clientCertDir, file), join(hostDir, file));
      const run = await publish(mtls, { namespace: 'user-certs-d' }, env);
      expect(run.code, `${name}\n${run.stdout}${run.stderr}`).toBe(0);
      expect(await inspectDigest(mtls, 'user-certs-d/app:1.0.0')).toBe(run.outputs.digest);
    },
  );

  /**
   * Puts `files` (name → source) in ROOT/HOST/ for each root, creating only what is missing, runs `fn`, then
   * removes exactly what it created.
   */
  async function withSystemDirs(
    dirs: readonly [root: string, files: Readonly<Record<string, string>>][],
    fn: () => Promise<void>,
  ): Promise<void> {
    const created: string[] = [];
    const written: string[] = [];
    try {
      for (const [root, files] of dirs) {
        const hostDir = join(root, mtls.host);
        const parts = hostDir.split('/').filter(Boolean);
        for (let i = 1; i <= parts.length; i++) {
          const dir = `/${parts.slice(0, i).join('/')}`;
          if (!existsSync(dir)) {
            await mkdir(dir);
            created.push(dir);
          }
        }
        for (const [name, source] of Object.entries(files)) {
          const file = join(hostDir, name);
          expect(existsSync(file), `${file} already exists`).toBe(false);
          await copyFile(source, file);
          written.push(file);
        }
      }
      await fn();
    } finally {
      for (const file of written) await rm(file, { force: true });
      for (const dir of created.reverse()) await rmdir(dir);
    }
  }

  const clientFiles = (from: TestCa): Record<string, string> =>
    Object.fromEntries(['ca.crt', 'client.cert', 'client.key'].map((f) => [f, join(from.clientCertDir, f)]));

  test.for(['/etc/docker/certs.d', '/etc/containers/certs.rootful.d'])(
    '%s/127.0.0.1:PORT/ with ca.crt, client.cert, client.key serves a client-certificate registry (root)',
    async (root, ctx) => {
      if (process.getuid?.() !== 0) ctx.skip('needs root to write under /etc (GitHub runners are non-root)');
      const namespace = root.includes('docker') ? 'etc-docker' : 'etc-rootful';
      await withSystemDirs([[root, clientFiles(ca)]], async () => {
        const run = await publish(mtls, { namespace });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        expect(await inspectDigest(mtls, `${namespace}/app:1.0.0`)).toBe(run.outputs.digest);
      });
    },
  );

  test("podman's order as root: certs.rootful.d wins over /etc/containers/certs.d and docker's", async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip('needs root to write under /etc (GitHub runners are non-root)');
    // The lower-priority directories hold another CA's files: only the rootful one's make the run succeed.
    const dirs: [string, Record<string, string>][] = [
      ['/etc/containers/certs.rootful.d', clientFiles(ca)],
      ['/etc/containers/certs.d', clientFiles(other)],
      ['/etc/docker/certs.d', clientFiles(other)],
    ];
    await withSystemDirs(dirs, async () => {
      const run = await publish(mtls, { namespace: 'rootful-order' });
      expect(run.code, run.stdout + run.stderr).toBe(0);
    });
    await withSystemDirs(dirs.slice(1), async () => {
      const run = await publish(mtls, { namespace: 'rootful-order' });
      expect(
        run.code,
        'without the rootful directory, /etc/containers/certs.d (another CA) is read',
      ).not.toBe(0);
      expect(errorLine(run.stdout)).toContain('[TLS_FAILED]');
    });
  });
});

describe('a registry that requires a client certificate (http.tls.clientcas)', () => {
  test('client-cert and client-key from the inputs', async () => {
    const run = await publish(mtls, {
      namespace: 'inputs',
      'ca-file': ca.caFile,
      'client-cert': ca.clientCertFile,
      'client-key': ca.clientKeyFile,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(mtls, 'inputs/app:1.0.0')).toBe(run.outputs.digest);
  });

  test('client.cert and client.key in cert-dir', async () => {
    const run = await publish(mtls, { namespace: 'certdir', 'cert-dir': ca.clientCertDir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(mtls, 'certdir/app:1.0.0')).toBe(run.outputs.digest);
  });

  test('without a client certificate: one line saying one is required, nothing written', async () => {
    const before = await mtls.snapshotStorage();
    const run = await publish(mtls, { 'ca-file': ca.caFile });
    expect(run.code).not.toBe(0);
    const error = errorLine(run.stdout);
    expect(error).toContain('[TLS_FAILED]');
    expect(error).toContain(`${mtls.host} requires a client certificate and none is configured`);
    expect(error).toContain('client-cert');
    expect(await mtls.snapshotStorage()).toBe(before);
  });

  test('a client certificate from another CA: refused, naming the certificate', async () => {
    const run = await publish(mtls, {
      'ca-file': ca.caFile,
      'client-cert': other.clientCertFile,
      'client-key': other.clientKeyFile,
    });
    expect(run.code).not.toBe(0);
    expect(errorLine(run.stdout)).toContain(
      `${mtls.host} refused the client certificate "${other.clientCertFile}"`,
    );
  });
});

describe('the command line', () => {
  test('publish --client-cert/--client-key, then ls --cert-dir, against the client-certificate registry', async () => {
    const run = await runCliDist([
      'publish',
      '--registry',
      mtls.host,
      '--namespace',
      'cli',
      '--image',
      'app',
      '--source',
      `oci:${layout}:img`,
      '--version',
      '2.0.0',
      '--ca-file',
      ca.caFile,
      '--client-cert',
      ca.clientCertFile,
      '--client-key',
      ca.clientKeyFile,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const ls = await runCliDist(['ls', `${mtls.host}/cli/app`, '--cert-dir', ca.clientCertDir, '--json']);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toContain('2.0.0');
  });

  test('a private key as --ca-file names the flag', async () => {
    const run = await runCliDist([
      'publish',
      '--registry',
      server.host,
      '--image',
      'app',
      '--source',
      `oci:${layout}:img`,
      '--version',
      '2.0.0',
      '--ca-file',
      ca.serverKeyFile,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--ca-file "${ca.serverKeyFile}" is not a certificate: it holds a private key`,
    );
  });
});

describe('TLS failures against a real registry', () => {
  test('the configured CA does not sign the certificate: subject and issuer named', async () => {
    const run = await publish(server, { 'ca-file': other.caFile });
    expect(run.code).not.toBe(0);
    const error = errorLine(run.stdout);
    expect(error).toContain('subject "CN=127.0.0.1", issuer "CN=registry-publish test CA"');
    expect(error).toContain(`is not signed by the configured CA (${other.caFile})`);
    expect(error).not.toMatch(/use-system-ca/);
  });

  test('a private key given as ca-file: refused naming the file, nothing sent', async () => {
    const before = server.requests().length;
    const run = await publish(server, { 'ca-file': ca.serverKeyFile });
    expect(run.code).not.toBe(0);
    expect(errorLine(run.stdout)).toContain(
      `"${ca.serverKeyFile}" is not a certificate: it holds a private key`,
    );
    expect(server.requests().slice(before)).toEqual([]);
  });
});
