/**
 * The README's multi-platform release and promotion examples, run step by step: the `with:` of each
 * registry-publish step is read from the README, its `${{ }}` expressions filled in as the runner would,
 * the hosts pointed at real local registries, and given to dist/index.js as a runner does. The build
 * step's docker-daemon:app is an oci: layout here (the engine source has its own e2e, sources.itg.test.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { rawPush, startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { makeOciLayout, runSkopeo, type OciLayout } from '../fixtures/skopeo.js';
import { runActionDist } from '../fixtures/run-dist.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
}
interface Workflow {
  jobs: Record<string, { steps: Step[] }>;
}

let readme = '';
let staging: TestRegistry;
let prod: TestRegistry;
let work: string;

/** The YAML example under a README heading. */
function example(heading: string): Workflow {
  const at = readme.indexOf(`### ${heading}\n`);
  expect(at, heading).toBeGreaterThan(-1);
  const block = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at))?.[1] ?? '';
  return parseYaml(block) as Workflow;
}

const ours = (steps: Step[]): Step[] => steps.filter((s) => s.uses?.startsWith('org/registry-publish@'));

/** A step's inputs as the runner passes them: expressions filled from `context` (unknown ones fail). */
function inputsOf(
  step: Step,
  context: Record<string, string>,
  hosts: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(step.with ?? {})) {
    if (name === 'username' || name === 'password') continue; // the test registries are anonymous
    let value = String(raw).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      const v = context[expr];
      if (v === undefined) throw new Error(`no value for \${{ ${expr} }}`);
      return v;
    });
    for (const [from, to] of Object.entries(hosts)) value = value.split(from).join(to);
    out[name] = value;
  }
  return out;
}

beforeAll(async () => {
  readme = await readFile(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  [staging, prod] = await Promise.all([
    startRegistry({ kind: 'anonymous' }),
    startRegistry({ kind: 'anonymous' }),
  ]);
  work = await mkdtemp(join(tmpdir(), 'e2e-readme-'));
}, 60_000);

afterAll(async () => {
  await Promise.all([staging?.stop(), prod?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('README workflows', () => {
  test('multi-platform release: build jobs push by digest, the merge job tags one index', async () => {
    const wf = example('Multi-platform release: native runners, push by digest, merge');
    const [push] = ours(wf.jobs.build?.steps ?? []);
    const [merge] = ours(wf.jobs.merge?.steps ?? []);
    const record = (wf.jobs.build?.steps ?? []).find((s) => s.run?.includes('$DIGEST'))?.run ?? '';
    const template = /"(docker:\/\/[^"]+\$DIGEST)"/.exec(record)?.[1];
    expect(push && merge && template).toBeTruthy();
    const hosts = { 'ghcr.io': prod.host };
    const sources: string[] = [];
    const layouts: Record<string, OciLayout> = {};
    for (const architecture of ['amd64', 'arm64']) {
      const layout = await makeOciLayout(join(work, architecture), {
        seed: `readme-${architecture}`,
        layers: [2048],
        refName: 'app',
        platform: { os: 'linux', architecture },
      });
      layouts[architecture] = layout;
      const inputs: Record<string, string> = { ...inputsOf(push as Step, {}, hosts), source: layout.ref };
      expect(inputs['by-digest']).toBe('true');
      const run = await runActionDist(inputs);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      sources.push(
        (template ?? '')
          .split('ghcr.io')
          .join(prod.host)
          .replace('$DIGEST', run.outputs.digest ?? ''),
      );
    }
    const context = {
      'steps.children.outputs.sources': sources.join('\n'),
      'github.ref_name': 'v1.2.3',
    };
    const inputs = inputsOf(merge as Step, context, hosts);
    const run = await runActionDist(inputs, { GITHUB_SHA: 'a'.repeat(40), GITHUB_REPOSITORY: 'my-org/app' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.tags?.split('\n')).toEqual(['1.2.3', '1.2', '1', 'latest']);
    expect(run.outputs.platform).toBe('linux/amd64,linux/arm64');
    for (const architecture of ['amd64', 'arm64']) {
      const picked = JSON.parse(
        (
          await runSkopeo([
            'inspect',
            '--override-arch',
            architecture,
            '--override-os',
            'linux',
            '--tls-verify=false',
            `docker://${prod.host}/my-org/app:1.2.3`,
          ])
        ).toString('utf8'),
      ) as { Architecture: string; Layers: string[] };
      expect(picked.Architecture).toBe(architecture);
      expect(picked.Layers[0]).toBe(layouts[architecture]?.layers[0]?.digest);
    }
    const again = await runActionDist(inputs, {
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REPOSITORY: 'my-org/app',
    });
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/Pushed|created|updated/);
  });

  test('promotion with signatures: the image and its cosign .sig tag reach production', async () => {
    const wf = example('Staging → production promotion with signatures');
    const [promote] = ours(wf.jobs.promote?.steps ?? []);
    expect(promote).toBeTruthy();
    const layout = await makeOciLayout(join(work, 'promote'), { seed: 'readme-promote', refName: 'img' });
    const seeded = await runActionDist({
      registry: staging.host,
      namespace: 'team',
      image: 'app',
      source: layout.ref,
      version: '1.0.0',
    });
    expect(seeded.code, seeded.stdout + seeded.stderr).toBe(0);
    const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
    const payload = Buffer.from(
      JSON.stringify({ critical: { image: { 'docker-manifest-digest': layout.manifest.digest } } }),
    );
    const config = Buffer.from('{}');
    const sig = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: {
          mediaType: 'application/vnd.oci.image.config.v1+json',
          digest: sha(config),
          size: config.length,
        },
        layers: [
          {
            mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
            digest: sha(payload),
            size: payload.length,
            annotations: { 'dev.cosignproject.cosign/signature': 'MEUCIQ-readme' },
          },
        ],
      }),
    );
    const sigTag = `${layout.manifest.digest.replace(':', '-')}.sig`;
    await rawPush(staging, 'team/app', sigTag, {
      blobs: [
        { digest: sha(config), bytes: config },
        { digest: sha(payload), bytes: payload },
      ],
      manifest: { digest: sha(sig), mediaType: 'application/vnd.oci.image.manifest.v1+json', bytes: sig },
    });

    const inputs = inputsOf(
      promote as Step,
      { 'inputs.version': '1.0.0' },
      { 'staging.example.com': staging.host, 'registry.example.com': prod.host },
    );
    const run = await runActionDist(inputs);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await inspectDigest(prod, 'prod/app:1.0.0')).toBe(layout.manifest.digest);
    expect(await inspectDigest(prod, `prod/app:${sigTag}`)).toBe(sha(sig));
  });
});
