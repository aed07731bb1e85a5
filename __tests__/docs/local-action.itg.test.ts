/**
 * "Running the action locally" as the README documents it: `npx @github/local-action run . src/main.ts .env`
 * with a .env made from .env.example, against a real registry started by the harness; skopeo (an independent
 * client) checks that the tags landed.
 *
 * @github/local-action loads src/main.ts through tsx, replaces @actions/core with its stub (inputs from the
 * INPUT_* variables of the .env file, outputs printed as a table) and calls the module's exported `run()`.
 * It needs no network of its own: `npm exec tsx` and `npm ls` resolve from node_modules.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { makeOciLayout, skopeoInspect, skopeoTarget, type OciLayout } from '../fixtures/skopeo.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'node_modules', '.bin');

/** The command exactly as the README shows it. */
const DOCUMENTED = 'npx @github/local-action run . src/main.ts .env';

let registry: TestRegistry;
let work: string;
let layout: OciLayout;
let dockerConfig: string;

beforeAll(async () => {
  registry = await startRegistry({ kind: 'anonymous' });
  work = await mkdtemp(join(tmpdir(), 'local-action-'));
  dockerConfig = join(work, 'docker-config');
  await mkdir(dockerConfig);
  layout = await makeOciLayout(join(work, 'layout'), {
    seed: 'local-action',
    layers: [2048, 40_000],
    refName: 'img',
  });
});

afterAll(async () => {
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** .env.example with some values replaced (or added): what a user does after `cp .env.example .env`. */
async function makeEnvFile(name: string, values: Record<string, string>): Promise<string> {
  const example = await readFile(join(ROOT, '.env.example'), 'utf8');
  const pending = new Map(Object.entries(values));
  const lines = example.split('\n').map((line) => {
    const key = /^([A-Za-z_][\w.-]*)=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const value = pending.get(key) as string;
    pending.delete(key);
    return `${key}=${value}`;
  });
  for (const [key, value] of pending) lines.push(`${key}=${value}`);
  const file = join(work, name);
  await writeFile(file, lines.join('\n'));
  return file;
}

interface Run {
  readonly code: number;
  readonly output: string;
}

/** Runs the documented command from the repository root, with `.env` replaced by the generated file. */
function runDocumented(envFile: string): Promise<Run> {
  const [command, ...args] = DOCUMENTED.split(' ').map((part) => (part === '.env' ? envFile : part));
  const env: Record<string, string> = {
    // node_modules/.bin first: Node 24 and the local bins, as `npm run` arranges.
    PATH: [BIN, process.env.PATH ?? ''].join(delimiter),
    DOCKER_CONFIG: dockerConfig,
  };
  for (const key of ['HOME', 'TMPDIR', 'LANG', 'npm_config_cache']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command as string, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, output }));
  });
}

const repository = (): string => `${registry.host}/com.example.namespace/app`;

describe('npx @github/local-action run . src/main.ts .env', () => {
  test('the README documents this command and package.json runs it as npm run local-action', async () => {
    expect(await readFile(join(ROOT, 'README.md'), 'utf8')).toContain(DOCUMENTED);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['local-action']).toBe('local-action run . src/main.ts .env');
  });

  test('src/main.ts exports the run() that local-action calls', async () => {
    const main = await readFile(join(ROOT, 'src/main.ts'), 'utf8');
    expect(
      /export (async )?function run\(|export const run\b|export \{[^}]*\brun\b[^}]*\}/.test(main),
      '@github/local-action imports the entrypoint and calls its exported run() with no arguments; ' +
        'src/main.ts must export one, e.g. `export async function run(): Promise<void> { await runAction(); }`',
    ).toBe(true);
  });

  test('publishes 1.15.12, 1.15, 1, latest to the registry and prints the outputs', async () => {
    const summary = join(work, 'summary.md');
    await writeFile(summary, '');
    const envFile = await makeEnvFile('publish.env', {
      INPUT_REGISTRY: registry.host,
      INPUT_NAMESPACE: 'com.example.namespace',
      INPUT_IMAGE: 'app',
      INPUT_SOURCE: layout.ref,
      INPUT_VERSION: 'v1.15.12',
      GITHUB_STEP_SUMMARY: summary,
    });
    const run = await runDocumented(envFile);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain('Action Outputs');
    expect(run.output).toContain(`${repository()}@${layout.manifest.digest}`);
    for (const tag of ['1.15.12', '1.15', '1', 'latest']) {
      const inspected = await skopeoInspect(`${repository()}:${tag}`, skopeoTarget(registry));
      expect(inspected.digest, tag).toBe(layout.manifest.digest);
    }
    const markdown = await readFile(summary, 'utf8');
    expect(markdown).toContain('| Tag | Action | Digest | Previous | Note |');
    expect(markdown).toContain('| `1.15.12` | created |');
  });

  test('INPUT_DRY-RUN=true (an input with a dash) plans and writes nothing', async () => {
    const before = await registry.snapshotStorage();
    const envFile = await makeEnvFile('dry-run.env', {
      INPUT_REGISTRY: registry.host,
      INPUT_SOURCE: layout.ref,
      INPUT_VERSION: '1.16.0',
      'INPUT_DRY-RUN': 'true',
    });
    const run = await runDocumented(envFile);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/1\.16\.0\s+-\s+[a-f0-9]{12}\s+would create/);
    expect(run.output).toMatch(/latest\s+[a-f0-9]{12}\s+[a-f0-9]{12}\s+unchanged/);
    expect(await registry.snapshotStorage()).toBe(before);
  });

  test('an invalid input fails the run with its error code and writes nothing', async () => {
    const before = await registry.snapshotStorage();
    const envFile = await makeEnvFile('invalid.env', {
      INPUT_REGISTRY: registry.host,
      INPUT_SOURCE: layout.ref,
      INPUT_LATEST: 'maybe',
    });
    const run = await runDocumented(envFile);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Input "latest" must be auto, true or false');
    expect(run.output).toContain('[INPUT_INVALID]');
    expect(await registry.snapshotStorage()).toBe(before);
  });
});
