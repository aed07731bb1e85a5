/**
 * The TLS trust material for one registry host, from the places docker, podman and skopeo users already use:
 *
 * - `caFile`: extra CA certificates (PEM), added to Node's default roots;
 * - a certs.d directory for the host: `certDir` if given (skopeo's `--cert-dir`: the directory itself), else
 *   the first `HOST[:PORT]/` that exists under the roots of containers-certs.d(5), in its order
 *   (defaultCertsDirs: the user's `$XDG_CONFIG_HOME/containers/certs.d`, `/etc/containers/certs.rootful.d`
 *   or `certs.rootless.d`, `/etc/containers/certs.d`, the same under `/usr/share/containers`, then
 *   `/etc/docker/certs.d`). In it, as docker and containers/image read it: every `*.crt` is a CA,
 *   every `*.cert` is a client certificate whose key is the `*.key` of the same name (one without the other
 *   is refused);
 * - `clientCert` / `clientKey`: a client certificate and its key (PEM), which win over the directory's.
 *
 * Every file must hold what its name says: a private key given as a CA, or a CA file with no certificate
 * in it, is refused here (TLS_FAILED naming the file) rather than later as an unexplained handshake failure.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileRefused, readCappedFileSync } from '../regular-file.js';
import { configHome, currentAccount, type Account } from '../user-dirs.js';
import { RegistryError } from './errors.js';

/**
 * The system certs.d roots in containers-certs.d(5)'s order, highest priority first: `/etc/containers`, then
 * `/usr/share/containers`, each with the root's `certs.rootful.d` or a user's `certs.rootless.d/UID` and
 * `certs.rootless.d` before its `certs.d`, and docker's `/etc/docker/certs.d` last. Without a uid (not a
 * POSIX system) only the shared directories.
 */
export function systemCertsDirs(uid: number | undefined): readonly string[] {
  const layered = (base: string): string[] => {
    const own =
      uid === undefined
        ? []
        : uid === 0
          ? [`${base}/certs.rootful.d`]
          : [`${base}/certs.rootless.d/${uid}`, `${base}/certs.rootless.d`];
    return [...own, `${base}/certs.d`];
  };
  return [...layered('/etc/containers'), ...layered('/usr/share/containers'), '/etc/docker/certs.d'];
}

/**
 * The certs.d roots podman and skopeo read, highest priority first (containers-certs.d(5)): the user's
 * `$XDG_CONFIG_HOME/containers/certs.d` (`~/.config/containers/certs.d` when XDG_CONFIG_HOME is unset; both
 * decided by ../user-dirs.ts, so a relative one never makes trust depend on the job's directory), then
 * systemCertsDirs for the account's uid.
 */
export function defaultCertsDirs(
  env: Readonly<Record<string, string | undefined>>,
  account: Account = currentAccount(),
): readonly string[] {
  const config = configHome(env, account);
  const system = systemCertsDirs(account.uid);
  return config ? [join(config, 'containers', 'certs.d'), ...system] : system;
}

/** A PEM bundle of every public root is about 220 KB; nothing legitimate comes near this. */
const PEM_FILE_LIMIT = 4 * 1024 * 1024;

export interface TrustOptions {
  readonly caFile?: string | undefined;
  /** A directory in the certs.d per-host format; replaces the system certs.d lookup. */
  readonly certDir?: string | undefined;
  readonly clientCert?: string | undefined;
  readonly clientKey?: string | undefined;
  /** Roots holding `HOST[:PORT]/` directories (default systemCertsDirs; the transport gives defaultCertsDirs). */
  readonly certsDirs?: readonly string[] | undefined;
}

export interface Trust {
  /** Extra CA certificates (PEM), empty when none is configured. */
  readonly ca: readonly string[];
  /** The files the extra CAs came from, for messages. */
  readonly caSources: readonly string[];
  readonly cert?: string;
  readonly key?: string;
  /** The client certificate's file, for messages. */
  readonly certSource?: string;
  /** The certs.d directory used, if any. */
  readonly certDir?: string;
  /** The certs.d directories looked for, in order (`cert-dir` alone when given): where a CA could go. */
  readonly hostDirs: readonly string[];
}

/** Which option named the refused file (a file found in a system certs.d directory: `certsDirs`). */
export type TrustOption = 'caFile' | 'certDir' | 'clientCert' | 'clientKey' | 'certsDirs';

/** A trust file refused before any connection: TLS_FAILED, `${label} "${path}" ${detail}`. */
export class TrustFileError extends RegistryError {
  constructor(
    readonly option: TrustOption,
    readonly path: string,
    /** What is wrong, after the path: `is not a certificate: it holds a private key`. */
    readonly detail: string,
    label: string,
    hint?: string,
    cause?: unknown,
  ) {
    super({
      code: 'TLS_FAILED',
      message: `${label} "${path}" ${detail}`,
      hint: hint ?? 'Point it at a readable PEM file (certificates end in .crt or .cert, keys in .key).',
      cause,
    });
  }
}

/** Reads the trust material for `registry` (`host[:port]` as written); TrustFileError naming a bad file. */
export function loadTrust(registry: string, options: TrustOptions): Trust {
  const ca: string[] = [];
  const caSources: string[] = [];
  if (options.caFile) {
    ca.push(readCertificates(options.caFile, 'caFile', 'The CA file'));
    caSources.push(options.caFile);
  }
  const dirOption: TrustOption = options.certDir ? 'certDir' : 'certsDirs';
  const hostDirs = options.certDir
    ? [options.certDir]
    : hostDirsOf(registry, options.certsDirs ?? systemCertsDirs(currentAccount().uid));
  const dir = options.certDir ?? hostDirs.find(isDirectory);
  let pair: { cert: string; key: string; certSource: string } | undefined;
  if (dir !== undefined) {
    const names = listDir(dir, dirOption).sort();
    for (const name of names) {
      const path = join(dir, name);
      if (name.endsWith('.crt')) {
        ca.push(readCertificates(path, dirOption, 'The CA certificate'));
        caSources.push(path);
      } else if (name.endsWith('.cert')) {
        const keyName = `${name.slice(0, -'.cert'.length)}.key`;
        if (!names.includes(keyName))
          throw new TrustFileError(
            dirOption,
            path,
            `has no key ${keyName} beside it (CA certificates must end in .crt)`,
            'The client certificate',
          );
        pair ??= readPair([path, dirOption], [join(dir, keyName), dirOption]);
      } else if (name.endsWith('.key')) {
        const certName = `${name.slice(0, -'.key'.length)}.cert`;
        if (!names.includes(certName))
          throw new TrustFileError(
            dirOption,
            path,
            `has no client certificate ${certName} beside it`,
            'The key',
          );
      }
    }
  }
  if (options.clientCert || options.clientKey) {
    if (!options.clientCert || !options.clientKey) {
      const [option, path] = options.clientCert
        ? (['clientCert', options.clientCert] as const)
        : (['clientKey', options.clientKey ?? ''] as const);
      throw new TrustFileError(
        option,
        path,
        `is given without its ${options.clientCert ? 'key' : 'certificate'}`,
        options.clientCert ? 'The client certificate' : 'The client key',
        'Give the client certificate and its private key together (both PEM).',
      );
    }
    pair = readPair([options.clientCert, 'clientCert'], [options.clientKey, 'clientKey']);
  }
  return {
    ca,
    caSources,
    ...(pair ? { cert: pair.cert, key: pair.key, certSource: pair.certSource } : {}),
    ...(dir !== undefined ? { certDir: dir } : {}),
    hostDirs,
  };
}

/** `HOST[:PORT]` as docker names the directory: the registry as written (`[::1]:5000` keeps its brackets). */
function hostDirsOf(registry: string, roots: readonly string[]): string[] {
  if (!registry || registry.includes('/') || registry.startsWith('.')) return [];
  return roots.map((root) => join(root, registry));
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false; // absent: the next root
  }
}

function listDir(dir: string, option: TrustOption): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => e.name);
  } catch (cause) {
    throw new TrustFileError(option, dir, 'cannot be read', 'The certificate directory', undefined, cause);
  }
}

/** The PEM text of a file that holds at least one certificate and nothing that is not one. */
function readCertificates(path: string, option: TrustOption, label: string): string {
  const text = readPem(path, option, label);
  const blocks = pemBlocks(text);
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  const other = blocks.find((b) => !certs.includes(b));
  if (certs.length === 0 || other) {
    const holds = other ? describeLabel(other.label) : 'no PEM certificate';
    throw new TrustFileError(
      option,
      path,
      `is not a certificate: it holds ${holds}`,
      label,
      'Give the CA certificate (PEM, -----BEGIN CERTIFICATE-----), not a key or request.',
    );
  }
  for (const block of certs) {
    try {
      new X509Certificate(block.text);
    } catch (cause) {
      throw new TrustFileError(
        option,
        path,
        'is not a certificate: a CERTIFICATE block does not parse',
        label,
        undefined,
        cause,
      );
    }
  }
  return certs.map((b) => b.text).join('\n');
}

function readPair(
  [certPath, certOption]: readonly [string, TrustOption],
  [keyPath, keyOption]: readonly [string, TrustOption],
): { cert: string; key: string; certSource: string } {
  const cert = readPem(certPath, certOption, 'The client certificate');
  const certBlocks = pemBlocks(cert).filter((b) => b.label === 'CERTIFICATE');
  if (certBlocks.length === 0)
    throw new TrustFileError(
      certOption,
      certPath,
      `is not a certificate: it holds ${describeLabel(pemBlocks(cert)[0]?.label)}`,
      'The client certificate',
    );
  const key = readPem(keyPath, keyOption, 'The client key');
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (cause) {
    throw new TrustFileError(
      keyOption,
      keyPath,
      `is not a private key: it holds ${describeLabel(pemBlocks(key)[0]?.label)}`,
      'The client key',
      'Give the unencrypted private key (PEM) of the client certificate.',
      cause,
    );
  }
  const leaf = new X509Certificate(certBlocks[0]?.text ?? '');
  if (!leaf.checkPrivateKey(privateKey))
    throw new TrustFileError(
      keyOption,
      keyPath,
      `does not belong to the client certificate "${certPath}"`,
      'The client key',
      'Give the private key the client certificate was issued for.',
    );
  return { cert, key, certSource: certPath };
}

function readPem(path: string, option: TrustOption, label: string): string {
  try {
    return readCappedFileSync(path, PEM_FILE_LIMIT).toString('utf8');
  } catch (cause) {
    const why = cause instanceof FileRefused ? `: it ${cause.detail}` : '';
    throw new TrustFileError(option, path, `cannot be read${why}`, label, undefined, cause);
  }
}

interface PemBlock {
  readonly label: string;
  readonly text: string;
}

function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const pattern = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (const match of text.matchAll(pattern)) out.push({ label: match[1] ?? '', text: match[0] });
  return out;
}

function describeLabel(label: string | undefined): string {
  if (label === undefined) return 'no PEM block';
  if (label.includes('PRIVATE KEY')) return 'a private key';
  if (label.includes('PUBLIC KEY')) return 'a public key';
  if (label.includes('CERTIFICATE REQUEST')) return 'a certificate request';
  return `a PEM "${label}" block`;
}
