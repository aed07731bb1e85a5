/**
 * Image references, following the distribution reference grammar
 * (github.com/distribution/reference `reference.go`), with Docker Hub normalisation:
 *
 *   reference      := name [ ":" tag ] [ "@" digest ]
 *   name           := [ domain "/" ] path
 *   domain         := host [ ":" port ]          host: DNS name, IPv4, or [IPv6]
 *   path           := component ( "/" component )*
 *   component      := [a-z0-9]+ ( ( [._] | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag            := [\w][\w.-]{0,127}
 *   digest         := sha256:<64 hex> | sha512:<128 hex>
 *
 * The first path segment is a registry when it contains "." or ":" or is "localhost" in any case (Docker's
 * rule, so `LOCALHOST/app` names a host). One deviation: Docker treats a first segment with uppercase letters (`MyOrg/app`) as a registry host; here
 * that is reported as "must be lowercase", which is what the user almost always meant.
 * Pure: no I/O.
 */
import { PublishError, quoteValue, remedyHint, settingSubject, type SettingName } from '../errors.js';
import { isDigest, type Digest } from './digest.js';

export interface ImageReference {
  /** The registry as the user wrote it, after normalisation (`docker.io`, `ghcr.io`, `localhost:5000`). */
  readonly registry: string;
  /** Where the API lives: `registry-1.docker.io` for Docker Hub, else `registry`. */
  readonly apiHost: string;
  /** `library/nginx`, `org/team/app`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

export const NAME_TOTAL_LENGTH_MAX = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[0-9a-fA-F:.]+\]$/;

const HINT =
  'Write it as [registry[:port]/]namespace/name[:tag][@sha256:…], in lowercase, e.g. ghcr.io/org/app:1.2.';

/** Normalises a registry host as written: Docker Hub aliases become `docker.io`; hosts are lowercased. */
export function normalizeRegistry(registry: string): string {
  const lower = registry.toLowerCase();
  return isDockerHub(lower) ? DOCKER_HUB : lower;
}

/** Whether a host (any case, no port) is one of Docker Hub's names: the one list of them. */
export function isDockerHub(host: string): boolean {
  return DOCKER_HUB_ALIASES.has(host.toLowerCase());
}

/** The API host for a registry: `docker.io` and `index.docker.io` → `registry-1.docker.io`. */
export function apiHostFor(registry: string): string {
  const normal = normalizeRegistry(registry);
  return normal === DOCKER_HUB ? DOCKER_HUB_API_HOST : normal;
}

/** Parses `ghcr.io/org/app:1.2@sha256:…`; throws REFERENCE_INVALID naming the input and the problem. */
export function parseReference(input: string, inputName?: SettingName): ImageReference {
  const fail = (what: string): never => {
    throw invalid(inputName, `the reference ${quoteValue(input)}`, what);
  };
  const text = input.trim();
  if (text === '') fail('it is empty');
  if (/\s/.test(text)) fail('it contains whitespace');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    fail('it starts with a URL scheme; write the reference without "https://"');

  let rest = text;
  let digest: Digest | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    const value = rest.slice(at + 1);
    if (!isDigest(value))
      fail(`the digest ${quoteValue(value)} is not sha256: followed by 64 lowercase hex characters`);
    digest = value as Digest;
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`the tag ${quoteValue(tag)} does not match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}`);
  }
  const name = splitName(rest, fail);
  const repository = checkPath(name.path, fail, name.registry);
  if (rest.length > NAME_TOTAL_LENGTH_MAX) {
    fail(`the name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  return {
    registry: name.registry,
    apiHost: apiHostFor(name.registry),
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * Joins registry, namespace (`''`, `org`, `org/team`, `com.example.namespace`) and image name into a
 * repository on a registry, validating each part.
 */
export function joinRepository(
  registry: string,
  namespace: string,
  image: string,
  inputName?: SettingName,
): { registry: string; apiHost: string; repository: string } {
  const host = registry.trim() === '' ? DOCKER_HUB : registry.trim();
  const failRegistry = (what: string): never => {
    throw invalid(inputName, `the registry ${quoteValue(registry)}`, what);
  };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host))
    failRegistry('it starts with a URL scheme; write only host[:port]');
  if (host.includes('/'))
    failRegistry('it contains "/"; write only host[:port] and put the path in namespace');
  checkHost(host, failRegistry);
  const normal = normalizeRegistry(host);
  const path = [namespace.trim(), image.trim()].filter((p) => p !== '').join('/');
  const failPath = (what: string): never => {
    throw invalid(inputName, `the repository ${quoteValue(path)}`, what);
  };
  if (image.trim() === '') failPath('the image name is empty');
  if (image.includes(':') || image.includes('@'))
    failPath('the image name carries a tag or digest; give tags separately');
  const repository = checkPath(path, failPath, normal);
  if (`${normal}/${repository}`.length > NAME_TOTAL_LENGTH_MAX) {
    failPath(`the name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  return { registry: normal, apiHost: apiHostFor(normal), repository };
}

/** `ghcr.io/org/app:1.2`, `docker.io/library/nginx@sha256:…`. */
export function formatReference(ref: {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}): string {
  const tag = ref.tag !== undefined ? `:${ref.tag}` : '';
  const digest = ref.digest !== undefined ? `@${ref.digest}` : '';
  return `${ref.registry}/${ref.repository}${tag}${digest}`;
}

/** Whether the first segment of a name is a registry host (Docker's `splitDockerDomain` rule). */
function looksLikeHost(segment: string): boolean {
  return (
    segment.includes('.') ||
    segment.includes(':') ||
    segment.toLowerCase() === 'localhost' ||
    segment.startsWith('[')
  );
}

/**
 * The registry and path inside an image name written as a full reference (`ghcr.io:443/ns/app`), or
 * undefined when its first segment is not a host. Lets the adapters show the split instead of a vaguer error.
 */
export function findRegistryInName(name: string): { registry: string; path: string } | undefined {
  const slash = name.indexOf('/');
  if (slash === -1) return undefined;
  const first = name.slice(0, slash);
  return looksLikeHost(first) ? { registry: first, path: name.slice(slash + 1) } : undefined;
}

function splitName(name: string, fail: (what: string) => never): { registry: string; path: string } {
  const slash = name.indexOf('/');
  const first = slash === -1 ? name : name.slice(0, slash);
  if (slash !== -1 && looksLikeHost(first)) {
    checkHost(first, fail);
    return { registry: normalizeRegistry(first), path: name.slice(slash + 1) };
  }
  return { registry: DOCKER_HUB, path: name };
}

function checkHost(host: string, fail: (what: string) => never): void {
  let hostname = host;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close === -1)
      fail(`the registry ${quoteValue(host)} has an unclosed "[" (IPv6 addresses are written [::1]:5000)`);
    hostname = host.slice(0, close + 1);
    const after = host.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) fail(`the registry ${quoteValue(host)} has text after "]"`);
      port = after.slice(1);
    }
    if (!IPV6.test(hostname)) fail(`the registry ${quoteValue(host)} is not a valid IPv6 address`);
  } else {
    const colon = host.indexOf(':');
    if (colon !== -1) {
      hostname = host.slice(0, colon);
      port = host.slice(colon + 1);
    }
    if (hostname === '') fail(`the registry ${quoteValue(host)} has no host name`);
    for (const part of hostname.split('.')) {
      if (!DOMAIN_COMPONENT.test(part)) {
        fail(
          part === ''
            ? `the registry ${quoteValue(host)} has an empty label ("..")`
            : `the registry ${quoteValue(host)} has the invalid label ${quoteValue(part)}`,
        );
      }
    }
  }
  if (port !== undefined) {
    const n = Number(port);
    if (!/^[0-9]+$/.test(port) || n < 1 || n > 65535)
      fail(`the registry ${quoteValue(host)} has the invalid port ${quoteValue(port)}`);
  }
}

/** Validates a repository path; Docker Hub one-part names become `library/NAME`. */
function checkPath(path: string, fail: (what: string) => never, registry: string): string {
  if (path === '') fail('the repository name is empty');
  if (path.startsWith('/')) fail('it starts with "/"');
  if (path.endsWith('/')) fail('it ends with "/"');
  if (path.includes('//')) fail('it contains an empty path component ("//")');
  if (/[A-Z]/.test(path)) fail(`the repository ${quoteValue(path)} must be lowercase`);
  for (const component of path.split('/')) {
    if (COMPONENT.test(component)) continue;
    if (component.includes('..')) fail(`the path component ${quoteValue(component)} contains ".."`);
    const bad = /[^a-z0-9._-]/.exec(component);
    if (bad) fail(`the path component ${quoteValue(component)} contains ${quoteValue(bad[0])}`);
    fail(
      `the path component ${quoteValue(component)} must start and end with a letter or digit and use only single ".", "_", "__" or "-" runs as separators`,
    );
  }
  return registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
}

function invalid(inputName: SettingName | undefined, subject: string, what: string): PublishError {
  const message = `${capitalize(subject)} is invalid: ${what}`;
  return new PublishError(
    'REFERENCE_INVALID',
    inputName === undefined ? message : remedyHint`${settingSubject(inputName)}: ${message}`,
    { hint: HINT },
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
