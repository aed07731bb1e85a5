/**
 * Issue 12 item 1 (the engine's own compressed blobs): a Docker engine with the containerd image store keeps
 * each image's compressed layer blobs, and `docker save` exports them. Here a real containerd is that store:
 * images go in with `ctr images pull` from a source registry (`docker push` of a real engine's build, and a
 * two-platform index), come out with `ctr images export` (the containerd archive exporter moby's save uses),
 * and are served as the save stream of an engine API answering inspect as moby's containerd store does
 * (fixtures/fake-engine.ts containerdStoreImage). Publishing that engine's image must write the content
 * store's blobs byte for byte (same digests, nothing compressed), docker pull must give the same image,
 * a re-run must be a no-op, and an index the store holds one platform of publishes that platform's
 * manifest, as docker push does.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  hasContainerd,
  NO_CONTAINERD,
  startContainerd,
  type ContainerdFixture,
} from '../fixtures/containerd.js';
import {
  hasDockerEngine,
  NO_ENGINE,
  startDockerEngine,
  type DockerEngineFixture,
} from '../fixtures/docker-engine.js';
import {
  containerdStoreImage,
  startFakeEngine,
  serveImage,
  type FakeEngine,
} from '../fixtures/fake-engine.js';
import { buildImage, pullImage, tempDir } from '../fixtures/image-fixtures.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeMultiPlatformLayout, pseudoRandom, skopeoCopy, skopeoInspect } from '../fixtures/skopeo.js';
import { runPublish } from '../../src/publish/publish.js';
import { parseSettings } from '../../src/publish/settings.js';
import type { PublishReport } from '../../src/publish/report.js';
import { createMemoryLogger } from '../fixtures/memory-logger.js';
import { createSecretRegistry } from '../../src/secrets.js';

const available = hasContainerd() && hasDockerEngine();
let containerd: ContainerdFixture;
let engine: DockerEngineFixture;
/** Where the images come from (ctr pulls from it), and where they are published. */
let sourceRegistry: TestRegistry;
let registry: TestRegistry;
let work: string;
const fakes: FakeEngine[] = [];

/** The engine's endpoint in report lines (`the Docker engine at unix://…`). */
const REUSED = /reused from the Docker engine at unix:\/\//;

async function publish(
  fake: FakeEngine,
  image: string,
  version: string,
): Promise<{ report: PublishReport; lines: string[] }> {
  const log = createMemoryLogger();
  const report = await runPublish(
    parseSettings({
      registry: registry.host,
      namespace: 'team',
      image,
      version,
      source: `docker-daemon:${image}:1`,
    }),
    { log, env: { DOCKER_HOST: fake.env.DOCKER_HOST }, secrets: createSecretRegistry() },
  );
  const target = report.targets[0];
  expect(target?.error, log.lines.join('\n')).toBeNull();
  expect(target?.verified).toBe(true);
  return { report, lines: log.lines };
}

/** Pulls REF into the containerd store and serves its export as the engine's image `name:1`. */
async function engineWith(
  ref: string,
  name: string,
  pull: readonly string[],
  exportArgs: readonly string[] = [],
): Promise<FakeEngine> {
  await containerd.ctr(['images', 'pull', '--plain-http', '--snapshotter', 'native', ...pull, ref]);
  const out = join(work, `${name}-${fakes.length}.tar`);
  await containerd.ctr(['images', 'export', ...exportArgs, out, ref]);
  const fake = await startFakeEngine(work, serveImage(await containerdStoreImage(out, `${name}:1`)));
  fakes.push(fake);
  return fake;
}

/** Every blob digest in the containerd content store (`ctr content ls`). */
async function contentStore(): Promise<Set<string>> {
  const listing = await containerd.ctr(['content', 'ls', '--quiet']);
  return new Set(
    listing
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

function layersOf(manifest: Record<string, unknown>): { digest: string; mediaType: string }[] {
  return manifest.layers as { digest: string; mediaType: string }[];
}

function uploadPuts(): number {
  return registry.requests().filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads/')).length;
}

beforeAll(async () => {
  if (!available) return;
  work = await tempDir('rp-ctd-test-');
  sourceRegistry = await startRegistry({ kind: 'anonymous' });
  registry = await startRegistry({ kind: 'anonymous' });
  engine = await startDockerEngine({ insecureRegistries: [sourceRegistry.host, registry.host] });
  containerd = await startContainerd();
}, 240_000);

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await containerd?.stop();
  await engine?.stop();
  await sourceRegistry?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe.runIf(available)(
  `the containerd image store's compressed blobs (${NO_CONTAINERD}; ${NO_ENGINE})`,
  () => {
    test('an image docker push made: published with the content store’s blobs, nothing compressed; docker pull gives the same image; a re-run is a no-op', async () => {
      await buildImage(engine, {
        tag: 'app:1',
        layers: [{ 'etc/app.conf': 'app\n' }, { 'usr/lib/big.bin': pseudoRandom('ctd-app', 1_200_000) }],
      });
      const pushed = `${sourceRegistry.host}/src/app:1`;
      await engine.docker(['tag', 'app:1', pushed]);
      await engine.docker(['push', pushed]);
      const fake = await engineWith(pushed, 'app', []);
      const stored = await skopeoInspect(pushed, { tlsVerify: false });
      const storedLayers = layersOf(stored.manifest);
      const store = await contentStore();
      expect(storedLayers.every((l) => store.has(l.digest))).toBe(true);

      const before = uploadPuts();
      const { report, lines } = await publish(fake, 'app', '1.0.0');
      const ours = await skopeoInspect(`${registry.host}/team/app:1.0.0`, { tlsVerify: false });
      // The engine's own manifest, byte for byte: the same digest docker push of that engine writes.
      expect(ours.digest).toBe(stored.digest);
      expect(report.digest).toBe(stored.digest);
      expect(layersOf(ours.manifest)).toEqual(storedLayers);
      expect(layersOf(ours.manifest)[0]?.mediaType).toBe('application/vnd.docker.image.rootfs.diff.tar.gzip');
      // Every layer sent as the engine's blob, none compressed here: one line each says so.
      expect(
        lines.filter((l) => /: Pushed \(.*\)$/.test(l) && REUSED.test(l)),
        lines.join('\n'),
      ).toHaveLength(2);
      expect(report.targets[0]?.blobs.uploaded.count).toBe(3); // 2 layers and the config
      expect(uploadPuts() - before).toBe(3);

      // docker pull of what we published gives the engine's image (same config digest as its image ID).
      await engine.docker(['rmi', 'app:1', pushed]);
      const pulled = await pullImage(engine, `${registry.host}/team/app:1.0.0`);
      expect(pulled.id).toBe((stored.manifest.config as { digest: string }).digest);

      // A re-run: the target holds the engine's image (its ID is the manifest digest): nothing exported or sent.
      const saves = fake.saves();
      const again = await publish(fake, 'app', '1.0.0');
      expect(fake.saves()).toBe(saves);
      expect(uploadPuts() - before).toBe(3);
      expect(again.lines.some((l) => l.endsWith('not exported'))).toBe(true);
      expect(again.report.targets[0]?.tags.every((t) => t.action === 'unchanged')).toBe(true);
    });

    test('a two-platform index the store holds one platform of: that platform’s manifest is published, as docker push does; with both, the whole index', async () => {
      const dir = join(work, 'multi');
      await mkdir(dir);
      const layout = await makeMultiPlatformLayout(dir, { seed: 'ctd-multi', sharedLayer: 300_000 });
      const ref = `${sourceRegistry.host}/src/multi:1`;
      await skopeoCopy(`oci:${dir}:${layout.refName}`, `docker://${ref}`, {
        all: true,
        dest: { tlsVerify: false },
      });
      const [amd64, arm64] = layout.images;

      const partial = await engineWith(ref, 'multi', ['--platform', 'linux/amd64']);
      const store = await contentStore();
      expect(store.has(arm64!.manifest.digest)).toBe(false); // pulled one platform only
      const one = await publish(partial, 'multi', '1.0.0');
      const published = await skopeoInspect(`${registry.host}/team/multi:1.0.0`, { tlsVerify: false });
      expect(published.digest).toBe(amd64!.manifest.digest);
      expect(layersOf(published.manifest).map((l) => l.digest)).toEqual(amd64!.layers.map((l) => l.digest));
      expect(one.lines.filter((l) => REUSED.test(l))).toHaveLength(2);

      const whole = await engineWith(ref, 'multi', ['--all-platforms'], ['--all-platforms']);
      const both = await publish(whole, 'multi', '1.0.1');
      const index = await skopeoInspect(`${registry.host}/team/multi:1.0.1`, { tlsVerify: false });
      expect(index.digest).toBe(layout.index.digest);
      expect(both.report.digest).toBe(layout.index.digest);
      // amd64's layers are present from 1.0.0; arm64's own layer is sent as the engine's blob.
      expect(both.lines.filter((l) => REUSED.test(l))).toHaveLength(3);
    });
  },
);
