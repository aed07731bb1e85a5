/**
 * Issue 12 item 3: a slow upload shows progress before the layer completes, in the action's log (a line
 * per layer at most every 10 s; the first at once). The link is a proxy that throttles blob uploads.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { tempDir } from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist } from '../fixtures/run-dist.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';

let registry: TestRegistry;
let proxy: FaultProxy;
let work: string;
let layout: OciLayout;

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  proxy = await startFaultProxy({
    upstream: registry.url,
    throttle: { bytesPerSecond: 1_000_000, match: (r) => r.path.includes('/blobs/uploads/') },
  });
  work = await tempDir('rp-e2e-progress-');
  layout = await makeOciLayout(join(work, 'layout'), { layers: [3_000_000], seed: 'progress' });
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

test('the action logs Pushing for a slow layer before it is pushed', async () => {
  const run = await runActionDist({
    registry: proxy.host,
    namespace: 'team',
    image: 'app',
    version: '1.0.0',
    source: layout.ref,
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const id = layout.layers[0]?.digest.slice(7, 19) ?? '';
  const lines = run.stdout.split('\n');
  const pushing = lines.findIndex((l) => l.includes(`${id}: Pushing `) && !l.includes('(100%)'));
  const pushed = lines.findIndex((l) => l.includes(`${id}: Pushed`));
  expect(pushing, run.stdout).toBeGreaterThanOrEqual(0);
  expect(pushed).toBeGreaterThan(pushing);
  // A 3 MB layer at 1 MB/s takes about 3 s: within 10 s, the first line and the last one only.
  expect(lines.filter((l) => l.includes(`${id}: Pushing `)).length).toBeLessThanOrEqual(2);
});
