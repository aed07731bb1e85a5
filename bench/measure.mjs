// @ts-check
// Runs one command and measures it: wall time (process.hrtime, spawn → exit), peak RSS (GNU time's %M when
// /usr/bin/time is there, else polling /proc/PID/status VmHWM), exit status, output. Every child is in its
// own process group and is killed (the group, by its pid) on timeout or when the bench exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';

const TIME_BIN = '/usr/bin/time';
let timeChecked = null;
let counter = 0;
const live = new Set();

process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** Kills every child still running (for signal handlers). */
export function killAll() {
  for (const pid of live) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** Whether GNU time (with -f %M and -o) is usable here. */
export async function hasGnuTime() {
  if (timeChecked !== null) return timeChecked;
  timeChecked = false;
  if (!existsSync(TIME_BIN)) return false;
  const out = join(tmpdir(), `bench-time-check-${process.pid}`);
  const ok = await new Promise((resolve) => {
    const child = spawn(TIME_BIN, ['-f', '%M', '-o', out, 'true'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
  if (ok) {
    const text = await readFile(out, 'utf8').catch(() => '');
    timeChecked = /^\d+\s*$/m.test(text);
  }
  await rm(out, { force: true });
  return timeChecked;
}

async function vmHwmKb(pid) {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `cmd args` and resolves (never rejects) with
 * `{ cmd, code, signal, ok, wallMs, start, end, maxRssKb, stdout, stderr, timedOut, error }`;
 * `start`/`end` are performance.now() values (same clock as the counting proxy).
 * Options: env, cwd, timeoutMs (default 600 s), input (stdin text), keepStdout (default 1 MiB cap).
 */
export async function runCommand(cmd, args, options = {}) {
  const { env = process.env, cwd, timeoutMs = 600_000, input, onSpawn, measureRss = true } = options;
  const gnuTime = measureRss && (await hasGnuTime());
  const rssFile = join(tmpdir(), `bench-rss-${process.pid}-${++counter}`);
  const argv = gnuTime ? ['-q', '-f', '%M', '-o', rssFile, '--', cmd, ...args] : args;
  const bin = gnuTime ? TIME_BIN : cmd;
  const stdout = [];
  const stderr = [];
  let stdoutLen = 0;
  let stderrLen = 0;
  const cap = 1 << 20;
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(bin, argv, {
      env,
      cwd,
      detached: true, // own process group: a timeout kills the whole command
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (onSpawn) onSpawn(start);
    let end = start;
    let timedOut = false;
    let spawnError = null;
    let polledKb = 0;
    if (child.pid) live.add(child.pid);
    const poll =
      measureRss && !gnuTime && child.pid
        ? setInterval(async () => {
            polledKb = Math.max(polledKb, await vmHwmKb(child.pid));
          }, 10)
        : null;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, timeoutMs);
    child.stdout.on('data', (c) => {
      if (stdoutLen < cap) stdout.push(c);
      stdoutLen += c.length;
    });
    child.stderr.on('data', (c) => {
      stderrLen += c.length;
      stderr.push(c);
      while (stderr.length > 1 && stderrLen - stderr[0].length > 64 * 1024)
        stderrLen -= stderr.shift().length;
    });
    if (input !== undefined) child.stdin.end(input);
    child.once('error', (err) => {
      spawnError = err;
    });
    child.once('exit', () => {
      end = performance.now();
    });
    child.once('close', async (code, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (child.pid) live.delete(child.pid);
      if (end === start) end = performance.now();
      let maxRssKb = polledKb;
      if (gnuTime) {
        const text = await readFile(rssFile, 'utf8').catch(() => '');
        const lines = text.trim().split('\n');
        maxRssKb = Number(lines[lines.length - 1]) || 0;
        await rm(rssFile, { force: true });
      }
      resolve({
        cmd: [cmd, ...args].join(' '),
        code,
        signal,
        ok: code === 0 && !timedOut && !spawnError,
        wallMs: end - start,
        start,
        end,
        maxRssKb,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        error: spawnError ? String(spawnError) : null,
      });
    });
  });
}

/**
 * Runs steps one after another (a peer's per-tag loop) and sums them: wall from the first spawn to the
 * last exit, peak RSS the highest of any step. Stops at the first failing step.
 * `steps`: [{ label?, cmd, args, env?, timeoutMs? } | (resultsSoFar) => step]
 */
export async function runSequence(steps, options = {}) {
  const results = [];
  const start = performance.now();
  for (const item of steps) {
    // a step may be a function of the results so far (e.g. curl's PUT needs the POST's Location)
    const step = typeof item === 'function' ? item(results) : item;
    const r = await runCommand(step.cmd, step.args, { ...options, ...step });
    results.push({ ...r, label: step.label ?? step.cmd });
    if (!r.ok) break;
  }
  const last = results[results.length - 1];
  const failed = results.find((r) => !r.ok);
  return {
    ok: !failed && results.length === steps.length,
    wallMs: (last?.end ?? start) - start,
    start,
    end: last?.end ?? start,
    maxRssKb: Math.max(0, ...results.map((r) => r.maxRssKb)),
    steps: results,
    failure: failed ? describeFailure(failed) : null,
    stdout: last?.stdout ?? '',
  };
}

/** One line saying why a command failed. */
export function describeFailure(r) {
  const name = r.label ?? r.cmd.split(' ')[0].split('/').pop();
  if (r.error) return `${name}: ${r.error}`;
  if (r.timedOut) return `${name}: timed out`;
  const tail = `${r.stderr}\n${r.stdout.length < 2000 ? r.stdout : ''}`
    .trim()
    .split('\n')
    .slice(-3)
    .join(' | ')
    .slice(0, 400);
  return `${name}: exit ${r.code ?? r.signal}${tail ? `: ${tail}` : ''}`;
}
