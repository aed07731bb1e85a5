/**
 * Credentials for one registry: explicit username/password, else the Docker config other steps wrote
 * (docker/login-action, aws-actions/amazon-ecr-login, azure/docker-login): `$DOCKER_CONFIG/config.json`
 * or `~/.docker/config.json`. Read only; nothing is ever written.
 *
 * Lookup order (Docker's): `credHelpers[registry]` → `credsStore` → `auths[registry]`; when the store has
 * no entry for the registry, the `auths` entry is used (Docker would return an empty credential).
 * Keys are compared by host like Docker's `ConvertToHostname` (`https://host/v1/` → `host`); Docker Hub is
 * known as `https://index.docker.io/v1/`, `index.docker.io`, `docker.io` or `registry-1.docker.io`.
 *
 * Kinds: `auth` (base64 user:pass) → basic; `identitytoken` → identity-token (OAuth2 refresh flow);
 * `registrytoken` → a pre-issued Bearer token; a helper answering Username `<token>` → identity token.
 * ACR's zero-GUID user (00000000-0000-0000-0000-000000000000) with a refresh token as password is an
 * identity token (docs/registry-quirks.md#q25-acr-identity-token). ECR (`AWS` + token) and GHCR
 * (`GITHUB_TOKEN` as password) are plain basic.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PublishError } from '../errors.js';
import { isDockerHub } from '../domain/reference.js';
import type { Credentials } from './types.js';

export const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export type CredentialHelperRunner = (
  helper: string,
  serverUrl: string,
) => Promise<{ Username: string; Secret: string } | undefined>;

/**
 * Where a registry's credential came from, for the debug output (never the secret itself). `file` is the
 * file read, or the environment variable that held the config; `key` the entry's key in it.
 */
export type CredentialSource =
  | { readonly kind: 'explicit' }
  | { readonly kind: 'config-entry'; readonly file: string; readonly key: string }
  | { readonly kind: 'helper'; readonly helper: string; readonly file: string; readonly key?: string }
  /** Anonymous: the config `file` has no entry for the registry, or does not exist. */
  | { readonly kind: 'none'; readonly file: string; readonly exists: boolean };

export type CredentialSourceListener = (source: CredentialSource, credentials: Credentials) => void;

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
  registrytoken?: unknown;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
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

export async function resolveCredentials(
  registry: string,
  explicit: { username?: string; password?: string },
  env: Readonly<Record<string, string | undefined>>,
  runHelper: CredentialHelperRunner = (helper, serverUrl) => runCredentialHelper(helper, serverUrl, env),
  onSource: CredentialSourceListener = () => undefined,
): Promise<Credentials> {
  const used = (source: CredentialSource, credentials: Credentials): Credentials => {
    onSource(source, credentials);
    return credentials;
  };
  const { username, password } = explicit;
  if (username && password) return used({ kind: 'explicit' }, fromUserPassword(username, password));
  const missing = missingCredential(username, password);
  if (missing === 'username') {
    throw new PublishError('CREDENTIALS_INVALID', `A password was given for ${registry} without a username`, {
      hint: 'Set username too (for ghcr.io: ${{ github.actor }}; for ECR: AWS).',
    });
  }
  if (missing === 'password') {
    throw new PublishError('CREDENTIALS_INVALID', `A username was given for ${registry} without a password`, {
      hint: 'Set password (a token or secret), or drop username to use the Docker config.',
    });
  }

  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  const file = join(dir, 'config.json');
  const config = await readConfig(file);
  if (!config) return used({ kind: 'none', file, exists: false }, { kind: 'anonymous' });
  const host = configHost(registry);
  const isHub = isDockerHub(host);
  const serverUrl = isHub ? DOCKER_HUB_KEY : host;

  const helperKey = findKeyByHost(config.credHelpers ?? {}, host);
  const helperName = helperKey === undefined ? undefined : config.credHelpers?.[helperKey];
  if (helperName) {
    const found = await callHelper(runHelper, helperName, serverUrl, registry);
    if (found) return used({ kind: 'helper', helper: helperName, file, key: helperKey }, found);
  }
  if (!helperName && typeof config.credsStore === 'string' && config.credsStore) {
    const found = await callHelper(runHelper, config.credsStore, serverUrl, registry);
    if (found) return used({ kind: 'helper', helper: config.credsStore, file }, found);
  }
  const entryKey = findKeyByHost(config.auths ?? {}, host);
  const entry = entryKey === undefined ? undefined : config.auths?.[entryKey];
  if (entryKey !== undefined && entry)
    return used({ kind: 'config-entry', file, key: entryKey }, fromAuthEntry(entry, file, registry));
  return used({ kind: 'none', file, exists: true }, { kind: 'anonymous' });
}

function fromUserPassword(username: string, password: string): Credentials {
  // docs/registry-quirks.md#q25-acr-identity-token: ACR refresh tokens go with the zero-GUID user and are
  // exchanged through the OAuth2 POST.
  if (username === ACR_TOKEN_USER) return { kind: 'identity-token', username, token: password };
  return { kind: 'basic', username, password };
}

function fromAuthEntry(entry: AuthEntry, file: string, registry: string): Credentials {
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new PublishError(
        'CREDENTIALS_INVALID',
        `The Docker config ${file} has an invalid "auth" for ${registry}`,
        {
          hint: 'The "auth" value must be base64 of username:password; log in again with docker/login-action.',
        },
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
): Promise<Credentials | undefined> {
  const result = await runHelper(helper, serverUrl);
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

/**
 * Runs `docker-credential-NAME get` with the server URL on stdin and parses the JSON on stdout.
 * "credentials not found" (exit 1) is undefined; a missing binary is CREDENTIALS_INVALID naming it.
 */
export function runCredentialHelper(
  helper: string,
  serverUrl: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ Username: string; Secret: string } | undefined> {
  const binary = `docker-credential-${helper}`;
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
    return Promise.reject(
      new PublishError('CREDENTIALS_INVALID', `The credential helper name "${helper}" is invalid`, {
        hint: 'Fix credHelpers/credsStore in the Docker config.',
      }),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['get'], {
      env: { ...env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (cause: NodeJS.ErrnoException) => {
      reject(
        new PublishError(
          'CREDENTIALS_INVALID',
          cause.code === 'ENOENT'
            ? `The Docker config names the credential helper ${binary}, which is not installed (not on PATH)`
            : `Running ${binary} failed (${cause.code ?? cause.message})`,
          {
            hint: `Install ${binary}, or remove it from credHelpers/credsStore in the Docker config.`,
            cause,
          },
        ),
      );
    });
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8').trim();
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code !== 0) {
        if (/not found|no credentials/i.test(`${stdout} ${stderr}`)) {
          resolve(undefined);
          return;
        }
        reject(
          new PublishError(
            'CREDENTIALS_INVALID',
            `${binary} get failed with exit code ${code ?? 'unknown'}`,
            {
              hint: `Check that ${binary} works (echo ${serverUrl} | ${binary} get).`,
            },
          ),
        );
        return;
      }
      try {
        const json = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
        resolve({
          Username: typeof json.Username === 'string' ? json.Username : '',
          Secret: typeof json.Secret === 'string' ? json.Secret : '',
        });
      } catch {
        reject(
          new PublishError('CREDENTIALS_INVALID', `${binary} get did not print JSON`, {
            hint: `Check that ${binary} works (echo ${serverUrl} | ${binary} get).`,
          }),
        );
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}

async function readConfig(file: string): Promise<DockerConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
      return undefined;
    throw new PublishError('CREDENTIALS_INVALID', `Cannot read the Docker config ${file}`, { cause: err });
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
    return json as DockerConfig;
  } catch (cause) {
    throw new PublishError('CREDENTIALS_INVALID', `The Docker config ${file} is not valid JSON`, {
      hint: 'Fix or delete the file, or log in again with docker/login-action.',
      cause,
    });
  }
}

/** Docker's ConvertToHostname, plus Hub aliases folded to one name. */
export function configHost(key: string): string {
  let host = key.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = host.indexOf('/');
  if (slash !== -1) host = host.slice(0, slash);
  return isDockerHub(host) ? 'index.docker.io' : host;
}

/** The key of `map` naming `host`. */
function findKeyByHost(map: Readonly<Record<string, unknown>>, host: string): string | undefined {
  const wanted = configHost(host);
  const keys = Object.keys(map);
  // Exact keys first, then scheme/path forms (`https://host`, `http://host`, `https://host/v1/`).
  return keys.find((key) => key.toLowerCase() === wanted) ?? keys.find((key) => configHost(key) === wanted);
}
