/**
 * ci.yml's `engine` job run step by step as a runner would, against this machine's Docker engine and a
 * local registry in place of the registry:2 service: `run:` steps through `bash -eo pipefail` with the job's
 * and step's env (`${{ }}` filled in from earlier steps' outputs), `uses: ./` as dist/index.js with INPUT_*
 * variables. Then its checks are shown to fail on what they guard against: another image under a tag, a
 * report from another source, a re-run that uploaded or moved tags.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  hasDockerEngine,
  NO_ENGINE,
  startDockerEngine,
  type DockerEngineFixture,
} from '../fixtures/docker-engine.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist } from '../fixtures/run-dist.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** The registry:2 service's address in the workflow, replaced by the test registry's. */
const SERVICE = 'localhost:5000';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | boolean>;
}
interface Job {
  env: Record<string, string>;
  steps: Step[];
}

interface StepResult {
  readonly code: number;
  readonly output: string;
}

let job: Job;
let engine: DockerEngineFixture;
let registry: TestRegistry;
let work: string;
/** Outputs of the `uses: ./` steps so far, by step id. */
const outputs: Record<string, Record<string, string>> = {};

const engineAvailable = hasDockerEngine();

beforeAll(async () => {
  if (!engineAvailable) return;
  const workflow = parseYaml(await readFile(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: Record<string, Job>;
  };
  job = workflow.jobs.engine as Job;
  work = await mkdtemp(join(tmpdir(), 'rp-ci-job-'));
  registry = await startRegistry({ kind: 'anonymous' });
  engine = await startDockerEngine({ insecureRegistries: [registry.host] });
}, 120_000);

afterAll(async () => {
  // The job's own docker build and pull made these: a shared engine is left as it was found.
  if (engine?.kind === 'shared') {
    const repo = fill(job.env.REPO ?? '');
    await engine
      .docker([
        'image',
        'rm',
        '--force',
        'rp-ci-app',
        'rp-ci-base',
        ...['2.3.4', '2.3', '2', 'latest'].map((t) => `${repo}:${t}`),
      ])
      .catch(() => undefined);
  }
  await engine?.stop();
  await registry?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A workflow value as the runner would see it: expressions filled in, the service pointed at the test's registry. */
function fill(text: string, override: Record<string, string> = {}): string {
  const filled = text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    if (expr in override) return override[expr] as string;
    if (expr === 'runner.temp') return work;
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    const value = output ? outputs[output[1] as string]?.[output[2] as string] : undefined;
    if (value === undefined) throw new Error(`no value for \${{ ${expr} }}`);
    return value;
  });
  return filled.split(SERVICE).join(registry.host);
}

/** A `run:` step as the runner runs it (`bash --noprofile --norc -eo pipefail {0}`). */
async function runShell(step: Step, override: Record<string, string> = {}): Promise<StepResult> {
  const script = join(work, 'step.sh');
  await writeFile(script, fill(step.run ?? '', override));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(engine.env)) if (value !== undefined) env[key] = value;
  for (const [key, value] of Object.entries({ ...job.env, ...step.env })) env[key] = fill(value, override);
  Object.assign(env, { CI: 'true', GITHUB_ACTIONS: 'true', RUNNER_TEMP: work, GITHUB_RUN_ID: '4242' });
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, output }));
  });
}

/** A `uses: ./` step: dist/index.js with the step's `with:` as INPUT_* and the engine's DOCKER_HOST. */
async function runAction(step: Step): Promise<StepResult> {
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with ?? {})) inputs[name] = fill(String(value));
  const run = await runActionDist(inputs, { DOCKER_HOST: engine.host });
  if (step.id) outputs[step.id] = run.outputs;
  return { code: run.code, output: run.stdout + run.stderr };
}

const step = (name: string): Step => {
  const found = job.steps.find((s) => s.id === name || s.name === name);
  if (!found) throw new Error(`ci.yml's engine job has no step ${name}`);
  return found;
};
const CHECK_PUBLISH = 'The engine was the source; docker pull of every tag gives the image docker build made';
const CHECK_RERUN = 'The re-run uploaded nothing and left every tag unchanged';

describe.skipIf(!engineAvailable)(`ci.yml's engine job (${NO_ENGINE})`, () => {
  test('every step passes, in order: build, publish with the default source, pull and compare, re-run', async () => {
    expect(job.steps.map((s) => s.uses ?? 'run')).toEqual([
      'actions/checkout@v5',
      'run',
      './',
      'run',
      './',
      'run',
    ]);
    const exportsBy: Record<string, number> = {};
    for (const s of job.steps) {
      if (s.uses?.startsWith('actions/checkout@')) continue;
      const before = engine.calls().length;
      const result = s.uses === './' ? await runAction(s) : await runShell(s);
      expect(result.code, `${s.name ?? s.id}\n${result.output}`).toBe(0);
      if (s.id)
        exportsBy[s.id] = engine
          .calls()
          .slice(before)
          .filter((c) => /\/images\/.*\/get\b|\/images\/get\b/.test(c.path)).length;
    }
    const first = JSON.parse(outputs.publish?.json ?? '{}') as { source: string };
    expect(first.source).toBe('docker-daemon:rp-ci-app');
    // The publish exported the image once; the re-run read the engine's metadata only.
    expect(exportsBy).toEqual({ publish: 1, rerun: 0 });
  });

  test('the compare step fails when a tag holds another image', async () => {
    const repo = fill(job.env.REPO ?? '');
    await engine.docker(['tag', 'rp-ci-base', `${repo}:2`]);
    await engine.docker(['push', `${repo}:2`]);
    try {
      const result = await runShell(step(CHECK_PUBLISH));
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/::error::2 is config sha256:[0-9a-f]{64} layers/);
    } finally {
      // Put back what the job published, so the next cases start from the job's end state.
      await engine.docker(['tag', 'rp-ci-app', `${repo}:2`]);
      await engine.docker(['push', `${repo}:2`]);
    }
    expect((await runShell(step(CHECK_PUBLISH))).code).toBe(0);
  });

  test('the compare step fails on a report from another source or with nothing uploaded', async () => {
    const report = JSON.parse(outputs.publish?.json ?? '{}') as Record<string, unknown>;
    const other = JSON.stringify({ ...report, source: 'oci:/tmp/layout:img' });
    const rerun = outputs.rerun?.json ?? '';
    for (const json of [other, rerun]) {
      const result = await runShell(step(CHECK_PUBLISH), { 'steps.publish.outputs.json': json });
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('false');
    }
  });

  test("the re-run check fails on the first publish's report (uploads, created tags)", async () => {
    const first = outputs.publish?.json ?? '';
    const uploads = await runShell(step(CHECK_RERUN), { 'steps.rerun.outputs.json': first });
    expect(uploads.code).not.toBe(0);
    const report = JSON.parse(outputs.rerun?.json ?? '{}') as { targets: { tags: { action: string }[] }[] };
    const target = report.targets[0];
    if (target?.tags[3]) target.tags[3].action = 'updated';
    const moved = await runShell(step(CHECK_RERUN), { 'steps.rerun.outputs.json': JSON.stringify(report) });
    expect(moved.code).not.toBe(0);
    expect((await runShell(step(CHECK_RERUN))).code).toBe(0);
  });
});
