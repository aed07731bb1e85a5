/**
 * Tag placeholders end to end: dist/index.js as a runner starts it (and as the CLI) with the GitHub
 * context variables set, against a real registry; skopeo lists what was written.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout, skopeoListTags, skopeoTarget } from '../fixtures/skopeo.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';

const SHA = '860c190a1b2c3d4e5f60718293a4b5c6d7e8f901';
// 2026-12-02T10:00:00Z: the day {{date}} stands for when SOURCE_DATE_EPOCH is set.
const EPOCH = String(Date.UTC(2026, 11, 2, 10) / 1000);

let registry: TestRegistry;
let work: string;
let source: string;

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'e2e-placeholders-'));
  await makeOciLayout(join(work, 'img'), { seed: 'placeholders', layers: [1000], refName: 'img' });
  source = `oci:${join(work, 'img')}:img`;
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const tagsOf = (repository: string): Promise<string[]> =>
  skopeoListTags(`${registry.host}/${repository}`, skopeoTarget(registry)).then((t) => t.sort());

describe('placeholders in tags', () => {
  test('action: tags nightly-{{date}}, sha-{{sha}} with GITHUB_SHA set', async () => {
    const run = await runActionDist(
      { registry: registry.host, image: 'nightly', source, tags: 'nightly-{{date}}, sha-{{sha}}' },
      { GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', SOURCE_DATE_EPOCH: EPOCH },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tags?.split('\n')).toEqual(['nightly-20261202', 'sha-860c190']);
    expect(await tagsOf('nightly')).toEqual(['nightly-20261202', 'sha-860c190']);
    expect(await inspectDigest(registry, 'nightly:sha-860c190')).toBe(run.outputs.digest);
  });

  test('action: {{date}} is today in UTC without SOURCE_DATE_EPOCH', async () => {
    const before = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const run = await runActionDist({ registry: registry.host, image: 'today', source, tags: 'd-{{date}}' });
    const after = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect([`d-${before}`, `d-${after}`]).toContain(run.outputs.tags);
  });

  test('action: a pull request gives {{pr}} from the event payload and {{branch}} from the head ref', async () => {
    const event = join(work, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 314 } }));
    const run = await runActionDist(
      {
        registry: registry.host,
        image: 'pr',
        source,
        tags: 'pr-{{pr}}\n{{branch}}-{{sha}}\n{{sha_long}}',
      },
      {
        GITHUB_SHA: SHA,
        GITHUB_REF: 'refs/heads/main', // pull_request_target: the base branch; the number is in the payload
        GITHUB_HEAD_REF: 'feature/Login',
        GITHUB_EVENT_PATH: event,
      },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await tagsOf('pr')).toEqual([SHA, 'feature-Login-860c190', 'pr-314'].sort());
  });

  test('action: {{pr}} outside a pull request fails naming the input and writes nothing', async () => {
    const run = await runActionDist(
      { registry: registry.host, image: 'nopr', source, tags: 'pr-{{pr}}' },
      { GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main' },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::Input "tags" has "pr-{{pr}}", but {{pr}} is unknown in this run: GITHUB_REF is refs/heads/main, not a pull request',
    );
    expect(await inspectDigest(registry, 'nopr:latest')).toBeUndefined();
    await expect(tagsOf('nopr')).rejects.toThrow();
  });

  test('CLI: --tag with placeholders reads the same variables; an unknown one is a usage error', async () => {
    const args = ['--registry', registry.host, '--image', 'cli', '--source', source];
    const run = await runCliDist([...args, '--tag', 'sha-{{sha}}', '--tag', '{{branch}}'], {
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/heads/release/2.x',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await tagsOf('cli')).toEqual(['release-2.x', 'sha-860c190']);

    const bad = await runCliDist([...args, '--tag', 'x-{{ref}}'], { GITHUB_SHA: SHA });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --tag has "x-{{ref}}", whose placeholder {{ref}} is not known');
    const noSha = await runCliDist([...args, '--tag', 'sha-{{sha}}']);
    expect(noSha.code).toBe(2);
    expect(noSha.stderr).toContain('{{sha}} is unknown in this run: GITHUB_SHA is not set');
  });
});
