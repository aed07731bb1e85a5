import { PublishError } from '../errors.js';
import type { Logger } from '../log.js';
import type { SecretRegistry } from '../secrets.js';
import { createRegistryClient, type RegistryClientOptions } from '../registry/client.js';
import { findCredentials } from '../registry/credentials.js';
import { DEFAULT_TIMEOUT_MS } from '../registry/transport.js';
import { describeCredentialSource, describeDebugEvent } from '../registry/debug-events.js';
import type { RegistryClient, RegistryEvents } from '../registry/types.js';

export interface ConnectOptions {
  readonly apiHost: string;
  /** The repository the credentials are for (auth.json may scope them to a namespace). */
  readonly repository?: string | undefined;
  /** Explicit username/password for this host; otherwise the Docker config decides. */
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly insecure: boolean;
  readonly caFile?: string | undefined;
  readonly certDir?: string | undefined;
  readonly clientCert?: string | undefined;
  readonly clientKey?: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborts every request in flight and a credential helper still running (the run's hard deadline). */
  readonly signal?: AbortSignal | undefined;
  readonly secrets: SecretRegistry;
  readonly log: Logger;
  readonly onRequest?: RegistryEvents['onRequest'];
  readonly createClient?: (options: RegistryClientOptions) => RegistryClient;
}

/** A client for one registry host, with credentials resolved and every secret registered for masking. */
export async function connectRegistry(options: ConnectOptions): Promise<RegistryClient> {
  const { apiHost, secrets, log } = options;
  const timeoutMs = parseRequestTimeout(options.env.REGISTRY_PUBLISH_TIMEOUT_MS);
  const explicit = options.username ? { username: options.username, password: options.password ?? '' } : {};
  const { credentials, source } = await findCredentials(apiHost, explicit, options.env, {
    ...(options.repository ? { repository: options.repository } : {}),
    redact: (text) => secrets.redact(text),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  log.debug(describeCredentialSource(apiHost, source, credentials));
  if (credentials.kind === 'basic') secrets.add(credentials.password);
  if (credentials.kind === 'identity-token' || credentials.kind === 'registry-token')
    secrets.add(credentials.token);
  const create = options.createClient ?? createRegistryClient;
  return create({
    ...(timeoutMs ? { timeoutMs } : {}),
    registry: apiHost,
    credentials,
    insecure: options.insecure,
    ...(options.caFile ? { caFile: options.caFile } : {}),
    ...(options.certDir ? { certDir: options.certDir } : {}),
    ...(options.clientCert ? { clientCert: options.clientCert } : {}),
    ...(options.clientKey ? { clientKey: options.clientKey } : {}),
    env: options.env,
    ...(options.signal ? { signal: options.signal } : {}),
    events: {
      onSecret: (value) => secrets.add(value),
      onWarning: (message) => log.warning(`${apiHost}: ${secrets.redact(message)}`),
      onDebug: (event) => log.debug(secrets.redact(describeDebugEvent(event))),
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    },
  });
}

/**
 * `REGISTRY_PUBLISH_TIMEOUT_MS`: how long one registry request may go without progress (the transport's
 * idle timeouts, default 60 s), for slow or stalling registries. A separate setting from the run's
 * `timeout` (settings.ts), the whole run's deadline: a 2-hour run still cuts a request silent for a minute.
 * Read here, where both publish and `ls` connect, before any credential lookup or request.
 */
function parseRequestTimeout(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Number(value);
  if (!Number.isSafeInteger(ms) || ms < 100) {
    throw new PublishError(
      'INPUT_INVALID',
      `REGISTRY_PUBLISH_TIMEOUT_MS must be a whole number of milliseconds (at least 100); got "${value}"`,
      {
        hint: `Unset it for the default of ${DEFAULT_TIMEOUT_MS}, or set e.g. REGISTRY_PUBLISH_TIMEOUT_MS=120000.`,
      },
    );
  }
  return ms;
}
