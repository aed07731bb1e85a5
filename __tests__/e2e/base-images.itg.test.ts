/**
 * Issue 12 item 1 (b): an engine image built FROM a base that sits in a registry keeps the base's layer
 * digests. With `base` (or the image's org.opencontainers.image.base.name label) the base layers are
 * mounted in the same registry and copied registry to registry from another, never compressed here: only
 * the image's own layer and its config are uploaded. dist/index.js runs as a runner starts it; skopeo reads
 * the registries back.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  hasDockerEngine,
  NO_ENGINE,
  startDockerEngine,
  type DockerEngineFixture,
} from '../fixtures/docker-engine.js';
import { buildImage, inspectImage, pullImage, tempDir } from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';
import { pseudoRandom, skopeoInspect } from '../fixtures/skopeo.js';

const engineAvailable = hasDockerEngine();
let engine: DockerEngineFixture;
let home: TestRegistry;
let other: TestRegistry;
let work: string;
let baseLayers: string[];
let appId: string;

/** `docker build` of FROM base:1 plus one COPY, with optional labels. */
async function buildOnBase(
  tag: string,
  content: string,
  labels: Record<string, string> = {},
): Promise<string> {
  const ctx = join(work, tag.replace(/[^a-z0-9]/g, '-'));
  await mkdir(join(ctx, 'top'), { recursive: true });
  await writeFile(join(ctx, 'top', 'app.txt'), content);
  const labelLines = Object.entries(labels).map(([k, v]) => `LABEL ${k}=${JSON.stringify(v)}`);
  await writeFile(join(ctx, 'Dockerfile'), ['FROM base:1', 'COPY top/ /', ...labelLines, ''].join('\n'));
  await engine.docker(['build', '-q', '-t', tag, ctx]);
  return (await inspectImage(engine, tag)).id;
}

function layersOf(manifest: Record<string, unknown>): string[] {
  return (manifest.layers as { digest: string }[]).map((l) => l.digest);
}

/** Blob uploads a registry completed (an upload session's final PUT), and cross-repository mounts. */
function writes(registry: TestRegistry): { puts: number; mounts: number } {
  const reqs = registry.requests();
  return {
    puts: reqs.filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/')).length,
    mounts: reqs.filter((r) => r.method === 'POST' && r.path.includes('mount=')).length,
  };
}

async function publish(
  registry: TestRegistry,
  image: string,
  source: string,
  inputs: Record<string, string> = {},
) {
  const run = await runActionDist(
    { registry: registry.host, namespace: 'team', image, version: '1.0.0', source, ...inputs },
    { DOCKER_HOST: engine.host },
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const report = JSON.parse(run.outputs.json ?? '{}') as {
    targets: { blobs: Record<string, { count: number }> }[];
  };
  return { run, blobs: report.targets[0]?.blobs };
}

beforeAll(async () => {
  if (!engineAvailable) return;
  [home, other] = await Promise.all([
    startRegistry({ kind: 'anonymous' }),
    startRegistry({ kind: 'anonymous' }),
  ]);
  work = await tempDir('rp-e2e-base-');
  engine = await startDockerEngine({ insecureRegistries: [home.host, other.host] });
  await buildImage(engine, {
    tag: 'base:1',
    layers: [{ 'etc/base.conf': 'base\n' }, { 'usr/lib/base.bin': pseudoRandom('e2e-base', 1_200_000) }],
  });
  // The base as its own project publishes it: docker push, docker's compression and digests.
  await engine.docker(['tag', 'base:1', `${home.host}/lib/base:1`]);
  await engine.docker(['push', `${home.host}/lib/base:1`]);
  baseLayers = layersOf((await skopeoInspect(`${home.host}/lib/base:1`, { tlsVerify: false })).manifest);
  appId = await buildOnBase('app:1', 'app 1\n');
}, 240_000);

afterAll(async () => {
  await engine?.stop();
  await Promise.all([home?.stop(), other?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe.runIf(engineAvailable)(`base images (${NO_ENGINE})`, () => {
  test('same registry: the base layers are mounted, only the own layer and the config uploaded', async () => {
    const before = writes(home);
    const { run, blobs } = await publish(home, 'app', 'docker-daemon:app:1', {
      base: `${home.host}/lib/base:1`,
    });
    const ours = await skopeoInspect(`${home.host}/team/app:1.0.0`, { tlsVerify: false });
    expect(run.outputs.digest).toBe(ours.digest);
    expect(layersOf(ours.manifest).slice(0, 2)).toEqual(baseLayers);
    expect(blobs?.mounted?.count).toBe(2);
    expect(blobs?.uploaded?.count).toBe(2);
    const after = writes(home);
    expect(after.mounts - before.mounts).toBe(2);
    expect(after.puts - before.puts).toBe(2);
    expect(run.stdout).toContain(`base ${home.host}/lib/base:1: 2 of the image's layers are its layers`);
    expect(run.stdout.match(/Mounted from lib\/base .*reused from /g)).toHaveLength(2);
    // What the registry holds is the engine's image.
    expect((await pullImage(engine, `${home.host}/team/app:1.0.0`)).id).toBe(appId);
  });

  test('another registry: the base layers are copied registry to registry, digests kept', async () => {
    const { run, blobs } = await publish(other, 'app', 'docker-daemon:app:1', {
      base: `${home.host}/lib/base:1`,
    });
    const ours = await skopeoInspect(`${other.host}/team/app:1.0.0`, { tlsVerify: false });
    expect(layersOf(ours.manifest).slice(0, 2)).toEqual(baseLayers);
    expect(blobs?.uploaded?.count).toBe(4); // 2 copied base layers, the own layer, the config
    expect(run.stdout.match(/: Copied \(.*reused from /g)).toHaveLength(2);
    // The copied bytes are the base's: the other registry serves them under the base's digests.
    const base = await skopeoInspect(`${home.host}/lib/base:1`, { tlsVerify: false });
    expect(layersOf(base.manifest)).toEqual(baseLayers);
  });

  test('the image’s base.name label alone is enough (CLI, no --base)', async () => {
    const id = await buildOnBase('app:2', 'app 2\n', {
      'org.opencontainers.image.base.name': `${home.host}/lib/base:1`,
    });
    const run = await runCliDist(
      [
        '--registry',
        home.host,
        '--namespace',
        'team',
        '--image',
        'labelled',
        '--version',
        '2.0.0',
        '--source',
        'docker-daemon:app:2',
        '--json',
      ],
      { DOCKER_HOST: engine.host, DOCKER_CONFIG: join(work, 'cli-config') },
    );
    expect(run.code, run.stderr).toBe(0);
    const ours = await skopeoInspect(`${home.host}/team/labelled:2.0.0`, { tlsVerify: false });
    expect(layersOf(ours.manifest).slice(0, 2)).toEqual(baseLayers);
    expect(run.stderr.match(/Mounted from lib\/base/g)).toHaveLength(2);
    expect((await pullImage(engine, `${home.host}/team/labelled:2.0.0`)).id).toBe(id);
  });

  test('a base that cannot be read is a warning: the layers are compressed here and the publish succeeds', async () => {
    const { run, blobs } = await publish(other, 'nobase', 'docker-daemon:app:1', {
      base: `${home.host}/lib/missing:9`,
    });
    expect(run.stdout).toMatch(new RegExp(`base ${home.host}/lib/missing:9 could not be read`));
    expect(blobs?.uploaded?.count).toBe(4);
  });
});
