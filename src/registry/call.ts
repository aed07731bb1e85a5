/**
 * One registry request with everything around it: the Authorization header (reactive auth, one re-auth and
 * retry on 401, re-opening a streamed body), retries of 408/429/5xx/network errors (optional: blob uploads
 * retry as a whole unit instead), `Warning` headers reported once, and errors that keep the registry's
 * diagnostics and never contain a secret.
 */
import { createSecretRegistry, type SecretRegistry } from '../secrets.js';
import { Authenticator, type Action, type ScopeRequest } from './auth.js';
import { CREDENTIALS, LOGIN, remedyHint } from '../errors.js';
import { RegistryError, errorFromResponse, hintFor, parseErrorBody } from './errors.js';
import { parseRetryAfter, withRetry, type ResolvedRetryPolicy } from './retry.js';
import { discard, firstHeader, readText } from './response-body.js';
import type { RequestBody, SendResponse, Transport } from './transport.js';
import type { RegistryEvents } from './types.js';

export interface CallSpec {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: (() => Promise<RequestBody>) | undefined;
  /** `PUT manifest 1.2`, `POST blob upload`. */
  readonly operation: string;
  readonly repository?: string | undefined;
  /** Scopes the request needs; default `pull` for GET/HEAD and `pull,push` otherwise, on `repository`. */
  readonly scopes?: readonly ScopeRequest[];
  /** Statuses handed back to the caller; any other is an error. */
  readonly accept: readonly number[];
  readonly followRedirects?: boolean;
  /** Retry retryable failures here (default true); false when an outer unit retries. */
  readonly retry?: boolean;
}

/** Sends registry requests for one registry: authorizes, retries, reports warnings and words the errors. */
export class RegistryRequester {
  private readonly secrets: SecretRegistry = createSecretRegistry();
  private readonly warned = new Set<string>();
  /** Auth discovery: the first registry request goes alone; concurrent ones wait for its challenge. */
  private discovery: Promise<void> | undefined;
  private discovered = false;
  private endDiscovery: (() => void) | undefined;

  constructor(
    readonly transport: Transport,
    readonly auth: Authenticator,
    readonly retry: ResolvedRetryPolicy,
    readonly events: RegistryEvents | undefined,
  ) {
    this.secrets.onAdd((value) => this.events?.onSecret?.(value));
  }

  get registry(): string {
    return this.transport.registry;
  }

  /** Records a secret: reported through onSecret and scrubbed from every message. */
  secret(value: string | undefined): void {
    this.secrets.add(value);
  }

  scrub(text: string): string {
    return this.secrets.redact(text);
  }

  where(repository: string | undefined): string {
    return repository ? `${this.registry}/${repository}` : this.registry;
  }

  async call(spec: CallSpec): Promise<SendResponse> {
    if (spec.retry === false) return this.callOnce(spec);
    return withRetry(this.retry, () => this.callOnce(spec));
  }

  private async callOnce(spec: CallSpec): Promise<SendResponse> {
    const needs = spec.scopes ?? defaultScopes(spec);
    const onRegistry = this.transport.isRegistryUrl(spec.url);
    let first = false;
    if (onRegistry && !this.discovered) {
      // Reactive auth without a ping: while the first request learns the challenge (401 + token),
      // parallel writes wait instead of each sending its body for a 401 (request budget). Anonymous reads
      // go along: on an open registry that saves a round trip (a promotion's source manifest with the tag
      // list). With credentials the registry all but surely challenges: a read sent along collects its own
      // 401 and comes back for the token when it is in, no sooner than a read sent with the token, so it
      // waits too (one request fewer each; over an undecided loopback registry's TLS its plain-HTTP copy
      // no longer takes a connection opened ahead; docs/benchmarks.md, "Token auth and htpasswd").
      if (!this.discovery) {
        first = true;
        this.discovery = new Promise<void>((resolve) => (this.endDiscovery = resolve));
      } else if ((spec.method !== 'GET' && spec.method !== 'HEAD') || !this.auth.anonymous)
        await this.discovery;
    }
    try {
      return await this.exchangeAuthorized(spec, needs, onRegistry, first);
    } finally {
      if (first) this.discoveryEnded();
    }
  }

  /** The first request's challenge is answered (or there was none): the requests waiting for it go. */
  private discoveryEnded(): void {
    this.discovered = true;
    this.endDiscovery?.();
  }

  private async exchangeAuthorized(
    spec: CallSpec,
    needs: readonly ScopeRequest[],
    onRegistry: boolean,
    first = false,
  ): Promise<SendResponse> {
    let extra: string[] = [];
    for (let reauth = 0; ; reauth++) {
      const authorization = onRegistry ? await this.auth.authorization(needs, extra) : undefined;
      const res = await this.transport.send({
        method: spec.method,
        url: spec.url,
        headers: spec.headers,
        authorization,
        body: spec.body,
        operation: spec.operation,
        where: this.where(spec.repository),
        followRedirects: spec.followRedirects,
      });
      this.reportWarnings(res);
      if (res.status === 401 && reauth === 0 && onRegistry) {
        await discard(res);
        // docs/registry-quirks.md#q23-token-expiry: a token can expire mid-run and the 401 may come after a
        // large body. One re-auth (fresh token, or Basic after a Basic challenge), then the request once
        // more, re-opening `spec.body`.
        const more = await this.auth.onUnauthorized(res, needs, authorization !== undefined);
        if (more !== undefined) {
          extra = more;
          // The token (or Basic) is known: the requests waiting go with it now, alongside this retry.
          if (first) this.discoveryEnded();
          continue;
        }
        throw this.unauthorized(spec, res, needs, false);
      }
      if (spec.accept.includes(res.status)) return res;
      if (res.status === 401) {
        await discard(res);
        throw this.unauthorized(spec, res, needs, reauth > 0);
      }
      throw await this.errorFor(spec, res, needs);
    }
  }

  /** The error for an unexpected response (reads the body, keeps the diagnostics, scrubs secrets). */
  async errorFor(
    spec: CallSpec,
    res: SendResponse,
    needs: readonly ScopeRequest[] = defaultScopes(spec),
  ): Promise<RegistryError> {
    // Bodies are quoted only from the registry host: another host's answer (blob storage, or an internal
    // address behind a redirect of an insecure registry) never reaches the log.
    const quoted = spec.method !== 'HEAD' && this.transport.isRegistryUrl(res.url);
    const text = quoted ? await readText(res) : '';
    if (!quoted) await discard(res);
    return errorFromResponse({
      operation: spec.operation,
      where: this.where(spec.repository),
      registry: this.registry,
      repository: spec.repository,
      method: spec.method,
      url: res.url,
      status: res.status,
      diagnostics: parseErrorBody(this.scrub(text)),
      // docs/registry-quirks.md#q29-rate-limits: Retry-After as delta-seconds or HTTP-date.
      retryAfterMs: parseRetryAfter(firstHeader(res.headers['retry-after']), this.retry.now()),
      action: mainAction(needs),
    });
  }

  /**
   * A 401 that survived a fresh token: with an `insufficient_scope` challenge (the token issuer granted
   * fewer actions than asked) it is AUTH_FORBIDDEN naming the repository and action; otherwise AUTH_FAILED.
   */
  private unauthorized(
    spec: CallSpec,
    res: SendResponse,
    needs: readonly ScopeRequest[],
    afterToken: boolean,
  ): RegistryError {
    const base = errorFromResponse({
      operation: spec.operation,
      where: this.where(spec.repository),
      registry: this.registry,
      repository: spec.repository,
      method: spec.method,
      url: res.url,
      status: 401,
      statusText: 'Unauthorized',
      diagnostics: [],
      action: mainAction(needs),
    });
    const action = mainAction(needs) ?? 'pull';
    const repos = needs.map((n) => n.repository).join(', ') || this.registry;
    if (afterToken && !this.auth.anonymous && Authenticator.insufficientScope(res)) {
      return new RegistryError({
        code: 'AUTH_FORBIDDEN',
        message: `${spec.operation} on ${this.where(spec.repository)} denied: the token service did not grant ${action} access to ${repos} (401 insufficient_scope)`,
        summary: `${spec.operation} on ${this.where(spec.repository)} denied`,
        reason: '401 insufficient_scope',
        // The credentials were accepted; they lack the permission (not "check the password").
        hint: hintFor('AUTH_FORBIDDEN', this.registry, 401),
        status: 401,
        method: spec.method,
        url: base.url,
      });
    }
    if (this.auth.anonymous) {
      return new RegistryError({
        code: 'AUTH_FAILED',
        message: `${spec.operation} on ${this.where(spec.repository)} needs credentials (401 Unauthorized)`,
        summary: `${spec.operation} on ${this.where(spec.repository)} needs credentials`,
        reason: '401 Unauthorized',
        hint: remedyHint`Use ${CREDENTIALS} for ${this.registry}, or log in with ${LOGIN} first.`,
        status: 401,
        method: spec.method,
        url: base.url,
      });
    }
    return base;
  }

  /** Spec §warnings: `Warning: 299 - "text"` headers are reported once each and never acted on. */
  private reportWarnings(res: SendResponse): void {
    const header = res.headers.warning;
    if (header === undefined || !this.events?.onWarning) return;
    for (const value of Array.isArray(header) ? header : [header]) {
      const match = /^\s*299\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(value);
      const text = match?.[1];
      if (text && !this.warned.has(text)) {
        this.warned.add(text);
        this.events.onWarning(this.scrub(text));
      }
    }
  }
}

export function defaultScopes(spec: Pick<CallSpec, 'method' | 'repository'>): ScopeRequest[] {
  if (!spec.repository) return [];
  const actions: Action[] = spec.method === 'GET' || spec.method === 'HEAD' ? ['pull'] : ['pull', 'push'];
  return [{ repository: spec.repository, actions }];
}

function mainAction(needs: readonly ScopeRequest[]): Action | undefined {
  if (needs.length === 0) return undefined;
  return needs.some((n) => n.actions.includes('push')) ? 'push' : 'pull';
}
