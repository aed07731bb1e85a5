#!/usr/bin/env node
// @ts-check
// `npm run bench`: measures registry-publish (`node dist/index.js publish`) against the tools people use
// today, on fresh real registries on 127.0.0.1, alternating runs, and writes docs/benchmarks.md.
// Plain ESM, node built-ins only. `node bench/run.mjs --help` for the options.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg, release as kernelRelease, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { URL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCa, startTokenIssuer, writeHtpasswd } from './auth.mjs';
import { startCountingProxy, summarize, timeline } from './counting-proxy.mjs';
import { startDockerd } from './docker.mjs';
import { createLink } from './link.mjs';
import { IMAGE_REF, RELEASE_REF, buildLayouts, layerFile } from './fixtures.mjs';
import { describeFailure, hasGnuTime, killAll, runCommand, runSequence } from './measure.mjs';
import { startRegistry } from './registry.mjs';
import {
  median,
  evaluateTargets,
  fmtBytes,
  fmtMs,
  fmtRss,
  renderGenerated,
  renderWan,
  summarizeSide,
  writeReport,
  writeSection,
  wanMarkers,
} from './report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let DIST = join(ROOT, 'dist', 'index.js');
const NODE = process.execPath;
const NAMESPACE = 'bench';
const IMAGE = 'app';
const REPO = `${NAMESPACE}/${IMAGE}`;
const TAGS = ['1.15.12', '1.15', '1', 'latest'];
const CANDIDATE_TAG = 'sha-860c190';
const DOCKER_IMAGE = `bench/app:${RELEASE_REF}`;
const ALL = ['ST', 'S1', 'S2', 'S3', 'S4', 'S5', 'S5r', 'S6', 'S7', 'S8'];
/** The big image (S8) and its twin (S8-small) in the bench's dockerd. */
const dockerImageOf = (layout) => `bench/big-${layout.label.replace(/\s+/g, '').toLowerCase()}:${IMAGE_REF}`;
/** Scenarios that run against the TLS and authenticated registries (--tls, --auth). */
const SECURE_SCENARIOS = ['S1', 'S2', 'S3'];
const BENCH_USER = 'bench';
/**
 * The registry setup of a --tls or --auth run: TLS by the counting proxies with the bench's own CA, and
 * the credentials every client uses. Null for plain HTTP without auth (the default).
 * @type {null | { mode: 'tls' | 'token' | 'htpasswd', password: string, ca: any, issuer: any, htpasswd: string | null }}
 */
let SECURE = null;

const HELP = `Usage: node bench/run.mjs [options]        (npm run bench -- [options])

Starts fresh docker-registry instances on 127.0.0.1 behind counting proxies and measures registry-publish
(node dist/index.js) against skopeo, docker push and curl, alternating runs. Writes the report.

  --runs N        measured runs per side and scenario (default 5; --quick: 2)
  --warmup N      unmeasured warm-up runs per side before them (default 1; --quick: 0)
  --only LIST     scenarios to run, comma separated: ${ALL.join(',')} (ST = start-up)
  --quick         smoke run: small fixtures (10 %, S6 64 MiB / 8 MiB, S7/S8 205 MiB / 20 MiB), 2 runs
  --out FILE      report file (default docs/benchmarks.md for a full run, .tmp/bench/benchmarks.md
                  with --quick or --only)
  --cache DIR     fixture cache (default .tmp/bench/fixtures)
  --keep          keep the temp work directory (registry storage, logs)
  --dist FILE     the bundle to measure (default dist/index.js)
  --wan           every client (ours and the peers) reaches the registries over an emulated wide-area link
                  (bench/link.mjs: one-way delay, a handshake round trip per new connection, one bandwidth
                  cap shared by all connections); writes the WAN section of the report with each scenario's
                  floor. ST is not run over the link.
  --delay MS      one-way delay of the link (default 20; implies --wan)
  --rate MBIT     bandwidth of the link in Mbit/s, each direction (default 200; implies --wan)
  --tls           the registries speak HTTPS (certificates from a CA the bench makes; every client is given
                  it), over the link (implies --wan); runs ${SECURE_SCENARIOS.join(', ')} only
  --auth MODE     token: token authentication over TLS, as Docker Hub and GHCR (a token server on the
                  registry's host, /token, like GHCR's); htpasswd: Basic authentication over TLS, as a
                  private registry. Every client logs in with the same user. Implies --tls. Each setup
                  writes its own WAN section (bench:wan-token-tls, bench:wan-htpasswd-tls, bench:wan-tls)
  -h, --help      this help`;

// ---------------------------------------------------------------------------------------------------------
// options

/** The bundle: DIST and the chunk files ncc writes beside it (`*.index.js`). */
function bundleFiles() {
  const dir = dirname(DIST);
  return [
    DIST,
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.js') && f !== 'index.js')
      .map((f) => join(dir, f)),
  ];
}

function bundleDigest() {
  const hash = createHash('sha256');
  for (const f of bundleFiles().sort()) hash.update(readFileSync(f));
  return hash.digest('hex').slice(0, 12);
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      runs: { type: 'string' },
      warmup: { type: 'string' },
      only: { type: 'string' },
      quick: { type: 'boolean' },
      out: { type: 'string' },
      cache: { type: 'string' },
      keep: { type: 'boolean' },
      dist: { type: 'string' },
      wan: { type: 'boolean' },
      delay: { type: 'string' },
      rate: { type: 'string' },
      tls: { type: 'boolean' },
      auth: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const quick = values.quick ?? false;
  const int = (text, fallback, name, lo, hi) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < lo || n > hi)
      throw new Error(`--${name} must be an integer from ${lo} to ${hi}`);
    return n;
  };
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => ALL.find((id) => id.toUpperCase() === s.toUpperCase()) ?? s)
    : ALL;
  for (const id of only)
    if (!ALL.includes(id)) throw new Error(`--only: unknown scenario ${id} (known: ${ALL.join(', ')})`);
  const partial = quick || Boolean(values.only);
  if (values.auth !== undefined && !['token', 'htpasswd'].includes(values.auth))
    throw new Error(`--auth must be token or htpasswd (got ${values.auth})`);
  const secure = values.auth ?? (values.tls ? 'tls' : null);
  if (secure && values.only)
    for (const id of only)
      if (!SECURE_SCENARIOS.includes(id))
        throw new Error(`--tls/--auth: ${id} does not run there (only ${SECURE_SCENARIOS.join(', ')})`);
  const wan = Boolean(values.wan || values.delay !== undefined || values.rate !== undefined || secure);
  return {
    wan: wan
      ? {
          delayMs: int(values.delay, 20, 'delay', 0, 1000),
          rateMbit: int(values.rate, 200, 'rate', 1, 100_000),
        }
      : null,
    secure,
    help: values.help ?? false,
    quick,
    runs: int(values.runs, quick ? 2 : 5, 'runs', 1, 50),
    warmup: int(values.warmup, quick ? 0 : 1, 'warmup', 0, 5),
    only: ALL.filter(
      (id) =>
        only.includes(id) &&
        !(wan && id === 'ST' && !values.only) &&
        !(secure && !SECURE_SCENARIOS.includes(id)),
    ),
    out: resolve(
      values.out ??
        (partial ? join(ROOT, '.tmp', 'bench', 'benchmarks.md') : join(ROOT, 'docs', 'benchmarks.md')),
    ),
    cache: resolve(values.cache ?? join(ROOT, '.tmp', 'bench', 'fixtures')),
    keep: values.keep ?? false,
    dist: values.dist ? resolve(values.dist) : null,
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
  };
}

const log = (msg) => process.stderr.write(`${msg}\n`);

// ---------------------------------------------------------------------------------------------------------
// cleanup: everything started is stopped, also on Ctrl-C

const cleanups = [];
let cleaningUp = null;
let interrupted = false;
function checkInterrupted() {
  if (interrupted) throw new Error('interrupted');
}
async function cleanupAll() {
  cleaningUp ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (err) {
        log(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  })();
  return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    log(`\n${signal}: stopping everything the bench started`);
    interrupted = true;
    killAll();
    cleanupAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------
// environment

function firstLine(text) {
  return text.trim().split('\n')[0] ?? '';
}

async function versionOf(cmd, args, pick = firstLine) {
  const r = await runCommand(cmd, args, { timeoutMs: 20_000, measureRss: false });
  return r.ok ? pick(r.stdout || r.stderr) : 'not found';
}

async function environment(dockerEngine) {
  let cpu = 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    cpu = cpus()[0]?.model ?? cpu;
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const versions = [
    [
      'registry-publish',
      `${pkg.version} (${relative(ROOT, DIST)} ${existsSync(DIST) ? `and its chunks ${fmtBytes(bundleFiles().reduce((n, f) => n + statSync(f).size, 0))}, sha256 of them ${bundleDigest()}` : 'missing'})`,
    ],
    ['node', process.version],
    ['skopeo', (await versionOf('skopeo', ['--version'])).replace(/^skopeo version /, '')],
    ['docker-registry', (await versionOf('docker-registry', ['--version'])).replace(/^docker-registry /, '')],
    ['docker CLI', (await versionOf('docker', ['--version'])).replace(/^Docker version /, '')],
  ];
  if (dockerEngine) {
    const r = await runCommand('docker', ['version', '--format', '{{.Server.Version}}'], {
      env: dockerEngine.env,
      measureRss: false,
    });
    versions.push(['dockerd', `${r.ok ? r.stdout.trim() : 'unknown'} (vfs)`]);
  } else {
    versions.push(['dockerd', (await versionOf('dockerd', ['--version'])).replace(/^Docker version /, '')]);
  }
  versions.push([
    'curl',
    (await versionOf('curl', ['--version']))
      .split(' ')
      .slice(0, 2)
      .join(' ')
      .replace(/^curl /, ''),
  ]);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: cpus().length,
    cpu,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: `Linux ${kernelRelease()}`,
    loadStart: loadavg()[0].toFixed(2),
    versions,
  };
}

// ---------------------------------------------------------------------------------------------------------
// registry helpers (direct, not through the proxy: setup and checks are not measured)

/** The Authorization of the harness's own checks on an authenticated registry. */
function checkAuthorization() {
  if (SECURE?.mode === 'token') return { authorization: SECURE.issuer.checkAuthorization(REPO) };
  if (SECURE?.mode === 'htpasswd')
    return {
      authorization: `Basic ${Buffer.from(`${BENCH_USER}:${SECURE.password}`).toString('base64')}`,
    };
  return {};
}

function httpGet(port, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolvePromise) => {
    const all = { ...checkAuthorization(), ...headers };
    const req = request({ host: '127.0.0.1', port, path, method, headers: all, timeout: 10_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolvePromise({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolvePromise({ status: 0, headers: {}, body: Buffer.from(String(err)) }));
    req.end();
  });
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

/** Null when every tag resolves (to `digest` if given), else why not. */
async function checkTags(port, tags, digest) {
  for (const tag of tags) {
    const r = await httpGet(port, `/v2/${REPO}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT },
    });
    if (r.status !== 200) return `after the run, tag ${tag} answers ${r.status}`;
    const got = r.headers['docker-content-digest'];
    if (digest && got !== digest) return `after the run, tag ${tag} is ${got}, expected ${digest}`;
  }
  return null;
}

async function checkBlob(port, digest) {
  const r = await httpGet(port, `/v2/${REPO}/blobs/${digest}`, { method: 'HEAD' });
  return r.status === 200 ? null : `after the run, blob ${digest.slice(0, 19)}… answers ${r.status}`;
}

// ---------------------------------------------------------------------------------------------------------
// commands

function ours(hosts, args, env = undefined) {
  return {
    label: 'registry-publish',
    cmd: NODE,
    args: [
      DIST,
      'publish',
      '--registry',
      hosts.dst,
      '--namespace',
      NAMESPACE,
      '--image',
      IMAGE,
      ...args,
      ...(SECURE ? ['--ca-file', SECURE.ca.caFile] : ['--insecure']),
      '--json',
    ],
    env: { ...(env ?? cleanEnv()), ...credentialEnv() },
  };
}

/** REGISTRY_USERNAME and REGISTRY_PASSWORD for an authenticated registry. */
function credentialEnv() {
  if (!SECURE || SECURE.mode === 'tls') return {};
  return { REGISTRY_USERNAME: BENCH_USER, REGISTRY_PASSWORD: SECURE.password };
}

/** @param {Record<string, string>} [extra] @returns {NodeJS.ProcessEnv} */
function cleanEnv(extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ...extra };
  if (!('DOCKER_HOST' in extra)) delete env.DOCKER_HOST;
  delete env.REGISTRY_USERNAME;
  delete env.REGISTRY_PASSWORD;
  return env;
}

function skopeoCopy(src, dst, label) {
  const args = ['--insecure-policy', 'copy', '--quiet'];
  const side = (/** @type {string} */ name) =>
    SECURE
      ? [
          `--${name}-cert-dir`,
          SECURE.ca.certDir,
          ...(SECURE.mode === 'tls' ? [] : [`--${name}-creds`, `${BENCH_USER}:${SECURE.password}`]),
        ]
      : [`--${name}-tls-verify=false`];
  if (src.startsWith('docker://')) args.push(...side('src'));
  args.push(...side('dest'), src, dst);
  return { label, cmd: 'skopeo', args, env: cleanEnv() };
}

const skopeoPerTag = (src, hosts) =>
  TAGS.map((tag) => skopeoCopy(src, `docker://${hosts.dst}/${REPO}:${tag}`, `skopeo ${tag}`));

// ---------------------------------------------------------------------------------------------------------
// scenarios

function defineScenarios(ctx) {
  const { layouts } = ctx;
  const rel = layouts.release;
  const ociRel = `oci:${rel.dir}:${RELEASE_REF}`;
  const common = { blobs: rel.blobs.length, tags: TAGS.length, blobBytes: rel.blobBytes };
  const s6 = (layout, id, extraTitle) => ({
    id,
    short: `one ${layout.label} layer`,
    title: `one ${layout.label} incompressible layer${extraTitle}`,
    description:
      `An OCI layout with a single ${layout.label} layer of random bytes (${fmtBytes(layout.layerBytes)} blob) into an empty repository, ` +
      'tag `s6`. Peer: the same blob bytes with curl, `POST /v2/…/blobs/uploads/` then one `curl -T` PUT to the returned Location with `?digest=` ' +
      '(the digest is computed beforehand, not timed).',
    peerShort: 'curl -T',
    blobs: 2,
    tags: 1,
    blobBytes: layout.blobBytes,
    layerBytes: layout.layerBytes,
    layerLabel: layout.label,
    registries: [{ name: 'dst' }],
    floorRtts: 6,
    floorWhy:
      'connect, ping, one blob check, upload session (POST) and its PUT, the manifest PUT (6; the peer needs 3 of them)',
    timeoutMs: 900_000,
    us: (h) => [ours(h, ['--source', `oci:${layout.dir}:1.0.0`, '--tag', 's6'])],
    peer: (h) => {
      const file = layerFile(layout);
      const digest = layout.layers[0].digest;
      return [
        {
          label: 'curl POST',
          cmd: 'curl',
          args: [
            '-sS',
            '-f',
            '-X',
            'POST',
            '-D',
            '-',
            '-o',
            '/dev/null',
            `http://${h.dst}/v2/${REPO}/blobs/uploads/`,
          ],
        },
        (prev) => {
          const m = /^location:\s*(\S+)\s*$/im.exec(prev[0].stdout);
          const loc = m ? m[1] : '/missing-location';
          const url = new URL(loc, `http://${h.dst}`);
          url.searchParams.set('digest', digest);
          return {
            label: 'curl -T',
            cmd: 'curl',
            args: [
              '-sS',
              '-f',
              '-T',
              file,
              '-H',
              'Content-Type: application/octet-stream',
              '-o',
              '/dev/null',
              url.toString(),
            ],
          };
        },
      ];
    },
    verify: async (regs, side) =>
      (await checkBlob(regs.dst.port, layout.layers[0].digest)) ??
      (side === 'us' ? checkTags(regs.dst.port, ['s6']) : null),
  });

  // S5 and S5r: registry-publish reading the engine, and the peer's docker tag + docker push per tag
  const fromEngine = (h) =>
    ours(
      h,
      ['--source', `docker-daemon:${DOCKER_IMAGE}`, '--version', RELEASE_REF],
      cleanEnv({ DOCKER_HOST: ctx.docker.host }),
    );
  const dockerPushAll = (h) =>
    TAGS.flatMap((tag) => [
      {
        label: `docker tag ${tag}`,
        cmd: 'docker',
        args: ['tag', DOCKER_IMAGE, `${h.dst}/${REPO}:${tag}`],
        env: ctx.docker.env,
      },
      {
        label: `docker push ${tag}`,
        cmd: 'docker',
        args: ['push', '--quiet', `${h.dst}/${REPO}:${tag}`],
        env: ctx.docker.env,
      },
    ]);
  const untagPushed = async (side, hosts) => {
    if (side !== 'peer') return;
    await runCommand('docker', ['image', 'rm', ...TAGS.map((t) => `${hosts.dst}/${REPO}:${t}`)], {
      env: ctx.docker.env,
      measureRss: false,
      timeoutMs: 60_000,
    });
  };

  return [
    {
      id: 'S1',
      short: 'release',
      title: 'release: OCI layout into an empty repository, 4 tags',
      description: `The OCI layout (${rel.blobs.length - 1} gzip layers + config, ${fmtBytes(rel.blobBytes)} of blobs) published as \`${TAGS.join(', ')}\` into an empty repository. Peer: \`skopeo copy oci:… docker://…:TAG\` once per tag.`,
      peerShort: 'skopeo ×4',
      ...common,
      registries: [{ name: 'dst' }],
      floorRtts: 6,
      floorWhy:
        'connect, ping, one check of all blobs at once, upload session (POST) and its PUT for all blobs at once, the 4 manifest PUTs at once (6)',
      us: (h) => [ours(h, ['--source', ociRel, '--version', RELEASE_REF])],
      peer: (h) => skopeoPerTag(ociRel, h),
      verify: (regs) => checkTags(regs.dst.port, TAGS, rel.manifestDigest),
    },
    {
      id: 'S2',
      short: 'republish',
      title: 'republish: the same again, everything present',
      description:
        'The same publish into a repository that already holds the image under all 4 tags (a copy of a prepared registry state per run). Peer: `skopeo copy` once per tag.',
      peerShort: 'skopeo ×4',
      ...common,
      registries: [{ name: 'dst', template: 'full' }],
      floorRtts: 3,
      floorWhy: 'connect, ping, the 4 tags read at once (3)',
      us: (h) => [ours(h, ['--source', ociRel, '--version', RELEASE_REF])],
      peer: (h) => skopeoPerTag(ociRel, h),
      verify: (regs) => checkTags(regs.dst.port, TAGS, rel.manifestDigest),
    },
    {
      id: 'S3',
      short: 'promotion',
      title: 'promotion: 4 new tags for an image already in the repository',
      description: `The repository holds the image as \`${CANDIDATE_TAG}\` only; publish it from \`docker://…/${REPO}:${CANDIDATE_TAG}\` as \`${TAGS.join(', ')}\`. Peer: \`skopeo copy docker://… docker://…\` once per tag.`,
      peerShort: 'skopeo ×4',
      ...common,
      registries: [{ name: 'dst', template: 'candidate' }],
      floorRtts: 4,
      floorWhy:
        'connect, ping, the source manifest read with the 4 target tags at once, the 4 manifest PUTs at once (4)',
      us: (h) => [
        ours(h, ['--source', `docker://${h.dst}/${REPO}:${CANDIDATE_TAG}`, '--version', RELEASE_REF]),
      ],
      peer: (h) => skopeoPerTag(`docker://${h.dst}/${REPO}:${CANDIDATE_TAG}`, h),
      verify: (regs) => checkTags(regs.dst.port, TAGS, rel.manifestDigest),
    },
    {
      id: 'S4',
      short: 'registry → registry',
      title: 'copy between two registries, 4 tags',
      description: `A source registry holds \`${REPO}:${RELEASE_REF}\`; publish it from \`docker://\` into an empty repository of a second registry as the 4 tags. Both registries sit behind their own counting proxy. Peer: \`skopeo copy\` once per tag.`,
      peerShort: 'skopeo ×4',
      ...common,
      registries: [{ name: 'src', template: 'source' }, { name: 'dst' }],
      floorRtts: 7,
      floorWhy:
        'connect and ping both registries at once, the source manifest, one check of all blobs at the destination, upload session (POST) with the source GETs, the PUTs streaming them, the 4 manifest PUTs at once (7)',
      us: (h) => [
        ours(h, ['--source', `docker://${h.src}/${REPO}:${RELEASE_REF}`, '--version', RELEASE_REF]),
      ],
      peer: (h) => skopeoPerTag(`docker://${h.src}/${REPO}:${RELEASE_REF}`, h),
      verify: (regs) => checkTags(regs.dst.port, TAGS, rel.manifestDigest),
    },
    {
      id: 'S5',
      short: 'from Docker',
      title: 'the same image from the local Docker engine into an empty repository, 4 tags',
      description: `The release image loaded into a private dockerd (\`${DOCKER_IMAGE}\`, vfs storage, via \`docker load\` of a docker-archive made by skopeo); registry-publish reads it with \`--source docker-daemon:${DOCKER_IMAGE}\` (DOCKER_HOST = that engine). Peer: \`docker tag\` + \`docker push\` per tag. After the first measured run, registry-publish runs a second time into the same repository (must upload 0 bytes).`,
      peerShort: 'docker push ×4',
      rssNote:
        'Peak RSS of `docker push` is the docker CLI only; the pushing happens in dockerd, which is not counted.',
      ...common,
      registries: [{ name: 'dst' }],
      floorRtts: 6,
      floorWhy: 'as S1 (6); reading the engine is local and not counted',
      us: (h) => [fromEngine(h)],
      peer: (h) => dockerPushAll(h),
      verify: (regs) => checkTags(regs.dst.port, TAGS),
      afterRun: async ({ side, hosts, proxies }) => {
        if (side !== 'us' || ctx.secondRunDone) return undefined;
        ctx.secondRunDone = true;
        for (const p of Object.values(proxies)) p.reset();
        const r = await runSequence([fromEngine(hosts)]);
        const st = summarize(proxies.dst.stats());
        const report = parseReport(r.stdout);
        return {
          secondRun: {
            ok: r.ok,
            failure: r.failure,
            wallMs: r.wallMs,
            requests: st.requests,
            blobUp: st.blobUp,
            reportUploaded: report
              ? report.targets?.reduce((a, t) => a + (t.blobs?.uploaded?.bytes ?? 0), 0)
              : null,
          },
        };
      },
      cleanup: untagPushed,
    },
    {
      id: 'S5r',
      short: 're-run from Docker',
      title: 're-run from the local Docker engine: the image already under its 4 tags',
      description: `S5 again into a repository that already holds the engine's image under all 4 tags, as the same side's own S5 run left it (a copy of a prepared registry state per run: for registry-publish one \`--source docker-daemon:${DOCKER_IMAGE}\` publish, for the peer \`docker push\` of the 4 tags). registry-publish must find every tag's config digest equal to the engine's image ID, read only the engine's metadata (no export) and write nothing. Peer: \`docker tag\` + \`docker push\` per tag again (every layer already there: the engine checks them and PUTs each tag's manifest).`,
      peerShort: 'docker push ×4 re-run',
      rssNote:
        'Peak RSS of `docker push` is the docker CLI only; the pushing happens in dockerd, which is not counted.',
      ...common,
      registries: [{ name: 'dst', template: { us: 'engineOurs', peer: 'enginePushed' } }],
      floorRtts: 3,
      floorWhy:
        'connect, ping, the 4 tags read at once (3), as S2; reading the engine is local and not counted',
      us: (h) => [fromEngine(h)],
      peer: (h) => dockerPushAll(h),
      verify: (regs) => checkTags(regs.dst.port, TAGS),
      cleanup: untagPushed,
    },
    { ...s6(layouts.small, 'S6-small', ' (size comparison for S6)'), foldInto: 'S6' },
    s6(layouts.big, 'S6', ''),
    ...(layouts.bigImage
      ? [
          { ...s7(layouts.twinImage, 'S7-small', ' (size comparison for S7)'), foldInto: 'S7' },
          s7(layouts.bigImage, 'S7', ''),
          { ...s8(ctx, layouts.twinImage, 'S8-small', ' (size comparison for S8)'), foldInto: 'S8' },
          s8(ctx, layouts.bigImage, 'S8', ''),
        ]
      : []),
  ];
}

/**
 * The peer of a blob upload: `POST /v2/…/blobs/uploads/`, then one `curl -T file` PUT to the returned
 * Location with `?digest=` (the digest known beforehand, not timed).
 */
function curlUpload(h, file, digest) {
  return [
    {
      label: `curl POST ${digest.slice(7, 19)}`,
      cmd: 'curl',
      args: [
        '-sS',
        '-f',
        '-X',
        'POST',
        '-D',
        '-',
        '-o',
        '/dev/null',
        `http://${h.dst}/v2/${REPO}/blobs/uploads/`,
      ],
    },
    (prev) => {
      const m = /^location:\s*(\S+)\s*$/im.exec(prev[prev.length - 1].stdout);
      const url = new URL(m ? m[1] : '/missing-location', `http://${h.dst}`);
      url.searchParams.set('digest', digest);
      return {
        label: `curl -T ${digest.slice(7, 19)}`,
        cmd: 'curl',
        args: [
          '-sS',
          '-f',
          '-T',
          file,
          '-H',
          'Content-Type: application/octet-stream',
          '-o',
          '/dev/null',
          url.toString(),
        ],
      };
    },
  ];
}

/** S7: the big image (or its twin) from its OCI layout, one tag; peer: curl uploads of the same blobs. */
function s7(layout, id, extraTitle) {
  return {
    id,
    short: `${layout.label} image, ${layout.layers.length} layers`,
    title: `a ${layout.label} image of ${layout.layers.length} layers from an OCI layout${extraTitle}`,
    description:
      `An OCI layout with ${layout.layers.length} layers (random and text alternating, ${fmtBytes(layout.tarBytes)} of tar, ${fmtBytes(layout.blobBytes)} of gzip blobs) ` +
      'into an empty repository, tag `s7`. Peer: the same blob bytes with curl, for each blob `POST /v2/…/blobs/uploads/` then one `curl -T` PUT ' +
      '(one blob after the other; digests computed beforehand, not timed). Peak RSS against the twin of a tenth of the size shows whether memory grows with the image.',
    peerShort: 'curl -T per blob',
    blobs: layout.blobs.length,
    tags: 1,
    blobBytes: layout.blobBytes,
    imageLabel: layout.label,
    registries: [{ name: 'dst' }],
    floorRtts: 6,
    floorWhy:
      'as S6: connect, ping, one check of all blobs, upload sessions and their PUTs, the manifest PUT (6)',
    timeoutMs: 1_800_000,
    us: (h) => [ours(h, ['--source', `oci:${layout.dir}:${IMAGE_REF}`, '--tag', 's7'])],
    peer: (h) =>
      layout.blobs.flatMap((b) =>
        curlUpload(h, join(layout.dir, 'blobs', 'sha256', b.digest.slice(7)), b.digest),
      ),
    verify: async (regs, side) => {
      for (const b of layout.blobs) {
        const problem = await checkBlob(regs.dst.port, b.digest);
        if (problem) return problem;
      }
      return side === 'us' ? checkTags(regs.dst.port, ['s7'], layout.manifestDigest) : null;
    },
  };
}

/** S8: the big image (or its twin) from the bench's dockerd, one tag; peer: docker push. */
function s8(ctx, layout, id, extraTitle) {
  const image = dockerImageOf(layout);
  return {
    id,
    short: `${layout.label} image from Docker`,
    title: `the ${layout.label} image of ${layout.layers.length} layers from the Docker engine${extraTitle}`,
    description:
      `S7's image loaded into the bench's dockerd as \`${image}\` (with S5's image, via \`docker load\` of a docker-archive made by skopeo); ` +
      `registry-publish reads it with \`--source docker-daemon:${image}\`, tag \`s8\`, compressing the layers itself. Peer: \`docker tag\` + \`docker push\`.`,
    peerShort: 'docker push',
    rssNote:
      'Peak RSS of `docker push` is the docker CLI only; the pushing happens in dockerd, which is not counted.',
    blobs: layout.blobs.length,
    tags: 1,
    blobBytes: layout.blobBytes,
    imageLabel: layout.label,
    registries: [{ name: 'dst' }],
    floorRtts: 6,
    floorWhy: 'as S7 (6); reading the engine is local and not counted',
    timeoutMs: 1_800_000,
    us: (h) => [
      ours(
        h,
        ['--source', `docker-daemon:${image}`, '--tag', 's8'],
        cleanEnv({ DOCKER_HOST: ctx.docker.host }),
      ),
    ],
    peer: (h) => [
      {
        label: 'docker tag',
        cmd: 'docker',
        args: ['tag', image, `${h.dst}/${REPO}:s8`],
        env: ctx.docker.env,
      },
      {
        label: 'docker push',
        cmd: 'docker',
        args: ['push', '--quiet', `${h.dst}/${REPO}:s8`],
        env: ctx.docker.env,
      },
    ],
    verify: (regs) => checkTags(regs.dst.port, ['s8']),
    cleanup: async (side, hosts) => {
      if (side !== 'peer') return;
      await runCommand('docker', ['image', 'rm', `${hosts.dst}/${REPO}:s8`], {
        env: ctx.docker.env,
        measureRss: false,
        timeoutMs: 60_000,
      });
    },
  };
}

function parseReport(stdout) {
  const a = stdout.indexOf('{');
  const b = stdout.lastIndexOf('}');
  if (a < 0 || b < a) return null;
  try {
    return JSON.parse(stdout.slice(a, b + 1));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// runs

let runCounter = 0;

/** The registry's auth config for --auth, its token realm on `host` (the address clients use). */
function registryAuth(host) {
  if (SECURE?.mode === 'token')
    return {
      kind: /** @type {const} */ ('token'),
      realm: `https://${host}/token`,
      service: SECURE.issuer.service,
      issuer: SECURE.issuer.issuer,
      rootCertBundleFile: SECURE.ca.rootCertBundleFile,
    };
  if (SECURE?.mode === 'htpasswd') return { kind: /** @type {const} */ ('htpasswd'), file: SECURE.htpasswd };
  return undefined;
}

/**
 * What TLS and a token add to a scenario's floor: TLS 1.3's handshake, one round trip, on the first
 * connection (the others can open while it is busy); the token request after the first 401, one round
 * trip (its realm is the registry's host: no other connection). Basic needs none: the 401 is the ping.
 */
function secureFloor(mode) {
  if (!mode) return { rtts: 0, why: '' };
  const token = mode === 'token';
  return {
    rtts: token ? 2 : 1,
    why: `; over TLS + the TLS 1.3 handshake of the first connection (1)${token ? ' + the token request after the first 401 (1)' : ''}`,
  };
}

async function oneRun(ctx, s, side, { warmup = false } = {}) {
  checkInterrupted();
  const n = ++runCounter;
  const regs = {};
  const proxies = {};
  const base = join(ctx.work, 'runs', `${n}-${s.id}-${side}`);
  let hosts = null;
  // one link per run, shared by every registry of the run (one uplink, one capacity)
  const link = ctx.wan ? createLink(ctx.wan) : null;
  try {
    hosts = {};
    for (const spec of s.registries) {
      // the proxy and its relay first: a token registry's realm is the address clients reach it at
      proxies[spec.name] = await startCountingProxy(0, {
        tls: SECURE ? { key: SECURE.ca.serverKey, cert: SECURE.ca.serverCert } : undefined,
        routes: SECURE?.issuer ? { '/token': SECURE.issuer.port } : {},
      });
      hosts[spec.name] = link ? (await link.relay(proxies[spec.name].port)).host : proxies[spec.name].host;
      regs[spec.name] = await startRegistry(join(base, spec.name), {
        // one prepared state for both sides, or one per side ({ us, peer })
        template: spec.template
          ? ctx.templates[typeof spec.template === 'string' ? spec.template : spec.template[side]]
          : undefined,
        auth: registryAuth(hosts[spec.name]),
      });
      proxies[spec.name].setUpstream(regs[spec.name].port);
    }
    const steps = side === 'us' ? s.us(hosts) : s.peer(hosts);
    for (const p of Object.values(proxies)) p.reset();
    link?.reset();
    const res = await runSequence(steps, { timeoutMs: s.timeoutMs ?? 600_000 });
    const linkStats = link?.stats() ?? null;
    const stats = Object.fromEntries(Object.entries(proxies).map(([k, p]) => [k, p.stats()]));
    let ok = res.ok;
    let failure = res.failure;
    let report = null;
    if (side === 'us') {
      report = parseReport(res.stdout);
      const failedTargets = report?.targets?.filter((t) => t.error) ?? [];
      if (ok && !(Array.isArray(report?.targets) && report.targets.length > 0)) {
        ok = false;
        const said = `${res.stdout} ${res.steps[0]?.stderr ?? ''}`.trim().replace(/\s+/g, ' ').slice(0, 300);
        failure = `exit 0 but no --json report on stdout${said ? `: ${said}` : ''}`;
      } else if (ok && failedTargets.length) {
        ok = false;
        failure = failedTargets.map((t) => `${t.target}: ${t.error.code} ${t.error.message}`).join('; ');
      }
    }
    if (ok && s.verify) {
      const problem = await s.verify(regs, side);
      if (problem) {
        ok = false;
        failure = problem;
      }
    }
    const mergedLog = Object.values(stats).flatMap((st) => st.log);
    const extra = ok && !warmup && s.afterRun ? await s.afterRun({ side, hosts, proxies, regs }) : undefined;
    for (const [name, st] of Object.entries(stats)) {
      if (st.errors) log(`  note: proxy ${name} saw ${st.errors} broken exchange(s)`);
    }
    return {
      side,
      ok,
      failure,
      wallMs: res.wallMs,
      start: res.start,
      end: res.end,
      maxRssKb: res.maxRssKb,
      steps: res.steps.map((st) => ({
        label: st.label,
        wallMs: st.wallMs,
        maxRssKb: st.maxRssKb,
        code: st.code,
      })),
      proxies: Object.fromEntries(Object.entries(stats).map(([k, st]) => [k, summarize(st)])),
      logs: Object.fromEntries(Object.entries(stats).map(([k, st]) => [k, st.log])),
      timeline: timeline({ log: mergedLog }, res.start, res.end),
      link: linkStats,
      requestLog: mergedLog.map((e) => ({ ...e, t0: e.t0 - res.start, t1: e.t1 - res.start })),
      reportBlobs: report?.targets?.map((t) => t.blobs) ?? null,
      extra,
    };
  } catch (err) {
    return {
      side,
      ok: false,
      failure: `harness: ${err instanceof Error ? err.message : String(err)}`,
      wallMs: NaN,
      proxies: {},
      logs: {},
      steps: [],
    };
  } finally {
    if (s.cleanup && hosts) await s.cleanup(side, hosts).catch(() => {});
    await link?.close().catch(() => {});
    for (const p of Object.values(proxies)) await p.close().catch(() => {});
    for (const r of Object.values(regs)) await r.stop().catch(() => {});
    if (!ctx.keep) await rm(base, { recursive: true, force: true }).catch(() => {});
  }
}

function runLine(s, side, label, r) {
  if (!r.ok) return `${s.id} ${side.padEnd(4)} ${label}: FAILED ${r.failure ?? ''}`.slice(0, 400);
  const req = Object.values(r.proxies).reduce((a, p) => a + p.requests, 0);
  const up = Object.values(r.proxies).reduce((a, p) => a + p.up, 0);
  const down = Object.values(r.proxies).reduce((a, p) => a + p.down, 0);
  return `${s.id} ${side.padEnd(4)} ${label}: ${fmtMs(r.wallMs).padStart(8)}  ${String(req).padStart(3)} requests  up ${fmtBytes(up)}  down ${fmtBytes(down)}  rss ${fmtRss(r.maxRssKb)}`;
}

async function runScenario(ctx, s) {
  log(`\n== ${s.id}: ${s.title}`);
  const us = [];
  const peer = [];
  let usBroken = null;
  let usFailures = 0;
  let extra = {};
  for (let w = 0; w < ctx.warmup; w++) {
    const a = await oneRun(ctx, s, 'us', { warmup: true });
    log(runLine(s, 'us', `warm-up ${w + 1}`, a));
    if (!a.ok) usFailures++;
    const b = await oneRun(ctx, s, 'peer', { warmup: true });
    log(runLine(s, 'peer', `warm-up ${w + 1}`, b));
  }
  for (let i = 0; i < ctx.runs; i++) {
    if (!usBroken) {
      const a = await oneRun(ctx, s, 'us');
      log(runLine(s, 'us', `run ${i + 1}`, a));
      us.push(a);
      if (a.extra) extra = { ...extra, ...a.extra };
      if (a.extra?.secondRun) {
        const sr = a.extra.secondRun;
        log(
          `${s.id} us   second run: ${sr.ok ? `${fmtMs(sr.wallMs)}, ${sr.requests} requests, ${fmtBytes(sr.blobUp)} blob bytes up` : `FAILED ${sr.failure}`}`,
        );
      }
      // the product does not work here (two failures, no success): the remaining runs are skipped
      if (!a.ok) usFailures++;
      if (!a.ok && usFailures >= 2 && us.every((r) => !r.ok)) usBroken = a;
    }
    const b = await oneRun(ctx, s, 'peer');
    log(runLine(s, 'peer', `run ${i + 1}`, b));
    peer.push(b);
  }
  if (usBroken && us.length === 0) us.push(usBroken);
  return { scenario: s, us: summarizeSide(us), peer: summarizeSide(peer), extra, raw: { us, peer } };
}

/** ST: spawn → first request at the proxy, for `publish --dry-run` and for a one-line node HTTP client. */
async function runStartup(ctx) {
  const s = {
    id: 'ST',
    short: 'start-up',
    title: 'start-up: spawn to first request',
    description:
      'Time from spawning `node dist/index.js publish --source oci:<one tiny layer> --version 1.0.0 --dry-run` to the first request arriving at the proxy ' +
      '(no `time` wrapper). The floor is node itself: `node -e "http.get(…/v2/)"`, alternating with it.',
    peerShort: 'node + http.get floor',
  };
  log(`\n== ST: ${s.title}`);
  const runs = ctx.quick ? 3 : Math.max(10, ctx.runs * 2);
  const reg = await startRegistry(join(ctx.work, 'runs', 'startup'));
  const proxy = await startCountingProxy(reg.port);
  const us = [];
  const peer = [];
  const totals = [];
  const helpMs = [];
  const helpRssKb = [];
  const nodeMs = [];
  try {
    const once = async (side) => {
      checkInterrupted();
      proxy.reset();
      const r =
        side === 'us'
          ? await runCommand(
              NODE,
              [
                DIST,
                'publish',
                '--registry',
                proxy.host,
                '--namespace',
                NAMESPACE,
                '--image',
                IMAGE,
                '--source',
                `oci:${ctx.layouts.tiny.dir}:1.0.0`,
                '--version',
                '1.0.0',
                '--dry-run',
                '--insecure',
                '--json',
              ],
              { measureRss: false, timeoutMs: 60_000, env: cleanEnv() },
            )
          : await runCommand(
              NODE,
              ['-e', `require('node:http').get('http://${proxy.host}/v2/', (r) => r.resume())`],
              {
                measureRss: false,
                timeoutMs: 60_000,
              },
            );
      const st = proxy.stats();
      const ok = st.firstAt !== null;
      if (side === 'us' && r.ok) totals.push(r.wallMs);
      return {
        ok,
        failure: ok ? null : `no request reached the registry (${describeFailure(r)})`,
        wallMs: ok ? st.firstAt - r.start : NaN,
        maxRssKb: NaN,
        proxies: { dst: summarize(st) },
        logs: { dst: st.log },
      };
    };
    for (let w = 0; w < ctx.warmup; w++) {
      await once('us');
      await once('peer');
    }
    for (let i = 0; i < runs; i++) {
      const a = await once('us');
      us.push(a);
      const b = await once('peer');
      peer.push(b);
      log(
        `ST us run ${i + 1}: ${a.ok ? fmtMs(a.wallMs) : `FAILED ${a.failure}`}   floor: ${b.ok ? fmtMs(b.wallMs) : 'FAILED'}`,
      );
      if (!a.ok && us.every((x) => !x.ok) && i >= 1) break;
    }
    // where start-up goes: node's own boot, and loading the bundle without doing any work (--help)
    for (let i = 0; i < Math.min(runs, 5); i++) {
      checkInterrupted();
      const h = await runCommand(NODE, [DIST, '--help'], { timeoutMs: 60_000 });
      if (h.code === 0) {
        helpMs.push(h.wallMs);
        helpRssKb.push(h.maxRssKb);
      }
      const n = await runCommand(NODE, ['-e', '0'], { measureRss: false, timeoutMs: 60_000 });
      if (n.ok) nodeMs.push(n.wallMs);
    }
  } finally {
    await proxy.close();
    await reg.stop();
  }
  const sortedTotals = [...totals].sort((a, b) => a - b);
  return {
    scenario: s,
    us: summarizeSide(us),
    peer: summarizeSide(peer),
    extra: {
      bundleBytes: existsSync(DIST) ? bundleFiles().reduce((n, f) => n + statSync(f).size, 0) : NaN,
      totalMs: sortedTotals.length ? sortedTotals[Math.floor(sortedTotals.length / 2)] : null,
      helpMs: median(helpMs),
      helpRssKb: median(helpRssKb),
      nodeMs: median(nodeMs),
    },
    raw: { us, peer },
  };
}

// ---------------------------------------------------------------------------------------------------------
// preparation

/** A registry storage directory holding the release image under `tags` (made with skopeo, not measured). */
async function makeTemplate(ctx, name, tags) {
  const storageDir = join(ctx.work, 'templates', name);
  const reg = await startRegistry(join(ctx.work, 'templates', `${name}-registry`), { storageDir });
  try {
    for (const tag of tags) {
      const r = await runCommand(
        'skopeo',
        [
          '--insecure-policy',
          'copy',
          '--quiet',
          '--dest-tls-verify=false',
          `oci:${ctx.layouts.release.dir}:${RELEASE_REF}`,
          `docker://${reg.host}/${REPO}:${tag}`,
        ],
        { measureRss: false, timeoutMs: 300_000 },
      );
      if (!r.ok) throw new Error(`preparing ${name}: ${describeFailure(r)}`);
    }
  } finally {
    await reg.stop();
  }
  return storageDir;
}

/** Loads the OCI layout `dir`:`ref` into `engine` as `name` (a docker-archive made by skopeo, then `docker load`). */
async function loadIntoEngine(ctx, engine, dir, ref, name) {
  const archive = join(ctx.work, 'docker-archive.tar');
  const r = await runCommand(
    'skopeo',
    ['--insecure-policy', 'copy', '--quiet', `oci:${dir}:${ref}`, `docker-archive:${archive}:${name}`],
    { measureRss: false, timeoutMs: 1_800_000 },
  );
  if (!r.ok) throw new Error(`docker-archive: ${describeFailure(r)}`);
  await engine.docker(['load', '-q', '-i', archive], { measureRss: false, timeoutMs: 1_800_000 });
  await rm(archive, { force: true });
}

/** The bench's dockerd, holding S5's release image and/or S8's big image and its twin. */
async function prepareDocker(ctx, { release, images }) {
  const engine = await startDockerd(join(ctx.work, 'dk'));
  cleanups.push(() => engine.destroy());
  if (release) await loadIntoEngine(ctx, engine, ctx.layouts.release.dir, RELEASE_REF, DOCKER_IMAGE);
  if (images) {
    for (const layout of [ctx.layouts.twinImage, ctx.layouts.bigImage]) {
      log(`loading ${dockerImageOf(layout)} into the bench's dockerd`);
      const t0 = performance.now();
      await loadIntoEngine(ctx, engine, layout.dir, IMAGE_REF, dockerImageOf(layout));
      log(`  done in ${fmtMs(performance.now() - t0)}`);
    }
  }
  return engine;
}

/** The CA, the htpasswd file and the token server of a --tls / --auth run (one per bench). */
async function prepareSecure(mode, dir) {
  await mkdir(dir, { recursive: true });
  const password = `bench-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 16)}`;
  const ca = await createCa(dir);
  let issuer = null;
  let htpasswd = null;
  if (mode === 'token') {
    issuer = await startTokenIssuer({ ca, users: { [BENCH_USER]: password } });
    cleanups.push(() => issuer.close());
  } else if (mode === 'htpasswd') {
    htpasswd = join(dir, 'htpasswd');
    await writeHtpasswd(htpasswd, { [BENCH_USER]: password });
  }
  return { mode, password, ca, issuer, htpasswd };
}

/**
 * S5r's prepared states: the engine's image under the 4 tags as each side's S5 run leaves it, registry-publish
 * from the engine (`engineOurs`) and docker tag + docker push per tag (`enginePushed`); not measured.
 */
async function makeEngineTemplates(ctx) {
  for (const [name, side] of [
    ['engineOurs', 'us'],
    ['enginePushed', 'peer'],
  ]) {
    const storageDir = join(ctx.work, 'templates', name);
    const reg = await startRegistry(join(ctx.work, 'templates', `${name}-registry`), { storageDir });
    const hosts = { dst: reg.host };
    const s5 = /** @type {any} */ (defineScenarios(ctx).find((s) => s.id === 'S5'));
    try {
      const r = await runSequence(side === 'us' ? s5.us(hosts) : s5.peer(hosts), { timeoutMs: 600_000 });
      if (!r.ok) throw new Error(`preparing ${name}: ${r.failure}`);
      const problem = await checkTags(reg.port, TAGS);
      if (problem) throw new Error(`preparing ${name}: ${problem}`);
    } finally {
      await s5.cleanup(side, hosts).catch(() => {});
      await reg.stop();
    }
    ctx.templates[name] = storageDir;
  }
}

async function toolStatus() {
  if (!existsSync(DIST)) return 'dist/index.js is missing (npm run build)';
  const r = await runCommand(NODE, [DIST, 'publish', '--help'], { measureRss: false, timeoutMs: 30_000 });
  if (!r.ok || !/--source/.test(r.stdout))
    return `\`node dist/index.js publish --help\` does not work: ${describeFailure(r)}`;
  return null;
}

async function requireTool(cmd, args) {
  const r = await runCommand(cmd, args, { measureRss: false, timeoutMs: 20_000 });
  if (!r.ok) throw new Error(`${cmd} is needed (${describeFailure(r)}); script/provision installs it`);
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (options.dist) DIST = options.dist;
  const want = new Set(options.only);
  await requireTool('docker-registry', ['--version']);
  await requireTool('skopeo', ['--version']);
  if (want.has('S5') || want.has('S5r') || want.has('S8')) {
    await requireTool('dockerd', ['--version']);
    await requireTool('docker', ['--version']);
  }
  if (want.has('S6') || want.has('S7')) await requireTool('curl', ['--version']);
  if (!(await hasGnuTime()))
    log('note: /usr/bin/time not found, peak RSS is polled from /proc/PID/status (VmHWM)');

  const status = await toolStatus();
  if (status) log(`note: ${status}; its runs will be reported as failed`);

  const work = await mkdtemp(join(tmpdir(), 'rpb-'));
  cleanups.push(() => (options.keep ? log(`kept ${work}`) : rm(work, { recursive: true, force: true })));
  const t0 = performance.now();
  /** @type {any} */
  const ctx = { ...options, work, templates: {}, docker: null, secondRunDone: false };
  try {
    if (options.secure) SECURE = await prepareSecure(options.secure, join(work, 'auth'));
    ctx.layouts = await buildLayouts(options.cache, {
      quick: options.quick,
      images: want.has('S7') || want.has('S8'),
      log,
    });
    if (want.has('S2')) ctx.templates.full = await makeTemplate(ctx, 'full', TAGS);
    if (want.has('S3')) ctx.templates.candidate = await makeTemplate(ctx, 'candidate', [CANDIDATE_TAG]);
    if (want.has('S4')) ctx.templates.source = await makeTemplate(ctx, 'source', [RELEASE_REF]);
    const release = want.has('S5') || want.has('S5r');
    if (release || want.has('S8')) ctx.docker = await prepareDocker(ctx, { release, images: want.has('S8') });
    if (want.has('S5r')) await makeEngineTemplates(ctx);
    const env = await environment(ctx.docker);

    const results = [];
    if (want.has('ST')) results.push(await runStartup(ctx));
    const extraFloor = secureFloor(options.secure);
    const scenarios = defineScenarios(ctx)
      .filter((/** @type {any} */ s) => want.has(s.foldInto ?? s.id))
      .map((/** @type {any} */ s) => ({
        ...s,
        floorRtts: s.floorRtts + extraFloor.rtts,
        floorWhy: `${s.floorWhy}${extraFloor.why}`,
      }));
    for (const s of scenarios) results.push(await runScenario(ctx, s));

    // S6's 64 MiB run is shown beside the 1 GiB one, S7's and S8's 205 MiB twin beside the 2 GiB image
    for (const r of results) {
      const into = r.scenario.foldInto && results.find((x) => x.scenario.id === r.scenario.foldInto);
      if (into) into.extra = { ...into.extra, small: r };
    }
    for (const r of results) r.checks = r.scenario.foldInto ? [] : evaluateTargets(r, { wan: options.wan });
    const ordered = results.filter((r) => !r.scenario.foldInto);
    const display = [];
    for (const r of ordered) {
      if (r.extra?.small) display.push(r.extra.small);
      display.push(r);
    }

    env.loadEnd = loadavg()[0].toFixed(2);
    env.durationMs = performance.now() - t0;
    const generated = options.wan
      ? renderWan({ results: display, env, options })
      : renderGenerated({ results: display, env, options });
    await mkdir(dirname(options.out), { recursive: true });
    if (options.wan) {
      const markers = wanMarkers(options.wan, options.secure);
      await writeSection(options.out, markers.start, markers.end, generated, markers.heading);
    } else await writeReport(options.out, generated);
    // the repository's `prettier --check .` covers docs/: keep the generated markdown in its style
    const prettier = join(ROOT, 'node_modules', '.bin', 'prettier');
    if (existsSync(prettier))
      await runCommand(prettier, ['--write', options.out], { measureRss: false, timeoutMs: 60_000 });
    const rawFile = join(ROOT, '.tmp', 'bench', 'results.json');
    await mkdir(dirname(rawFile), { recursive: true });
    await writeFile(
      rawFile,
      JSON.stringify(
        {
          env,
          options,
          results: display.map((r) => ({
            ...r,
            scenario: { ...r.scenario, us: undefined, peer: undefined },
          })),
        },
        (k, v) => (typeof v === 'function' ? undefined : k === 'logs' ? undefined : v),
        1,
      ),
    );
    log(
      `\nwrote ${relative(process.cwd(), options.out) || options.out} (raw numbers: ${relative(process.cwd(), rawFile)}) in ${fmtMs(performance.now() - t0)}`,
    );
    const head = /<!-- bench:headline:start -->\n([\s\S]*?)\n<!-- bench:headline:end -->/.exec(generated);
    if (head) process.stdout.write(`${head[1]}\n`);
    const missed = display.flatMap((r) =>
      r.checks.filter((c) => c.ok === false).map((c) => `${r.scenario.id}: ${c.label} (${c.actual})`),
    );
    if (missed.length) log(`\ntargets missed:\n  ${missed.join('\n  ')}`);
    return 0;
  } finally {
    await cleanupAll();
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    log(`bench: ${err.stack ?? err}`);
    killAll();
    await cleanupAll();
    process.exit(1);
  },
);
