/**
 * Where credentials other tools set up live, in the order they are consulted (docker's, then podman's):
 * 1. `DOCKER_AUTH_CONFIG`: a whole config.json in an environment variable (docker/cli 28.3+, GitLab CI).
 * 2. The Docker config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
 * 3. containers-auth.json(5), as podman, buildah and skopeo read it: the primary file
 *    `$XDG_RUNTIME_DIR/containers/auth.json` (`/run/containers/UID/auth.json` when XDG_RUNTIME_DIR is unset,
 *    containers/image's `getPathToAuthWithOS`), or the explicit override `REGISTRY_AUTH_FILE` in its place;
 *    then `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`.
 * `~` and the XDG directories are decided by ../user-dirs.ts (an absolute HOME, else the account's home).
 * Read only; nothing is ever written. A missing file is skipped; an unreadable or malformed one is
 * CREDENTIALS_INVALID naming it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOGIN, PublishError, remedyHint } from '../errors.js';
import { configHome, currentAccount, dockerConfigDir, runtimeDir, type Account } from '../user-dirs.js';

export interface AuthEntry {
  readonly auth?: unknown;
  readonly username?: unknown;
  readonly password?: unknown;
  readonly identitytoken?: unknown;
  readonly registrytoken?: unknown;
}

export interface CredentialConfig {
  /** The file path, or `DOCKER_AUTH_CONFIG`: what messages and the debug log call it. */
  readonly location: string;
  /** docker: keys are hosts. containers: keys may also be namespaces (`quay.io/org`), most specific wins. */
  readonly format: 'docker' | 'containers';
  readonly auths: Readonly<Record<string, AuthEntry>>;
  readonly credHelpers: Readonly<Record<string, string>>;
  readonly credsStore?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The places to look, in order (whether or not they exist); per-user ones only where there is a home. */
export function credentialLocations(
  env: Env,
  account: Account = currentAccount(),
): { location: string; format: 'docker' | 'containers' }[] {
  const out: { location: string; format: 'docker' | 'containers' }[] = [];
  if (env.DOCKER_AUTH_CONFIG) out.push({ location: 'DOCKER_AUTH_CONFIG', format: 'docker' });
  const docker = dockerConfigDir(env, account);
  if (docker) out.push({ location: join(docker, 'config.json'), format: 'docker' });
  const primary = env.REGISTRY_AUTH_FILE || primaryAuthFile(runtimeDir(env), account.uid);
  if (primary) out.push({ location: primary, format: 'containers' });
  const config = configHome(env, account);
  if (config) out.push({ location: join(config, 'containers', 'auth.json'), format: 'containers' });
  return out;
}

/** containers/image's primary file: `$XDG_RUNTIME_DIR/containers/auth.json`, else `/run/containers/UID/auth.json`. */
function primaryAuthFile(runtime: string | undefined, uid: number | undefined): string | undefined {
  if (runtime) return join(runtime, 'containers', 'auth.json');
  return uid === undefined ? undefined : join('/run/containers', String(uid), 'auth.json');
}

/** One location's parsed content, or undefined when it does not exist. */
export async function readCredentialConfig(
  location: string,
  format: 'docker' | 'containers',
  env: Env,
): Promise<CredentialConfig | undefined> {
  const name = describeLocation(location, format);
  let text: string;
  if (location === 'DOCKER_AUTH_CONFIG') {
    text = env.DOCKER_AUTH_CONFIG ?? '';
  } else {
    try {
      text = await readFile(location, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new PublishError('CREDENTIALS_INVALID', `Cannot read ${name} (${code ?? 'error'})`, {
        hint: 'Fix its permissions, or delete it.',
        cause: err,
      });
    }
  }
  return parseCredentialConfig(text, location, format);
}

/** "the Docker config /x/config.json", "DOCKER_AUTH_CONFIG", "the containers auth file /x/auth.json". */
export function describeLocation(location: string, format: 'docker' | 'containers'): string {
  if (location === 'DOCKER_AUTH_CONFIG') return 'DOCKER_AUTH_CONFIG';
  return format === 'docker' ? `the Docker config ${location}` : `the containers auth file ${location}`;
}

export function parseCredentialConfig(
  text: string,
  location: string,
  format: 'docker' | 'containers',
): CredentialConfig {
  const name = sentenceStart(describeLocation(location, format));
  const fix =
    location === 'DOCKER_AUTH_CONFIG'
      ? 'Set DOCKER_AUTH_CONFIG to a whole config.json, e.g. {"auths":{"HOST":{"auth":"BASE64(user:password)"}}}, or unset it.'
      : format === 'docker'
        ? remedyHint`Fix or delete the file, or log in again with ${LOGIN}.`
        : 'Fix or delete the file, or log in again with podman login / skopeo login.';
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PublishError('CREDENTIALS_INVALID', `${name} is not valid JSON`, { hint: fix, cause });
  }
  if (!isObject(json))
    throw new PublishError('CREDENTIALS_INVALID', `${name} is not a JSON object`, { hint: fix });
  const invalid = (what: string): PublishError =>
    new PublishError('CREDENTIALS_INVALID', `${name} has ${what}`, { hint: fix });
  const auths = json.auths ?? {};
  if (!isObject(auths)) throw invalid('an "auths" that is not an object');
  for (const [key, entry] of Object.entries(auths))
    if (!isObject(entry)) throw invalid(`an "auths" entry for "${key}" that is not an object`);
  const credHelpers = json.credHelpers ?? {};
  if (!isObject(credHelpers)) throw invalid('a "credHelpers" that is not an object');
  for (const [key, helper] of Object.entries(credHelpers))
    if (typeof helper !== 'string') throw invalid(`a "credHelpers" entry for "${key}" that is not a string`);
  const credsStore = json.credsStore;
  if (credsStore !== undefined && typeof credsStore !== 'string')
    throw invalid('a "credsStore" that is not a string');
  return {
    location,
    format,
    auths: auths as Record<string, AuthEntry>,
    credHelpers: credHelpers as Record<string, string>,
    // containers-auth.json(5) has no credsStore.
    ...(format === 'docker' && credsStore ? { credsStore } : {}),
  };
}

/** `text` with its first letter capitalized, for a location that starts a sentence. */
export function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
