/**
 * docker-daemon: against a fake engine API on a unix socket (no dockerd): addressing, errors, the save
 * stream read once (spooled) or re-read without room for a spool, and the containerd image store's saves (hand-made; a real containerd's
 * export is in containerd-store.itg.test.ts). The real engine is exercised in docker-engine.itg.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engineAddress } from '../../src/source/engine-address.js';
import {
  closeFakeEngines,
  containerdStoreImage,
  serveImage as serveEngineImage,
  serveSave,
  startFakeEngine,
  type EngineHandler,
  type FakeEngine,
} from '../fixtures/fake-engine.js';
import {
  makeLegacySave,
  OCI_INDEX,
  removeLayoutBlob,
  tarDirectory,
  tempDir,
  writeIndexJson,
} from '../fixtures/image-fixtures.js';
import {
  makeMultiPlatformLayout,
  makeTar,
  pseudoRandom,
  type MultiPlatformLayout,
} from '../fixtures/skopeo.js';
import {
  asImage,
  asIndex,
  checkImage,
  context,
  expectError,
  load,
  readAll,
  sha256,
  withSource,
  withTmpdir,
} from './helpers.js';

let work: string;
let save: Awaited<ReturnType<typeof makeLegacySave>>;
let saveBytes: Buffer;

beforeAll(async () => {
  work = await tempDir();
  save = await makeLegacySave(join(work, 'save.tar'), [
    {
      tags: ['app:1'],
      layers: [
        // Larger than what a scan keeps in memory (1 MiB), so opening it reads the spool (or the engine again).
        makeTar([{ name: 'a', content: pseudoRandom('a', 1_500_000) }]),
        makeTar([{ name: 'b', content: Buffer.from('b'.repeat(5000)) }]),
      ],
    },
  ]);
  saveBytes = await readFile(save.path);
});
afterAll(() => rm(work, { recursive: true, force: true }));

const imageId = (): string => save.images[0]!.configDigest;

afterEach(closeFakeEngines);
const fakeEngine = (handler: EngineHandler): Promise<FakeEngine> => startFakeEngine(work, handler);
const serveImage: EngineHandler = (path, res) => serveSave(save, saveBytes)(path, res);

describe('engineAddress', () => {
  it('defaults to /var/run/docker.sock and reads DOCKER_HOST', () => {
    const none = { DOCKER_CONFIG: join(work, 'no-config') };
    expect(engineAddress(none).endpoint).toEqual({ kind: 'unix', socketPath: '/var/run/docker.sock' });
    expect(engineAddress(none).display).toContain('DOCKER_HOST is not set');
    expect(engineAddress({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).endpoint).toEqual({
      kind: 'unix',
      socketPath: '/run/user/1000/docker.sock',
    });
    expect(engineAddress({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }).endpoint).toEqual({
      kind: 'tcp',
      host: '10.0.0.5',
      port: 2375,
    });
    expect(engineAddress({ DOCKER_HOST: 'tcp://docker' }).endpoint).toEqual({
      kind: 'tcp',
      host: 'docker',
      port: 2375,
    });
  });

  it('takes ssh:// to the docker CLI, and docker contexts as the CLI does', async () => {
    const config = join(work, 'ctx-config');
    expect(engineAddress({ DOCKER_HOST: 'ssh://me@box:2222', DOCKER_CONFIG: config }).endpoint).toEqual({
      kind: 'cli',
      args: ['--host', 'ssh://me@box:2222'],
    });
    // A context as `docker context create far --docker host=tcp://box:2376,ca=…,cert=…,key=…` writes it.
    const id = createHash('sha256').update('far').digest('hex');
    await mkdir(join(config, 'contexts', 'meta', id), { recursive: true });
    await mkdir(join(config, 'contexts', 'tls', id, 'docker'), { recursive: true });
    await writeFile(
      join(config, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({
        Name: 'far',
        Endpoints: { docker: { Host: 'tcp://box:2376', SkipTLSVerify: false } },
      }),
    );
    for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
      await writeFile(join(config, 'contexts', 'tls', id, 'docker', f), f);
    await writeFile(join(config, 'config.json'), JSON.stringify({ currentContext: 'far' }));
    const current = engineAddress({ DOCKER_CONFIG: config });
    expect(current.endpoint).toEqual({
      kind: 'tcp',
      host: 'box',
      port: 2376,
      tls: {
        ca: Buffer.from('ca.pem'),
        cert: Buffer.from('cert.pem'),
        key: Buffer.from('key.pem'),
        rejectUnauthorized: true,
      },
    });
    expect(current.display).toBe(
      `tcp://box:2376 (docker context far, from the current context in ${join(config, 'config.json')})`,
    );
    // DOCKER_HOST wins over DOCKER_CONTEXT, which wins over the current context; "default" is the default socket.
    expect(
      engineAddress({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'far', DOCKER_HOST: 'unix:///s' }).endpoint,
    ).toEqual({ kind: 'unix', socketPath: '/s' });
    expect(engineAddress({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }).endpoint).toEqual({
      kind: 'unix',
      socketPath: '/var/run/docker.sock',
    });
    expect(() => engineAddress({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'gone' })).toThrow(
      expect.objectContaining({
        code: 'ENGINE_UNAVAILABLE',
        message: expect.stringContaining('docker context "gone" (from DOCKER_CONTEXT)'),
      }),
    );
  });

  it('refuses addresses it cannot use, with a way out', () => {
    for (const host of ['npipe:////./pipe/docker_engine', 'ftp://box']) {
      expect(() => engineAddress({ DOCKER_HOST: host })).toThrow(
        expect.objectContaining({ code: 'ENGINE_UNAVAILABLE' }),
      );
    }
    expect(() =>
      engineAddress({
        DOCKER_HOST: 'tcp://box:2376',
        DOCKER_TLS_VERIFY: '1',
        DOCKER_CERT_PATH: join(work, 'nocerts'),
      }),
    ).toThrow(
      expect.objectContaining({ code: 'ENGINE_UNAVAILABLE', message: expect.stringContaining('ca.pem') }),
    );
  });
});

describe('docker-daemon with a fake engine', () => {
  it('reads the save stream once: the scan compresses the layers and spools the stream, opens read the spool', async () => {
    const engine = await fakeEngine(serveImage);
    const spoolRoot = await tempDir('rp-spool-');
    const saves = (): number => engine.requests.filter((r) => r.endsWith('/get')).length;
    await withTmpdir(spoolRoot, () =>
      withSource('docker-daemon:app:1', context(engine.env, 2), async (artifact) => {
        const image = asImage(artifact);
        expect(engine.requests[0]).toBe('GET /images/app:1/json');
        expect(engine.requests.slice(1)).toEqual([`GET /images/${imageId()}/get`]);
        // While the source is open its spool is there: the save stream's bytes, in a private directory.
        const spools = await readdir(spoolRoot);
        expect(spools).toHaveLength(1);
        expect((await stat(join(spoolRoot, spools[0]!, 'archive.tar'))).size).toBe(saveBytes.length);
        // Every blob opened (twice, and at once): all verify, and the engine is not asked again.
        const { configDigest, diffIds } = await checkImage(image);
        expect(configDigest).toBe(imageId());
        expect(diffIds).toEqual(save.images[0]?.diffIds);
        await Promise.all(image.layers.map(async (l) => readAll(await l.open())));
        expect(saves()).toBe(1);
      }),
    );
    // close() removed the spool.
    expect(await readdir(spoolRoot)).toEqual([]);
    await rm(spoolRoot, { recursive: true, force: true });
  });

  it('gives the same manifest as the docker save of the same image', async () => {
    const engine = await fakeEngine(serveImage);
    const fromEngine = await load('app:1', context(engine.env));
    const fromArchive = await load(`docker-archive:${save.path}`);
    expect(fromEngine.manifest.digest).toBe(fromArchive.manifest.digest);
  });

  it('says the image is not in the engine (404), naming it and the engine', async () => {
    const engine = await fakeEngine(serveImage);
    const err = await expectError(
      load('docker-daemon:missing:2', context(engine.env)),
      'IMAGE_NOT_FOUND',
      '"missing:2"',
      engine.socket,
    );
    expect((err as { hint?: string }).hint).toContain('docker images');
  });

  it('says the engine cannot be reached, naming the socket', async () => {
    const socket = join(work, 'nobody.sock');
    await expectError(
      load('app:1', context({ DOCKER_HOST: `unix://${socket}` })),
      'ENGINE_UNAVAILABLE',
      socket,
      'DOCKER_HOST',
    );
    await expectError(
      load('app:1', context({ DOCKER_HOST: 'tcp://127.0.0.1:1' })),
      'ENGINE_UNAVAILABLE',
      '127.0.0.1:1',
    );
  });

  it('reports engine errors and a save stream that breaks off', async () => {
    const failing = await fakeEngine((path, res) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ message: 'disk on fire' }));
    });
    await expectError(load('app:1', context(failing.env)), 'ENGINE_UNAVAILABLE', 'disk on fire');
    const breaking = await fakeEngine((path, res) => {
      if (path.endsWith('/json')) return serveImage(path, res);
      res.write(saveBytes.subarray(0, 100_000), () => res.destroy());
    });
    await expectError(load('app:1', context(breaking.env)), 'ENGINE_UNAVAILABLE', 'broke off');
  });

  it('without room for a spool, re-reads the save stream for a large layer and notices other bytes', async () => {
    let calls = 0;
    const engine = await fakeEngine((path, res) => {
      if (path.endsWith('/json') || calls++ < 1) return serveImage(path, res);
      const other = Buffer.from(saveBytes);
      const at = other.indexOf(pseudoRandom('a', 64)) + 1000; // inside the first layer's file
      other[at] = (other[at] as number) ^ 0xff;
      res.end(other);
    });
    // A temporary directory that does not exist: the spool cannot be made, so opens go back to the engine.
    await withTmpdir(join(work, 'no-such-dir'), () =>
      withSource('app:1', context(engine.env, 1), async (artifact) => {
        const image = asImage(artifact);
        const results = await Promise.allSettled(
          [image.config, ...image.layers].map(async (b) => sha256(await readAll(await b.open()))),
        );
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(failed).toHaveLength(1);
        expect(failed[0]?.reason).toMatchObject({ code: 'DIGEST_MISMATCH' });
        expect(calls).toBe(2); // the scan, then the large layer's re-read
      }),
    );
  });
});

describe('the containerd image store (the save stream is the content store’s OCI export)', () => {
  /** A two-platform index saved by ID (no name annotations, as moby writes it), minus `drop` blobs. */
  async function containerdSave(name: string, drop: (l: MultiPlatformLayout) => string[]) {
    const dir = join(work, name);
    await mkdir(dir);
    const layout = await makeMultiPlatformLayout(dir, { seed: name });
    await writeIndexJson(dir, [
      { mediaType: OCI_INDEX, digest: layout.index.digest, size: layout.index.size },
    ]);
    for (const digest of drop(layout)) await removeLayoutBlob(dir, digest);
    const path = await tarDirectory(dir, join(work, `${name}.tar`));
    return {
      layout,
      engine: await fakeEngine(serveEngineImage(await containerdStoreImage(path, 'multi:1'))),
    };
  }

  it('publishes the engine’s index and compressed layers byte for byte, each layer reported as the engine’s', async () => {
    const { layout, engine } = await containerdSave('ctd-whole', () => []);
    const index = asIndex(await load('docker-daemon:multi:1', context(engine.env)));
    expect(index.manifest.digest).toBe(layout.index.digest);
    const layers = index.children.flatMap((c) => asImage(c).layers);
    expect(layers.map((l) => l.descriptor.digest)).toEqual(
      layout.images.flatMap((i) => i.layers.map((l) => l.digest)),
    );
    expect(layers.every((l) => l.foundIn?.startsWith('the Docker engine at unix://'))).toBe(true);
    expect(index.children.every((c) => asImage(c).config.foundIn === undefined)).toBe(true);
  });

  it('an index with a platform absent publishes the engine’s platform’s manifest, as docker push does', async () => {
    const { layout, engine } = await containerdSave('ctd-partial', (l) => [
      l.images[1]!.manifest.digest,
      l.images[1]!.layers[1]!.digest,
    ]);
    const image = asImage(await load('docker-daemon:multi:1', context(engine.env)));
    expect(image.manifest.digest).toBe(layout.images[0]!.manifest.digest);
    expect(image.descriptor.platform).toEqual({ os: 'linux', architecture: 'amd64' });
    await checkImage(image);
  });

  it('says so when the engine holds no content of its own platform', async () => {
    const { layout, engine } = await containerdSave('ctd-other', (l) => [l.images[0]!.layers[1]!.digest]);
    // The inspect answers for linux/amd64 (its config is still there); only arm64 is whole.
    const err = await expectError(
      load('docker-daemon:multi:1', context(engine.env)),
      'IMAGE_NOT_FOUND',
      'linux/amd64',
      layout.index.digest,
    );
    expect((err as { hint?: string }).hint).toContain('docker pull --platform');
  });
});
