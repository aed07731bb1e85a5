import { describe, expect, test } from 'vitest';
import { createSecretRegistry } from '../src/secrets.js';

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
