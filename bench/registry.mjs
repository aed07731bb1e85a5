// @ts-check
// Real CNCF distribution registries for the bench: `docker-registry serve CONFIG` on a free 127.0.0.1 port
// with a temp config and its own storage directory. Every registry is a child this module started; stop()
// signals exactly that child, and an exit hook SIGKILLs any still running.
import { spawn } from 'node:child_process';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const REGISTRY_BIN = process.env.REGISTRY_BIN || 'docker-registry';
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

const live = new Set();
process.once('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // gone
    }
  }
});

/** A free TCP port on 127.0.0.1 (bind to 0, read, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** GET http://127.0.0.1:port/v2/ → status code, or 0 when nothing answers. */
export function ping(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/v2/', method: 'GET', timeout: timeoutMs },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * @typedef {{ kind: 'token', realm: string, service: string, issuer: string, rootCertBundleFile: string }
 *   | { kind: 'htpasswd', file: string }} RegistryAuth
 */

/** @param {number} port @param {string} storageDir @param {RegistryAuth | undefined} auth */
function configYaml(port, storageDir, auth) {
  const authLines =
    auth?.kind === 'token'
      ? [
          'auth:',
          '  token:',
          `    realm: ${JSON.stringify(auth.realm)}`,
          `    service: ${JSON.stringify(auth.service)}`,
          `    issuer: ${JSON.stringify(auth.issuer)}`,
          `    rootcertbundle: ${JSON.stringify(auth.rootCertBundleFile)}`,
        ]
      : auth?.kind === 'htpasswd'
        ? [
            'auth:',
            '  htpasswd:',
            '    realm: registry-publish-bench',
            `    path: ${JSON.stringify(auth.file)}`,
          ]
        : [];
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: registry-publish-bench',
    ...authLines,
    '',
  ].join('\n');
}

/**
 * Starts a registry under `dir` (config, log and, unless `storageDir` is given, storage live there).
 * `template`: a storage directory to copy first (a prepared repository state); `auth`: token or htpasswd
 * authentication (the registry itself stays plain HTTP: TLS is the counting proxy's). Returns
 * `{ port, host, storageDir, pid, stop(), logTail() }`.
 * @param {string} dir
 * @param {{ template?: string, storageDir?: string, auth?: RegistryAuth }} [options]
 */
export async function startRegistry(dir, { template, storageDir, auth } = {}) {
  await mkdir(dir, { recursive: true });
  const storage = storageDir ?? join(dir, 'storage');
  if (template) {
    await rm(storage, { recursive: true, force: true });
    await cp(template, storage, { recursive: true });
  } else {
    await mkdir(storage, { recursive: true });
  }
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const configFile = join(dir, 'config.yml');
    await writeFile(configFile, configYaml(port, storage, auth));
    const output = [];
    const child = spawn(REGISTRY_BIN, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const keep = (chunk) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let exited = false;
    const exitedPromise = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => {
      exited = true;
      live.delete(child);
    });
    child.once('error', (err) => {
      output.push(String(err));
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      const status = await ping(port, 500);
      if (status === 200 || (auth && status === 401)) {
        ready = true;
        break;
      }
      await sleep(20);
    }
    const stop = async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
        if ((await Promise.race([exitedPromise, timer])) === 'timeout') {
          child.kill('SIGKILL');
          await exitedPromise;
        }
      }
    };
    if (ready) {
      return {
        port,
        host: `127.0.0.1:${port}`,
        storageDir: storage,
        pid: child.pid,
        stop,
        logTail: () => output.join('').slice(-4000),
      };
    }
    await stop();
    lastError = new Error(`docker-registry on port ${port} did not start: ${output.join('').slice(-2000)}`);
  }
  throw lastError;
}
