/**
 * Authentication for one registry host, reactive: the first request goes out as it is; a 401 carries the
 * challenge, which is cached for the host (docs/registry-quirks.md#q27-gcr-missing-challenge: gcr.io may
 * later answer 401 without `WWW-Authenticate`), the credential is exchanged, and the request is retried once.
 *
 * - Basic challenge: `Authorization: Basic` on every request from then on.
 * - Bearer challenge: a token from the realm for the whole declared scope set, push scopes first
 *   (docs/registry-quirks.md#q10-token-scopes), cached per scope set and renewed before `expires_in` runs out
 *   (min 60 s) and again on a 401 mid-run (docs/registry-quirks.md#q23-token-expiry).
 *   - GET `realm?service=…&scope=…&scope=…` with Basic credentials if any (the default,
 *     docs/registry-quirks.md#q24-oauth-post-broken).
 *   - OAuth2 POST (`grant_type=refresh_token`, `client_id=registry-publish`, space-separated `scope`) for
 *     identity tokens (Docker config `identitytoken`, ACR's zero-GUID user —
 *     docs/registry-quirks.md#q25-acr-identity-token) and for refresh tokens the server handed out, falling
 *     back to GET on 400/401/404/405 (docs/registry-quirks.md#q24-oauth-post-broken).
 *   - `grant_type=password` POST only when the token endpoint refuses GET with 405.
 *   - `token` or `access_token` are accepted.
 * - A pre-issued registry token (`registrytoken`) is sent as `Bearer` on every request.
 * GHCR rejects Basic on API calls (docs/registry-quirks.md#q26-ghcr-no-basic); it challenges Bearer, so the
 * exchange above handles it.
 */
import { parseWwwAuthenticate, pickChallenge, type Challenge } from './challenge.js';
import { CREDENTIALS, LOGIN, remedyHint } from '../errors.js';
import { RegistryError, errorFromResponse, hintFor, parseErrorBody, redactUrl } from './errors.js';
import { hostnameOf, isLoopbackHost, isPrivateHost } from './location.js';
import { withRetry, type ResolvedRetryPolicy } from './retry.js';
import { readBody, readText } from './response-body.js';
import type { SendResponse, Transport } from './transport.js';
import type { Credentials, RegistryEvents } from './types.js';

export const CLIENT_ID = 'registry-publish';
/** Token lifetime when the server says nothing, and the floor (distribution token spec). */
export const MIN_TOKEN_LIFETIME_S = 60;

export type Action = 'pull' | 'push';

export interface ScopeRequest {
  readonly repository: string;
  readonly actions: readonly Action[];
}

interface CachedToken {
  readonly token: string;
  /** Local clock, ms. */
  readonly expiresAt: number;
  readonly renewAt: number;
}

export interface AuthenticatorOptions {
  readonly transport: Transport;
  readonly credentials: Credentials;
  readonly events?: RegistryEvents | undefined;
  readonly retry: ResolvedRetryPolicy;
  readonly now: () => number;
  /** Called with every secret obtained, for masking and for scrubbing messages. */
  readonly secret: (value: string) => void;
}

export class Authenticator {
  private challenge: Challenge | undefined;
  /** Declared repositories and actions, in declaration order. */
  private readonly declared = new Map<string, Set<Action>>();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  private refreshToken: string | undefined;

  constructor(private readonly options: AuthenticatorOptions) {}

  declare(repository: string, actions: readonly Action[]): void {
    const set = this.declared.get(repository) ?? new Set<Action>();
    for (const action of actions) set.add(action);
    if (set.has('push')) set.add('pull');
    this.declared.set(repository, set);
  }

  /**
   * The scope strings for a request: every declared scope, merged with what the request needs; push scopes
   * first (docs/registry-quirks.md#q10-token-scopes: "a few registries just look at the first scope"), then
   * pull-only scopes.
   */
  scopesFor(needs: readonly ScopeRequest[]): string[] {
    for (const need of needs) this.declare(need.repository, need.actions);
    const entries = [...this.declared.entries()];
    const push = entries.filter(([, a]) => a.has('push'));
    const pull = entries.filter(([, a]) => !a.has('push'));
    return [...push, ...pull].map(([repo, actions]) => `repository:${repo}:${[...actions].sort().join(',')}`);
  }

  /** The Authorization value for a request on the registry host, or undefined (anonymous). */
  async authorization(
    needs: readonly ScopeRequest[],
    extraScopes: readonly string[] = [],
  ): Promise<string | undefined> {
    const { credentials } = this.options;
    if (credentials.kind === 'registry-token') return `Bearer ${credentials.token}`;
    const challenge = this.challenge;
    if (!challenge) return undefined; // reactive: no ping before the first real request
    // docs/registry-quirks.md#q26-ghcr-no-basic: Basic goes out only after a Basic challenge; GHCR challenges
    // Bearer and rejects Basic on API calls.
    if (challenge.scheme === 'basic') return this.basicHeader();
    if (challenge.scheme !== 'bearer') return undefined;
    const scopes = mergeScopes(this.scopesFor(needs), extraScopes);
    const token = await this.token(challenge, scopes, false);
    return `Bearer ${token.token}`;
  }

  /**
   * Handles a 401: learns the challenge (or reuses the cached one), fetches a fresh token. Returns the extra
   * scopes the challenge asked for, or undefined when retrying cannot help (no credentials for Basic, a
   * pre-issued token, an unknown scheme).
   */
  async onUnauthorized(
    res: SendResponse,
    needs: readonly ScopeRequest[],
    sentAuthorization = true,
  ): Promise<string[] | undefined> {
    const { credentials } = this.options;
    if (credentials.kind === 'registry-token') return undefined;
    // docs/registry-quirks.md#q27-gcr-missing-challenge: a 401 without WWW-Authenticate (gcr.io) reuses the
    // challenge cached for this host.
    const offered = pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
    const challenge = offered ?? this.challenge;
    if (!challenge) return undefined;
    this.challenge = challenge;
    this.options.events?.onDebug?.({
      kind: 'challenge',
      registry: this.options.transport.registry,
      scheme: offered ? challenge.scheme : `${challenge.scheme} (none sent; the one cached)`,
      params: challenge.params,
    });
    if (challenge.scheme === 'basic') return this.basicHeader() !== undefined ? [] : undefined;
    if (challenge.scheme !== 'bearer') return undefined;
    // A scope named by the challenge (insufficient_scope) is added to the request's set.
    const extra = (challenge.params.scope ?? '').split(' ').filter((s) => s !== '');
    const scopes = mergeScopes(this.scopesFor(needs), extra);
    // A request sent before any challenge was known (a read alongside the first) takes the token the
    // first one fetched meanwhile; a token the registry refused is fetched afresh.
    await this.token(challenge, scopes, sentAuthorization);
    return extra;
  }

  /** Whether a Bearer challenge said the token lacks scope (as opposed to invalid credentials). */
  static insufficientScope(res: SendResponse): boolean {
    const challenge = pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
    return challenge?.params.error === 'insufficient_scope';
  }

  get anonymous(): boolean {
    return this.options.credentials.kind === 'anonymous';
  }

  private basicHeader(): string | undefined {
    const c = this.options.credentials;
    if (c.kind === 'basic') return basic(c.username, c.password, this.options.secret);
    if (c.kind === 'identity-token') return basic(c.username, c.token, this.options.secret);
    return undefined;
  }

  private async token(challenge: Challenge, scopes: readonly string[], force: boolean): Promise<CachedToken> {
    const key = `${challenge.params.realm ?? ''} ${challenge.params.service ?? ''} ${scopes.join(' ')}`;
    const now = this.options.now();
    const cached = this.tokens.get(key);
    if (!force && cached && now < cached.renewAt) return cached;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const promise = this.fetchToken(challenge, scopes).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    const token = await promise;
    this.tokens.set(key, token);
    return token;
  }

  private async fetchToken(challenge: Challenge, scopes: readonly string[]): Promise<CachedToken> {
    const { transport, credentials } = this.options;
    const realmText = challenge.params.realm;
    const where = transport.registry;
    let realm: URL;
    try {
      realm = new URL(realmText ?? '');
    } catch {
      throw new RegistryError({
        code: 'AUTH_FAILED',
        message: `Authentication with ${where} failed: the Bearer challenge has no valid realm`,
        hint: 'The registry sent a malformed WWW-Authenticate header; report it to the registry operator.',
      });
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new RegistryError({
        code: 'AUTH_FAILED',
        message: `Authentication with ${where} failed: the token realm uses ${realm.protocol}, not http(s)`,
      });
    }
    // The realm passes the redirect guard: a public registry cannot aim the runner at an internal address.
    if (
      !transport.isRegistryUrl(realm) &&
      isPrivateHost(realm.host) &&
      !isPrivateHost(where) &&
      !transport.insecure
    ) {
      throw new RegistryError({
        code: 'AUTH_FAILED',
        message: `Authentication with ${where} refused: the token realm is the private address ${realm.host}`,
        hint: 'A public registry must not name an internal token service; report it to the registry operator.',
      });
    }
    const hasSecret = credentials.kind !== 'anonymous';
    // Credentials cross plain HTTP only to the registry's own machine, and only when the registry itself is
    // spoken to over plain HTTP: an https registry never downgrades them.
    if (realm.protocol === 'http:' && hasSecret && !plainRealmAllowed(realm, transport)) {
      throw new RegistryError({
        code: 'INSECURE_REFUSED',
        message: `Authentication with ${where} refused: the token realm ${realm.host} is plain HTTP and would receive the credentials`,
        hint: 'Configure the registry token service on https.',
      });
    }
    const service = challenge.params.service;
    const refresh = credentials.kind === 'identity-token' ? credentials.token : this.refreshToken;
    if (refresh !== undefined) {
      const viaPost = await this.postToken(realm, service, scopes, {
        grant_type: 'refresh_token',
        refresh_token: refresh,
      });
      if (viaPost) return viaPost;
    }
    const got = await this.getToken(realm, service, scopes);
    if (got !== 'method-not-allowed') return got;
    if (credentials.kind === 'basic') {
      const viaPassword = await this.postToken(realm, service, scopes, {
        grant_type: 'password',
        username: credentials.username,
        password: credentials.password,
      });
      if (viaPassword) return viaPassword;
    }
    throw new RegistryError({
      code: 'AUTH_FAILED',
      message: `GET token on ${realm.host} for ${where} failed (405 Method Not Allowed)`,
      hint: 'The token service accepts neither GET nor the OAuth2 POST; report it to the registry operator.',
    });
  }

  /**
   * OAuth2 POST; undefined means "fall back to GET" (400/401/404/405,
   * docs/registry-quirks.md#q24-oauth-post-broken).
   */
  private async postToken(
    realm: URL,
    service: string | undefined,
    scopes: readonly string[],
    grant: Record<string, string>,
  ): Promise<CachedToken | undefined> {
    const form = new URLSearchParams({ ...grant, client_id: CLIENT_ID });
    if (service !== undefined) form.set('service', service);
    // docs/registry-quirks.md#q10-token-scopes: POST takes one space-separated scope field.
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    if (grant.grant_type === 'password') form.set('access_type', 'offline');
    const body = form.toString();
    this.debugTokenRequest('POST', realm, service, scopes, `grant_type=${grant.grant_type ?? ''}`);
    const { res, text } = await this.tokenRequest('POST', realm, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    if ([400, 401, 404, 405].includes(res.status)) return undefined;
    return this.readToken(res, text, 'POST', realm, scopes);
  }

  private async getToken(
    realm: URL,
    service: string | undefined,
    scopes: readonly string[],
  ): Promise<CachedToken | 'method-not-allowed'> {
    const { credentials } = this.options;
    const url = new URL(realm.href);
    if (service !== undefined) url.searchParams.set('service', service);
    // docs/registry-quirks.md#q10-token-scopes: GET takes repeated scope parameters.
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = {};
    if (credentials.kind === 'basic') {
      url.searchParams.set('account', credentials.username);
      headers.authorization = basic(credentials.username, credentials.password, this.options.secret);
    } else if (credentials.kind === 'identity-token') {
      headers.authorization = basic(credentials.username, credentials.token, this.options.secret);
    }
    this.debugTokenRequest(
      'GET',
      realm,
      service,
      scopes,
      credentials.kind === 'basic'
        ? `with basic credentials of ${credentials.username}`
        : credentials.kind === 'identity-token'
          ? 'with the identity token as basic credentials'
          : 'anonymous',
    );
    const { res, text } = await this.tokenRequest('GET', url, { headers });
    if (res.status === 405) return 'method-not-allowed';
    return this.readToken(res, text, 'GET', realm, scopes);
  }

  private debugTokenRequest(
    method: 'GET' | 'POST',
    realm: URL,
    service: string | undefined,
    scopes: readonly string[],
    identity: string,
  ): void {
    this.options.events?.onDebug?.({
      kind: 'token-request',
      method,
      realm: redactUrl(realm),
      service,
      scopes,
      identity,
    });
  }

  private async tokenRequest(
    method: 'GET' | 'POST',
    url: URL,
    init: { headers: Record<string, string>; body?: string },
  ): Promise<{ res: SendResponse; text: string }> {
    const { transport } = this.options;
    const { authorization, ...headers } = init.headers;
    const operation = `${method} token`;
    return withRetry(this.options.retry, async () => {
      // The token endpoint is usually another host; send the credentials explicitly to the realm only.
      const res = await transport.send({
        method,
        url,
        headers,
        authorization,
        authorizationHost: url.host,
        body: init.body !== undefined ? async () => init.body ?? '' : undefined,
        operation,
        where: url.host,
        followRedirects: method === 'GET',
      });
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        const text = await readText(res);
        throw errorFromResponse({
          operation,
          where: `${url.host} for ${transport.registry}`,
          registry: transport.registry,
          method,
          url,
          status: res.status,
          diagnostics: this.quotable(url) ? parseErrorBody(text) : [],
        });
      }
      // Read inside the retry: a token answer cut off mid-body is fetched again, not parsed in halves.
      const text = await readBody(res, `${operation} on ${url.host} for ${transport.registry}`, 1024 * 1024);
      return { res, text };
    });
  }

  /** An internal address's answer (reachable only with insecure) is never quoted for a public registry. */
  private quotable(url: URL): boolean {
    const { transport } = this.options;
    return transport.isRegistryUrl(url) || !isPrivateHost(url.host) || isPrivateHost(transport.registry);
  }

  private async readToken(
    res: SendResponse,
    text: string,
    method: string,
    realm: URL,
    scopes: readonly string[],
  ): Promise<CachedToken> {
    const registry = this.options.transport.registry;
    if (res.status !== 200) {
      const diagnostics = this.quotable(realm) ? parseErrorBody(text) : [];
      const forbidden = res.status === 403;
      const code = forbidden ? 'AUTH_FORBIDDEN' : 'AUTH_FAILED';
      const first = diagnostics[0];
      const reason = `${res.status}${first ? `${first.code === 'UNKNOWN' ? '' : ` ${first.code}`}: ${first.message}` : ''}`;
      throw new RegistryError({
        code,
        message: `${method} token on ${realm.host} for ${registry} ${forbidden ? 'denied' : 'refused the credentials'} (${reason})`,
        hint: this.anonymous
          ? remedyHint`The registry needs credentials: use ${CREDENTIALS}, or log in with ${LOGIN} first.`
          : hintFor(code, registry, res.status),
        status: res.status,
        method,
        url: redactUrl(realm),
        diagnostics,
      });
    }
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new RegistryError({
        code: 'AUTH_FAILED',
        message: `${method} token on ${realm.host} for ${registry} failed (the answer is not JSON)`,
        method,
        url: redactUrl(realm),
      });
    }
    const token =
      typeof json.token === 'string' && json.token
        ? json.token
        : typeof json.access_token === 'string'
          ? json.access_token
          : '';
    if (!token) {
      throw new RegistryError({
        code: 'AUTH_FAILED',
        message: `${method} token on ${realm.host} for ${registry} failed (the answer has neither "token" nor "access_token")`,
        method,
        url: redactUrl(realm),
      });
    }
    this.options.secret(token);
    if (typeof json.refresh_token === 'string' && json.refresh_token) {
      this.refreshToken = json.refresh_token;
      this.options.secret(json.refresh_token);
    }
    const lifetime =
      Math.max(MIN_TOKEN_LIFETIME_S, typeof json.expires_in === 'number' ? json.expires_in : 0) * 1000;
    this.options.events?.onDebug?.({
      kind: 'token-granted',
      realm: redactUrl(realm),
      requested: scopes,
      granted: grantedScopes(json, token),
      expiresInS: lifetime / 1000,
    });
    const now = this.options.now();
    // docs/registry-quirks.md#q23-token-expiry: renew before expiry with a safety margin: a fifth of the
    // lifetime, at most 30 s (60 s token → renew after 48 s).
    const margin = Math.min(30_000, lifetime / 5);
    return { token, expiresAt: now + lifetime, renewAt: now + lifetime - margin };
  }
}

function plainRealmAllowed(realm: URL, transport: Transport): boolean {
  if (transport.base().protocol !== 'http:') return false;
  if (isLoopbackHost(realm.host) && isLoopbackHost(transport.registry)) return true;
  return transport.insecure && hostnameOf(realm.host) === hostnameOf(transport.registry);
}

function basic(username: string, password: string, secret: (value: string) => void): string {
  const encoded = Buffer.from(`${username}:${password}`).toString('base64');
  secret(encoded);
  return `Basic ${encoded}`;
}

/**
 * The scopes a token answer says it grants: the OAuth2 `scope` field, else the `access` claim of a JWT
 * (distribution's token format); undefined when neither says.
 */
function grantedScopes(json: Record<string, unknown>, token: string): string[] | undefined {
  if (typeof json.scope === 'string') return json.scope.split(' ').filter((s) => s !== '');
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { access?: unknown };
    if (!Array.isArray(claims.access)) return undefined;
    return claims.access.map((entry: { type?: unknown; name?: unknown; actions?: unknown }) => {
      const actions = Array.isArray(entry.actions) ? entry.actions.join(',') : '';
      return `${String(entry.type)}:${String(entry.name)}:${actions || '(no actions)'}`;
    });
  } catch {
    return undefined;
  }
}

/**
 * The scopes of `base` with those of `extra` added, one entry per resource (`type:name`) with the union of
 * its actions, sorted, in first-seen order. A challenge's `repository:app:pull` is already inside a declared
 * `repository:app:pull,push`: merged as strings, the two made a second scope set, hence a second token
 * (cached under another key) for the very next request without the challenge's scope. `base` is in that
 * form already (scopesFor: one entry per repository, its actions sorted), so with nothing to add, the usual
 * case, it is the answer.
 */
export function mergeScopes(base: readonly string[], extra: readonly string[]): readonly string[] {
  if (extra.length === 0) return base;
  const resources = new Map<string, Set<string>>();
  const opaque: string[] = [];
  for (const scope of [...base, ...extra]) {
    // `type:name:actions`, the name may hold `:` (a `host:port/` prefix): split at the first and last colon
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first < 0 || last <= first) {
      if (!opaque.includes(scope)) opaque.push(scope);
      continue;
    }
    const resource = scope.slice(0, last);
    const actions = resources.get(resource) ?? new Set<string>();
    for (const action of scope.slice(last + 1).split(',')) if (action !== '') actions.add(action);
    resources.set(resource, actions);
  }
  return [
    ...[...resources].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`),
    ...opaque,
  ];
}
