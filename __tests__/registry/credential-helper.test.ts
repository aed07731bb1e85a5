/**
 * Real `docker-credential-*` scripts on a temp PATH: one that never answers (and starts a child of its own),
 * ones that fail with their own message on stderr. The never-answering one runs with a short timeout
 * through the resolver's internal option; __tests__/e2e/credential-helper-timeout.test.ts runs the default.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isPublishError } from '../../src/errors.js';
import { findCredentials } from '../../src/registry/credentials.js';
import { createSecretRegistry } from '../../src/secrets.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const HOST = 'helper.example.com';

/** A HOME whose Docker config names `helper` for HOST, and a PATH holding `docker-credential-<helper>`. */
function setUp(helper: string, script: string): { env: Record<string, string>; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rp-helper-'));
  dirs.push(dir);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  mkdirSync(join(dir, 'docker'));
  writeFileSync(join(bin, `docker-credential-${helper}`), script, { mode: 0o755 });
  writeFileSync(join(dir, 'docker', 'config.json'), JSON.stringify({ credHelpers: { [HOST]: helper } }));
  return {
    dir,
    env: { HOME: dir, DOCKER_CONFIG: join(dir, 'docker'), PATH: `${bin}:${process.env.PATH ?? ''}` },
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPublishError(err, 'CREDENTIALS_INVALID')).toBe(true);
  return err as Error;
}

/** Gone, or a zombie waiting for a reaper that is not ours (the killed process no longer runs). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (isGone(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('a helper that never answers', () => {
  test('fails within the timeout naming the helper and the timeout; it and its children are killed', async () => {
    const { env, dir } = setUp(
      'hang',
      `#!/bin/sh
sleep 1000 &
echo $! > "$(dirname "$0")/../child.pid"
echo $$ > "$(dirname "$0")/../helper.pid"
wait
`,
    );
    const err = await failure(findCredentials(HOST, {}, env, { helperTimeoutMs: 700 }));
    expect(err.message).toBe(
      `docker-credential-hang did not answer within 0.7 s for ${HOST}; it was stopped`,
    );
    expect((err as Error & { hint?: string }).hint).toContain(join(dir, 'docker', 'config.json'));
    for (const file of ['helper.pid', 'child.pid']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
      const pid = Number(readFileSync(join(dir, file), 'utf8'));
      expect(pid).toBeGreaterThan(1);
      expect(await waitGone(pid), `${file} ${pid} still running`).toBe(true);
    }
  });
});

describe('a cancelled run', () => {
  test("stops a helper still running at once, with the signal's reason", async () => {
    const { env, dir } = setUp(
      'slow',
      '#!/bin/sh\necho $$ > "$(dirname "$0")/../helper.pid"\nexec sleep 1000\n',
    );
    const controller = new AbortController();
    const reason = new Error('cancelled for the test');
    const pending = findCredentials(HOST, {}, env, { signal: controller.signal });
    const pidFile = join(dir, 'helper.pid');
    const pid = (): number => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0);
    for (let i = 0; i < 50 && !pid(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(pid()).toBeGreaterThan(1);
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await waitGone(pid())).toBe(true);
  });
});

describe("a failing helper's own message", () => {
  const AWS =
    'operation error ECR: GetAuthorizationToken, https response error StatusCode: 400, RequestID: ' +
    '3f2b8c9e-1d4a-4b6f-9a7e-2c5d8e1f0a3b, api error UnrecognizedClientException: The security token ' +
    'included in the request is invalid.';

  test('an AWS-style error on stderr is in the error, on one line', async () => {
    const { env } = setUp(
      'ecr-test',
      `#!/bin/sh
read server
echo "time=2026-01-01 level=error msg=\\"Error retrieving credentials\\"" >&2
echo "${AWS}" >&2
exit 1
`,
    );
    const err = await failure(findCredentials(HOST, {}, env));
    expect(err.message).toBe(
      `docker-credential-ecr-test get failed with exit code 1: time=2026-01-01 level=error msg="Error retrieving credentials" ${AWS}`,
    );
  });

  test('secrets in it are redacted: known ones, and token-like ones it quotes', async () => {
    const known = 'known-Secret-value-42';
    const { env } = setUp(
      'leaky',
      `#!/bin/sh
echo "refresh with ${known} failed; token ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 expired; key AKIAIOSFODNN7EXAMPLE" >&2
exit 3
`,
    );
    const secrets = createSecretRegistry();
    secrets.add(known);
    const err = await failure(findCredentials(HOST, {}, env, { redact: (t) => secrets.redact(t) }));
    expect(err.message).toBe(
      'docker-credential-leaky get failed with exit code 3: refresh with *** failed; token *** expired; key ***',
    );
  });

  test('a long message is cut to one bounded line', async () => {
    const { env } = setUp(
      'long',
      `#!/bin/sh\nfor i in $(seq 1 200); do echo "line $i of a long stack trace" >&2; done\nexit 1\n`,
    );
    const err = await failure(findCredentials(HOST, {}, env));
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(/^docker-credential-long get failed with exit code 1: line 1 of a long/);
    expect(err.message.endsWith('…')).toBe(true);
    expect(err.message.length).toBeLessThan(400);
  });

  test('a message on stdout (the helpers library prints errors there) is used when stderr is empty', async () => {
    const { env } = setUp('stdout', '#!/bin/sh\necho "error getting credentials: keychain locked"\nexit 1\n');
    const err = await failure(findCredentials(HOST, {}, env));
    expect(err.message).toBe(
      'docker-credential-stdout get failed with exit code 1: error getting credentials: keychain locked',
    );
  });

  test('"credentials not found" on stderr, exit 1, is the protocol\'s miss: the next source is read', async () => {
    const { env, dir } = setUp(
      'miss',
      '#!/bin/sh\necho "credentials not found in native keychain" >&2\nexit 1\n',
    );
    const home = join(dir, '.config', 'containers');
    mkdirSync(home, { recursive: true });
    writeFileSync(
      join(home, 'auth.json'),
      JSON.stringify({ auths: { [HOST]: { auth: Buffer.from('pod:pw').toString('base64') } } }),
    );
    const found = await findCredentials(HOST, {}, env);
    expect(found.credentials).toEqual({ kind: 'basic', username: 'pod', password: 'pw' });
    expect(found.source).toMatchObject({ kind: 'config-entry', file: join(home, 'auth.json') });
  });
});
