/**
 * Exit promptly (issue 13 item 7): when the run fails for good while a registry request is in flight, every
 * request is aborted and dist/index.js exits at once with one error line, as the CLI and as the action.
 *
 * The target's tag listing (started alongside the source) is held for 30 s by the in-process fake
 * registry. The source fails: a docker:// image on a second fake registry that does not exist (answered
 * after 300 ms, so the listing is surely stalled by then), or a file that does not exist (found at once; the
 * listing used to be retried on the closed client for about 5 s, and then waited for).
 *
 * The bound is generous (a loaded machine starts Node slowly); what it excludes is waiting for the stall
 * or for retries.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFakeRegistry, type FakeRegistry } from '../fixtures/fake-registry.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';

const STALL_MS = 30_000;
/** Far under the stall; well over Node's start-up and the run itself on a busy machine. */
const PROMPT_MS = 5_000;

let work: string;
let target: FakeRegistry;
let origin: FakeRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-prompt-exit-'));
  target = await createFakeRegistry();
  origin = await createFakeRegistry();
  target.inject({ method: 'GET', path: /\/tags\/list/, delayMs: STALL_MS, times: Infinity });
  origin.inject({ path: /\/manifests\//, delayMs: 300, times: Infinity });
});

afterAll(async () => {
  await target?.close();
  await origin?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

function listingReached(repository: string): boolean {
  return target.requests.some((r) => r.method === 'GET' && r.path === `/v2/${repository}/tags/list`);
}

const cliArgs = (image: string, source: string): string[] => [
  '--registry',
  target.host,
  '--namespace',
  'prompt',
  '--image',
  image,
  '--version',
  '1.0.0',
  '--source',
  source,
];

describe('a fatal source error while a registry request is in flight', () => {
  test('CLI, the tag listing stalled: exits at once with one error line', async () => {
    const started = Date.now();
    const run = await runCliDist([
      ...cliArgs('stalled', `docker://${origin.host}/prompt/missing:1.0`),
      '--debug',
    ]);
    const elapsed = Date.now() - started;
    expect(run.code, run.stderr).toBe(1);
    expect(listingReached('prompt/stalled'), 'the listing was stalled in flight').toBe(true);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors, run.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/\[IMAGE_NOT_FOUND\]$/);
    expect(errors[0]).toContain('prompt/missing');
    // The stalled listing was aborted, not left to the process's end.
    expect(run.stderr).toMatch(
      new RegExp(`debug: HTTP GET ${target.host}/v2/prompt/stalled/tags/list\\?… → aborted \\(\\d+ ms\\)`),
    );
    expect(elapsed, `exited after ${elapsed} ms`).toBeLessThan(PROMPT_MS);
  });

  test('CLI, a missing file source: the listing is neither retried nor waited for, exits at once', async () => {
    const missing = join(work, 'no-such-image.tar');
    const started = Date.now();
    const run = await runCliDist([...cliArgs('file', `docker-archive:${missing}`), '--debug']);
    const elapsed = Date.now() - started;
    expect(run.code, run.stderr).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors, run.stderr).toHaveLength(1);
    expect(errors[0]).toContain(missing);
    expect(errors[0]).toMatch(/\[SOURCE_NOT_FOUND\]$/);
    expect(run.stderr, 'nothing retried after the failure').not.toMatch(/debug: retry/);
    expect(elapsed, `exited after ${elapsed} ms`).toBeLessThan(PROMPT_MS);
  });

  test('action, the tag listing stalled: exits at once with one error annotation', async () => {
    const started = Date.now();
    const run = await runActionDist({
      registry: target.host,
      namespace: 'prompt',
      image: 'action',
      version: '1.0.0',
      source: `docker://${origin.host}/prompt/missing:1.0`,
    });
    const elapsed = Date.now() - started;
    expect(run.code, run.stdout).toBe(1);
    expect(listingReached('prompt/action'), 'the listing was stalled in flight').toBe(true);
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors, run.stdout).toHaveLength(1);
    expect(errors[0]).toMatch(/\[IMAGE_NOT_FOUND\]$/);
    expect(elapsed, `exited after ${elapsed} ms`).toBeLessThan(PROMPT_MS);
  });
});
