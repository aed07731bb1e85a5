/**
 * Hints in the adapter's words, end to end through dist/index.js: the same failure run as the action
 * (INPUT_*) names inputs (`overwrite: true`, `ca-file`, the username and password inputs), run as the CLI
 * names flags (`--overwrite`, `--ca-file`, `--username` with `--password-stdin` or REGISTRY_PASSWORD), and
 * neither shows the other's syntax.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, runCliDist, type ActionRun, type CliRun } from '../fixtures/run-dist.js';
import { makeOciLayout, type OciLayout } from '../fixtures/skopeo.js';

const USER = 'remedy';
const PASSWORD = 'Remedy-Pa55word-7c1e';
/** The action's syntax: an input set to a switch, its login action, `ca-file` without dashes. */
const ACTION_SYNTAX =
  /\b[a-z-]+: true\b|docker\/login-action|(^|[^-])\bca-file\b|username and password inputs/;
/** The CLI's syntax: any flag, its password variable, `docker login`. */
const CLI_SYNTAX = /(^|[^\w-])--[a-z]|REGISTRY_PASSWORD|docker login\b/;

let work: string;
let registry: TestRegistry;
let first: OciLayout;
let second: OciLayout;
const address = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((a) => a.family === 'IPv4' && !a.internal)?.address;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-remedy-'));
  registry = await startRegistry({ kind: 'tls-htpasswd', users: { [USER]: PASSWORD } });
  first = await makeOciLayout(join(work, 'first'), { seed: 'remedy-1', layers: [1000], refName: 'img' });
  second = await makeOciLayout(join(work, 'second'), { seed: 'remedy-2', layers: [1000], refName: 'img' });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function actionError(run: ActionRun): string {
  return run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
}

function cliError(run: CliRun): string {
  return run.stderr.split('\n').find((l) => l.startsWith('error:')) ?? '';
}

interface Case {
  readonly host: string;
  readonly image: string;
  readonly source: string;
  readonly caFile?: string | undefined;
  readonly credentials: boolean;
}

function runAction(c: Case): Promise<ActionRun> {
  return runActionDist({
    registry: c.host,
    namespace: 'remedy',
    image: c.image,
    version: '1.0.0',
    source: c.source,
    ...(c.caFile ? { 'ca-file': c.caFile } : {}),
    ...(c.credentials ? { username: USER, password: PASSWORD } : {}),
  });
}

function runCli(c: Case): Promise<CliRun> {
  const args = [
    '--registry',
    c.host,
    '--namespace',
    'remedy',
    '--image',
    c.image,
    '--source',
    c.source,
    '--version',
    '1.0.0',
    ...(c.caFile ? ['--ca-file', c.caFile] : []),
    ...(c.credentials ? ['--username', USER, '--password-stdin'] : []),
  ];
  return runCliDist(
    args,
    { DOCKER_CONFIG: join(work, 'no-docker-config') },
    c.credentials ? PASSWORD : undefined,
  );
}

/** Both adapters fail with `code`; each line has its words and none of the other's syntax. */
async function expectWords(
  c: Case,
  code: string,
  words: { action: readonly string[]; cli: readonly string[] },
): Promise<void> {
  const action = actionError(await runAction(c));
  expect(action).toContain(`[${code}]`);
  for (const w of words.action) expect(action).toContain(w);
  expect(action).not.toMatch(CLI_SYNTAX);

  const cliRun = await runCli(c);
  const cli = cliError(cliRun);
  expect(cliRun.code).toBe(1);
  expect(cli).toContain(`[${code}]`);
  for (const w of words.cli) expect(cli).toContain(w);
  expect(cli).not.toMatch(ACTION_SYNTAX);
}

describe('hints in the adapter’s words', () => {
  test('an unknown CA (TLS_FAILED): ca-file and insecure: true, or --ca-file and --insecure', async () => {
    await expectWords(
      { host: registry.host, image: 'tls', source: first.ref, credentials: true },
      'TLS_FAILED',
      {
        action: ['ca-file', 'insecure: true'],
        cli: ['--ca-file', '--insecure'],
      },
    );
  });

  test('missing credentials (AUTH_FAILED): the inputs and docker/login-action, or the flags and docker login', async () => {
    await expectWords(
      { host: registry.host, image: 'anon', source: first.ref, caFile: registry.caFile, credentials: false },
      'AUTH_FAILED',
      {
        action: ['the username and password inputs', 'docker/login-action'],
        cli: ['--username and a password (--password-stdin or REGISTRY_PASSWORD)', 'docker login'],
      },
    );
  });

  test('an existing version tag (TAG_EXISTS): overwrite: true, or --overwrite', async () => {
    const c = { host: registry.host, image: 'app', caFile: registry.caFile, credentials: true };
    const published = await runAction({ ...c, source: first.ref });
    expect(published.code, published.stdout).toBe(0);
    await expectWords({ ...c, source: second.ref }, 'TAG_EXISTS', {
      action: ['use overwrite: true to replace it'],
      cli: ['use --overwrite to replace it'],
    });
  });

  describe('plain HTTP on a non-loopback address (INSECURE_REFUSED)', () => {
    let front: FaultProxy | undefined;
    beforeAll(async () => {
      if (address === undefined) return;
      front = await startFaultProxy({
        upstream: registry.url,
        upstreamCaFile: registry.caFile,
        listenHost: address,
      });
    });
    afterAll(async () => {
      await front?.stop();
    });

    test('insecure: true, or --insecure', async (ctx) => {
      if (!front) return ctx.skip('this machine has no non-loopback IPv4 address to serve plain HTTP on');
      await expectWords(
        { host: front.host, image: 'plain', source: first.ref, credentials: true },
        'INSECURE_REFUSED',
        { action: ['insecure: true'], cli: ['--insecure'] },
      );
    });
  });
});
