/**
 * The fault matrix: one real registry (CNCF distribution) behind a proxy that breaks exactly one write step
 * per cell (fixtures/fault-proxy.ts `targets`: the Nth request matching METHOD + URL) — a blob POST, PUT or
 * PATCH, a cross-repository mount, the manifest PUT of the version tag, of each floating tag, of an extra
 * tag, the verification HEAD — by refusing it (405/403/500), resetting it (before the upstream saw it, in
 * the middle of its body, or after the upstream acted) or stalling it past the client's timeout.
 *
 * Every cell runs dist/index.js twice, as a runner starts the action (INPUT_*) and as the CLI (flags), each
 * on its own repository and proxy, and checks the report against what skopeo reads back from the registry
 * (around the proxy), tag by tag:
 * - json output: the tags it calls created/updated/unchanged are exactly the registry's, at the digest;
 * - the job summary's table and the CLI's results table say the same action per tag as the json;
 * - `tags`/`refs` list exactly the tags that point at the digest;
 * - a failure appears once: one `::error` annotation in the action's log, one `error:` line on the CLI's
 *   stderr (none when the step recovered), with the same text.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test, type ExpectStatic } from 'vitest';
import type { PublishReport, TagReport } from '../../src/publish/report.js';
import { startFaultProxy, type TargetedFault } from '../fixtures/fault-proxy.js';
import { rawPush, startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';
import { makeOciLayout, skopeoInspect, skopeoListTags, type OciLayout } from '../fixtures/skopeo.js';

const VERSION = '1.2.3';
const EXTRA_TAG = 'nightly';
/** Every tag a cell publishes, in plan order. */
const TAGS = [VERSION, '1.2', '1', 'latest', EXTRA_TAG];
/** Short client timeout so a stalled request costs a second (REGISTRY_PUBLISH_TIMEOUT_MS, connect.ts). */
const TIMEOUT_ENV = { REGISTRY_PUBLISH_TIMEOUT_MS: '1000' };
const STALL_MS = 3_000;
const PRESENT = new Set(['created', 'updated', 'unchanged']);

interface Cell {
  readonly name: string;
  readonly faults: readonly TargetedFault[];
  /** `fails`: the step must fail; `recovers`: a retry or fallback publishes every tag. */
  readonly expect: 'fails' | 'recovers';
  /** Publish from a registry source in the same registry, so blobs are mounted. */
  readonly mount?: boolean;
}

const BLOB_POST = /\/blobs\/uploads\/$/;
const BLOB_PUT = /\/blobs\/uploads\/[^/?]+\?.*digest=/;
const BLOB_PATCH = /\/blobs\/uploads\/[^/?]+(\?|$)/;
const MOUNT = /\/blobs\/uploads\/\?mount=/;
const manifest = (tag: string): RegExp => new RegExp(`/manifests/${tag.replace(/\./g, '\\.')}$`);
const ALWAYS = Infinity;

// prettier-ignore
const CELLS: readonly Cell[] = [
  { name: 'blob POST refused 405', expect: 'fails', faults: [{ method: 'POST', url: BLOB_POST, times: ALWAYS, fault: 'status-405' }] },
  { name: 'blob POST reset once', expect: 'recovers', faults: [{ method: 'POST', url: BLOB_POST, fault: 'reset-before' }] },
  { name: 'blob POST 500 once', expect: 'recovers', faults: [{ method: 'POST', url: BLOB_POST, fault: 'status-500' }] },
  { name: 'blob PUT refused 403', expect: 'fails', faults: [{ method: 'PUT', url: BLOB_PUT, times: ALWAYS, fault: 'status-403' }] },
  { name: 'blob PUT reset mid-body once', expect: 'recovers', faults: [{ method: 'PUT', url: BLOB_PUT, fault: 'reset-during' }] },
  { name: 'blob PUT stalled once', expect: 'recovers', faults: [{ method: 'PUT', url: BLOB_PUT, fault: 'stall' }] },
  { name: 'blob PATCH refused 403', expect: 'fails', faults: [
    { method: 'PUT', url: BLOB_PUT, fault: 'status-405' },
    { method: 'PATCH', url: BLOB_PATCH, times: ALWAYS, fault: 'status-403' },
  ] },
  { name: 'blob PATCH reset mid-body once', expect: 'recovers', faults: [
    { method: 'PUT', url: BLOB_PUT, fault: 'status-405' },
    { method: 'PATCH', url: BLOB_PATCH, fault: 'reset-during' },
  ] },
  { name: 'mount 500 every time', expect: 'fails', mount: true, faults: [{ method: 'POST', url: MOUNT, times: ALWAYS, fault: 'status-500' }] },
  { name: 'mount refused 405 (falls back to upload)', expect: 'recovers', mount: true, faults: [{ method: 'POST', url: MOUNT, times: ALWAYS, fault: 'status-405' }] },
  { name: 'mount reset once', expect: 'recovers', mount: true, faults: [{ method: 'POST', url: MOUNT, fault: 'reset-before' }] },
  { name: 'version tag PUT refused 405', expect: 'fails', faults: [{ method: 'PUT', url: manifest(VERSION), times: ALWAYS, fault: 'status-405' }] },
  { name: 'version tag PUT reset mid-body once', expect: 'recovers', faults: [{ method: 'PUT', url: manifest(VERSION), fault: 'reset-during' }] },
  { name: 'version tag PUT reset after the write once', expect: 'recovers', faults: [{ method: 'PUT', url: manifest(VERSION), fault: 'reset-after' }] },
  { name: 'version tag PUT stalled once', expect: 'recovers', faults: [{ method: 'PUT', url: manifest(VERSION), fault: 'stall' }] },
  { name: 'floating 1.2 PUT refused 405', expect: 'fails', faults: [{ method: 'PUT', url: manifest('1.2'), times: ALWAYS, fault: 'status-405' }] },
  { name: 'floating 1 PUT refused 405', expect: 'fails', faults: [{ method: 'PUT', url: manifest('1'), times: ALWAYS, fault: 'status-405' }] },
  { name: 'floating latest PUT refused 405', expect: 'fails', faults: [{ method: 'PUT', url: manifest('latest'), times: ALWAYS, fault: 'status-405' }] },
  // The write happened each time, only its answer was lost: the registry holds the tag, so does the report.
  { name: 'version tag PUT reset after the write, every time', expect: 'recovers', faults: [{ method: 'PUT', url: manifest(VERSION), times: ALWAYS, fault: 'reset-after' }] },
  { name: 'floating latest PUT reset after the write, every time', expect: 'recovers', faults: [{ method: 'PUT', url: manifest('latest'), times: ALWAYS, fault: 'reset-after' }] },
  { name: 'floating 1.2 PUT stalled once', expect: 'recovers', faults: [{ method: 'PUT', url: manifest('1.2'), fault: 'stall' }] },
  { name: 'extra tag PUT refused 405', expect: 'fails', faults: [{ method: 'PUT', url: manifest(EXTRA_TAG), times: ALWAYS, fault: 'status-405' }] },
  { name: 'extra tag PUT 500 every time', expect: 'fails', faults: [{ method: 'PUT', url: manifest(EXTRA_TAG), times: ALWAYS, fault: 'status-500' }] },
  // The plan reads the version tag (HEAD 1), the write confirms it (HEAD 2); HEAD 3 and every HEAD of the
  // other tags are the verification after the writes.
  { name: 'verify HEAD of the version tag 500 once', expect: 'recovers', faults: [{ method: 'HEAD', url: manifest(VERSION), nth: 3, fault: 'status-500' }] },
  // docs/registry-quirks.md#q18-head-405: a refused HEAD is answered by a GET.
  { name: 'verify HEAD of latest refused 405 (read by GET)', expect: 'recovers', faults: [{ method: 'HEAD', url: manifest('latest'), times: ALWAYS, fault: 'status-405' }] },
  { name: 'verify HEAD and GET of latest refused 405', expect: 'fails', faults: [
    { method: 'HEAD', url: manifest('latest'), times: ALWAYS, fault: 'status-405' },
    { method: 'GET', url: manifest('latest'), times: ALWAYS, fault: 'status-405' },
  ] },
  { name: 'verify HEAD of the extra tag reset every time', expect: 'fails', faults: [{ method: 'HEAD', url: manifest(EXTRA_TAG), times: ALWAYS, fault: 'reset-before' }] },
  { name: 'verify HEAD of 1 stalled once', expect: 'recovers', faults: [{ method: 'HEAD', url: manifest('1'), fault: 'stall' }] },
];

let work: string;
let registry: TestRegistry;
let layout: OciLayout;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-fault-matrix-'));
  registry = await startRegistry({ kind: 'anonymous' });
  layout = await makeOciLayout(join(work, 'image'), { seed: 'fault-matrix', layers: [1024] });
  // The source of the mount cells, written around the proxy and the code under test.
  await rawPush(registry, 'matrix/mount-source', 'seed', {
    blobs: [...layout.layers, layout.config],
    manifest: {
      digest: layout.manifest.digest,
      mediaType: layout.manifest.mediaType,
      bytes: layout.manifest.bytes,
    },
  });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** What the registry holds, read by skopeo straight from it: tag → manifest digest. */
async function readBack(repository: string, from: TestRegistry = registry): Promise<Map<string, string>> {
  const ref = `${from.host}/${repository}`;
  const target = { tlsVerify: false };
  const tags = await skopeoListTags(ref, target).catch((err: unknown) => {
    if (/NAME_UNKNOWN|repository name not known|not found/i.test(String(err))) return [];
    throw err;
  });
  const out = new Map<string, string>();
  for (const tag of tags.sort()) out.set(tag, (await skopeoInspect(`${ref}:${tag}`, target)).digest);
  return out;
}

function tagsPresent(rows: readonly TagReport[]): string[] {
  return rows.filter((t) => PRESENT.has(t.action)).map((t) => t.tag);
}

/** `| \`tag\` | action | …` rows of the job summary: tag → action. */
function summaryActions(summary: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of summary.matchAll(/^\| `([^`]+)` \| ([^|]+?) \|/gm)) out.set(m[1] ?? '', m[2] ?? '');
  return out;
}

/** The CLI's results table (REFERENCE  ACTION  DIGEST  NOTE): tag → action. */
function cliTableActions(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [reference, action] = line.split(/\s{2,}/);
    if (!reference || !action || reference === 'REFERENCE') continue;
    out.set(reference.slice(reference.lastIndexOf(':') + 1), action);
  }
  return out;
}

/** The report agrees with the registry tag by tag; returns the tags at the digest. */
function expectReportIsTruth(
  expect: ExpectStatic,
  report: PublishReport,
  truth: Map<string, string>,
  where: string,
): string[] {
  const target = report.targets[0];
  expect(target, where).toBeDefined();
  if (!target) return [];
  // The registry holds exactly the tags the report calls present, each at the image's digest.
  const atDigest = [...truth].filter(([, d]) => d === layout.manifest.digest).map(([t]) => t);
  expect([...truth.keys()].sort(), `${where}: tags in the registry`).toEqual(atDigest.sort());
  expect(tagsPresent(target.tags).sort(), `${where}: tags the report says are there`).toEqual(
    atDigest.sort(),
  );
  for (const row of target.tags) {
    if (PRESENT.has(row.action)) expect(row.digest, `${where}: ${row.tag}`).toBe(layout.manifest.digest);
  }
  // Every planned tag has a row, and a failed target says why.
  expect(target.tags.map((t) => t.tag).sort(), `${where}: rows`).toEqual([...TAGS].sort());
  if (target.error) expect(target.error.message.length, `${where}: error`).toBeGreaterThan(0);
  return atDigest;
}

async function runCell(expect: ExpectStatic, cell: Cell, index: number, adapter: 'action' | 'cli') {
  const image = `c${index}-${adapter}`;
  const repository = `matrix/${image}`;
  const proxy = await startFaultProxy({ upstream: registry.url, targets: cell.faults, stallMs: STALL_MS });
  try {
    const source = cell.mount ? `docker://${proxy.host}/matrix/mount-source:seed` : layout.ref;
    const where = `${cell.name} (${adapter})`;
    if (adapter === 'action') {
      const run = await runActionDist(
        {
          registry: proxy.host,
          namespace: 'matrix',
          image,
          source,
          version: VERSION,
          tags: EXTRA_TAG,
        },
        TIMEOUT_ENV,
      );
      const truth = await readBack(repository);
      expect(run.code !== 0, `${where} failed: ${run.stdout.slice(-1500)}`).toBe(cell.expect === 'fails');
      const report = JSON.parse(run.outputs.json ?? 'null') as PublishReport;
      const atDigest = expectReportIsTruth(expect, report, truth, where);
      const rows = new Map(report.targets[0]?.tags.map((t) => [t.tag, t.action]));
      expect(summaryActions(run.summary), `${where}: summary table`).toEqual(rows);
      expect((run.outputs.tags ?? '').split('\n').filter(Boolean).sort(), `${where}: tags`).toEqual(
        [...atDigest].sort(),
      );
      expect((run.outputs.refs ?? '').split('\n').filter(Boolean).sort(), `${where}: refs`).toEqual(
        atDigest.map((t) => `${proxy.host}/${repository}:${t}`).sort(),
      );
      // `image` names the target only when it holds the image under at least one tag.
      expect(run.outputs.image, `${where}: image`).toBe(
        atDigest.length > 0 ? `${proxy.host}/${repository}@${layout.manifest.digest}` : '',
      );
      const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
      expect(annotations.length, `${where}: ::error lines\n${annotations.join('\n')}`).toBe(
        cell.expect === 'fails' ? 1 : 0,
      );
      expectSaidOnce(expect, run.stdout, annotations[0], where);
    } else {
      // prettier-ignore
      const run = await runCliDist(
        ['publish', '--registry', proxy.host, '--namespace', 'matrix', '--image', image, '--source', source,
          '--version', VERSION, '--tag', EXTRA_TAG],
        { ...TIMEOUT_ENV, DOCKER_CONFIG: join(work, 'no-docker-config') },
      );
      const truth = await readBack(repository);
      expect(run.code !== 0, `${where} failed: ${run.stderr.slice(-1500)}`).toBe(cell.expect === 'fails');
      const table = cliTableActions(run.stdout);
      const present = [...table].filter(([, a]) => PRESENT.has(a)).map(([t]) => t);
      expect(present.sort(), `${where}: results table`).toEqual(
        [...truth].filter(([, d]) => d === layout.manifest.digest).map(([t]) => t),
      );
      expect([...table.keys()].sort(), `${where}: results table rows`).toEqual([...TAGS].sort());
      const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
      expect(errors.length, `${where}: error: lines\n${run.stderr}`).toBe(cell.expect === 'fails' ? 1 : 0);
      expectSaidOnce(expect, run.stderr, errors[0], where);
    }
  } finally {
    await proxy.stop();
  }
}

/** The failure's words (after the annotation or `error:` prefix) appear on one line of the log only. */
function expectSaidOnce(expect: ExpectStatic, log: string, line: string | undefined, where: string): void {
  if (!line) return;
  const words = line
    .replace(/^::error[^:]*::|^error: /, '')
    .replace(/^\S+\/matrix\/\S+: /, '')
    .slice(0, 60);
  // `::debug::` lines (each retry and why) show only when the step is re-run with debug logging.
  const mentions = log.split('\n').filter((l) => !l.startsWith('::debug::') && l.includes(words));
  expect(mentions, `${where}: "${words}" once`).toHaveLength(1);
}

describe('fault matrix: each write step broken once or for good, report = registry', () => {
  test.concurrent.for(CELLS.map((cell, i) => [cell.name, cell, i] as const))(
    '%s',
    async ([, cell, index], { expect }) => {
      await runCell(expect, cell, index, 'action');
      await runCell(expect, cell, index, 'cli');
    },
  );
});

describe('a read-only registry (storage.maintenance.readonly.enabled): every write refused', () => {
  let readOnly: TestRegistry;
  beforeAll(async () => {
    readOnly = await startRegistry({ kind: 'anonymous' }, { readOnly: true });
  });
  afterAll(async () => {
    await readOnly?.stop();
  });

  /** The registry's reason (its 405) and the hint, in the one error line. */
  const REASON = /405 Method not allowed\)\. The registry accepts no writes here \(read-only mode/;

  test('action: no tag reported created, one error with the reason and a hint; summary, json and outputs agree', async ({
    expect,
  }) => {
    const run = await runActionDist({
      registry: readOnly.host,
      namespace: 'matrix',
      image: 'read-only',
      source: layout.ref,
      version: VERSION,
      tags: EXTRA_TAG,
    });
    expect(run.code).toBe(1);
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(REASON);
    expect(annotations[0]).toMatch(/\[REGISTRY_REJECTED\]$/);
    const report = JSON.parse(run.outputs.json ?? 'null') as PublishReport;
    const target = report.targets[0];
    expect(target?.tags.map((t) => [t.tag, t.action])).toEqual(TAGS.map((t) => [t, 'not attempted']));
    expect(target?.error?.message).toMatch(/405 Method not allowed/);
    expect(summaryActions(run.summary)).toEqual(new Map(TAGS.map((t) => [t, 'not attempted'])));
    expect(run.summary).toContain('**❌ 0 tags on 0 of 1 target**; 1 target failed');
    expect(run.summary).toMatch(/> POST blob upload \S+ on \S+ rejected \(405 Method not allowed\)/);
    expect([run.outputs.tags, run.outputs.refs, run.outputs.image]).toEqual(['', '', '']);
    expect(await readBack('matrix/read-only', readOnly)).toEqual(new Map());
  });

  test('CLI: the results table says not attempted for every tag, one error: line with the reason and a hint', async ({
    expect,
  }) => {
    // prettier-ignore
    const run = await runCliDist(
      ['publish', '--registry', readOnly.host, '--namespace', 'matrix', '--image', 'read-only-cli',
        '--source', layout.ref, '--version', VERSION, '--tag', EXTRA_TAG],
      { DOCKER_CONFIG: join(work, 'no-docker-config') },
    );
    expect(run.code).toBe(1);
    expect(cliTableActions(run.stdout)).toEqual(new Map(TAGS.map((t) => [t, 'not attempted'])));
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(REASON);
    expect(run.stderr).not.toMatch(/created/);
    expect(await readBack('matrix/read-only-cli', readOnly)).toEqual(new Map());
  });
});
