import { describe, expect, test } from 'vitest';
import {
  findRegistryInName,
  formatReference,
  joinRepository,
  parseReference,
} from '../../src/domain/reference.js';
import { wordRemedyForCli } from '../../src/cli/words.js';
import { isPublishError } from '../../src/errors.js';
import { messageOf } from '../fixtures/adapter-words.js';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference: valid', () => {
  test.each<
    [string, { registry: string; apiHost: string; repository: string; tag?: string; digest?: string }]
  >([
    ['nginx', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx' }],
    [
      'nginx:1.25',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx', tag: '1.25' },
    ],
    [
      'library/nginx',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx' },
    ],
    [
      'docker.io/nginx',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx' },
    ],
    [
      'index.docker.io/nginx:latest',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx', tag: 'latest' },
    ],
    [
      'registry-1.docker.io/org/app',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'org/app' },
    ],
    ['org/app', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'org/app' }],
    [
      'ghcr.io/org/app:1.2.3',
      { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: '1.2.3' },
    ],
    ['GHCR.IO/org/app', { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app' }],
    ['ghcr.io/org/team/app', { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/team/app' }],
    [
      'quay.io/com.example.namespace/app',
      { registry: 'quay.io', apiHost: 'quay.io', repository: 'com.example.namespace/app' },
    ],
    ['localhost/app', { registry: 'localhost', apiHost: 'localhost', repository: 'app' }],
    [
      'localhost:5000/org/app:v1',
      { registry: 'localhost:5000', apiHost: 'localhost:5000', repository: 'org/app', tag: 'v1' },
    ],
    ['127.0.0.1:5000/app', { registry: '127.0.0.1:5000', apiHost: '127.0.0.1:5000', repository: 'app' }],
    ['[::1]:5000/app:tag', { registry: '[::1]:5000', apiHost: '[::1]:5000', repository: 'app', tag: 'tag' }],
    ['[fe80::1]/app', { registry: '[fe80::1]', apiHost: '[fe80::1]', repository: 'app' }],
    [
      'registry.example.com:443/a/b/c/d',
      { registry: 'registry.example.com:443', apiHost: 'registry.example.com:443', repository: 'a/b/c/d' },
    ],
    [`ghcr.io/org/app@${D}`, { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', digest: D }],
    [
      `ghcr.io/org/app:1.2@${D}`,
      { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: '1.2', digest: D },
    ],
    [
      'a/b_c/d__e/f-g/h---i/j.k',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'a/b_c/d__e/f-g/h---i/j.k' },
    ],
    [
      'ghcr.io/org/app:UPPER_tag',
      { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: 'UPPER_tag' },
    ],
    ['ghcr.io/org/app:_x', { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: '_x' }],
    [
      `ghcr.io/org/app:${'t'.repeat(128)}`,
      { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app', tag: 't'.repeat(128) },
    ],
    [
      'my-registry.local:5000/x',
      { registry: 'my-registry.local:5000', apiHost: 'my-registry.local:5000', repository: 'x' },
    ],
    [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/app',
      {
        registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        apiHost: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        repository: 'app',
      },
    ],
    ['  ghcr.io/org/app  ', { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/app' }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
  });
});

describe('parseReference: invalid', () => {
  test.each<[string, RegExp]>([
    ['', /empty/],
    ['Nginx', /must be lowercase/],
    ['MyOrg/app', /must be lowercase/],
    ['ghcr.io/Org/app', /must be lowercase/],
    ['ghcr.io/org//app', /"\/\/"/],
    ['ghcr.io/org/app/', /ends with "\/"/],
    ['ghcr.io/org/../app', /contains "\.\."/],
    ['ghcr.io/org/a..b', /contains "\.\."/],
    ['ghcr.io/org/-app', /must start and end/],
    ['ghcr.io/org/app-', /must start and end/],
    ['ghcr.io/org/a$b', /contains "\$"/],
    ['ghcr.io/org/app:', /tag ""/],
    ['ghcr.io/org/app:-x', /tag "-x"/],
    ['ghcr.io/org/app:.x', /tag "\.x"/],
    [`ghcr.io/org/app:${'t'.repeat(129)}`, /does not match/],
    ['ghcr.io/org/app:a:b', /tag "a:b"/],
    ['ghcr.io/org/app@sha256:abc', /digest "sha256:abc"/],
    ['ghcr.io/org/app@md5:abc', /digest/],
    ['https://ghcr.io/org/app', /URL scheme/],
    ['ghcr.io/org app', /whitespace/],
    ['localhost:99999/app', /invalid port/],
    ['localhost:abc/app', /tag "abc\/app"|invalid port/],
    ['[::1/app', /unclosed/],
    ['-bad.example.com/app', /invalid label/],
    ['bad..example.com/app', /empty label/],
    [`ghcr.io/${'a'.repeat(260)}`, /longer than 255/],
    ['ghcr.io/', /ends with "\/"|empty/],
  ])('%s → %s', (input, pattern) => {
    let error: unknown;
    try {
      parseReference(input, 'source');
    } catch (err) {
      error = err;
    }
    expect(isPublishError(error, 'REFERENCE_INVALID')).toBe(true);
    const message = messageOf(error);
    expect(message).toMatch(pattern);
    expect(message).toMatch(/^Input "source": /);
  });

  test('each adapter words the setting', () => {
    const error = ((): unknown => {
      try {
        return parseReference('Bad', 'targets');
      } catch (err) {
        return err;
      }
    })();
    expect(messageOf(error)).toMatch(/^Input "targets": /);
    expect(messageOf(error, wordRemedyForCli)).toMatch(/^--target: /);
  });
});

describe('joinRepository', () => {
  test.each<[string, string, string, { registry: string; apiHost: string; repository: string }]>([
    [
      'docker.io',
      '',
      'nginx',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/nginx' },
    ],
    [
      'index.docker.io',
      'org',
      'app',
      { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'org/app' },
    ],
    ['', '', 'app', { registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/app' }],
    ['ghcr.io', 'org/team', 'app', { registry: 'ghcr.io', apiHost: 'ghcr.io', repository: 'org/team/app' }],
    [
      'quay.io',
      'com.example.namespace',
      'app',
      { registry: 'quay.io', apiHost: 'quay.io', repository: 'com.example.namespace/app' },
    ],
    [
      'localhost:5000',
      '',
      'app',
      { registry: 'localhost:5000', apiHost: 'localhost:5000', repository: 'app' },
    ],
    ['[::1]:5000', 'a', 'b', { registry: '[::1]:5000', apiHost: '[::1]:5000', repository: 'a/b' }],
  ])('%s + %s + %s', (registry, namespace, image, expected) => {
    expect(joinRepository(registry, namespace, image)).toEqual(expected);
  });

  test.each<[string, string, string, RegExp]>([
    ['ghcr.io', 'Org', 'app', /must be lowercase/],
    ['ghcr.io', 'org/', 'app', /"\/\/"/],
    ['ghcr.io', 'org', 'app:1.2', /carries a tag/],
    ['ghcr.io', 'org', '', /empty/],
    ['https://ghcr.io', 'org', 'app', /URL scheme/],
    ['ghcr.io/org', 'x', 'app', /contains "\/"/],
    ['ghcr.io', 'a..b', 'app', /"\.\."/],
  ])('%s + %s + %s is invalid', (registry, namespace, image, pattern) => {
    expect(() => joinRepository(registry, namespace, image, 'image')).toThrow(pattern);
  });
});

test.each<[string, { registry: string; path: string } | undefined]>([
  ['LOCALHOST/app', { registry: 'LOCALHOST', path: 'app' }],
  ['Registry.Example.com:5000/ns/app', { registry: 'Registry.Example.com:5000', path: 'ns/app' }],
  ['[::1]:5000/app', { registry: '[::1]:5000', path: 'app' }],
  ['org/app', undefined],
  ['MyOrg/app', undefined],
  ['app', undefined],
])('findRegistryInName(%s)', (name, expected) => {
  expect(findRegistryInName(name)).toEqual(expected);
});

test('an uppercase first segment that is a host is read as a host', () => {
  expect(parseReference('LOCALHOST:5000/app')).toMatchObject({
    registry: 'localhost:5000',
    repository: 'app',
  });
  expect(parseReference('LOCALHOST/app')).toMatchObject({ registry: 'localhost', repository: 'app' });
});

test('formatReference', () => {
  expect(formatReference({ registry: 'ghcr.io', repository: 'org/app', tag: '1.2' })).toBe(
    'ghcr.io/org/app:1.2',
  );
  expect(formatReference({ registry: 'docker.io', repository: 'library/nginx', digest: D })).toBe(
    `docker.io/library/nginx@${D}`,
  );
  expect(formatReference({ registry: 'localhost:5000', repository: 'app' })).toBe('localhost:5000/app');
  const ref = parseReference(`ghcr.io/org/app:1.2@${D}`);
  expect(formatReference(ref)).toBe(`ghcr.io/org/app:1.2@${D}`);
});
