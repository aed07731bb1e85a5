/**
 * The user's directories, decided one way for every reader of per-user files: the Docker config
 * (credentials, engine contexts and TLS files), containers' auth.json and certs.d.
 *
 * - home: `HOME` when it is an absolute path, else the account's home directory from the password
 *   database. Not `os.homedir()`: it returns `HOME` whatever it holds, and a relative `HOME` would make
 *   what we read (and trust) depend on the directory the job runs in.
 * - `XDG_CONFIG_HOME` and `XDG_RUNTIME_DIR` count only when absolute (the XDG Base Directory rule: a
 *   relative one is invalid and ignored); the config home is then `home/.config`.
 * - `DOCKER_CONFIG` is an explicit path and is taken as given, as the docker CLI does.
 */
import { isAbsolute, join } from 'node:path';
import { userInfo } from 'node:os';

type Env = Readonly<Record<string, string | undefined>>;

/** Who runs: the uid (rootful or rootless, per-uid paths) and the password database's home directory. */
export interface Account {
  readonly uid: number | undefined;
  readonly home: string | undefined;
}

/** The account of this process; `home` is undefined where the uid has no password entry (a bare container). */
export function currentAccount(): Account {
  const uid = process.getuid?.();
  try {
    return { uid, home: userInfo().homedir || undefined };
  } catch {
    return { uid, home: undefined };
  }
}

const absolute = (path: string | undefined): string | undefined =>
  path && isAbsolute(path) ? path : undefined;

/** The home directory, or undefined when there is none (no absolute HOME and no usable account entry). */
export function homeDir(env: Env, account: Account = currentAccount()): string | undefined {
  return absolute(env.HOME) ?? absolute(account.home);
}

/** `$XDG_CONFIG_HOME`, else `home/.config`. */
export function configHome(env: Env, account: Account = currentAccount()): string | undefined {
  const home = homeDir(env, account);
  return absolute(env.XDG_CONFIG_HOME) ?? (home ? join(home, '.config') : undefined);
}

/** `$XDG_RUNTIME_DIR`, when set to an absolute path. */
export function runtimeDir(env: Env): string | undefined {
  return absolute(env.XDG_RUNTIME_DIR);
}

/** The Docker config directory: `$DOCKER_CONFIG`, else `home/.docker` (docker/cli `config.Dir()`). */
export function dockerConfigDir(env: Env, account: Account = currentAccount()): string | undefined {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  const home = homeDir(env, account);
  return home ? join(home, '.docker') : undefined;
}
