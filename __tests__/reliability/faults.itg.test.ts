/**
 * Faults between the publisher and a real registry (CNCF distribution), injected by a loopback proxy
 * (fixtures/fault-proxy.ts): 50 publishes at a 20 % fault rate, a token that expires mid-upload, and the
 * registry restarting during a blob upload. Every publish must end fully published and verified (skopeo
 * copies every tag back with the same digest) or failed with a clear error, and no tag may ever point at an
 * image whose manifest, child manifests or blobs are missing: checked straight on the registry, around the
 * proxy, after every publish. The counts go to docs/reliability.md.
 *
 * The 50 publishes run in-process (runPublish, the engine behind both adapters, with the real registry
 * client) so the client timeout can be lowered to 1.5 s for the stall faults: neither the action nor the CLI
 * has a setting for it (the transport's default is 60 s). One repository's five publishes go through
 * dist/index.js as the CLI, behind a second proxy with the same seed and every fault kind except stalls.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatError, isPublishError } from '../../src/errors.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { runPublish } from '../../src/publish/publish.js';
import { tagsAtDigest, type PublishReport } from '../../src/publish/report.js';
import { parseSettings } from '../../src/publish/settings.js';
import { createRegistryClient } from '../../src/registry/client.js';
import { createSecretRegistry } from '../../src/secrets.js';
import {
  FAULT_KINDS,
  checkRepository,
  recordReliabilitySection,
  startFaultProxy,
  type FaultKind,
  type FaultProxy,
} from '../fixtures/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runCliDist } from '../fixtures/run-dist.js';
import { makeMultiPlatformLayout, makeOciLayout, runSkopeo, skopeoInspect } from '../fixtures/skopeo.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';

const SEED = Number(process.env.FAULT_SEED ?? 7);
const RATE = 0.2;
const CLIENT_TIMEOUT_MS = 1_500;
const REPOS = 10;
/** A backport (1.1.1 after 2.0.0) keeps the floating guard and convergence under fire. */
const VERSIONS = ['1.0.0', '1.0.1', '1.1.0', '2.0.0', '1.1.1'] as const;
/** This repository's publishes go through dist/index.js (the CLI). */
const CLI_REPO = REPOS - 1;
/** Repositories published at once (the versions of one repository go one after another). */
const LANES = 5;

let work: string;
let emptyDockerConfig: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-faults-'));
  emptyDockerConfig = join(work, 'docker-config');
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

interface Outcome {
  readonly repo: string;
  readonly version: string;
  readonly via: 'in-process' | 'cli';
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly digest?: string;
  readonly tags?: readonly string[];
  readonly ms: number;
}

/** The first line of the CLI's error output and the code in its brackets. */
function cliError(stderr: string): { code: string; message: string } {
  const line =
    stderr.split('\n').find((l) => l.startsWith('error:')) ?? stderr.trim().split('\n').at(-1) ?? '';
  return { code: /\[([A-Z_]+)\]\s*$/.exec(line)?.[1] ?? 'NO_CODE', message: line };
}

function digestOfFile(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

describe('50 publishes through a proxy that faults 20 % of requests', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let cliProxy: FaultProxy;
  const sources: string[] = [];

  beforeAll(async () => {
    registry = await startRegistry({ kind: 'anonymous' });
    proxy = await startFaultProxy({
      upstream: registry.url,
      rate: RATE,
      seed: SEED,
      stallMs: 4 * CLIENT_TIMEOUT_MS,
    });
    cliProxy = await startFaultProxy({
      upstream: registry.url,
      rate: RATE,
      seed: SEED,
      kinds: FAULT_KINDS.filter((k) => k !== 'stall'),
    });
    for (const [i, version] of VERSIONS.entries()) {
      const dir = join(work, `v${i}`);
      if (i === 2) {
        // One version is a two-platform index: child manifests must never be missing either.
        const layout = await makeMultiPlatformLayout(dir, { seed: `faults-${version}`, sharedLayer: 40_000 });
        sources.push(layout.ref);
      } else {
        const layout = await makeOciLayout(dir, { seed: `faults-${version}`, layers: [2048, 60_000] });
        sources.push(layout.ref);
      }
    }
  });

  afterAll(async () => {
    await proxy?.stop();
    await cliProxy?.stop();
    await registry?.stop();
  });

  async function publishInProcess(
    repo: string,
    version: string,
    source: string,
  ): Promise<Omit<Outcome, 'ms'>> {
    const settings = parseSettings({
      registry: proxy.host,
      namespace: 'faults',
      image: repo,
      source,
      version,
      concurrency: '3',
    });
    const base = { repo, version, via: 'in-process' as const };
    let report: PublishReport;
    try {
      report = await runPublish(settings, {
        log: createMemoryLogger(),
        env: { DOCKER_CONFIG: emptyDockerConfig },
        secrets: createSecretRegistry(),
        createClient: (options) => createRegistryClient({ ...options, timeoutMs: CLIENT_TIMEOUT_MS }),
      });
    } catch (err) {
      return {
        ...base,
        ok: false,
        code: isPublishError(err) ? err.code : 'INTERNAL',
        message: formatError(err),
      };
    }
    const target = report.targets[0];
    if (!target || target.error || !target.verified) {
      return {
        ...base,
        ok: false,
        code: target?.error?.code ?? 'NOT_VERIFIED',
        message: target?.error?.message ?? 'not verified',
      };
    }
    return { ...base, ok: true, digest: report.digest ?? '', tags: tagsAtDigest(target) };
  }

  async function publishCli(repo: string, version: string, source: string): Promise<Omit<Outcome, 'ms'>> {
    const run = await runCliDist(
      [
        'publish',
        '--registry',
        cliProxy.host,
        '--namespace',
        'faults',
        '--image',
        repo,
        '--source',
        source,
      ].concat(['--version', version, '--json']),
      { DOCKER_CONFIG: emptyDockerConfig },
    );
    const base = { repo, version, via: 'cli' as const };
    if (run.code !== 0) return { ...base, ok: false, ...cliError(run.stderr) };
    const report = JSON.parse(run.stdout) as PublishReport;
    const target = report.targets[0];
    if (!target?.verified) return { ...base, ok: false, code: 'NOT_VERIFIED', message: run.stderr };
    return { ...base, ok: true, digest: report.digest ?? '', tags: tagsAtDigest(target) };
  }

  /** skopeo copies the repository back (every tag, every platform) into a dir: tag → manifest digest. */
  async function copyBack(repository: string): Promise<Map<string, string>> {
    const out = await mkdtemp(join(work, 'copy-'));
    try {
      // prettier-ignore
      await runSkopeo([
        'sync', '--src', 'docker', '--dest', 'dir', '--all', '--preserve-digests', '--scoped',
        '--src-tls-verify=false', '--retry-times', '0', `${registry.host}/${repository}`, out,
      ]);
      const digests = new Map<string, string>();
      const tags = (await checkRepository(registry, repository)).tags;
      for (const tag of tags.keys()) {
        const manifest = await readFile(join(out, registry.host, `${repository}:${tag}`, 'manifest.json'));
        digests.set(tag, digestOfFile(manifest));
      }
      return digests;
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }

  test('each publish is complete and verified, or failed with a clear error; no tag is ever broken', async () => {
    const started = Date.now();
    const outcomes: Outcome[] = [];
    const problems: string[] = [];
    const copyMismatches: string[] = [];

    const lane = async (r: number): Promise<void> => {
      const repo = `app${r}`;
      const repository = `faults/${repo}`;
      for (const [i, version] of VERSIONS.entries()) {
        const t0 = Date.now();
        const source = sources[i] ?? '';
        const result =
          r === CLI_REPO
            ? await publishCli(repo, version, source)
            : await publishInProcess(repo, version, source);
        outcomes.push({ ...result, ms: Date.now() - t0 });
        if (!result.ok && process.env.FAULT_DEBUG) {
          // The failed publish's exchanges, for diagnosis: FAULT_DEBUG=1 prints them.
          const via = r === CLI_REPO ? cliProxy : proxy;
          const trail = via.log
            .filter((e) => e.path.startsWith(`/v2/${repository}/`) && e.startedAt >= t0)
            .map(
              (e) =>
                `${e.seq} ${e.method} ${e.path.replace(/sha256:(\w{12})\w+/, '$1').replace(/uploads\/[\w-]+/, 'uploads/…')} ${e.fault ?? ''} ${e.status}`,
            );
          console.log(`${repo} ${version}: ${result.message}\n  ${trail.join('\n  ')}`);
        }
        // Straight on the registry: every tag of the repository, whole.
        const check = await checkRepository(registry, repository);
        problems.push(...check.problems.map((p) => `after ${repo} ${version}: ${p}`));
        if (result.ok) {
          const copied = await copyBack(repository);
          for (const tag of result.tags ?? []) {
            if (check.tags.get(tag) !== result.digest || copied.get(tag) !== result.digest) {
              copyMismatches.push(
                `${repository}:${tag} expected ${result.digest}, registry ${check.tags.get(tag)}, skopeo ${copied.get(tag)}`,
              );
            }
          }
        }
      }
    };
    const queue = Array.from({ length: REPOS }, (_, r) => r);
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        for (let r = queue.shift(); r !== undefined; r = queue.shift()) await lane(r);
      }),
    );
    const elapsed = Date.now() - started;

    // The end state, copied back whole by skopeo, agrees with the registry tag for tag.
    for (let r = 0; r < REPOS; r++) {
      const repository = `faults/app${r}`;
      const check = await checkRepository(registry, repository);
      problems.push(...check.problems.map((p) => `final: ${p}`));
      const copied = await copyBack(repository);
      for (const [tag, digest] of check.tags)
        if (copied.get(tag) !== digest) copyMismatches.push(`final ${repository}:${tag}`);
    }

    const succeeded = outcomes.filter((o) => o.ok);
    const failed = outcomes.filter((o) => !o.ok);
    const byCode = new Map<string, number>();
    for (const o of failed) byCode.set(o.code ?? '?', (byCode.get(o.code ?? '?') ?? 0) + 1);
    const faults = sumCounts(proxy.faultCounts(), cliProxy.faultCounts());
    const requests = proxy.log.length + cliProxy.log.length;

    await recordReliabilitySection(
      'faults',
      [
        `Seed ${SEED}, fault rate ${RATE * 100} %, ${outcomes.length} publishes (${outcomes.filter((o) => o.via === 'cli').length} through dist/index.js as the CLI), ` +
          `${REPOS} repositories × ${VERSIONS.length} versions (${VERSIONS.join(', ')}; one a two-platform index), ${LANES} repositories at a time, ` +
          `client timeout ${CLIENT_TIMEOUT_MS} ms in-process. Wall time ${(elapsed / 1000).toFixed(1)} s.`,
        '',
        '| outcome | publishes |',
        '| --- | ---: |',
        `| published and verified (skopeo copies every tag back, digests match) | ${succeeded.length} |`,
        ...[...byCode.entries()].sort().map(([code, n]) => `| failed: \`${code}\` | ${n} |`),
        `| **total** | **${outcomes.length}** |`,
        '',
        '| fault injected | count |',
        '| --- | ---: |',
        ...FAULT_KINDS.map((k) => `| \`${k}\` | ${faults[k]} |`),
        `| **total** | **${Object.values(faults).reduce((a, b) => a + b, 0)}** of ${requests} requests |`,
        '',
        `Tags left pointing at an incomplete image (checked on the registry after every publish and at the end): **${problems.length}**. ` +
          `Tags whose skopeo copy differed: **${copyMismatches.length}**.`,
        ...(failed.length > 0
          ? [
              '',
              'Failure messages (first of each code):',
              '',
              ...[...byCode.keys()].sort().map((code) => {
                const first = failed.find((o) => o.code === code);
                return `- \`${code}\`: ${(first?.message ?? '').replace(/\|/g, '\\|').slice(0, 300)}`;
              }),
            ]
          : []),
      ].join('\n'),
    );

    expect(outcomes).toHaveLength(REPOS * VERSIONS.length);
    expect(problems).toEqual([]);
    expect(copyMismatches).toEqual([]);
    for (const o of failed) {
      // A clear error: a stable code (never INTERNAL), one line that says what failed.
      expect(o.code, o.message).toMatch(/^[A-Z_]+$/);
      expect(o.code, o.message).not.toBe('INTERNAL');
      expect(o.code, o.message).not.toBe('NO_CODE');
      expect(o.message ?? '').not.toContain('\n');
    }
    for (const kind of FAULT_KINDS) expect(faults[kind], kind).toBeGreaterThan(0);
    // Retries absorb most faults; a run where most publishes fail is a regression, not bad luck.
    expect(succeeded.length).toBeGreaterThanOrEqual(outcomes.length * 0.6);
  });
});

function sumCounts(a: Record<FaultKind, number>, b: Record<FaultKind, number>): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, a[k] + b[k]])) as Record<FaultKind, number>;
}

describe('a token that expires mid-upload', () => {
  let issuer: TokenIssuer;
  let registry: TestRegistry;
  let proxy: FaultProxy;
  const password = 'expiring-secret-Pa55';

  beforeAll(async () => {
    issuer = await startTokenIssuer({ users: { alice: password }, lifetimeSeconds: 5 });
    registry = await startRegistry({ kind: 'token', issuer });
  });

  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
    await issuer?.close();
  });

  test('is renewed on the 401 and the publish succeeds', async () => {
    let posts = 0;
    proxy = await startFaultProxy({
      upstream: registry.url,
      // The first upload session opens with a fresh token, but its POST answer comes back 5.5 s late:
      // the PUT that completes the session carries an expired token.
      delay: {
        ms: 5_500,
        match: (r) => r.method === 'POST' && r.path.endsWith('/blobs/uploads/') && ++posts === 1,
      },
      // The big layer's body crawls (~6 s), so the token also runs out while the body is on the wire.
      throttle: {
        bytesPerSecond: 150_000,
        match: (r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/'),
      },
    });
    const layout = await makeOciLayout(join(work, 'token'), { seed: 'token-expiry', layers: [900_000] });
    const started = Date.now();
    const run = await runCliDist(
      [
        'publish',
        '--registry',
        proxy.host,
        '--namespace',
        'tok',
        '--image',
        'app',
        '--source',
        layout.ref,
      ].concat([
        '--version',
        '1.0.0',
        '--username',
        'alice',
        '--password-stdin',
        '--concurrency',
        '1',
        '--json',
      ]),
      { DOCKER_CONFIG: emptyDockerConfig },
      password,
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as PublishReport;
    expect(report.targets[0]?.verified).toBe(true);
    const elapsed = Date.now() - started;

    const unauthorized = proxy.log.filter(
      (e) => e.status === 401 && e.method !== 'GET' && e.method !== 'HEAD',
    );
    expect(unauthorized.length, 'a write was refused with the expired token').toBeGreaterThan(0);
    const issued = issuer.requests.filter((r) => r.status === 200 && r.user === 'alice');
    expect(issued.length, 'the token was renewed').toBeGreaterThanOrEqual(2);
    // The refused PUT was sent again to the same upload session and completed it.
    const refusedPut = unauthorized.find((e) => e.method === 'PUT');
    if (refusedPut) {
      const retried = proxy.log.find(
        (e) => e.seq > refusedPut.seq && e.url === refusedPut.url && e.status === 201,
      );
      expect(retried, 'the refused PUT was re-sent to the same session').toBeDefined();
    }
    const token = issuer.signToken({ access: [{ type: 'repository', name: 'tok/app', actions: ['pull'] }] });
    const direct = await checkRepository(
      { url: registry.url, authorization: () => `Bearer ${token}` },
      'tok/app',
    );
    expect(direct.problems).toEqual([]);
    expect(direct.tags.get('1.0.0')).toBe(report.digest);
    expect(
      (await skopeoInspect(`${registry.host}/tok/app:latest`, { tlsVerify: false, registryToken: token }))
        .digest,
    ).toBe(report.digest);
    expect(run.stdout + run.stderr).not.toContain(password);
    await recordReliabilitySection(
      'token',
      `Published in ${(elapsed / 1000).toFixed(1)} s with 5-second tokens: ${unauthorized.length} write(s) refused with an expired token ` +
        `(${unauthorized.map((e) => `${e.method} ${e.path.includes('/uploads/') ? 'blob upload' : 'manifest'}`).join(', ')}), ` +
        `${issued.length} tokens issued in all, every refused request sent again after the renewal and accepted.`,
    );
  });
});

describe('the registry restarting mid-publish', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;

  beforeAll(async () => {
    registry = await startRegistry({ kind: 'anonymous' });
    // The registry is reached through a throttling (fault-free) proxy so the upload is slow enough to be
    // interrupted; when the registry dies the proxy resets the client's connection, as the registry would.
    proxy = await startFaultProxy({
      upstream: registry.url,
      throttle: {
        bytesPerSecond: 500_000,
        match: (r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/'),
      },
    });
  });

  const results: string[] = [];

  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
    if (results.length > 0)
      await recordReliabilitySection(
        'restart',
        ['| stop | down | outcome |', '| --- | ---: | --- |', ...results].join('\n'),
      );
  });

  test.each([
    ['SIGTERM', 1_000],
    ['SIGKILL', 2_000],
  ] as const)(
    '%s during a blob upload, down %i ms: retried and published, or failed cleanly',
    async (signal, downtimeMs) => {
      const image = `restart-${signal.toLowerCase()}`;
      const layout = await makeOciLayout(join(work, image), { seed: image, layers: [1024, 2_000_000] });
      const running = runCliDist(
        [
          'publish',
          '--registry',
          proxy.host,
          '--namespace',
          'restart',
          '--image',
          image,
          '--source',
          layout.ref,
        ].concat(['--version', '3.1.4', '--json']),
        { DOCKER_CONFIG: emptyDockerConfig },
      );
      // Wait until the big layer is on the wire, then take the registry down under it.
      const deadline = Date.now() + 20_000;
      while (!proxy.inFlight().some((e) => e.method === 'PUT' && e.requestBytes > 300_000)) {
        if (Date.now() > deadline) throw new Error('the upload never started');
        await new Promise((r) => setTimeout(r, 20));
      }
      await registry.restart({ signal, downtimeMs });
      const run = await running;

      const interrupted = proxy.log.filter(
        (e) => e.method === 'PUT' && e.status === 0 && e.path.includes('/blobs/uploads/'),
      );
      expect(interrupted.length, 'an upload was cut by the restart').toBeGreaterThan(0);
      const check = await checkRepository(registry, `restart/${image}`);
      expect(check.problems).toEqual([]);
      const uploads = proxy.log.filter(
        (e) => e.method === 'PUT' && e.path.startsWith(`/v2/restart/${image}/blobs/uploads/`),
      );
      results.push(
        `| ${signal} | ${downtimeMs} ms | ${run.code === 0 ? 'published and verified' : `failed: ${cliError(run.stderr).code}`}; ` +
          `${uploads.filter((e) => e.status === 0).length} blob upload(s) cut, ${uploads.filter((e) => e.status === 201).length} completed, tags intact |`,
      );
      if (run.code === 0) {
        const report = JSON.parse(run.stdout) as PublishReport;
        expect(report.targets[0]?.verified).toBe(true);
        for (const tag of ['3.1.4', '3.1', '3', 'latest']) expect(check.tags.get(tag)).toBe(report.digest);
      } else {
        const error = cliError(run.stderr);
        expect(error.code).toMatch(/^REGISTRY_(UNREACHABLE|UNAVAILABLE)$/);
        expect(check.tags.size).toBe(0);
      }
    },
  );
});

describe('a docker:// source whose blob downloads are cut off', () => {
  let source: TestRegistry;
  let target: TestRegistry;

  beforeAll(async () => {
    [source, target] = await Promise.all([
      startRegistry({ kind: 'anonymous' }),
      startRegistry({ kind: 'anonymous' }),
    ]);
    const layout = await makeOciLayout(join(work, 'remote'), {
      seed: 'remote-source',
      layers: [2048, 200_000, 100_000],
    });
    await runSkopeo([
      'copy',
      '--retry-times',
      '0',
      '--preserve-digests',
      '--dest-tls-verify=false',
      layout.ref,
      `docker://${source.host}/src/app:1`,
    ]);
  });

  afterAll(async () => {
    await source?.stop();
    await target?.stop();
  });

  test.each(['truncate', 'reset-during', 'stall'] as const)(
    '%s: the blob is read again and the copy is whole',
    async (kind) => {
      let left = 2;
      const proxy = await startFaultProxy({
        upstream: source.url,
        rate: 1,
        kinds: [kind],
        stallMs: 4 * CLIENT_TIMEOUT_MS,
        eligible: (r) => r.method === 'GET' && r.path.includes('/blobs/sha256:') && left-- > 0,
      });
      try {
        const settings = parseSettings({
          registry: target.host,
          namespace: kind,
          image: 'app',
          version: '1.0.0',
          source: `docker://${proxy.host}/src/app:1`,
          concurrency: '1',
        });
        const report = await runPublish(settings, {
          log: createMemoryLogger(),
          env: { DOCKER_CONFIG: emptyDockerConfig },
          secrets: createSecretRegistry(),
          createClient: (options) => createRegistryClient({ ...options, timeoutMs: CLIENT_TIMEOUT_MS }),
        });
        expect(report.targets[0]?.error).toBeNull();
        expect(report.targets[0]?.verified).toBe(true);
        expect(proxy.faultCounts()[kind]).toBe(2);
        const check = await checkRepository(target, `${kind}/app`);
        expect(check.problems).toEqual([]);
        expect(check.tags.get('1.0.0')).toBe(report.digest);
      } finally {
        await proxy.stop();
      }
    },
  );
});
