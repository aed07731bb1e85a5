import { wordRemedyForAction } from '../../src/action/words.js';
import { wordRemedyForCli } from '../../src/cli/words.js';
import { wordHint } from '../../src/errors.js';
import { describe, expect, test } from 'vitest';
import { PublishError } from '../../src/errors.js';
import { parseWwwAuthenticate, pickChallenge } from '../../src/registry/challenge.js';
import {
  errorFromResponse,
  hintFor,
  parseErrorBody,
  redactUrl,
  RegistryError,
} from '../../src/registry/errors.js';
import {
  isLoopbackHost,
  isPrivateHost,
  parseLinkNext,
  resolveLocation,
  withQuery,
} from '../../src/registry/location.js';
import { backoffDelay, parseRetryAfter, resolveRetryPolicy, withRetry } from '../../src/registry/retry.js';

describe('WWW-Authenticate', () => {
  test('Bearer with quoted params and a comma inside a value', () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
    );
    expect(c).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:samalba/my-app:pull,push',
      },
    });
  });
  test('several challenges, unquoted values, Bearer preferred', () => {
    const list = parseWwwAuthenticate([
      'Basic realm="x"',
      'Bearer realm=https://h/token, service=svc, error="insufficient_scope"',
    ]);
    expect(list.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(pickChallenge(list)?.params).toEqual({
      realm: 'https://h/token',
      service: 'svc',
      error: 'insufficient_scope',
    });
    expect(parseWwwAuthenticate('Basic realm="a", Bearer realm="b"').map((c) => c.params.realm)).toEqual([
      'a',
      'b',
    ]);
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate('bearer REALM="r\\"q"')[0]?.params.realm).toBe('r"q');
  });
});

describe('Location and Link', () => {
  const res = new URL('https://reg.example.com/v2/org/app/blobs/uploads/');
  test.each<[string, string]>([
    ['/v2/org/app/blobs/uploads/abc', 'https://reg.example.com/v2/org/app/blobs/uploads/abc'],
    ['abc?_state=xyz', 'https://reg.example.com/v2/org/app/blobs/uploads/abc?_state=xyz'],
    ['https://storage.example.net/u/1?sig=s', 'https://storage.example.net/u/1?sig=s'],
    [
      '/artifacts-uploads/namespaces/p/uploads/1',
      'https://reg.example.com/artifacts-uploads/namespaces/p/uploads/1',
    ],
    // docs/registry-quirks.md#q3-http-location-behind-tls: same host, http → https.
    [
      'http://reg.example.com/v2/org/app/blobs/uploads/abc',
      'https://reg.example.com/v2/org/app/blobs/uploads/abc',
    ],
    ['http://other.example.com/x', 'http://other.example.com/x'],
  ])('%s', (location, expected) => {
    expect(resolveLocation(location, res).href).toBe(expected);
  });
  test('digest appended with & keeping _state', () => {
    const url = withQuery(new URL('https://r/v2/a/blobs/uploads/1?_state=abc%3D%3D&x=1'), {
      digest: 'sha256:00',
    });
    expect(url.search).toBe('?_state=abc%3D%3D&x=1&digest=sha256%3A00');
    expect(url.searchParams.get('_state')).toBe('abc==');
  });
  test('Link rel=next, relative and absolute', () => {
    const base = new URL('https://r.example/v2/a/tags/list?n=2');
    expect(parseLinkNext('</v2/a/tags/list?n=2&last=b>; rel="next"', base)?.href).toBe(
      'https://r.example/v2/a/tags/list?n=2&last=b',
    );
    expect(parseLinkNext('<https://x.example/next>; rel=next', base)?.href).toBe('https://x.example/next');
    expect(parseLinkNext('</prev>; rel="prev", </n>; rel="next"', base)?.href).toBe('https://r.example/n');
    expect(parseLinkNext('</p>; rel="prev"', base)).toBeUndefined();
    expect(parseLinkNext(undefined, base)).toBeUndefined();
  });
  test('loopback and private hosts', () => {
    for (const h of ['localhost', 'localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000', '::1'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['ghcr.io', '10.0.0.1', '128.0.0.1', 'localhost.example.com'])
      expect(isLoopbackHost(h)).toBe(false);
    for (const h of ['10.1.2.3', '192.168.1.1:9000', '172.16.0.1', '169.254.169.254', '[fd00::1]'])
      expect(isPrivateHost(h)).toBe(true);
    for (const h of ['8.8.8.8', 's3.amazonaws.com', '172.32.0.1']) expect(isPrivateHost(h)).toBe(false);
  });
});

describe('address guard (net.BlockList)', () => {
  // Hosts as the guard sees them: `new URL(…).host`, after the URL parser rewrote mapped forms to hex.
  test.each<[string, boolean, boolean]>([
    // [url, private, loopback]
    ['https://169.254.169.254/', true, false],
    ['https://[::ffff:169.254.169.254]/', true, false],
    ['https://[::ffff:a9fe:a9fe]/', true, false],
    ['https://[::ffff:10.1.2.3]/', true, false],
    ['https://[::ffff:192.168.0.1]:8443/', true, false],
    ['https://[::ffff:172.16.5.4]/', true, false],
    ['https://[::ffff:100.64.0.1]/', true, false],
    ['https://[::ffff:0.0.0.0]/', true, false],
    ['https://[::ffff:127.0.0.1]:5000/', true, true],
    ['https://[0:0:0:0:0:ffff:7f00:1]/', true, true],
    ['https://[::1]/', true, true],
    ['https://[::]/', true, false],
    ['https://[fe80::1]/', true, false],
    ['https://[febf::1]/', true, false],
    ['https://[fc00::1]/', true, false],
    ['https://[fd12:3456::1]/', true, false],
    ['https://127.8.9.10/', true, true],
    ['https://0.0.0.0/', true, false],
    ['https://[::ffff:8.8.8.8]/', false, false],
    ['https://[2001:4860:4860::8888]/', false, false],
    ['https://[fec0::1]/', false, false],
    ['https://8.8.8.8/', false, false],
    ['https://172.32.0.1/', false, false],
    ['https://s3.amazonaws.com/', false, false],
  ])('%s: private %s, loopback %s', (url, isPrivate, isLoopback) => {
    const host = new URL(url).host;
    expect(isPrivateHost(host)).toBe(isPrivate);
    expect(isLoopbackHost(host)).toBe(isLoopback);
  });
});

describe('retry policy', () => {
  test('exponential backoff with equal jitter from the injected random', () => {
    const p = resolveRetryPolicy({ baseDelayMs: 1000, maxDelayMs: 5000, random: () => 0.5 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(p, n))).toEqual([750, 1500, 3000, 3750, 3750]);
    const low = resolveRetryPolicy({ baseDelayMs: 1000, random: () => 0 });
    expect(backoffDelay(low, 1)).toBe(500);
  });
  test('Retry-After as seconds and HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
  test('only retryable errors are retried, bounded by attempts', async () => {
    const sleeps: number[] = [];
    const p = resolveRetryPolicy({
      attempts: 3,
      baseDelayMs: 100,
      random: () => 1,
      sleep: async (ms) => void sleeps.push(ms),
    });
    let calls = 0;
    const err = new RegistryError({
      code: 'REGISTRY_UNAVAILABLE',
      message: 'x (503)',
      summary: 'GET x on r failed',
      reason: '503',
      retryable: true,
      status: 503,
    });
    await expect(
      withRetry(p, async () => {
        calls++;
        throw err;
      }),
    ).rejects.toThrow('GET x on r failed after 3 attempts (last: 503)');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    calls = 0;
    await expect(
      withRetry(p, async () => {
        calls++;
        throw new RegistryError({ code: 'REGISTRY_REJECTED', message: 'no', status: 400 });
      }),
    ).rejects.toThrow('no');
    expect(calls).toBe(1);
  });
  test('total-time bound stops before a sleep that would exceed it', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const p = resolveRetryPolicy({
      attempts: 10,
      baseDelayMs: 1000,
      maxTotalMs: 5000,
      random: () => 1,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    const err = new RegistryError({
      code: 'REGISTRY_UNAVAILABLE',
      message: 'm',
      summary: 's',
      reason: '503',
      retryable: true,
      status: 503,
    });
    await expect(
      withRetry(p, async () => {
        throw err;
      }),
    ).rejects.toThrow(/s after 3 attempts in 3 s \(last: 503\)/);
    expect(sleeps).toEqual([1000, 2000]);
  });
  test('the run stopped (its hard signal aborted): the wait ends at once and the run error is thrown', async () => {
    const stop = new AbortController();
    const reason = new PublishError('SOURCE_NOT_FOUND', 'the source is gone');
    // The default sleep, a real 60 s wait, ended by the abort.
    const p = { ...resolveRetryPolicy({ baseDelayMs: 60_000, random: () => 1 }), signal: stop.signal };
    let calls = 0;
    const err = new RegistryError({
      code: 'REGISTRY_UNAVAILABLE',
      message: 'm',
      retryable: true,
      status: 503,
    });
    const started = Date.now();
    const run = withRetry(p, async () => {
      calls++;
      if (calls === 1) setImmediate(() => stop.abort(reason));
      throw err;
    });
    await expect(run).rejects.toBe(reason);
    expect(calls).toBe(1);
    expect(Date.now() - started, 'the 60 s wait was cut').toBeLessThan(30_000);
    // Already stopped: the first failure is not retried at all.
    calls = 0;
    await expect(
      withRetry(p, async () => {
        calls++;
        throw err;
      }),
    ).rejects.toBe(reason);
    expect(calls).toBe(1);
  });
});

describe('errors', () => {
  test('OCI error bodies are parsed; non-JSON kept as text', () => {
    expect(parseErrorBody('{"errors":[{"code":"DENIED","message":"no","detail":{"a":1}}]}')).toEqual([
      { code: 'DENIED', message: 'no', detail: { a: 1 } },
    ]);
    expect(parseErrorBody('Too Many Requests (HAP429).\n')).toEqual([
      { code: 'UNKNOWN', message: 'Too Many Requests (HAP429).' },
    ]);
    expect(parseErrorBody('<html><body><h1>502 Bad Gateway</h1></body></html>')).toEqual([
      { code: 'UNKNOWN', message: '502 Bad Gateway' },
    ]);
    expect(parseErrorBody('{"details":"incorrect username or password"}')).toEqual([
      { code: 'UNKNOWN', message: 'incorrect username or password' },
    ]);
    expect(parseErrorBody('{"errors":"weird"}')).toEqual([
      { code: 'UNKNOWN', message: '{"errors":"weird"}' },
    ]);
    expect(parseErrorBody('')).toEqual([]);
  });
  test('redactUrl drops query and userinfo', () => {
    expect(redactUrl('https://u:p@r.example/v2/a/blobs/uploads/1?_state=secret')).toBe(
      'r.example/v2/a/blobs/uploads/1?…',
    );
  });
  test('message grammar and status → code', () => {
    const make = (
      status: number,
      diagnostics: { code: string; message: string }[],
      operation = 'PUT manifest 1.2',
    ) =>
      errorFromResponse({
        operation,
        where: 'localhost:5000/org/app',
        registry: 'localhost:5000',
        method: 'PUT',
        url: new URL('http://localhost:5000/v2/org/app/manifests/1.2'),
        status,
        diagnostics,
      });
    const e = make(400, [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry' }]);
    expect(e.message).toBe(
      'PUT manifest 1.2 on localhost:5000/org/app rejected (400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry)',
    );
    expect(e.code).toBe('REGISTRY_REJECTED');
    expect(make(401, []).code).toBe('AUTH_FAILED');
    expect(make(403, []).code).toBe('AUTH_FORBIDDEN');
    expect(make(404, [{ code: 'MANIFEST_UNKNOWN', message: 'm' }], 'GET manifest x').code).toBe(
      'MANIFEST_UNKNOWN',
    );
    expect(make(404, [{ code: 'NAME_UNKNOWN', message: 'm' }], 'GET tag list').code).toBe('NAME_UNKNOWN');
    expect(make(413, []).code).toBe('MANIFEST_TOO_LARGE');
    expect(make(503, []).code).toBe('REGISTRY_UNAVAILABLE');
    expect(make(429, [{ code: 'UNKNOWN', message: 'Too Many Requests (HAP429)' }]).message).toMatch(
      /failed \(429 Too Many Requests \(HAP429\)\)$/,
    );
  });
  test('registry-specific hints', () => {
    // Hints that name a workflow step or a CLI command are remedies, worded by each adapter.
    const ghcr = hintFor('AUTH_FORBIDDEN', 'ghcr.io', 403);
    expect(wordHint(ghcr, wordRemedyForAction)).toMatch(/permissions: packages: write/);
    expect(wordHint(ghcr, wordRemedyForCli)).toMatch(/a token with write:packages/);
    expect(wordHint(ghcr, wordRemedyForCli)).not.toMatch(/permissions:/);
    expect(hintFor('AUTH_FAILED', 'registry-1.docker.io', 401)).toMatch(/access token/);
    const ecr = hintFor('AUTH_FAILED', '1234.dkr.ecr.eu-west-1.amazonaws.com', 401);
    expect(wordHint(ecr, wordRemedyForAction)).toMatch(/aws-actions\/amazon-ecr-login/);
    expect(wordHint(ecr, wordRemedyForCli)).toMatch(/aws ecr get-login-password \| docker login/);
    expect(wordHint(ecr, wordRemedyForCli)).not.toMatch(/amazon-ecr-login/);
    expect(hintFor('AUTH_FAILED', 'x.azurecr.io', 401)).toMatch(/00000000-0000-0000-0000-000000000000/);
    expect(hintFor('REGISTRY_UNAVAILABLE', 'registry-1.docker.io', 429)).toMatch(/rate-limiting/);
    expect(hintFor('REGISTRY_REJECTED', 'r', 400, new Set(['MANIFEST_INVALID']))).toMatch(/manifest type/);
    // A write refused with 405 (a read-only registry); a 405 on a read is no such sign.
    expect(hintFor('REGISTRY_REJECTED', 'r', 405, new Set(), [], 'POST')).toMatch(/accepts no writes/);
    expect(hintFor('REGISTRY_REJECTED', 'r', 405, new Set(), [], 'GET')).toBeUndefined();
    expect(
      hintFor(
        'REGISTRY_REJECTED',
        '1234.dkr.ecr.eu-west-1.amazonaws.com',
        400,
        new Set(['MANIFEST_INVALID']),
        [{ code: 'MANIFEST_INVALID', message: 'Invalid JSON syntax' }],
      ),
    ).toMatch(/top-level "mediaType"/);
    expect(
      hintFor('REGISTRY_REJECTED', 'r', 400, new Set(['TAG_INVALID']), [
        { code: 'TAG_INVALID', message: 'tag is immutable' },
      ]),
    ).toMatch(/immutable/);
  });
});
