/**
 * The floating guarantee under races, cancellation and failure (issue 19, cases 3 and 4), end to end:
 * dist/index.js started as a runner starts the action, against a real CNCF distribution registry, with a
 * loopback proxy (fixtures/fault-proxy.ts) that holds chosen answers so each race happens in a fixed
 * order; skopeo, an independent client, reads the tags afterwards.
 *
 * - A release of 1.1.0 whose plan predates 1.2.0 never writes `1`/`latest` (the tag list is read again just
 *   before the floating writes).
 * - 1.2.0 lands after that re-listing, so 1.1.0 writes stale `1`/`latest`; the job is then cancelled (SIGINT,
 *   as a runner cancelling it) before it converges: the signal handler converges, `1`/`latest` end on 1.2.0,
 *   and the run fails with CANCELLED.
 * - The same, killed with SIGKILL (no chance to converge): the tags stay on 1.1.0, and a re-run of 1.1.0,
 *   which finds them "held back", repairs them.
 * - Alias variants (1-slim, slim) converge like the variant's own tags, and under floating-scope image a tag
 *   held back only by another variant's 1.2.0 is not written, or kept where the run put it (issue 17).
 * - Two jobs publish 1.0.0 with different images, B's check of the tag just before A's PUT and B's PUT just
 *   after it: B wins; A reads the tag back after its PUT, fails with TAG_EXISTS and writes no other tag. The
 *   same with two promotions in place, whose check before the PUT is read with the tag list.
 * - With overwrite (the version tag not claimed), the listing before the floating tags goes out with the
 *   version PUT; when the PUT's answer comes later than that listing's round trip and 1.2.0 landed
 *   meanwhile, the tags are listed again and `1`/`latest` are not written.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy, type ProxyRequestInfo } from '../fixtures/fault-proxy.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, type ActionRun } from '../fixtures/run-dist.js';
import { makeOciLayout } from '../fixtures/skopeo.js';

let registry: TestRegistry;
let work: string;
const images: Record<string, { ref: string; digest: string }> = {};

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'rp-races-'));
  for (const name of ['v100', 'v110', 'v120', 'a', 'b']) {
    const layout = await makeOciLayout(join(work, name), { seed: name, layers: [2048], refName: 'img' });
    images[name] = { ref: layout.ref, digest: layout.manifest.digest };
  }
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A gate a proxy hold waits on; `reached` resolves when the held request's upstream answer arrived. */
function gate(): { wait: Promise<void>; open: () => void; reached: Promise<void>; arrive: () => void } {
  let open!: () => void;
  let arrive!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  const reached = new Promise<void>((r) => (arrive = r));
  return { wait, open, reached, arrive };
}

function publish(
  host: string,
  image: string,
  version: string,
  source: string,
  onSpawn?: (child: ChildProcess) => void,
  inputs: Record<string, string> = {},
): Promise<ActionRun> {
  return runActionDist({ registry: host, image, version, source, ...inputs }, {}, onSpawn);
}

const isTagList = (repo: string) => (r: ProxyRequestInfo) =>
  r.method === 'GET' && r.path === `/v2/${repo}/tags/list`;
const isFloatingPut =
  (repo: string, tags: readonly string[] = ['1', 'latest']) =>
  (r: ProxyRequestInfo) =>
    r.method === 'PUT' && tags.some((tag) => r.path === `/v2/${repo}/manifests/${tag}`);

/**
 * Polls `check` while the registry is still writing: a failed check counts as "not yet". docker-registry's
 * filesystem driver writes a tag's link file in place, so a read racing the PUT that writes it can find it
 * empty and answer 500 (distribution/distribution#4489); the last failure is thrown if time runs out.
 */
async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  let failure: unknown;
  for (const end = Date.now() + timeoutMs; Date.now() < end;) {
    try {
      if (await check()) return;
    } catch (err) {
      failure = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw failure ?? new Error('condition not reached in time');
}

async function digestOf(repo: string, tag: string): Promise<string | undefined> {
  return inspectDigest(registry, `${repo}:${tag}`);
}

/** The inputs of a race: the tag policy of the 1.0.0, 1.1.0 and 1.2.0 jobs, and which floating PUTs to hold. */
interface RaceInputs {
  /** Inputs of every job (default none: the plain set). */
  readonly inputs?: Record<string, string>;
  /** Inputs of the 1.2.0 job instead (another variant's job under floating-scope image). */
  readonly higher?: Record<string, string>;
  /** The floating PUTs of 1.1.0 whose answers are held (default `1`, `latest`). */
  readonly floating?: readonly string[];
}

/**
 * Publishes 1.0.0, then runs 1.1.0 through a proxy that holds its `nth` tag listing until 1.2.0 is
 * published straight to the registry, and holds the answers to its floating PUTs (which reached the
 * registry) until `whileHeld(child)` returns.
 */
async function raceRelease(
  repo: string,
  nth: number,
  whileHeld: (child: ChildProcess) => Promise<void>,
  race: RaceInputs = {},
): Promise<{ run: ActionRun; proxy: FaultProxy }> {
  const inputs = race.inputs ?? {};
  const floatingTags = race.floating ?? ['1', 'latest'];
  const base = await publish(registry.host, repo, '1.0.0', images.v100!.ref, undefined, inputs);
  expect(base.code, base.stderr).toBe(0);
  const listing = gate();
  const puts = gate();
  let listings = 0;
  let floating = 0;
  let child: ChildProcess | undefined;
  const proxy = await startFaultProxy({
    upstream: registry.url,
    hold: (req) => {
      if (isTagList(repo)(req) && ++listings === nth) {
        listing.arrive();
        return listing.wait;
      }
      if (isFloatingPut(repo, floatingTags)(req)) {
        if (++floating === floatingTags.length) puts.arrive();
        return puts.wait;
      }
      return undefined;
    },
  });
  try {
    const running = publish(proxy.host, repo, '1.1.0', images.v110!.ref, (c) => (child = c), inputs);
    const raced = (async () => {
      await listing.reached;
      const higher = await publish(
        registry.host,
        repo,
        '1.2.0',
        images.v120!.ref,
        undefined,
        race.higher ?? inputs,
      );
      expect(higher.code, higher.stderr).toBe(0);
      listing.open();
      await Promise.race([puts.reached, running]);
      if (child && child.exitCode === null) {
        // Both stale PUTs are forwarded; wait until the registry holds them (their answers are held).
        for (const tag of floatingTags) {
          await until(async () => (await digestOf(repo, tag)) === images.v110!.digest);
        }
        await whileHeld(child);
      }
      puts.open();
    })();
    const [run] = await Promise.all([running, raced]);
    return { run, proxy };
  } finally {
    listing.open();
    puts.open();
    await proxy.stop();
  }
}

describe('floating tags under a racing higher release', () => {
  test('a plan older than 1.2.0 does not write 1/latest: the tag list is read again just before', async () => {
    const repo = 'relist';
    const { run, proxy } = await raceRelease(repo, 1, async () => {});
    expect(run.code, run.stderr).toBe(0);
    const puts = proxy.log
      .filter((e) => e.method === 'PUT' && e.path.includes('/manifests/'))
      .map((e) => e.path);
    expect(puts).toContain(`/v2/${repo}/manifests/1.1.0`);
    expect(puts).toContain(`/v2/${repo}/manifests/1.1`);
    expect(puts).not.toContain(`/v2/${repo}/manifests/1`);
    expect(puts).not.toContain(`/v2/${repo}/manifests/latest`);
    expect(await digestOf(repo, '1')).toBe(images.v120!.digest);
    expect(await digestOf(repo, 'latest')).toBe(images.v120!.digest);
    expect(await digestOf(repo, '1.1')).toBe(images.v110!.digest);
  });

  test('SIGINT after writing stale 1/latest: the run converges them to 1.2.0 and fails with CANCELLED', async () => {
    const repo = 'cancelled';
    const { run } = await raceRelease(repo, 2, async (child) => {
      // The stale PUTs are in the registry; the job is cancelled before its converge step.
      child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(/SIGINT received/);
    expect(run.stdout).toMatch(/::error::.*\[CANCELLED\]/);
    expect(await digestOf(repo, '1')).toBe(images.v120!.digest);
    expect(await digestOf(repo, 'latest')).toBe(images.v120!.digest);
    expect(await digestOf(repo, '1.1')).toBe(images.v110!.digest);
    expect(await digestOf(repo, '1.1.0')).toBe(images.v110!.digest);
  });

  test('SIGKILL after writing stale 1/latest: a re-run finds them held back and repairs them', async () => {
    const repo = 'killed';
    const { run } = await raceRelease(repo, 2, async (child) => {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
    });
    expect(run.code).toBe(137);
    expect(await digestOf(repo, '1')).toBe(images.v110!.digest);
    expect(await digestOf(repo, 'latest')).toBe(images.v110!.digest);

    const rerun = await publish(registry.host, repo, '1.1.0', images.v110!.ref);
    expect(rerun.code, rerun.stdout).toBe(0);
    const tags = (
      JSON.parse(rerun.outputs.json ?? '{}') as {
        targets: { tags: { tag: string; action: string; digest: string | null; reason: string | null }[] }[];
      }
    ).targets[0]!.tags;
    const one = tags.find((t) => t.tag === '1');
    expect(one).toMatchObject({ action: 'updated', digest: images.v120!.digest });
    expect(one?.reason).toMatch(/^repaired: left at 1\.2\.0/);
    expect(await digestOf(repo, '1')).toBe(images.v120!.digest);
    expect(await digestOf(repo, 'latest')).toBe(images.v120!.digest);
    expect(await digestOf(repo, '1.1')).toBe(images.v110!.digest);

    // A second re-run has nothing left to repair.
    const again = await publish(registry.host, repo, '1.1.0', images.v110!.ref);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).not.toMatch(/repaired/);
  });

  test('a held-back tag already on the image its line wants: reported held back, nothing written (not "repaired")', async () => {
    // 1.2.0 is published with 1.1.0's image, so `1`/`latest` on it are where the guard wants them.
    const repo = 'same-image';
    for (const version of ['1.1.0', '1.2.0']) {
      const run = await publish(registry.host, repo, version, images.v110!.ref);
      expect(run.code, run.stdout).toBe(0);
    }
    const proxy = await startFaultProxy({ upstream: registry.url });
    try {
      const rerun = await publish(proxy.host, repo, '1.1.0', images.v110!.ref);
      expect(rerun.code, rerun.stdout).toBe(0);
      const rows = reportedTags(rerun).filter((t) => t.tag === '1' || t.tag === 'latest');
      expect(rows).toMatchObject(
        ['1', 'latest'].map((tag) => ({
          tag,
          action: 'skipped',
          previous: images.v110!.digest,
          digest: images.v110!.digest,
          reason: 'held back: 1.2.0 exists; nothing written, the tag already points at the image it should',
        })),
      );
      expect(rerun.stdout).not.toMatch(/repaired/);
      expect(proxy.log.filter((e) => e.method === 'PUT').map((e) => e.path)).toEqual([]);
    } finally {
      await proxy.stop();
    }
    for (const tag of ['1', 'latest', '1.1', '1.2', '1.2.0'])
      expect(await digestOf(repo, tag), tag).toBe(images.v110!.digest);
  });
});

/** The JSON report's tag rows of a run. */
function reportedTags(
  run: ActionRun,
): { tag: string; action: string; digest: string | null; reason: string | null }[] {
  return (
    JSON.parse(run.outputs.json ?? '{}') as {
      targets: { tags: { tag: string; action: string; digest: string | null; reason: string | null }[] }[];
    }
  ).targets[0]!.tags;
}

// Residuals of issue 17: the race correction judges with the plan's own names and scope.
describe('alias variants and floating-scope image under a racing higher release', () => {
  test("stale alias-variant tags (1-slim, slim) are moved to 1.2.0 like the variant's own", async () => {
    const repo = 'race-alias';
    const inputs = { variant: 'jdk', 'alias-variant': 'slim', concurrency: '8' };
    const floating = ['1-jdk', 'jdk', '1-slim', 'slim'];
    const { run } = await raceRelease(repo, 2, async () => {}, { inputs, floating });
    expect(run.code, run.stdout).toBe(0);
    for (const tag of floating) expect(await digestOf(repo, tag), tag).toBe(images.v120!.digest);
    expect(await digestOf(repo, '1.1-jdk')).toBe(images.v110!.digest);
    expect(await digestOf(repo, '1.1-slim')).toBe(images.v110!.digest);
    expect(await digestOf(repo, '1.2-slim')).toBe(images.v120!.digest);
    const slim = reportedTags(run).find((t) => t.tag === 'slim');
    expect(slim).toMatchObject({ digest: images.v120!.digest });
    expect(slim?.reason).toMatch(/^left at 1\.2\.0-jdk, a higher version published meanwhile/);
  });

  test('an older alias-variant release never moves 1-slim back (the plan holds it)', async () => {
    const repo = 'alias-backport';
    const inputs = { variant: 'jdk', 'alias-variant': 'slim' };
    const higher = await publish(registry.host, repo, '1.2.0', images.v120!.ref, undefined, inputs);
    expect(higher.code, higher.stdout).toBe(0);
    const older = await publish(registry.host, repo, '1.1.0', images.v110!.ref, undefined, inputs);
    expect(older.code, older.stdout).toBe(0);
    for (const tag of ['1-jdk', 'jdk', '1-slim', 'slim'])
      expect(await digestOf(repo, tag), tag).toBe(images.v120!.digest);
    expect(await digestOf(repo, '1.1-slim')).toBe(images.v110!.digest);
    expect(reportedTags(older).find((t) => t.tag === '1-slim')).toMatchObject({
      action: 'skipped',
      reason: 'held back: 1.2.0-jdk exists',
    });
  });

  test('floating-scope image: 1.2.0-trixie published after the plan holds 1-bookworm back, as the plan would', async () => {
    const repo = 'race-scope';
    const inputs = { variant: 'bookworm', 'floating-scope': 'image' };
    const { run, proxy } = await raceRelease(repo, 1, async () => {}, {
      inputs,
      higher: { variant: 'trixie', 'floating-scope': 'image' },
      floating: ['1-bookworm', 'bookworm'],
    });
    expect(run.code, run.stdout).toBe(0);
    const puts = proxy.log
      .filter((e) => e.method === 'PUT' && e.path.includes('/manifests/'))
      .map((e) => e.path.slice(`/v2/${repo}/manifests/`.length));
    expect(puts).toContain('1.1.0-bookworm');
    expect(puts).toContain('1.1-bookworm');
    expect(puts).not.toContain('1-bookworm');
    expect(puts).not.toContain('bookworm');
    // Left where they were (1.0.0-bookworm): no bookworm image is higher, and 1.1.0 is no longer the line's highest.
    expect(await digestOf(repo, '1-bookworm')).toBe(images.v100!.digest);
    expect(await digestOf(repo, 'bookworm')).toBe(images.v100!.digest);
    expect(await digestOf(repo, '1.1-bookworm')).toBe(images.v110!.digest);
    expect(await digestOf(repo, '1-trixie')).toBe(images.v120!.digest);
    expect(reportedTags(run).find((t) => t.tag === '1-bookworm')).toMatchObject({
      action: 'skipped',
      digest: images.v100!.digest,
      reason: 'held back: 1.2.0-trixie exists',
    });
  });

  test('floating-scope image: stale 1-bookworm written before 1.2.0-trixie is kept, never moved back or to trixie', async () => {
    const repo = 'race-scope-kept';
    const inputs = { variant: 'bookworm', 'floating-scope': 'image' };
    const { run } = await raceRelease(repo, 2, async () => {}, {
      inputs,
      higher: { variant: 'trixie', 'floating-scope': 'image' },
      floating: ['1-bookworm', 'bookworm'],
    });
    expect(run.code, run.stdout).toBe(0);
    expect(await digestOf(repo, '1-bookworm')).toBe(images.v110!.digest);
    expect(await digestOf(repo, 'bookworm')).toBe(images.v110!.digest);
    expect(reportedTags(run).find((t) => t.tag === '1-bookworm')?.reason).toMatch(
      /^kept on this release: 1\.2\.0-trixie \(another name\) holds it back/,
    );
  });
});

describe('two jobs publishing the same version', () => {
  test('exactly one wins; the other fails with TAG_EXISTS and writes no other tag', async () => {
    const repo = 'same-version';
    const bHead = gate();
    const aPut = gate();
    let bHeads = 0;
    const versionTag = (r: ProxyRequestInfo, method: string) =>
      r.method === method && r.path === `/v2/${repo}/manifests/1.0.0`;
    const proxyA = await startFaultProxy({
      upstream: registry.url,
      hold: (r) => (versionTag(r, 'PUT') ? (aPut.arrive(), aPut.wait) : undefined),
    });
    const proxyB = await startFaultProxy({
      upstream: registry.url,
      hold: (r) => (versionTag(r, 'HEAD') && ++bHeads === 1 ? (bHead.arrive(), bHead.wait) : undefined),
    });
    try {
      const b = publish(proxyB.host, repo, '1.0.0', images.b!.ref);
      await bHead.reached;
      await new Promise((r) => setTimeout(r, 200)); // the registry answered B's check: no such tag yet
      const a = publish(proxyA.host, repo, '1.0.0', images.a!.ref);
      await aPut.reached;
      await until(async () => (await digestOf(repo, '1.0.0')) === images.a!.digest);
      bHead.open();
      const runB = await b;
      aPut.open();
      const runA = await a;

      expect(runB.code, runB.stdout).toBe(0);
      expect(runA.code).toBe(1);
      expect(runA.stdout).toMatch(
        /::error::Tag .*:1\.0\.0 was published by another job during this run.*\[TAG_EXISTS\]/,
      );
      for (const tag of ['1.0.0', '1.0', '1', 'latest'])
        expect(await digestOf(repo, tag)).toBe(images.b!.digest);
      const aManifestPuts = proxyA.log.filter((e) => e.method === 'PUT' && e.path.includes('/manifests/'));
      expect(aManifestPuts.map((e) => e.path)).toEqual([`/v2/${repo}/manifests/1.0.0`]);
    } finally {
      bHead.open();
      aPut.open();
      await proxyA.stop();
      await proxyB.stop();
    }
  });
});

describe('two promotions in place publishing the same version', () => {
  test("B's check read with its tag list before A's PUT, B's PUT after: B wins, A writes no other tag", async () => {
    const repo = 'same-version-in-place';
    for (const name of ['a', 'b'] as const) {
      const staged = await runActionDist({
        registry: registry.host,
        image: repo,
        tags: `sha-${name}`,
        source: images[name]!.ref,
      });
      expect(staged.code, staged.stderr).toBe(0);
    }
    const bRead = gate();
    const aPut = gate();
    let bReads = 0;
    const versionTag = (r: ProxyRequestInfo, method: string) =>
      r.method === method && r.path === `/v2/${repo}/manifests/1.0.0`;
    const proxyA = await startFaultProxy({
      upstream: registry.url,
      hold: (r) => (versionTag(r, 'PUT') ? (aPut.arrive(), aPut.wait) : undefined),
    });
    const proxyB = await startFaultProxy({
      upstream: registry.url,
      hold: (r) => (versionTag(r, 'GET') && ++bReads === 1 ? (bRead.arrive(), bRead.wait) : undefined),
    });
    const promote = (proxy: FaultProxy, name: 'a' | 'b') =>
      runActionDist({
        registry: proxy.host,
        image: repo,
        version: '1.0.0',
        source: `docker://${proxy.host}/${repo}:sha-${name}`,
      });
    try {
      const b = promote(proxyB, 'b');
      await bRead.reached;
      await new Promise((r) => setTimeout(r, 200)); // the registry answered B's read: no such tag yet
      const a = promote(proxyA, 'a');
      await aPut.reached;
      await until(async () => (await digestOf(repo, '1.0.0')) === images.a!.digest);
      bRead.open();
      const runB = await b;
      aPut.open();
      const runA = await a;

      expect(runB.code, runB.stdout).toBe(0);
      expect(runA.code).toBe(1);
      expect(runA.stdout).toMatch(
        /::error::Tag .*:1\.0\.0 was published by another job during this run.*\[TAG_EXISTS\]/,
      );
      for (const tag of ['1.0.0', '1.0', '1', 'latest'])
        expect(await digestOf(repo, tag)).toBe(images.b!.digest);
      const aManifestPuts = proxyA.log.filter((e) => e.method === 'PUT' && e.path.includes('/manifests/'));
      expect(aManifestPuts.map((e) => e.path)).toEqual([`/v2/${repo}/manifests/1.0.0`]);
      // B's check before its PUT was that read, sent with its tag list (no HEAD before the PUT).
      const bVersion = proxyB.log.filter((e) => e.path === `/v2/${repo}/manifests/1.0.0`);
      expect(bVersion.map((e) => e.method).slice(0, 2)).toEqual(['GET', 'PUT']);
    } finally {
      bRead.open();
      aPut.open();
      await proxyA.stop();
      await proxyB.stop();
    }
  });
});

describe('the listing before the floating tags, sent with an unclaimed version PUT', () => {
  test('answered long before the PUT (1.2.0 landed meanwhile): listed again, 1/latest not written', async () => {
    const repo = 'overwrite-relist';
    const base = await publish(registry.host, repo, '1.0.0', images.v100!.ref);
    expect(base.code, base.stderr).toBe(0);
    const earlier = await publish(registry.host, repo, '1.1.0', images.a!.ref);
    expect(earlier.code, earlier.stderr).toBe(0);
    const put = gate();
    const proxy = await startFaultProxy({
      upstream: registry.url,
      hold: (r) =>
        r.method === 'PUT' && r.path === `/v2/${repo}/manifests/1.1.0` ? (put.arrive(), put.wait) : undefined,
    });
    const listings = () => proxy.log.filter((e) => isTagList(repo)(e));
    try {
      const running = runActionDist({
        registry: proxy.host,
        image: repo,
        version: '1.1.0',
        source: images.v110!.ref,
        overwrite: 'true',
      });
      await put.reached;
      // The listing went out with the PUT and was answered while the PUT's answer is held.
      await until(async () => listings().length === 2 && listings()[1]!.endedAt !== undefined);
      const higher = await publish(registry.host, repo, '1.2.0', images.v120!.ref);
      expect(higher.code, higher.stderr).toBe(0);
      await new Promise((r) => setTimeout(r, 300)); // longer than that listing took: its answer is stale
      put.open();
      const run = await running;
      expect(run.code, run.stdout).toBe(0);
      const puts = proxy.log
        .filter((e) => e.method === 'PUT' && e.path.includes('/manifests/'))
        .map((e) => e.path);
      expect(puts).toContain(`/v2/${repo}/manifests/1.1`);
      expect(puts).not.toContain(`/v2/${repo}/manifests/1`);
      expect(puts).not.toContain(`/v2/${repo}/manifests/latest`);
      // plan, with the PUT, again after the PUT, converge
      expect(listings()).toHaveLength(4);
      expect(await digestOf(repo, '1.1.0')).toBe(images.v110!.digest);
      expect(await digestOf(repo, '1')).toBe(images.v120!.digest);
      expect(await digestOf(repo, 'latest')).toBe(images.v120!.digest);
    } finally {
      put.open();
      await proxy.stop();
    }
  });
});

describe('a registry whose manifest HEAD lies', () => {
  test('"unchanged" is confirmed by reading the manifest: no false "verified", nothing written', async () => {
    const repo = 'lying-head';
    const first = await publish(registry.host, repo, '1.0.0', images.a!.ref);
    expect(first.code, first.stderr).toBe(0);
    const before = await registry.snapshotStorage();
    // Every answer naming image a claims image b instead.
    const proxy = await startFaultProxy({
      upstream: registry.url,
      mapResponseHeader: (name, value) =>
        name.toLowerCase() === 'docker-content-digest' && value === images.a!.digest
          ? images.b!.digest
          : value,
    });
    try {
      const run = await publish(proxy.host, repo, '1.0.0', images.b!.ref);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/::error::.*\[(VERIFY_FAILED|DIGEST_MISMATCH)\]/);
      expect(run.stdout).not.toMatch(/verified/);
    } finally {
      await proxy.stop();
    }
    expect(await registry.snapshotStorage()).toBe(before);
    for (const tag of ['1.0.0', '1.0', '1', 'latest'])
      expect(await digestOf(repo, tag)).toBe(images.a!.digest);
  });
});
