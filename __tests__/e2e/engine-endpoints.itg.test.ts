/**
 * Finding the engine as the docker CLI does (issue 12 item 4): a publish from an engine behind a docker
 * context (written by `docker context create`, chosen by the config's currentContext and by DOCKER_CONTEXT)
 * and one behind an ssh:// host (an sshd on loopback, the docker CLI on the far side dialing the test's
 * dockerd) succeed, name the endpoint they used, and the registry holds the engine's image.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  hasDockerEngine,
  NO_ENGINE,
  startDockerEngine,
  type DockerEngineFixture,
} from '../fixtures/docker-engine.js';
import { buildImage, pullImage, tempDir, type BuiltImage } from '../fixtures/image-fixtures.js';
import { inspectDigest } from '../fixtures/registry-check.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist } from '../fixtures/run-dist.js';
import { hasSshd, startSshEngine, type SshEngine } from '../fixtures/sshd.js';

const DOCKER = process.env.DOCKER_BIN || 'docker';
const engineAvailable = hasDockerEngine();
let engine: DockerEngineFixture;
let registry: TestRegistry;
let work: string;
let image: BuiltImage;
let ssh: SshEngine | undefined;

beforeAll(async () => {
  if (!engineAvailable) return;
  registry = await startRegistry({ kind: 'anonymous' });
  work = await tempDir('rp-e2e-ep-');
  engine = await startDockerEngine({ insecureRegistries: [registry.host] });
  image = await buildImage(engine, { tag: 'endpoint:1', layers: [{ 'app/version': '1.0.0\n' }] });
}, 120_000);

afterAll(async () => {
  await ssh?.stop();
  await engine?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

async function publishAndCheck(namespace: string, env: Record<string, string>) {
  const run = await runActionDist(
    { registry: registry.host, namespace, image: 'app', version: '1.0.0', source: 'endpoint:1' },
    { DOCKER_HOST: '', ...env },
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);
  for (const tag of ['1.0.0', 'latest'])
    expect(await inspectDigest(registry, `${namespace}/app:${tag}`)).toBe(run.outputs.digest);
  const pulled = await pullImage(engine, `${registry.host}/${namespace}/app:1.0.0`);
  expect(pulled.id).toBe(image.id);
  return run;
}

describe.skipIf(!engineAvailable)(`engine endpoints (${NO_ENGINE})`, () => {
  test('docker context: the current context of the config, then DOCKER_CONTEXT', async () => {
    const config = join(work, 'docker-config');
    const cli = (args: string[]) =>
      promisify(execFile)(DOCKER, args, { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: '' } });
    await cli(['context', 'create', 'far', '--docker', `host=${engine.host}`]);
    await cli(['context', 'use', 'far']);
    const current = await publishAndCheck('ctx', { DOCKER_CONFIG: config });
    expect(current.stdout).toContain(
      `Reading docker-daemon:endpoint:1 from the Docker engine at ${engine.host} (docker context far, from the current context in ${join(config, 'config.json')})`,
    );
    // DOCKER_CONTEXT wins over the config's current context (which now names a context without an engine).
    await writeFile(join(config, 'config.json'), JSON.stringify({ currentContext: 'gone' }));
    const named = await publishAndCheck('ctx-env', { DOCKER_CONFIG: config, DOCKER_CONTEXT: 'far' });
    expect(named.stdout).toContain(
      `from the Docker engine at ${engine.host} (docker context far, from DOCKER_CONTEXT)`,
    );
  }, 120_000);

  test.skipIf(!hasSshd())(
    'ssh:// host: through the docker CLI and an sshd on loopback (needs root for the sshd, and /usr/sbin/sshd: script/provision)',
    async () => {
      const { stdout } = await promisify(execFile)('sh', ['-c', `command -v ${DOCKER}`]);
      ssh = await startSshEngine(engine.socketPath, stdout.trim());
      const run = await publishAndCheck('viassh', { DOCKER_HOST: ssh.host, PATH: ssh.path });
      expect(run.stdout).toContain(
        `Reading docker-daemon:endpoint:1 from the Docker engine at ${ssh.host} (from DOCKER_HOST)`,
      );
    },
    120_000,
  );
});
