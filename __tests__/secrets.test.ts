import { describe, expect, test } from 'vitest';
import { createSecretRegistry, redactTokenLike } from '../src/secrets.js';

const SECRET = 'p@ss w/rd+é"ok';

/** Each encoding a registry may echo the password in (issue 19, case 8): none may survive redact(). */
const ECHOES: readonly [string, string][] = [
  ['raw', SECRET],
  ['base64', Buffer.from(SECRET).toString('base64')],
  ['base64 without padding', Buffer.from(SECRET).toString('base64').replace(/=+$/, '')],
  ['base64url', Buffer.from(SECRET).toString('base64url')],
  ['URL-encoded', encodeURIComponent(SECRET)],
  [
    'URL-encoded, lower-case hex',
    encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  ],
  ['form-encoded', encodeURIComponent(SECRET).replace(/%20/g, '+')],
  ['JSON-escaped', JSON.stringify(SECRET).slice(1, -1)],
  ['JSON-escaped with \\/ and \\u', 'p@ss w\\/rd+\\u00e9\\"ok'],
];

describe('redact', () => {
  test.each(ECHOES)('removes the %s form of a secret', (_name, echo) => {
    const secrets = createSecretRegistry();
    secrets.add(SECRET);
    const text = `registry said: {"detail":"bad password ${echo}"} at /token?password=${echo}`;
    const out = secrets.redact(text);
    expect(out).not.toContain(echo);
    expect(out).toContain('***');
  });

  test('every form reaches the mask listeners (the runner masks them too)', () => {
    const secrets = createSecretRegistry();
    const masked: string[] = [];
    secrets.onAdd((v) => masked.push(v));
    secrets.add(SECRET);
    for (const [, echo] of ECHOES) expect(masked).toContain(echo);
  });

  test('short values are not registered (they would redact ordinary words)', () => {
    const secrets = createSecretRegistry();
    secrets.add('abc');
    expect(secrets.redact('abc')).toBe('abc');
  });
});

describe('redactTokenLike (text from another program: a credential helper)', () => {
  test.each<[string, string, string]>([
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE is invalid', 'key *** is invalid'],
    ['a Bearer credential', 'sent Authorization: Bearer abc.def-ghi', 'sent Authorization: Bearer ***'],
    ['a Basic credential', 'header Basic dXNlcjpwYXNz,', 'header Basic ***,'],
    ['a GitHub token', 'token ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 expired', 'token *** expired'],
    [
      'a base64 run',
      'got eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ',
      'got ***.***',
    ],
  ])('removes %s', (_name, text, expected) => {
    expect(redactTokenLike(text)).toBe(expected);
  });

  test.each<[string, string]>([
    ['a request id (UUID)', 'RequestID: 3f2b8c9e-1d4a-4b6f-9a7e-2c5d8e1f0a3b, api error'],
    ['a path', '/home/runner/work/registry-publish/registry-publish/.docker/config.json'],
    ['a lowercase word run', 'credentialsnotfoundinnativekeychainatall'],
  ])('keeps %s', (_name, text) => {
    expect(redactTokenLike(text)).toBe(text);
  });
});
