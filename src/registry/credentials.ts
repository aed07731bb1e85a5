/**
 * Credentials for one registry: explicit username/password, else what other tools set up, in docker's
 * order then podman's (credential-sources.ts): `DOCKER_AUTH_CONFIG`, the Docker config, containers
 * auth.json. The first location with a credential for the registry wins; the result names it.
 *
 * Lookup in one location (Docker's): `credHelpers[registry]` → `credsStore` → `auths[registry]`; when the
 * helper has no entry for the registry, the `auths` entry is used (Docker would return an empty credential).
 * Keys are compared by host like Docker's `ConvertToHostname` (`https://host/v1/` → `host`); Docker Hub is
 * known as `https://index.docker.io/v1/`, `index.docker.io`, `docker.io` or `registry-1.docker.io`.
 * auth.json keys may also name a namespace (`quay.io/org`, `quay.io/org/app`): the most specific key that
 * covers the repository wins, as in containers-auth.json(5).
 *
 * Kinds: `auth` (base64 user:pass) → basic; `identitytoken` → identity-token (OAuth2 refresh flow);
 * `registrytoken` → a pre-issued Bearer token; a helper answering Username `<token>` → identity token.
 * ACR's zero-GUID user (00000000-0000-0000-0000-000000000000) with a refresh token as password is an
 * identity token (docs/registry-quirks.md#q25-acr-identity-token). ECR (`AWS` + token) and GHCR
 * (`GITHUB_TOKEN` as password) are plain basic.
 */
import { PASSWORD, PublishError, USERNAME, remedyHint } from '../errors.js';
import { isDockerHub } from '../domain/reference.js';
import { runCredentialHelper, type HelperAnswer } from './credential-helper.js';
import {
  credentialLocations,
  describeLocation,
  readCredentialConfig,
  sentenceStart,
  type AuthEntry,
  type CredentialConfig,
} from './credential-sources.js';
import type { Credentials } from './types.js';

export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export type CredentialHelperRunner = (
  helper: string,
  serverUrl: string,
  configuredIn: string,
) => Promise<HelperAnswer | undefined>;

/**
 * Where a registry's credential came from, for the debug output (never the secret itself). `file` is the
 * file read, or the environment variable that held the config (`DOCKER_AUTH_CONFIG`); `key` the entry's key.
 */
export type CredentialSource =
  | { readonly kind: 'explicit' }
  | { readonly kind: 'config-entry'; readonly file: string; readonly key: string }
  | { readonly kind: 'helper'; readonly helper: string; readonly file: string; readonly key?: string }
  /** Anonymous: `read` are the places that exist and have no entry; `missing` those that do not exist. */
  | { readonly kind: 'none'; readonly read: readonly string[]; readonly missing: readonly string[] };

export interface ResolvedCredentials {
  readonly credentials: Credentials;
  readonly source: CredentialSource;
}

export interface ResolveOptions {
  /** The repository on the registry, for auth.json's namespace-scoped keys. */
  readonly repository?: string;
  /** Credential helper timeout (default HELPER_TIMEOUT_MS, 30 s). */
  readonly helperTimeoutMs?: number;
  /** Redacts known secrets from a helper's message. */
  readonly redact?: (text: string) => string;
  readonly runHelper?: CredentialHelperRunner;
  /** Stops a running credential helper when the run is cancelled. */
  readonly signal?: AbortSignal;
}

/**
 * Explicit credentials come as a pair: which half is missing when only one is given (empty counts as not
 * given), else undefined. Each adapter of the check words its own error.
 */
export function missingCredential(
  username: string | undefined,
  password: string | undefined,
): 'username' | 'password' | undefined {
  if (password && !username) return 'username';
  if (username && !password) return 'password';
  return undefined;
}

/** The credentials for a registry and where they came from. */
export async function findCredentials(
  registry: string,
  explicit: { username?: string; password?: string },
  env: Readonly<Record<string, string | undefined>>,
  options: ResolveOptions = {},
): Promise<ResolvedCredentials> {
  const { username, password } = explicit;
  if (username && password)
    return { credentials: fromUserPassword(username, password), source: { kind: 'explicit' } };
  const missing = missingCredential(username, password);
  if (missing === 'username') {
    throw new PublishError('CREDENTIALS_INVALID', `A password was given for ${registry} without a username`, {
      hint: remedyHint`Set ${USERNAME} too (for ghcr.io: the GitHub user; for ECR: AWS).`,
    });
  }
  if (missing === 'password') {
    throw new PublishError('CREDENTIALS_INVALID', `A username was given for ${registry} without a password`, {
      hint: remedyHint`Set ${PASSWORD} (a token or secret), or drop ${USERNAME} to use the Docker config.`,
    });
  }

  const runHelper: CredentialHelperRunner =
    options.runHelper ??
    ((helper, serverUrl, configuredIn) =>
      runCredentialHelper(helper, serverUrl, {
        env,
        configuredIn,
        ...(options.helperTimeoutMs !== undefined ? { timeoutMs: options.helperTimeoutMs } : {}),
        ...(options.redact ? { redact: options.redact } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }));
  const read: string[] = [];
  const absent: string[] = [];
  for (const { location, format } of credentialLocations(env)) {
    const config = await readCredentialConfig(location, format, env);
    if (!config) {
      absent.push(location);
      continue;
    }
    read.push(location);
    const found = await lookUp(config, registry, options.repository, runHelper);
    if (found) return found;
  }
  return { credentials: { kind: 'anonymous' }, source: { kind: 'none', read, missing: absent } };
}

async function lookUp(
  config: CredentialConfig,
  registry: string,
  repository: string | undefined,
  runHelper: CredentialHelperRunner,
): Promise<ResolvedCredentials | undefined> {
  const host = configHost(registry);
  const serverUrl = isDockerHub(host) ? DOCKER_HUB_KEY : host;
  const name = describeLocation(config.location, config.format);

  const helperKey = findKeyByHost(config.credHelpers, host);
  const helper = helperKey !== undefined ? config.credHelpers[helperKey] : undefined;
  if (helper) {
    const found = await callHelper(runHelper, helper, serverUrl, registry, name);
    if (found)
      return {
        credentials: found,
        source: { kind: 'helper', helper, file: config.location, ...(helperKey ? { key: helperKey } : {}) },
      };
  }
  if (!helper && config.credsStore) {
    const found = await callHelper(runHelper, config.credsStore, serverUrl, registry, name);
    if (found)
      return {
        credentials: found,
        source: { kind: 'helper', helper: config.credsStore, file: config.location },
      };
  }
  const authKey =
    config.format === 'containers'
      ? findScopedKey(config.auths, host, repository)
      : findKeyByHost(config.auths, host);
  const entry = authKey !== undefined ? config.auths[authKey] : undefined;
  if (!entry) return undefined;
  const credentials = fromAuthEntry(entry, name, registry);
  // An empty entry (left by a login that stored the secret in a helper) is no credential: look further.
  if (credentials.kind === 'anonymous') return undefined;
  return { credentials, source: { kind: 'config-entry', file: config.location, key: authKey as string } };
}

function fromUserPassword(username: string, password: string): Credentials {
  // docs/registry-quirks.md#q25-acr-identity-token: ACR refresh tokens go with the zero-GUID user and are
  // exchanged through the OAuth2 POST.
  if (username === ACR_TOKEN_USER) return { kind: 'identity-token', username, token: password };
  return { kind: 'basic', username, password };
}

function fromAuthEntry(entry: AuthEntry, name: string, registry: string): Credentials {
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new PublishError(
        'CREDENTIALS_INVALID',
        `${sentenceStart(name)} has an invalid "auth" for ${registry}`,
        { hint: 'The "auth" value must be base64 of username:password; log in again.' },
      );
    }
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (typeof entry.registrytoken === 'string' && entry.registrytoken)
    return { kind: 'registry-token', token: entry.registrytoken };
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
    return { kind: 'identity-token', username, token: entry.identitytoken };
  }
  if (username && password) return fromUserPassword(username, password);
  return { kind: 'anonymous' };
}

async function callHelper(
  runHelper: CredentialHelperRunner,
  helper: string,
  serverUrl: string,
  registry: string,
  configuredIn: string,
): Promise<Credentials | undefined> {
  const result = await runHelper(helper, serverUrl, configuredIn);
  if (!result || !result.Secret) return undefined;
  if (result.Username === '<token>') return { kind: 'identity-token', username: '', token: result.Secret };
  if (!result.Username) {
    throw new PublishError(
      'CREDENTIALS_INVALID',
      `docker-credential-${helper} returned no username for ${registry}`,
      {
        hint: `Log in again so the helper stores a complete credential for ${registry}.`,
      },
    );
  }
  return fromUserPassword(result.Username, result.Secret);
}

/** Docker's ConvertToHostname, plus Hub aliases folded to one name. */
export function configHost(key: string): string {
  let host = key.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = host.indexOf('/');
  if (slash !== -1) host = host.slice(0, slash);
  return isDockerHub(host) ? 'index.docker.io' : host;
}

/** The key of `map` for a host: exact keys first, then scheme/path forms (`https://host/v1/`). */
function findKeyByHost(map: Readonly<Record<string, unknown>>, host: string): string | undefined {
  const wanted = configHost(host);
  const keys = Object.keys(map);
  return keys.find((key) => key.toLowerCase() === wanted) ?? keys.find((key) => configHost(key) === wanted);
}

/**
 * containers-auth.json(5): a key is a host or a namespace (`quay.io/org`, `quay.io/org/app`); the most
 * specific one covering the repository wins, then the host forms findKeyByHost accepts.
 */
function findScopedKey(
  map: Readonly<Record<string, unknown>>,
  host: string,
  repository: string | undefined,
): string | undefined {
  const wanted = configHost(host);
  let best: { key: string; length: number } | undefined;
  if (repository) {
    for (const key of Object.keys(map)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key)) continue; // scheme forms are host-only (legacy)
      const slash = key.indexOf('/');
      if (slash === -1) continue;
      const path = key.slice(slash + 1).replace(/\/+$/, '');
      if (configHost(key.slice(0, slash)) !== wanted || !path) continue;
      const covers = repository === path || repository.startsWith(`${path}/`);
      if (covers && (!best || path.length > best.length)) best = { key, length: path.length };
    }
  }
  if (best) return best.key;
  const hostKeys = Object.fromEntries(Object.entries(map).filter(([key]) => isHostKey(key)));
  return findKeyByHost(hostKeys, host);
}

/** A key naming only a host: `host`, `https://host`, `https://host/v1/` (not `host/namespace`). */
function isHostKey(key: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(key) || !key.includes('/');
}
