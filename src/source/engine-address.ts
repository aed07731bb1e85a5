/**
 * Where the Docker engine is, as the docker CLI decides it: DOCKER_HOST (unix://, tcp:// with
 * DOCKER_TLS_VERIFY/DOCKER_CERT_PATH for TLS, ssh://), a docker context, else the default socket.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishError } from '../errors.js';
import { dockerConfigDir } from '../user-dirs.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls?: {
        readonly ca?: Buffer;
        readonly cert?: Buffer;
        readonly key?: Buffer;
        readonly rejectUnauthorized: boolean;
      };
    }
  /** Reached through the docker CLI with these global arguments (`--host ssh://…` or `--context NAME`). */
  | { readonly kind: 'cli'; readonly args: readonly string[] };

export interface EngineAddress {
  readonly endpoint: EngineEndpoint;
  /** For messages: `unix:///var/run/docker.sock (DOCKER_HOST unset)`. */
  readonly display: string;
}

/**
 * The engine the docker CLI would use: DOCKER_HOST, else DOCKER_CONTEXT, else the current context of the
 * Docker config (DOCKER_CONFIG or ~/.docker), else the default socket. A context's endpoint and TLS material
 * live under contexts/meta/<sha256(name)>/meta.json and contexts/tls/<sha256(name)>/docker/.
 */
export function engineAddress(env: Readonly<Record<string, string | undefined>>): EngineAddress {
  const host = env.DOCKER_HOST?.trim();
  if (host) return hostAddress(host, `${host} (from DOCKER_HOST)`, 'DOCKER_HOST', tlsFromEnv(env));
  const configDir = dockerConfigDir(env);
  const fromEnv = env.DOCKER_CONTEXT?.trim();
  const name = fromEnv || (configDir ? currentContext(configDir) : undefined);
  if (name && name !== 'default') {
    if (!configDir)
      throw engineUnavailable(
        `the context ${name}`,
        'there is no Docker config directory to read it from (no DOCKER_CONFIG, no home directory)',
        'Set DOCKER_CONFIG (or HOME) to the directory holding the docker contexts, or set DOCKER_HOST.',
      );
    const source = fromEnv ? 'DOCKER_CONTEXT' : `the current context in ${join(configDir, 'config.json')}`;
    return contextAddress(configDir, name, source);
  }
  return {
    endpoint: { kind: 'unix', socketPath: DEFAULT_SOCKET },
    display: `unix://${DEFAULT_SOCKET} (DOCKER_HOST is not set)`,
  };
}

type TlsChoice =
  { readonly dir: string | undefined; readonly verify: boolean; readonly source: string } | undefined;

function tlsFromEnv(env: Readonly<Record<string, string | undefined>>): (useTls: boolean) => TlsChoice {
  return (useTls) =>
    useTls || (env.DOCKER_TLS_VERIFY ?? '') !== ''
      ? { dir: env.DOCKER_CERT_PATH || dockerConfigDir(env), verify: true, source: 'DOCKER_CERT_PATH' }
      : undefined;
}

function hostAddress(
  host: string,
  display: string,
  origin: string,
  tlsFor: (https: boolean) => TlsChoice,
  contextName?: string,
): EngineAddress {
  if (host.startsWith('unix://') || host.startsWith('unix:')) {
    const socketPath = host.replace(/^unix:(\/\/)?/, '');
    if (socketPath === '') throw engineUnavailable(display, `${origin} names no socket path`);
    return { endpoint: { kind: 'unix', socketPath }, display };
  }
  // The native client speaks no ssh: the docker CLI reaches such an engine (engine-cli.ts).
  if (host.startsWith('ssh://')) {
    const args = contextName ? ['--context', contextName] : ['--host', host];
    return { endpoint: { kind: 'cli', args }, display };
  }
  const tcp = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (tcp) {
    const choice = tlsFor(tcp[1] === 'https');
    const port = tcp[3] ? Number(tcp[3]) : choice ? 2376 : 2375;
    const hostname = (tcp[2] as string).replace(/^\[|\]$/g, '');
    if (!choice) return { endpoint: { kind: 'tcp', host: hostname, port }, display };
    const dir = choice.dir;
    if (dir === undefined)
      throw engineUnavailable(
        display,
        'no directory holds its TLS files (no DOCKER_CERT_PATH, DOCKER_CONFIG or home directory)',
        'Set DOCKER_CERT_PATH to the directory holding the client certificates, or unset DOCKER_TLS_VERIFY.',
      );
    try {
      const read = (file: string): Buffer | undefined => {
        try {
          return readFileSync(join(dir, file));
        } catch (err) {
          if (!choice.verify && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw err;
        }
      };
      const [ca, cert, key] = [read('ca.pem'), read('cert.pem'), read('key.pem')];
      const tls = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
      return {
        endpoint: { kind: 'tcp', host: hostname, port, tls: { ...tls, rejectUnauthorized: choice.verify } },
        display,
      };
    } catch (err) {
      throw engineUnavailable(
        display,
        `the TLS files ca.pem, cert.pem and key.pem cannot be read from ${dir} (${(err as Error).message})`,
        choice.source === 'DOCKER_CERT_PATH'
          ? 'Set DOCKER_CERT_PATH to the directory holding the client certificates, or unset DOCKER_TLS_VERIFY.'
          : 'Recreate the context with its TLS files (docker context create … --docker host=…,ca=…,cert=…,key=…).',
      );
    }
  }
  throw new PublishError(
    'ENGINE_UNAVAILABLE',
    `${origin} names ${host}, which is not a unix://, tcp:// or ssh:// address`,
    {
      hint: 'npipe:// engines are not supported; save the image (docker save -o app.tar IMAGE) and use docker-archive:app.tar.',
    },
  );
}

function currentContext(configDir: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(join(configDir, 'config.json'), 'utf8');
  } catch {
    return undefined; // no config: the default engine, as for the docker CLI
  }
  try {
    const name = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}

function contextAddress(configDir: string, name: string, source: string): EngineAddress {
  const id = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  let endpoint: { Host?: unknown; SkipTLSVerify?: unknown } | undefined;
  try {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as {
      Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
    };
    endpoint = meta.Endpoints?.docker;
  } catch (err) {
    throw new PublishError(
      'ENGINE_UNAVAILABLE',
      `The docker context ${JSON.stringify(name)} (from ${source}) cannot be read: ${metaPath} (${(err as Error).message})`,
      {
        hint: 'List the contexts with docker context ls and choose one with docker context use, or set DOCKER_HOST.',
      },
    );
  }
  const host = typeof endpoint?.Host === 'string' ? endpoint.Host : '';
  const display = `${host || '?'} (docker context ${name}, from ${source})`;
  if (host === '') throw engineUnavailable(display, 'the context names no docker endpoint');
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const hasTls = ['ca.pem', 'cert.pem', 'key.pem'].some((f) => existsSync(join(tlsDir, f)));
  return hostAddress(
    host,
    display,
    `The docker context ${JSON.stringify(name)}`,
    (https) =>
      hasTls || https
        ? { dir: tlsDir, verify: endpoint?.SkipTLSVerify !== true, source: 'context' }
        : undefined,
    name,
  );
}

export function engineUnavailable(
  display: string,
  what: string,
  hint?: string,
  cause?: unknown,
): PublishError {
  return new PublishError('ENGINE_UNAVAILABLE', `Cannot reach the Docker engine at ${display}: ${what}`, {
    hint: hint ?? 'Start Docker (or set DOCKER_HOST to the socket of a running engine), then run again.',
    cause,
  });
}
