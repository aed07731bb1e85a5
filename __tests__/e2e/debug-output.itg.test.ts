/**
 * Debug output (issue 13 item 6) through dist/index.js, against a real registry with token auth (the test
 * token issuer): the CLI with `--debug` and the action with RUNNER_DEBUG=1 show where the credentials came
 * from, the auth challenge, the token request (scopes, never the token) and what it granted, and one line
 * per request the registry and the token service answered; no encoding of any secret appears.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, runCliDist } from '../fixtures/run-dist.js';
import { makeOciLayout } from '../fixtures/skopeo.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';

const USER = 'ci';
// Characters that every encoding (URL, base64, JSON) changes.
const PASSWORD = 'dbg/Pa55+word=é"x';
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

let work: string;
let layout: string;
let issuer: TokenIssuer;
let registry: TestRegistry;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'e2e-debug-'));
  layout = join(work, 'layout');
  await makeOciLayout(layout, { seed: 'debug-output', layers: [2048], refName: 'img' });
  issuer = await startTokenIssuer({ users: { [USER]: PASSWORD } });
  registry = await startRegistry({ kind: 'token', issuer });
});

afterAll(async () => {
  await registry?.stop();
  await issuer?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Every form a secret can take in a log line. */
function encodings(secret: string): string[] {
  const base64 = Buffer.from(secret).toString('base64');
  return [
    secret,
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase(),
    JSON.stringify(secret).slice(1, -1),
  ];
}

function expectNoSecret(text: string): void {
  for (const form of [...encodings(PASSWORD), ...encodings(`${USER}:${PASSWORD}`)])
    expect(text.includes(form), `secret visible as ${form}`).toBe(false);
  expect(JWT.exec(text)?.[0], 'a token is visible').toBeUndefined();
}

/** The debug lines, without their prefix (CLI `debug: `, indented in groups; action `::debug::`). */
function debugLines(text: string, prefix: RegExp): string[] {
  return text.split('\n').flatMap((line) => {
    const match = prefix.exec(line);
    return match ? [line.slice(match[0].length)] : [];
  });
}

/** The lines every debug run must show: credentials, challenge, token request/grant, each request. */
function expectDebugStory(lines: readonly string[], repository: string, since: number, tokensSince: number) {
  const realm = new URL(issuer.realm);
  const realmShown = `${realm.host}${realm.pathname}`;
  expect(lines).toContain(
    `credentials for ${registry.host}: the username and password given (basic, user ${USER})`,
  );
  expect(lines.find((l) => l.startsWith(`auth challenge from ${registry.host}:`))).toMatch(
    new RegExp(
      `: bearer realm="${issuer.realm}" service="${issuer.service}" scope="repository:${repository}:pull"$`,
    ),
  );
  const tokenRequest = lines.find((l) => l.startsWith('token request:'));
  expect(tokenRequest).toMatch(
    new RegExp(
      `^token request: GET ${realmShown} service=${issuer.service} scopes=repository:${repository}:pull,push\\b.* with basic credentials of ${USER}$`,
    ),
  );
  expect(lines.find((l) => l.startsWith('token granted by'))).toMatch(
    new RegExp(
      `^token granted by ${realmShown}: repository:${repository}:pull,push \\(requested .*\\), expires in \\d+ s$`,
    ),
  );
  // One line per request, with its status and duration: every one the registry logged …
  const answered = registry
    .requests()
    .slice(since)
    .filter((r) => r.userAgent === 'registry-publish');
  expect(answered.length).toBeGreaterThan(5);
  for (const r of answered) {
    const [path, query] = r.path.split('?');
    const shown = `HTTP ${r.method} ${registry.host}${path}${query !== undefined ? '?…' : ''} → ${r.status} (`;
    expect(
      lines.some((l) => l.startsWith(shown) && / \(\d+ ms\)$/.test(l)),
      `no debug line for ${r.method} ${r.path}`,
    ).toBe(true);
  }
  // … and every token request.
  const tokenRequests = issuer.requests.slice(tokensSince);
  expect(tokenRequests.length).toBeGreaterThan(0);
  const tokenLines = lines.filter((l) => l.startsWith(`HTTP GET ${realmShown}?… → 200 (`));
  expect(tokenLines).toHaveLength(tokenRequests.length);
}

describe('debug output on a token-auth registry', () => {
  test('CLI --debug: the credential source, the challenge, the token request and every request; no secret', async () => {
    const since = registry.requests().length;
    const tokensSince = issuer.requests.length;
    const run = await runCliDist(
      [
        '--registry',
        registry.host,
        '--namespace',
        'team',
        '--image',
        'cli-debug',
        '--version',
        '1.0.0',
        '--source',
        `oci:${layout}:img`,
        '--username',
        USER,
        '--password-stdin',
        '--debug',
      ],
      {},
      PASSWORD,
    );
    expect(run.code, run.stderr).toBe(0);
    expectDebugStory(debugLines(run.stderr, /^\s*debug: /), 'team/cli-debug', since, tokensSince);
    expectNoSecret(run.stdout + run.stderr);
  });

  test('CLI without --debug prints no debug line', async () => {
    const run = await runCliDist(
      [
        '--registry',
        registry.host,
        '--namespace',
        'team',
        '--image',
        'cli-quiet',
        '--version',
        '1.0.0',
        '--source',
        `oci:${layout}:img`,
        '--username',
        USER,
        '--password-stdin',
      ],
      {},
      PASSWORD,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(debugLines(run.stderr, /^\s*debug: /)).toEqual([]);
  });

  test('action with RUNNER_DEBUG=1: the same story as ::debug:: lines; no secret anywhere', async () => {
    const since = registry.requests().length;
    const tokensSince = issuer.requests.length;
    const run = await runActionDist(
      {
        registry: registry.host,
        namespace: 'team',
        image: 'action-debug',
        version: '1.0.0',
        source: `oci:${layout}:img`,
        username: USER,
        password: PASSWORD,
      },
      { RUNNER_DEBUG: '1' },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expectDebugStory(debugLines(run.stdout, /^::debug::/), 'team/action-debug', since, tokensSince);
    expectNoSecret(run.everything);
  });
});
