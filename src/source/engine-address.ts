/**
 * Where the Docker engine is, as the docker CLI decides it: DOCKER_HOST (unix:// or tcp://, with
 * DOCKER_TLS_VERIFY/DOCKER_CERT_PATH for TLS), else the default socket.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PublishError } from '../errors.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls?: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer };
    };

export interface EngineAddress {
  readonly endpoint: EngineEndpoint;
  /** For messages: `unix:///var/run/docker.sock (DOCKER_HOST unset)`. */
  readonly display: string;
}

/** The engine DOCKER_HOST names (unix:// or tcp://, with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH for TLS). */
export function engineAddress(env: Readonly<Record<string, string | undefined>>): EngineAddress {
  const host = env.DOCKER_HOST?.trim();
  if (!host) {
    return {
      endpoint: { kind: 'unix', socketPath: DEFAULT_SOCKET },
      display: `unix://${DEFAULT_SOCKET} (DOCKER_HOST is not set)`,
    };
  }
  const display = `${host} (from DOCKER_HOST)`;
  if (host.startsWith('unix://') || host.startsWith('unix:')) {
    const socketPath = host.replace(/^unix:(\/\/)?/, '');
    if (socketPath === '') throw engineUnavailable(display, 'DOCKER_HOST names no socket path');
    return { endpoint: { kind: 'unix', socketPath }, display };
  }
  const tcp = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (tcp) {
    const useTls = tcp[1] === 'https' || (env.DOCKER_TLS_VERIFY ?? '') !== '';
    const port = tcp[3] ? Number(tcp[3]) : useTls ? 2376 : 2375;
    const hostname = (tcp[2] as string).replace(/^\[|\]$/g, '');
    if (!useTls) return { endpoint: { kind: 'tcp', host: hostname, port }, display };
    const certPath = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
    try {
      const tls = {
        ca: readFileSync(join(certPath, 'ca.pem')),
        cert: readFileSync(join(certPath, 'cert.pem')),
        key: readFileSync(join(certPath, 'key.pem')),
      };
      return { endpoint: { kind: 'tcp', host: hostname, port, tls }, display };
    } catch (err) {
      throw engineUnavailable(
        display,
        `the TLS files ca.pem, cert.pem and key.pem cannot be read from ${certPath} (${(err as Error).message})`,
        'Set DOCKER_CERT_PATH to the directory holding the client certificates, or unset DOCKER_TLS_VERIFY.',
      );
    }
  }
  throw new PublishError('ENGINE_UNAVAILABLE', `DOCKER_HOST=${host} is not a unix:// or tcp:// address`, {
    hint: 'ssh:// and npipe:// engines are not supported; save the image (docker save -o app.tar IMAGE) and use docker-archive:app.tar.',
  });
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
