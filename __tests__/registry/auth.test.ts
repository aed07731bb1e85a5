import { describe, expect, test } from 'vitest';
import { toRawManifest } from '../../src/domain/manifest.js';
import { MEDIA_TYPE_OCI_MANIFEST } from '../../src/domain/media-types.js';
import { formatError } from '../../src/errors.js';
import { mergeScopes } from '../../src/registry/auth.js';
import type { RegistryError } from '../../src/registry/errors.js';
import { caught as caughtError, useFakeRegistries } from '../fixtures/fake-registries.js';
import { blobOf, clientFor } from './helpers.js';

const fake = useFakeRegistries();
const caught = (promise: Promise<unknown>): Promise<RegistryError> => caughtError<RegistryError>(promise);

const USER = { kind: 'basic' as const, username: 'user', password: 'pass' };
const raw = toRawManifest(
  Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}'),
  MEDIA_TYPE_OCI_MANIFEST,
);

describe('bearer', () => {
  test('reactive: 401 → one token GET (Basic, repeated scope) → retry; token reused', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client, rec } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    client.declareAccess('org/src', 'pull');
    await client.putManifest('org/app', 'a', raw);
    await client.putManifest('org/app', 'b', raw);
    await client.headManifest('org/src', 'x');
    expect(reg.sequence()).toEqual([
      'PUT /v2/org/app/manifests/a',
      'GET /token',
      'PUT /v2/org/app/manifests/a',
      'PUT /v2/org/app/manifests/b',
      'HEAD /v2/org/src/manifests/x',
    ]);
    const tokenRequest = reg.requests[1];
    expect(tokenRequest?.query.getAll('scope')).toEqual([
      'repository:org/app:pull,push',
      'repository:org/src:pull',
    ]);
    expect(tokenRequest?.query.get('service')).toBe('fake-registry');
    expect(tokenRequest?.authorization).toBe(`Basic ${Buffer.from('user:pass').toString('base64')}`);
    expect(reg.requests.slice(2).every((r) => r.authorization === `Bearer ${reg.tokens[0]?.token}`)).toBe(
      true,
    );
    expect(rec.secrets).toContain(reg.tokens[0]?.token);
    expect(rec.secrets).toContain('pass');
    await client.close();
  });

  test('parallel first requests wait for the first challenge: one 401, one token', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    await Promise.all(['a', 'b', 'c', 'd'].map((t) => client.putManifest('org/app', t, raw)));
    expect(reg.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(reg.tokens).toHaveLength(1);
    await client.close();
  });

  test('anonymous: a read sent with the first request collects its own 401 but shares the token, even when its 401 comes after the token', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    await client.putManifest('org/app', 'a', raw);
    const fresh = clientFor(reg).client;
    fresh.declareAccess('org/app', 'pull');
    // The read's 401 comes back after the list's token is in: it takes that token, not a fresh one.
    reg.inject({ method: 'GET', path: '/manifests/a', delayMs: 300 });
    const before = reg.requests.length;
    const tokensBefore = reg.tokens.length;
    await Promise.all([fresh.listTags('org/app'), fresh.getManifest('org/app', 'a')]);
    const sent = reg.requests.slice(before);
    expect(sent.filter((r) => r.status === 401)).toHaveLength(2);
    expect(reg.tokens.length - tokensBefore).toBe(1);
    await client.close();
    await fresh.close();
  });

  test('with credentials, reads sent with the first request wait for its token: one 401, one token, no read without it', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    const seeded = clientFor(reg, { credentials: USER }).client;
    seeded.declareAccess('org/app', 'push');
    await seeded.putManifest('org/app', 'a', raw);
    await seeded.close();
    const before = reg.requests.length;
    const tokensBefore = reg.tokens.length;
    await Promise.all([
      client.listTags('org/app'),
      client.headManifest('org/app', 'a'),
      client.headManifest('org/app', 'b'),
    ]);
    const sent = reg.requests.slice(before);
    expect(sent.filter((r) => r.status === 401)).toHaveLength(1);
    expect(reg.tokens.length - tokensBefore).toBe(1);
    expect(sent).toHaveLength(5); // the list's 401, the token, the list again, the two reads
    await client.close();
  });

  test("the requests waiting for the first one's token go as soon as it is in, alongside the first's retry", async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    // The first request's retry (its second GET) is answered late; the write must not wait for that answer.
    reg.inject({ method: 'GET', path: /\/tags\/list$/, skip: 1, delayMs: 300 });
    await Promise.all([client.listTags('org/app'), client.putManifest('org/app', 'a', raw)]);
    const retry = reg.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/tags/list'))[1];
    const put = reg.requests.find((r) => r.method === 'PUT');
    expect(put?.status).toBe(201);
    expect(put?.startedAt).toBeLessThan(retry?.endedAt ?? 0);
    expect(reg.requests.filter((r) => r.status === 401)).toHaveLength(1);
    await client.close();
  });
  test("a challenge's scope inside the declared ones: one token for the whole run, not one per scope set", async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    // the first request only pulls: its challenge names repository:org/app:pull
    await client.headManifest('org/app', 'x');
    await client.putManifest('org/app', 'a', raw);
    expect(reg.sequence()).toEqual([
      'HEAD /v2/org/app/manifests/x',
      'GET /token',
      'HEAD /v2/org/app/manifests/x',
      'PUT /v2/org/app/manifests/a',
    ]);
    expect(reg.tokens.map((t) => t.scopes)).toEqual([['repository:org/app:pull,push']]);
    await client.close();
  });

  test('access_token only', async () => {
    const reg = await fake({ auth: 'bearer', tokenField: 'access_token' });
    const { client } = clientFor(reg, { credentials: USER });
    await client.putManifest('org/app', 'a', raw);
    expect(reg.requests.at(-1)?.status).toBe(201);
    await client.close();
  });

  test('token expiry: renewed before it runs out (injected clock), no 401', async () => {
    const reg = await fake({ auth: 'bearer', tokenExpiresIn: 300 });
    let now = 1_000_000;
    const { client } = clientFor(reg, { credentials: USER, now: () => now });
    client.declareAccess('org/app', 'push');
    await client.putManifest('org/app', 'a', raw);
    now += 269_000; // 300 s lifetime, 30 s margin: still fresh
    await client.putManifest('org/app', 'b', raw);
    expect(reg.tokens).toHaveLength(1);
    now += 2_000; // within the margin: renew before sending
    await client.putManifest('org/app', 'c', raw);
    expect(reg.tokens).toHaveLength(2);
    expect(reg.requests.filter((r) => r.status === 401)).toHaveLength(1);
    expect(reg.requests.at(-1)?.authorization).toBe(`Bearer ${reg.tokens[1]?.token}`);
    await client.close();
  });

  test('expires_in below 60 s counts as 60 s', async () => {
    const reg = await fake({ auth: 'bearer', tokenExpiresIn: 5 });
    let now = 0;
    const { client } = clientFor(reg, { credentials: USER, now: () => now });
    await client.putManifest('org/app', 'a', raw);
    now += 40_000;
    await client.putManifest('org/app', 'b', raw);
    expect(reg.tokens).toHaveLength(1);
    await client.close();
  });

  test('401 mid-run (token revoked) → one re-auth and retry', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    await client.putManifest('org/app', 'a', raw);
    reg.revokeTokens();
    await client.putManifest('org/app', 'b', raw);
    expect(reg.tokens).toHaveLength(2);
    expect(reg.requests.map((r) => r.status)).toEqual([401, 200, 201, 401, 200, 201]);
    await client.close();
  });

  test('401 on a streamed PUT body → re-auth and the body is re-opened', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    await client.ping();
    reg.inject({
      method: 'PUT',
      path: '/blobs/uploads/',
      status: 401,
      headers: {
        'www-authenticate': `Bearer realm="${reg.url}/token",service="fake-registry",error="invalid_token"`,
      },
    });
    const blob = blobOf(Buffer.alloc(200_000, 9), 10_000);
    await client.uploadBlob('org/app', blob);
    expect(blob.opens).toBe(2);
    expect(reg.tokens).toHaveLength(2);
    expect(
      reg
        .sequence()
        .slice(3)
        .map((s) => s.replace(/uploads\/\w+$/, 'uploads/ID')),
    ).toEqual([
      'POST /v2/org/app/blobs/uploads/',
      'PUT /v2/org/app/blobs/uploads/ID',
      'GET /token',
      'PUT /v2/org/app/blobs/uploads/ID',
    ]);
    expect(reg.blobs.get(blob.digest)?.equals(blob.bytes)).toBe(true);
    await client.close();
  });

  test('quirk 27: a 401 without WWW-Authenticate reuses the cached challenge', async () => {
    const reg = await fake({ auth: 'bearer', omitChallengeAfterFirst: true });
    const { client } = clientFor(reg, { credentials: USER });
    await client.putManifest('org/app', 'a', raw);
    reg.revokeTokens();
    await client.putManifest('org/app', 'b', raw);
    expect(reg.tokens).toHaveLength(2);
    expect(reg.requests.filter((r) => r.status === 401).map((r) => r.status)).toHaveLength(2);
    await client.close();
  });

  test('identity token: OAuth2 POST with refresh_token, client_id and space-separated scope', async () => {
    const reg = await fake({ auth: 'bearer', refreshTokens: ['refresh-secret'] });
    const { client, rec } = clientFor(reg, {
      credentials: {
        kind: 'identity-token',
        username: '00000000-0000-0000-0000-000000000000',
        token: 'refresh-secret',
      },
    });
    client.declareAccess('org/app', 'push');
    client.declareAccess('org/base', 'pull');
    await client.putManifest('org/app', 'a', raw);
    expect(reg.tokens).toMatchObject([
      { method: 'POST', scopes: ['repository:org/app:pull,push', 'repository:org/base:pull'] },
    ]);
    const post = reg.requests.find((r) => r.path === '/token');
    expect(post?.method).toBe('POST');
    expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(rec.secrets).toContain('refresh-secret');
    await client.close();
  });

  test.each([404, 400, 401, 405])('OAuth2 POST answering %i falls back to GET with Basic', async (status) => {
    const reg = await fake({ auth: 'bearer', refreshTokens: ['refresh-secret'], oauthPostStatus: status });
    const { client } = clientFor(reg, {
      credentials: { kind: 'identity-token', username: 'acr', token: 'refresh-secret' },
    });
    await client.putManifest('org/app', 'a', raw);
    expect(reg.sequence()).toEqual([
      'PUT /v2/org/app/manifests/a',
      'POST /token',
      'GET /token',
      'PUT /v2/org/app/manifests/a',
    ]);
    expect(reg.requests[2]?.authorization).toBe(
      `Basic ${Buffer.from('acr:refresh-secret').toString('base64')}`,
    );
    await client.close();
  });

  test('token GET 405 → OAuth2 POST grant_type=password', async () => {
    const reg = await fake({ auth: 'bearer', tokenGetStatus: 405 });
    const { client } = clientFor(reg, { credentials: USER });
    await client.putManifest('org/app', 'a', raw);
    expect(reg.tokens).toMatchObject([{ method: 'POST', user: 'user' }]);
    await client.close();
  });

  test('pre-issued registry token is sent as Bearer directly', async () => {
    const reg = await fake({ auth: 'basic', users: {} });
    const { client } = clientFor(reg, { credentials: { kind: 'registry-token', token: 'pre-issued-token' } });
    const err = await caught(client.putManifest('org/app', 'a', raw));
    expect(reg.requests[0]?.authorization).toBe('Bearer pre-issued-token');
    expect(err.code).toBe('AUTH_FAILED');
    expect(reg.requests).toHaveLength(1);
    await client.close();
  });

  test('a scope the token service does not grant → AUTH_FORBIDDEN naming repository and action', async () => {
    const reg = await fake({
      auth: 'bearer',
      grant: (_repo, requested) => requested.filter((a) => a === 'pull'),
    });
    const { client } = clientFor(reg, { credentials: USER });
    client.declareAccess('org/app', 'push');
    const err = await caught(client.putManifest('org/app', '1.2', raw));
    expect(err.code).toBe('AUTH_FORBIDDEN');
    expect(err.message).toBe(
      `PUT manifest 1.2 on ${reg.host}/org/app denied: the token service did not grant push access to org/app (401 insufficient_scope)`,
    );
    await client.close();
  });

  test('anonymous push to a bearer registry → AUTH_FAILED asking for credentials', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg);
    const err = await caught(client.putManifest('org/app', '1.2', raw));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/needs credentials/);
    await client.close();
  });

  test('wrong password: AUTH_FAILED from the token service; secrets never in the error', async () => {
    const password = 'hunter2-very-secret';
    const reg = await fake({ auth: 'bearer', locationState: true });
    const { client } = clientFor(reg, { credentials: { kind: 'basic', username: 'user', password } });
    const err = await caught(client.uploadBlob('org/app', blobOf('x')));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(
      /GET token on 127\.0\.0\.1:\d+ for 127\.0\.0\.1:\d+ refused the credentials \(401: incorrect username or password\)/,
    );
    const basic = Buffer.from(`user:${password}`).toString('base64');
    for (const text of [String(err), err.stack ?? '', formatError(err), JSON.stringify(err)]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(basic);
    }
    await client.close();
  });

  test('tokens and upload state never appear in errors', async () => {
    const reg = await fake({ auth: 'bearer', locationState: true });
    reg.inject({
      method: 'PUT',
      path: '/blobs/uploads/',
      status: 400,
      body: { errors: [{ code: 'BLOB_UPLOAD_INVALID', message: 'bad' }] },
      times: 5,
    });
    const { client } = clientFor(reg, { credentials: USER });
    const err = await caught(client.uploadBlob('org/app', blobOf('y')));
    const token = reg.tokens[0]?.token ?? 'none';
    const state = reg.requests.find((r) => r.method === 'PUT')?.query.get('_state') ?? 'none';
    // The stack's frames name source paths (a checkout may sit under a directory whose name contains
    // "pass"); only its message part can carry a secret.
    const stackMessage = (err.stack ?? '').split('\n    at ')[0] ?? '';
    for (const text of [String(err), stackMessage, formatError(err), JSON.stringify(err)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(state);
      expect(text).not.toContain('pass');
    }
    expect(err.url).toMatch(/\/v2\/org\/app\/blobs\/uploads\/\w+\?…$/);
    await client.close();
  });

  test('a registry echoing the token in its error body is scrubbed', async () => {
    const reg = await fake({ auth: 'bearer' });
    const { client } = clientFor(reg, { credentials: USER });
    await client.ping();
    const token = reg.tokens[0]?.token ?? '';
    reg.inject({
      method: 'PUT',
      status: 400,
      body: { errors: [{ code: 'DENIED', message: `token ${token} is not allowed` }] },
    });
    const err = await caught(client.putManifest('org/app', 'a', raw));
    expect(String(err)).not.toContain(token);
    expect(String(err)).toContain('token *** is not allowed');
    await client.close();
  });

  test('a plain-HTTP realm on a non-loopback host never receives credentials', async () => {
    const reg = await fake({ auth: 'bearer' });
    reg.inject({
      method: 'PUT',
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="http://203.0.113.9/token",service="x"' },
    });
    const { client } = clientFor(reg, { credentials: USER });
    const err = await caught(client.putManifest('org/app', 'a', raw));
    expect(err.code).toBe('INSECURE_REFUSED');
    expect(reg.requests).toHaveLength(1);
    await client.close();
  });

  test('a plain-HTTP realm on another loopback server: credentials only because the registry is plain-HTTP loopback too', async () => {
    const issuer = await fake({ auth: 'bearer' });
    const reg = await fake({ auth: 'bearer' });
    reg.inject({
      method: 'PUT',
      status: 401,
      headers: { 'www-authenticate': `Bearer realm="http://${issuer.host}/token",service="fake-registry"` },
    });
    const { client } = clientFor(reg, { credentials: USER });
    await client.putManifest('org/app', 'a', raw).catch(() => undefined);
    expect(issuer.requests.some((r) => r.url.startsWith('/token'))).toBe(true);
    await client.close();
  });

  test('a realm that is not http(s) is refused', async () => {
    const reg = await fake();
    reg.inject({
      method: 'PUT',
      status: 401,
      headers: { 'www-authenticate': 'Bearer realm="file:///etc/passwd"' },
    });
    const { client } = clientFor(reg, { credentials: USER });
    const err = await caught(client.putManifest('org/app', 'a', raw));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/file:/);
    await client.close();
  });
});

describe('basic', () => {
  test('Basic challenge: Basic on every request after the first, no token requests', async () => {
    const reg = await fake({ auth: 'basic' });
    const { client } = clientFor(reg, { credentials: USER });
    await client.putManifest('org/app', 'a', raw);
    await client.headManifest('org/app', 'a');
    await client.uploadBlob('org/app', blobOf('z'));
    const header = `Basic ${Buffer.from('user:pass').toString('base64')}`;
    expect(reg.requests.map((r) => r.authorization)).toEqual([undefined, header, header, header, header]);
    expect(reg.tokens).toHaveLength(0);
    await client.close();
  });

  test('Basic with a wrong password → AUTH_FAILED after one retry', async () => {
    const reg = await fake({ auth: 'basic' });
    const { client } = clientFor(reg, {
      credentials: { kind: 'basic', username: 'user', password: 'nope-nope' },
    });
    const err = await caught(client.ping());
    expect(err.code).toBe('AUTH_FAILED');
    expect(reg.requests).toHaveLength(2);
    expect(String(err)).not.toContain('nope-nope');
    await client.close();
  });
});

describe('mergeScopes', () => {
  test.each([
    ['nothing to add', ['repository:a:pull,push'], [], ['repository:a:pull,push']],
    [
      'a subset of a declared scope',
      ['repository:a:pull,push'],
      ['repository:a:pull'],
      ['repository:a:pull,push'],
    ],
    ['the same scope again', ['repository:a:pull'], ['repository:a:pull'], ['repository:a:pull']],
    [
      'actions in another order',
      ['repository:a:pull,push'],
      ['repository:a:push,pull'],
      ['repository:a:pull,push'],
    ],
    [
      'more actions on a declared resource',
      ['repository:a:pull'],
      ['repository:a:push'],
      ['repository:a:pull,push'],
    ],
    [
      'another repository, after the declared ones',
      ['repository:a:pull,push', 'repository:b:pull'],
      ['repository:c:pull'],
      ['repository:a:pull,push', 'repository:b:pull', 'repository:c:pull'],
    ],
    [
      'duplicates within the extra scopes',
      [],
      ['repository:c:pull', 'repository:c:pull'],
      ['repository:c:pull'],
    ],
    [
      'a name with a host:port prefix',
      ['repository:h:5000/a:pull'],
      ['repository:h:5000/a:push'],
      ['repository:h:5000/a:pull,push'],
    ],
    [
      'another resource type',
      ['repository:a:pull'],
      ['registry:catalog:*'],
      ['repository:a:pull', 'registry:catalog:*'],
    ],
    [
      'a resource class is part of the type',
      ['repository(plugin):a:pull'],
      ['repository:a:pull'],
      ['repository(plugin):a:pull', 'repository:a:pull'],
    ],
    [
      'not a scope: kept once, at the end',
      ['repository:a:pull'],
      ['odd', 'odd'],
      ['repository:a:pull', 'odd'],
    ],
  ])('%s', (_name, base, extra, merged) => {
    expect(mergeScopes(base, extra)).toEqual(merged);
  });
});
