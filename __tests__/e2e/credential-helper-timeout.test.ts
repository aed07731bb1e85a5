/**
 * The default credential-helper timeout (30 s) is wired into the action: dist/index.js with a helper that
 * never answers fails the step naming the helper and the timeout. It idles for the full 30 s, so it lives in
 * the unit project (files run in parallel) rather than the serial integration one. Shorter timeouts and the
 * killing of the helper's process group: __tests__/registry/credential-helper.test.ts.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runActionDist } from '../fixtures/run-dist.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'e2e-helper-timeout-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test(
  'a helper that never answers fails the step after the default 30 s, naming it',
  { timeout: 90_000 },
  async () => {
    const bin = join(work, 'bin');
    const docker = join(work, 'docker');
    await mkdir(bin);
    await mkdir(docker);
    await writeFile(join(bin, 'docker-credential-never'), '#!/bin/sh\nexec sleep 1000\n', { mode: 0o755 });
    // Port 9 (discard) is never contacted: credentials are resolved before any request.
    await writeFile(join(docker, 'config.json'), JSON.stringify({ credHelpers: { '127.0.0.1:9': 'never' } }));
    const run = await runActionDist(
      { registry: '127.0.0.1:9', image: 'app', version: '1.0.0', source: 'docker://127.0.0.1:9/src/app:1' },
      { DOCKER_CONFIG: docker, HOME: work, PATH: `${bin}:${process.env.PATH ?? ''}` },
    );
    expect(run.code).not.toBe(0);
    const error = run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toContain('[CREDENTIALS_INVALID]');
    expect(error).toContain('docker-credential-never did not answer within 30 s for 127.0.0.1:9');
  },
);
