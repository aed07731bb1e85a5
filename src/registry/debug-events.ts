/**
 * Debug events: what the client did and why, for the debug output (the CLI's `--debug`, the action's
 * step debug logging). The registry layer emits them structured (RegistryEvents.onDebug); this file words
 * them, once, for every adapter. No event carries a secret: no Authorization value, no token, no password,
 * and URLs without their query (upload `_state` and presigned signatures are secrets).
 */
import type { CredentialSource } from './credentials.js';
import type { Credentials } from './types.js';
import { formatSeconds } from '../domain/duration.js';

export type DebugEvent =
  | {
      readonly kind: 'request';
      readonly method: string;
      /** host + path, query replaced by `?…` (redactUrl). */
      readonly url: string;
      /** The status, or the network error's code when no answer came. */
      readonly outcome: number | string;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'retry';
      /** The attempt that failed (1-based) and the attempts allowed. */
      readonly attempt: number;
      readonly attempts: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'challenge';
      readonly registry: string;
      readonly scheme: string;
      readonly params: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'token-request';
      readonly method: 'GET' | 'POST';
      /** The realm without its query. */
      readonly realm: string;
      readonly service: string | undefined;
      readonly scopes: readonly string[];
      /** How the client identifies itself: `anonymous`, `basic as alice`, `grant_type=refresh_token`… */
      readonly identity: string;
    }
  | {
      readonly kind: 'token-granted';
      readonly realm: string;
      readonly requested: readonly string[];
      /** What the answer says it grants (`scope`, or the JWT's `access` claim); undefined when it says nothing. */
      readonly granted: readonly string[] | undefined;
      readonly expiresInS: number;
    };

export function describeDebugEvent(event: DebugEvent): string {
  switch (event.kind) {
    case 'request':
      return `HTTP ${event.method} ${event.url} → ${event.outcome} (${Math.round(event.durationMs)} ms)`;
    case 'retry':
      return `retry after attempt ${event.attempt} of ${event.attempts}, in ${formatSeconds(event.delayMs)}: ${event.reason}`;
    case 'challenge': {
      const params = Object.entries(event.params)
        .map(([name, value]) => `${name}="${value}"`)
        .join(' ');
      return `auth challenge from ${event.registry}: ${event.scheme}${params ? ` ${params}` : ''}`;
    }
    case 'token-request':
      return `token request: ${event.method} ${event.realm} service=${event.service ?? '(none)'} scopes=${listOf(event.scopes)} ${event.identity}`;
    case 'token-granted':
      return `token granted by ${event.realm}: ${event.granted ? listOf(event.granted) : '(scopes not stated)'} (requested ${listOf(event.requested)}), expires in ${event.expiresInS} s`;
  }
}

/** Which credential the client uses for `registry` and where it came from (never the secret). */
export function describeCredentialSource(
  registry: string,
  source: CredentialSource,
  credentials: Credentials,
): string {
  const what = describeKind(credentials);
  switch (source.kind) {
    case 'explicit':
      return `credentials for ${registry}: the username and password given (${what})`;
    case 'config-entry':
      return `credentials for ${registry}: auths["${source.key}"] in ${source.file} (${what})`;
    case 'helper':
      return `credentials for ${registry}: docker-credential-${source.helper}, from ${source.key !== undefined ? `credHelpers["${source.key}"]` : 'credsStore'} in ${source.file} (${what})`;
    case 'none':
      return `credentials for ${registry}: anonymous (${source.read.length > 0 ? `no entry for ${registry} in ${source.read.join(', ')}` : `no Docker config or auth.json: none of ${source.missing.join(', ')} exists`})`;
  }
}

function describeKind(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'basic':
      return `basic, user ${credentials.username}`;
    case 'identity-token':
      return `identity token${credentials.username ? `, user ${credentials.username}` : ''}`;
    case 'registry-token':
      return 'registry token';
  }
}

function listOf(scopes: readonly string[]): string {
  return scopes.length > 0 ? scopes.join(' ') : '(none)';
}
