/**
 * The best-effort converge after a failed or cancelled write (target-publisher.ts convergeAfterFailure): a
 * 1.1.0 job writes `1`/`latest` after its re-listing, 1.2.0 lands while those PUTs are in flight, and then
 * one of the job's own tag writes fails, or the run is cancelled (SIGINT) before its last tag writes. Neither
 * may leave the floating tags on 1.1.0: the job converges them to 1.2.0 before it reports the error. Real engine and registry client, in-process fake registry (the
 * interleaving is fixed by holding the PUT of `1` until 1.2.0 is stored).
 */
import { afterEach, expect, test } from 'vitest';
import { cancelledError } from '../../src/cancellation.js';
import { runPublish } from '../../src/publish/publish.js';
import { parseSettings } from '../../src/publish/settings.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { createSecretRegistry } from '../../src/secrets.js';
import { createFakeRegistry, type FakeRegistry } from '../fixtures/fake-registry.js';
import { memoryImage, memorySource } from '../fixtures/memory-artifact.js';

let reg: FakeRegistry | undefined;
afterEach(async () => {
  await reg?.close();
  reg = undefined;
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('the awaited request never came');
}

test.each([
  ['a tag write fails', 'fail'],
  ['the run is cancelled', 'cancel'],
  ['nothing fails (the plain converge does the same)', 'none'],
] as const)('after the floating PUTs, %s: the floating tags converge', async (_name, mode) => {
  const failExtra = mode === 'fail';
  const cancel = new AbortController();
  reg = await createFakeRegistry();
  const older = memoryImage('older');
  const ours = memoryImage('ours');
  const newer = memoryImage('newer');
  reg.addManifest('app', '1.0.0', Buffer.from(older.manifest.bytes), older.manifest.mediaType);
  reg.addManifest('app', '1', Buffer.from(older.manifest.bytes), older.manifest.mediaType);
  reg.addManifest('app', 'latest', Buffer.from(older.manifest.bytes), older.manifest.mediaType);
  // The PUT of `1` is held 500 ms; meanwhile 1.2.0 is published (by "another job") with its `1`.
  reg.inject({ method: 'PUT', path: /\/manifests\/1$/, delayMs: 500 });
  if (failExtra) reg.inject({ method: 'PUT', path: /\/manifests\/nightly$/, status: 400, times: Infinity });
  const log = createMemoryLogger();
  const run = runPublish(
    // One tag write at a time: the cancelled run has writes left when the signal comes.
    parseSettings({
      registry: reg.host,
      image: 'app',
      version: '1.1.0',
      tags: ['nightly'],
      concurrency: '1',
    }),
    {
      log,
      env: {},
      secrets: createSecretRegistry(),
      openSource: () => memorySource(ours),
      signal: cancel.signal,
    },
  );
  await until(() => reg!.requests.some((r) => r.method === 'PUT' && r.path === '/v2/app/manifests/1'));
  const newerDigest = reg.addManifest(
    'app',
    '1.2.0',
    Buffer.from(newer.manifest.bytes),
    newer.manifest.mediaType,
  );
  reg.addManifest('app', '1', Buffer.from(newer.manifest.bytes), newer.manifest.mediaType);
  reg.addManifest('app', 'latest', Buffer.from(newer.manifest.bytes), newer.manifest.mediaType);
  if (mode === 'cancel') cancel.abort(cancelledError('SIGINT'));
  const report = await run;

  const tags = reg.tags.get('app')!;
  expect(tags.get('1.1.0')).toBe(ours.manifest.digest);
  // The held PUT of `1` landed after 1.2.0's: it put `1` back on 1.1.0, and the converge repaired it.
  expect(tags.get('1')).toBe(newerDigest);
  expect(tags.get('latest')).toBe(newerDigest);
  const target = report.targets[0]!;
  if (failExtra) {
    expect(target.error?.code).toBe('REGISTRY_REJECTED');
    expect(target.tags.find((t) => t.tag === 'nightly')?.action).toBe('failed');
  } else if (mode === 'cancel') {
    expect(target.error?.code).toBe('CANCELLED');
    // Writes after the signal are not started.
    expect(tags.has('nightly')).toBe(false);
  } else {
    expect(target.error).toBeNull();
  }
  // One more tag listing after the failure (plan, re-list before the floating PUTs, converge).
  const listings = reg.requests.filter((r) => r.path === '/v2/app/tags/list').length;
  expect(listings).toBeGreaterThanOrEqual(3);
});
