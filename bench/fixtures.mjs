// @ts-check
// Deterministic bench fixtures, built with node built-ins only and cached between runs.
//
// - A release image as an OCI layout (S1–S5): 5 gzip layers (40 MB + 15 MB random, ~10 MB text, 2 MB
//   random, a tiny file) and a config, referenced as `1.15.12`.
// - Single-layer layouts for S6 (1 GiB and 64 MiB of incompressible bytes, gzip with stored blocks).
// - The same release image as a docker-archive (skopeo), for `docker load` into the bench's dockerd (S5).
// - Big images for S7/S8 (built only when those run): 12 layers, random and text alternating, ~2 GiB of
//   tar (~1.4 GB of gzip blobs), and a twin of the same shape at a tenth of the size (~205 MiB) to show
//   whether memory grows with the image.
//
// Random bytes come from a seeded xoshiro128** generator, streamed in 1 MiB chunks (never a whole layer in
// memory). Layers are tar streams written by the minimal ustar writer below and gzipped by node:zlib; the
// same inputs give the same bytes, so digests are stable across runs on the same Node/zlib.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

const FIXTURE_FORMAT = 1; // bump to invalidate caches when the generator changes
const CHUNK = 1 << 20;
export const RELEASE_REF = '1.15.12';
export const MB = 1_000_000;
export const MiB = 1 << 20;

/** Sizes of the release image's layers and of the S6 layers, full and --quick. */
export function fixtureSpec(quick) {
  const scale = quick ? 0.1 : 1;
  return {
    release: {
      layers: [
        {
          name: 'random-40m',
          kind: 'random',
          size: Math.round(40 * MB * scale),
          seed: 1,
          path: 'opt/app/lib/a.bin',
        },
        {
          name: 'random-15m',
          kind: 'random',
          size: Math.round(15 * MB * scale),
          seed: 2,
          path: 'opt/app/lib/b.bin',
        },
        {
          name: 'text-10m',
          kind: 'text',
          size: Math.round(10 * MB * scale),
          seed: 3,
          path: 'usr/share/doc/app/manual.txt',
        },
        {
          name: 'random-2m',
          kind: 'random',
          size: Math.round(2 * MB * scale),
          seed: 4,
          path: 'opt/app/lib/c.bin',
        },
        { name: 'tiny', kind: 'literal', text: 'registry-publish bench 1.15.12\n', path: 'etc/app/VERSION' },
      ],
    },
    big: { size: quick ? 64 * MiB : 1024 * MiB, seed: 11, label: quick ? '64 MiB' : '1 GiB' },
    small: { size: quick ? 8 * MiB : 64 * MiB, seed: 12, label: quick ? '8 MiB' : '64 MiB' },
    image: imageSpec(quick ? 0.1 : 1),
    imageTwin: imageSpec(quick ? 0.01 : 0.1),
  };
}

/**
 * The big image's 12 layers at `scale` (1: 2047 MiB of file bytes; 1159 MiB random, 888 MiB text) plus a
 * tiny one. Smallest first, as the bench's dockerd stores each layer (vfs) as a full copy of the ones below
 * it: this order keeps the engine's copy at ~7 GiB instead of ~19.
 */
function imageSpec(scale) {
  const mib = [7, 24, 64, 96, 128, 128, 192, 256, 256, 384, 512];
  /** @type {Array<{ name: string, kind: string, path: string, size?: number, seed?: number, text?: string }>} */
  const layers = mib.map((m, i) => {
    const kind = i % 2 === 0 ? 'random' : 'text';
    return {
      name: `${kind}-${m}m`,
      kind,
      size: Math.round(m * MiB * scale),
      seed: 21 + i,
      path: kind === 'random' ? `opt/big/lib/l${i}.bin` : `usr/share/doc/big/l${i}.txt`,
    };
  });
  layers.unshift({
    name: 'tiny',
    kind: 'literal',
    text: 'registry-publish bench big image\n',
    path: 'etc/big',
  });
  const bytes = layers.reduce((a, l) => a + (l.size ?? 0), 0);
  const label =
    bytes >= 1.5 * 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(0)} GiB` : `${Math.round(bytes / MiB)} MiB`;
  return { layers, bytes, label };
}

// ---------------------------------------------------------------------------------------------------------
// Seeded byte streams

/** xoshiro128** (public domain, Blackman & Vigna): fast, seeded, 32 bits per step. */
export function createPrng(seed) {
  // splitmix32 to spread the seed over the 128-bit state
  let x = seed >>> 0;
  const next = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = next();
  let s1 = next();
  let s2 = next();
  let s3 = next();
  return {
    /** Fills a Uint32Array with random words. */
    fill(words) {
      for (let i = 0; i < words.length; i++) {
        const m = Math.imul(s1, 5);
        words[i] = Math.imul((m << 7) | (m >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
      }
    },
    /** A uniform integer in [0, n). */
    below(n) {
      const w = new Uint32Array(1);
      this.fill(w);
      return w[0] % n;
    },
  };
}

/** `size` pseudo-random bytes in chunks of ≤ 1 MiB. */
export async function* randomBytes(size, seed) {
  const prng = createPrng(seed);
  let left = size;
  while (left > 0) {
    const n = Math.min(CHUNK, left);
    const words = new Uint32Array(Math.ceil(n / 4));
    prng.fill(words);
    yield Buffer.from(words.buffer, 0, n);
    left -= n;
  }
}

const WORDS = (
  'the registry image layer manifest digest blob upload mount tag version release alias floating stable ' +
  'mainline server client request response header token scope push pull copy verify content address ' +
  'sha256 gzip tar stream chunk retry backoff timeout limit queue worker thread memory socket buffer ' +
  'index platform linux amd64 arm64 config history label annotation created author build cache layer ' +
  'nginx alpine debian runtime library binary package module bundle import export default option value ' +
  'error warning notice debug trace info log line file path directory owner group mode size time date'
).split(' ');

/** `size` bytes of pseudo-English text (compresses roughly 4:1, like docs and sources). */
export async function* textBytes(size, seed) {
  const prng = createPrng(seed);
  let left = size;
  while (left > 0) {
    const parts = [];
    let len = 0;
    while (len < CHUNK) {
      const lineWords = 6 + prng.below(10);
      const line = [];
      for (let i = 0; i < lineWords; i++) line.push(WORDS[prng.below(WORDS.length)]);
      const text = `${line.join(' ')}.\n`;
      parts.push(text);
      len += text.length;
    }
    let buf = Buffer.from(parts.join(''), 'latin1');
    if (buf.length > left) buf = buf.subarray(0, left);
    yield buf;
    left -= buf.length;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Minimal tar (ustar) writer

function octal(value, width) {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** A 512-byte ustar header for a regular file or directory; mtime 0, root-owned. */
export function tarHeader(name, size, type = '0', mode = 0o644) {
  const h = Buffer.alloc(512);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar name too long: ${name}`);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 8, 'latin1');
  h.write(octal(0, 8), 108, 8, 'latin1'); // uid
  h.write(octal(0, 8), 116, 8, 'latin1'); // gid
  h.write(octal(size, 12), 124, 12, 'latin1');
  h.write(octal(0, 12), 136, 12, 'latin1'); // mtime
  h.fill(0x20, 148, 156); // checksum placeholder: spaces
  h.write(type, 156, 1, 'latin1');
  h.write('ustar\0', 257, 6, 'latin1');
  h.write('00', 263, 2, 'latin1');
  h.write('root', 265, 32, 'latin1');
  h.write('root', 297, 32, 'latin1');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
  return h;
}

/** A tar stream: the parent directories of each file, then the file, then two zero blocks. */
export async function* tarStream(entries) {
  const dirs = new Set();
  for (const entry of entries) {
    const parts = entry.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (dirs.has(dir)) continue;
      dirs.add(dir);
      yield tarHeader(dir, 0, '5', 0o755);
    }
    yield tarHeader(entry.path, entry.size, '0', 0o644);
    let written = 0;
    for await (const chunk of entry.content()) {
      written += chunk.length;
      yield chunk;
    }
    if (written !== entry.size)
      throw new Error(`tar entry ${entry.path}: wrote ${written}, expected ${entry.size}`);
    const pad = (512 - (entry.size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024);
}

function tap(onChunk) {
  return new Transform({
    transform(chunk, _enc, cb) {
      onChunk(chunk);
      cb(null, chunk);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// OCI layout writer

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

async function writeBlob(layoutDir, bytes) {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  await writeFile(join(layoutDir, 'blobs', 'sha256', digest.slice(7)), bytes);
  return { digest, size: bytes.length };
}

/** Streams a tar of `entries` through gzip into the layout's blob store; returns descriptor + diff_id. */
async function writeLayer(layoutDir, entries, level) {
  const diff = createHash('sha256');
  const blob = createHash('sha256');
  let size = 0;
  const tmp = join(layoutDir, 'blobs', 'sha256', `.tmp-${process.pid}-${Date.now()}`);
  await pipeline(
    Readable.from(tarStream(entries)),
    tap((c) => diff.update(c)),
    createGzip({ level }),
    tap((c) => {
      blob.update(c);
      size += c.length;
    }),
    createWriteStream(tmp),
  );
  const hex = blob.digest('hex');
  await rename(tmp, join(layoutDir, 'blobs', 'sha256', hex));
  return { mediaType: OCI_LAYER_GZIP, digest: `sha256:${hex}`, size, diffId: `sha256:${diff.digest('hex')}` };
}

function entryFor(layer) {
  if (layer.kind === 'random')
    return { path: layer.path, size: layer.size, content: () => randomBytes(layer.size, layer.seed) };
  if (layer.kind === 'text')
    return { path: layer.path, size: layer.size, content: () => textBytes(layer.size, layer.seed) };
  const bytes = Buffer.from(layer.text);
  return {
    path: layer.path,
    size: bytes.length,
    content: async function* () {
      yield bytes;
    },
  };
}

/**
 * Writes an OCI image layout at `dir` (replacing it) with one image tagged `ref`. `layers` are fixture
 * layer specs; `level(layer)` picks the gzip level.
 */
async function writeLayout(dir, ref, layers, level) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  const written = [];
  for (const layer of layers) written.push(await writeLayer(dir, [entryFor(layer)], level(layer)));
  const config = {
    created: '2024-01-01T00:00:00Z',
    architecture: 'amd64',
    os: 'linux',
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/opt/app/bin/app'],
    },
    rootfs: { type: 'layers', diff_ids: written.map((l) => l.diffId) },
    history: layers.map((l) => ({ created: '2024-01-01T00:00:00Z', created_by: `bench fixture ${l.name}` })),
  };
  const configDesc = await writeBlob(dir, Buffer.from(JSON.stringify(config)));
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, ...configDesc },
    layers: written.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDesc = await writeBlob(dir, manifestBytes);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: OCI_MANIFEST, ...manifestDesc, annotations: { 'org.opencontainers.image.ref.name': ref } },
    ],
  };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const blobs = [configDesc, ...written.map(({ digest, size }) => ({ digest, size }))];
  return {
    dir,
    ref,
    manifestDigest: manifestDesc.digest,
    manifestSize: manifestDesc.size,
    blobs,
    blobBytes: blobs.reduce((a, b) => a + b.size, 0),
    layers: written.map(({ digest, size }) => ({ digest, size })),
  };
}

/** Reuses `dir` when its stamp matches `key`, otherwise rebuilds it with `build()`. */
async function cached(dir, key, build, log) {
  const stampFile = join(dir, '.bench-fixture.json');
  if (existsSync(stampFile)) {
    try {
      const stamp = JSON.parse(await readFile(stampFile, 'utf8'));
      if (stamp.key === key) return stamp.info;
    } catch {
      // rebuild
    }
  }
  log(`building fixture ${dir}`);
  const t0 = performance.now();
  const info = await build();
  await writeFile(stampFile, JSON.stringify({ key, info }));
  log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return info;
}

/**
 * Builds (or reuses) the OCI layouts under `cacheDir`. Returns
 * `{ release, big, small }`, each `{ dir, ref, manifestDigest, blobs, blobBytes, layers }`.
 */
export async function buildLayouts(cacheDir, { quick, images = false, log = () => {} }) {
  const spec = fixtureSpec(quick);
  const suffix = quick ? 'quick' : 'full';
  await mkdir(cacheDir, { recursive: true });
  const release = await cached(
    join(cacheDir, `release-${suffix}`),
    JSON.stringify({ FIXTURE_FORMAT, node: process.versions.zlib, spec: spec.release }),
    () =>
      writeLayout(join(cacheDir, `release-${suffix}`), RELEASE_REF, spec.release.layers, (l) =>
        l.kind === 'text' ? 6 : 1,
      ),
    log,
  );
  const single = (which) => {
    const s = spec[which];
    const layer = {
      name: `random-${s.label}`,
      kind: 'random',
      size: s.size,
      seed: s.seed,
      path: 'data/payload.bin',
    };
    const dir = join(cacheDir, `${which}-${suffix}`);
    // gzip level 0 (stored blocks): a valid tar+gzip layer whose bytes stay incompressible, built fast
    return cached(
      dir,
      JSON.stringify({ FIXTURE_FORMAT, node: process.versions.zlib, s }),
      () => writeLayout(dir, '1.0.0', [layer], () => 0),
      log,
    ).then((info) => ({ ...info, label: s.label, layerBytes: info.layers[0].size }));
  };
  const big = await single('big');
  const small = await single('small');
  const tinyLayer = spec.release.layers[spec.release.layers.length - 1];
  const tiny = await cached(
    join(cacheDir, 'tiny'),
    JSON.stringify({ FIXTURE_FORMAT, tinyLayer }),
    () => writeLayout(join(cacheDir, 'tiny'), '1.0.0', [tinyLayer], () => 6),
    log,
  );
  // random layers in stored blocks (fast to build, the bytes stay incompressible), text at level 1
  const image = (which) =>
    cached(
      join(cacheDir, `${which}-${suffix}`),
      JSON.stringify({ FIXTURE_FORMAT, node: process.versions.zlib, spec: spec[which] }),
      () =>
        writeLayout(join(cacheDir, `${which}-${suffix}`), IMAGE_REF, spec[which].layers, (l) =>
          l.kind === 'random' ? 0 : 1,
        ),
      log,
    ).then((info) => ({ ...info, label: spec[which].label, tarBytes: spec[which].bytes }));
  const bigImage = images ? await image('image') : null;
  const twinImage = images ? await image('imageTwin') : null;
  return { release, big, small, tiny, bigImage, twinImage, spec };
}

export const IMAGE_REF = '1.0.0';

/** The layer blob file of a single-layer layout (what curl uploads in S6). */
export function layerFile(layout) {
  return join(layout.dir, 'blobs', 'sha256', layout.layers[0].digest.slice(7));
}
