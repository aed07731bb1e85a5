/**
 * Parallel jobs and scale, through dist/index.js as the action against a real registry:
 *
 * - 8 publishers at once into one repository (two version lines × two variants × two versions): all
 *   succeed, and every floating tag ends at the highest version of its line, per variant.
 * - A 2 GiB layer (generated streaming into an OCI layout on disk) publishes with the process capped at
 *   256 MB of V8 heap; the registry holds a blob of exactly the layer's size; peak RSS is recorded.
 *   RELIABILITY_SKIP_2GIB=1 skips it (it needs ~4.5 GB of free disk: the layout and the registry's copy).
 * - 20 images published in parallel by one machine finish without errors, and within
 *   2 × serial time / min(20, CPU parallelism); both times go to docs/reliability.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkRepository, recordReliabilitySection } from '../fixtures/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, type ActionRun } from '../fixtures/run-dist.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';

let work: string;
let registry: TestRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-scale-'));
  registry = await startRegistry({ kind: 'anonymous' });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function publish(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  return runActionDist(
    { registry: registry.host, ...inputs },
    { DOCKER_CONFIG: join(work, 'no-docker-config'), ...env },
  );
}

describe('8 publishers at once into one repository', () => {
  const VERSIONS = ['1.4.0', '1.4.1', '2.0.0', '2.0.1'];
  const VARIANTS = ['', 'alpine'];
  const layouts = new Map<string, OciLayout>();

  beforeAll(async () => {
    for (const version of VERSIONS) {
      for (const variant of VARIANTS) {
        const key = `${version}${variant ? `-${variant}` : ''}`;
        layouts.set(
          key,
          await makeOciLayout(join(work, `race-${key}`), { seed: `race-${key}`, layers: [1024, 30_000] }),
        );
      }
    }
  });

  test.each([0, 1, 2])(
    'round %i: all succeed; floating tags end at the highest of each line, per variant',
    async (round) => {
      const namespace = `race${round}`;
      const jobs = VERSIONS.flatMap((version) => VARIANTS.map((variant) => ({ version, variant })));
      // A different start order each round.
      const order =
        round === 1
          ? [...jobs].reverse()
          : round === 2
            ? [...jobs.filter((_, i) => i % 2), ...jobs.filter((_, i) => !(i % 2))]
            : jobs;
      const runs = await Promise.all(
        order.map(async (job) => {
          const key = `${job.version}${job.variant ? `-${job.variant}` : ''}`;
          const run = await publish({
            namespace,
            image: 'app',
            version: job.version,
            ...(job.variant ? { variant: job.variant } : {}),
            source: layouts.get(key)?.ref ?? '',
          });
          return { key, run };
        }),
      );
      for (const { key, run } of runs) expect(run.code, `${key}: ${run.stdout}${run.stderr}`).toBe(0);
      const digest = Object.fromEntries(runs.map(({ key, run }) => [key, run.outputs.digest]));

      const check = await checkRepository(registry, `${namespace}/app`);
      expect(check.problems).toEqual([]);
      const expected: Record<string, string | undefined> = {};
      for (const variant of VARIANTS) {
        const s = variant ? `-${variant}` : '';
        for (const version of VERSIONS) expected[`${version}${s}`] = digest[`${version}${s}`];
        expected[`1.4${s}`] = digest[`1.4.1${s}`];
        expected[`1${s}`] = digest[`1.4.1${s}`];
        expected[`2.0${s}`] = digest[`2.0.1${s}`];
        expected[`2${s}`] = digest[`2.0.1${s}`];
        expected[variant || 'latest'] = digest[`2.0.1${s}`];
      }
      expect(Object.fromEntries(check.tags)).toEqual(expected);
    },
  );
});

const SKIP_2GIB = process.env.RELIABILITY_SKIP_2GIB === '1';
const GIB = 1024 ** 3;

/**
 * Writes an OCI layout whose single layer is an uncompressed tar holding one 2 GiB file, streaming: a 1 MiB
 * random block written 2048 times, hashed as it goes; nothing larger than a block is ever in memory.
 */
async function writeBigLayout(
  dir: string,
  fileSize: number,
): Promise<{ ref: string; layerDigest: string; layerSize: number }> {
  const blobs = join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const tmp = join(blobs, 'layer.partial');
  const out = createWriteStream(tmp);
  const hash = createHash('sha256');
  const diff = createHash('sha256');
  let size = 0;
  const write = async (chunk: Buffer): Promise<void> => {
    hash.update(chunk);
    diff.update(chunk);
    size += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write(tarHeader('big.bin', fileSize));
  const block = randomBytes(1024 * 1024);
  for (let written = 0; written < fileSize; written += block.length) {
    // Vary each block so no two are alike (cheap: the counter in the first 8 bytes).
    block.writeBigUInt64BE(BigInt(written), 0);
    await write(Buffer.from(block.subarray(0, Math.min(block.length, fileSize - written))));
  }
  const pad = (512 - (fileSize % 512)) % 512;
  if (pad) await write(Buffer.alloc(pad));
  await write(Buffer.alloc(1024));
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  const layerHex = hash.digest('hex');
  await rename(tmp, join(blobs, layerHex));
  const blob = async (doc: unknown): Promise<{ digest: string; size: number }> => {
    const bytes = Buffer.from(JSON.stringify(doc));
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const config = await blob({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [`sha256:${diff.digest('hex')}`] },
  });
  const manifest = await blob({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha256:${layerHex}`, size }],
  });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...manifest,
          annotations: { 'org.opencontainers.image.ref.name': 'big' },
        },
      ],
    }),
  );
  return { ref: `oci:${dir}:big`, layerDigest: `sha256:${layerHex}`, layerSize: size };
}

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const octal = (value: number, length: number): string => `${value.toString(8).padStart(length - 1, '0')}\0`;
  h.write(name, 0);
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(1_700_000_000, 12), 136);
  h.fill(0x20, 148, 156);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

describe.skipIf(SKIP_2GIB)('a 2 GiB layer', () => {
  test('publishes with 256 MB of heap; the registry holds the whole blob', { timeout: 300_000 }, async () => {
    const dir = join(work, 'big');
    const started = Date.now();
    const big = await writeBigLayout(dir, 2 * GIB);
    const generated = Date.now() - started;
    const probeOut = join(work, 'rss.json');
    const probe = join(work, 'rss-probe.cjs');
    await writeFile(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(probeOut)}, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, heapLimit: require('node:v8').getHeapStatistics().heap_size_limit })));\n`,
    );
    const t0 = Date.now();
    const run = await publish(
      { namespace: 'big', image: 'app', version: '1.0.0', source: big.ref },
      { NODE_OPTIONS: `--max-old-space-size=256 --require ${probe}` },
    );
    const publishMs = Date.now() - t0;
    await rm(dir, { recursive: true, force: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const rss = JSON.parse(await readFile(probeOut, 'utf8')) as { maxRssKb: number; heapLimit: number };
    // The cap took effect: 256 MB of old space plus the young generation (the default here is ~4 GB).
    expect(rss.heapLimit).toBeLessThan(512 * 1024 * 1024);

    const check = await checkRepository(registry, 'big/app', { hashBlobsUpTo: 1024 * 1024 });
    expect(check.problems).toEqual([]);
    expect(check.tags.get('1.0.0')).toBe(run.outputs.digest);
    const head = await fetch(`${registry.url}/v2/big/app/blobs/${big.layerDigest}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(big.layerSize);

    await recordReliabilitySection(
      '2gib',
      [
        `Layer: one uncompressed tar of ${big.layerSize.toLocaleString('en-US')} bytes (a 2 GiB file), generated streaming in ${(generated / 1000).toFixed(1)} s.`,
        `Published by dist/index.js with \`NODE_OPTIONS=--max-old-space-size=256\` (V8 heap limit ${(rss.heapLimit / 1024 / 1024).toFixed(0)} MB: 256 MB of old space plus the young generation) in ${(publishMs / 1000).toFixed(1)} s ` +
          `(${(big.layerSize / 1024 / 1024 / (publishMs / 1000)).toFixed(0)} MiB/s, source hashing and registry on the same ${cpus().length}-core machine).`,
        `Peak RSS of the publishing process: **${(rss.maxRssKb / 1024).toFixed(0)} MB**. The registry holds the blob with exactly ${big.layerSize.toLocaleString('en-US')} bytes.`,
      ].join('\n'),
    );
  });
});

describe('20 images from one machine', () => {
  const COUNT = 20;
  const layouts: OciLayout[] = [];

  beforeAll(async () => {
    for (let i = 0; i < COUNT; i++)
      layouts.push(
        await makeOciLayout(join(work, `many-${i}`), { seed: `many-${i}`, layers: [2048, 300_000] }),
      );
  });

  test('in parallel: no errors, within 2 × serial / min(20, CPU parallelism)', async () => {
    // Warm the page cache for the bundle and the registry's first writes.
    const warm = await publish({
      namespace: 'warm',
      image: 'app',
      version: '0.0.1',
      source: layouts[0]?.ref ?? '',
    });
    expect(warm.code, warm.stdout + warm.stderr).toBe(0);

    const serialStart = Date.now();
    for (const [i, layout] of layouts.entries()) {
      const run = await publish({
        namespace: 'serial',
        image: `app${i}`,
        version: '1.0.0',
        source: layout.ref,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    const serialMs = Date.now() - serialStart;

    const parallelStart = Date.now();
    const runs = await Promise.all(
      layouts.map((layout, i) =>
        publish({ namespace: 'parallel', image: `app${i}`, version: '1.0.0', source: layout.ref }),
      ),
    );
    const parallelMs = Date.now() - parallelStart;
    for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
    for (let i = 0; i < COUNT; i++) {
      const check = await checkRepository(registry, `parallel/app${i}`);
      expect(check.problems).toEqual([]);
      expect(check.tags.get('1.0.0')).toBe(runs[i]?.outputs.digest);
    }

    const parallelism = Math.min(COUNT, availableParallelism());
    const bound = (2 * serialMs) / parallelism;
    await recordReliabilitySection(
      'parallel',
      [
        `${COUNT} images (2 layers, ~300 kB each), each published by its own dist/index.js process as the action, to ${COUNT} repositories of one local registry, on a machine with ${availableParallelism()} CPUs.`,
        '',
        '| run | wall time |',
        '| --- | ---: |',
        `| serial (one after another) | ${(serialMs / 1000).toFixed(1)} s |`,
        `| parallel (all ${COUNT} at once) | ${(parallelMs / 1000).toFixed(1)} s |`,
        `| bound: 2 × serial / min(${COUNT}, ${availableParallelism()} CPUs) | ${(bound / 1000).toFixed(1)} s |`,
        '',
        `Speed-up ${(serialMs / parallelMs).toFixed(2)}× with ${parallelism}-way CPU parallelism.`,
      ].join('\n'),
    );
    expect(parallelMs).toBeLessThanOrEqual(bound);
  });
});
