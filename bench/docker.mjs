// @ts-check
// A private Docker engine for S5: `dockerd --storage-driver=vfs --iptables=false --bridge=none` with its
// own data root, exec root, pid file and unix socket under a temp directory. Only this dockerd (the child
// this module spawned) is ever stopped; it stops the containerd it started itself.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand } from './measure.mjs';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

function pingSocket(socketPath) {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Starts dockerd with everything under `dir` (keep the path short: unix socket paths are limited to 107
 * bytes). Returns `{ host: 'unix://…', env, pid, docker(args, opts), stop() }`.
 */
export async function startDockerd(dir) {
  const dataRoot = join(dir, 'data');
  const execRoot = join(dir, 'exec');
  const socket = join(dir, 'docker.sock');
  const pidfile = join(dir, 'docker.pid');
  await mkdir(dataRoot, { recursive: true });
  await mkdir(execRoot, { recursive: true });
  const logFile = join(dir, 'dockerd.log');
  const log = createWriteStream(logFile);
  const child = spawn(
    'dockerd',
    [
      '--storage-driver=vfs',
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--data-root',
      dataRoot,
      '--exec-root',
      execRoot,
      '--pidfile',
      pidfile,
      '-H',
      `unix://${socket}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    exited = true;
  });
  child.once('error', () => {
    exited = true;
  });
  const onExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = sleep(STOP_TIMEOUT_MS).then(() => 'timeout');
      if ((await Promise.race([exitedPromise, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exitedPromise;
      }
    }
    process.removeListener('exit', onExit);
    log.end();
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!exited && Date.now() < deadline) {
    if (await pingSocket(socket)) break;
    await sleep(100);
  }
  if (exited || !(await pingSocket(socket))) {
    await stop();
    const text = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(`dockerd did not start: ${text.slice(-2000)}`);
  }
  const host = `unix://${socket}`;
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, DOCKER_HOST: host };
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  return {
    host,
    env,
    pid: child.pid,
    dir,
    /** Runs the docker CLI against this engine; rejects on failure. */
    async docker(args, opts = {}) {
      const r = await runCommand('docker', args, { env, timeoutMs: 600_000, ...opts });
      if (!r.ok) throw new Error(`docker ${args.join(' ')}: exit ${r.code}: ${r.stderr.slice(-1000)}`);
      return r;
    },
    stop,
    /** Stops the engine and removes its directories. */
    async destroy() {
      await stop();
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    },
  };
}
