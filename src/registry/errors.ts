/**
 * Registry failures. A RegistryError keeps the HTTP status, the method, a redacted URL (no query string:
 * upload `_state` and presigned storage signatures are secrets) and the registry's
 * `{"errors":[{code,message,detail}]}` diagnostics, and maps status + registry code to a stable
 * ErrorCode with a one-sentence hint that fits the registry.
 *
 * Message grammar: `<operation> <object> on <registry>/<repository> <verb> (<status> <CODE>: <message>)`,
 * e.g. `PUT manifest 1.2 on localhost:5000/org/app rejected (400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry)`.
 */
import {
  CREDENTIALS,
  ECR_LOGIN,
  LOGIN,
  PACKAGE_WRITE,
  PublishError,
  remedyHint,
  type ErrorCode,
  type Hint,
  type AdapterText,
} from '../errors.js';
import { isDockerHub } from '../domain/reference.js';

/** One entry of the distribution-spec error body. */
export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly detail?: unknown;
}

export interface RegistryErrorInit {
  readonly code: ErrorCode;
  readonly message: AdapterText;
  readonly hint?: Hint | undefined;
  readonly status?: number | undefined;
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly diagnostics?: readonly Diagnostic[];
  readonly retryable?: boolean;
  readonly retryAfterMs?: number | undefined;
  readonly cause?: unknown;
  /** The message without its parenthesised reason, and the reason (used to restate the error after retries). */
  readonly summary?: string;
  readonly reason?: string;
}

export class RegistryError extends PublishError {
  override readonly name: string = 'RegistryError';
  /** HTTP status, 0 for network/TLS failures. */
  readonly status: number;
  readonly method: string;
  /** `host/path`, never with a query string or userinfo. */
  readonly url: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly retryable: boolean;
  /** From `Retry-After`, when the registry sent one. */
  readonly retryAfterMs: number | undefined;
  readonly summary: string;
  readonly reason: string;

  constructor(init: RegistryErrorInit) {
    super(init.code, init.message, { hint: init.hint, cause: init.cause });
    this.status = init.status ?? 0;
    this.method = init.method ?? '';
    this.url = init.url ?? '';
    this.diagnostics = init.diagnostics ?? [];
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.summary = init.summary ?? this.message;
    this.reason = init.reason ?? '';
  }
}

export function isRegistryError(err: unknown): err is RegistryError {
  return err instanceof RegistryError;
}

/** Statuses retried by the transport (plus network errors). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** `host/path` of a URL: no scheme, userinfo or query (upload `_state`, presigned signatures). */
export function redactUrl(url: URL | string): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return `${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '<invalid URL>';
  }
}

/**
 * Parses `{"errors":[…]}` defensively; non-JSON bodies become one UNKNOWN entry
 * (docs/registry-quirks.md#q29-rate-limits: Docker Hub's anti-abuse 429 says "Too Many Requests (HAP429)" in
 * plain text).
 */
export function parseErrorBody(text: string): Diagnostic[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const json: unknown = JSON.parse(trimmed);
    if (isObject(json)) {
      const errors = Array.isArray(json.errors)
        ? json.errors
        : isObject(json.error)
          ? [json.error]
          : undefined;
      if (errors) {
        return errors.filter(isObject).map((e) => ({
          code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
          message: typeof e.message === 'string' ? e.message : '',
          ...(e.detail !== undefined ? { detail: e.detail } : {}),
        }));
      }
      // Token servers answer {"details": "..."} or {"error": "invalid_grant", "error_description": "..."}.
      const message = [json.error, json.error_description, json.details, json.message].find(
        (v) => typeof v === 'string',
      );
      if (typeof message === 'string') return [{ code: 'UNKNOWN', message }];
    }
  } catch {
    // not JSON
  }
  const firstLine = trimmed
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return firstLine ? [{ code: 'UNKNOWN', message: firstLine }] : [];
}

export interface ResponseContext {
  /** `PUT manifest 1.2`, `POST blob upload`, `GET tag list`. */
  readonly operation: string;
  /** `ghcr.io/org/app` or just the host. */
  readonly where: string;
  readonly registry: string;
  readonly repository?: string | undefined;
  readonly method: string;
  readonly url: URL;
  readonly status: number;
  readonly statusText?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly retryAfterMs?: number | undefined;
  /** Action the request needed (for 401/403 messages). */
  readonly action?: 'pull' | 'push' | undefined;
}

/** Builds the error for an unexpected response. */
export function errorFromResponse(ctx: ResponseContext): RegistryError {
  const { status, diagnostics } = ctx;
  const codes = new Set(diagnostics.map((d) => d.code.toUpperCase()));
  const reason = describeStatus(status, diagnostics, ctx.statusText);
  let code: ErrorCode;
  let verb: string;
  if (status === 401) {
    code = 'AUTH_FAILED';
    verb = 'unauthorized';
  } else if (status === 403 || codes.has('DENIED')) {
    code = 'AUTH_FORBIDDEN';
    verb = 'denied';
  } else if (
    codes.has('MANIFEST_UNKNOWN') ||
    (status === 404 && /manifest/.test(ctx.operation) && !codes.has('NAME_UNKNOWN'))
  ) {
    code = 'MANIFEST_UNKNOWN';
    verb = 'not found';
  } else if (codes.has('NAME_UNKNOWN') || (status === 404 && /tag list/.test(ctx.operation))) {
    code = 'NAME_UNKNOWN';
    verb = 'not found';
  } else if (status === 413 && /manifest/.test(ctx.operation)) {
    code = 'MANIFEST_TOO_LARGE';
    verb = 'rejected';
  } else if (RETRYABLE_STATUSES.has(status) || codes.has('TOOMANYREQUESTS')) {
    code = 'REGISTRY_UNAVAILABLE';
    verb = 'failed';
  } else {
    code = 'REGISTRY_REJECTED';
    verb = 'rejected';
  }
  const access =
    ctx.action && (code === 'AUTH_FORBIDDEN' || code === 'AUTH_FAILED')
      ? ` (needs ${ctx.action} access)`
      : '';
  const summary = `${ctx.operation} on ${ctx.where} ${verb}${access}`;
  return new RegistryError({
    code,
    message: `${summary} (${reason})`,
    summary,
    reason,
    hint: hintFor(code, ctx.registry, status, codes, diagnostics, ctx.method),
    status,
    method: ctx.method,
    url: redactUrl(ctx.url),
    diagnostics,
    retryable: RETRYABLE_STATUSES.has(status),
    retryAfterMs: ctx.retryAfterMs,
  });
}

export function describeStatus(
  status: number,
  diagnostics: readonly Diagnostic[],
  statusText?: string,
): string {
  const first = diagnostics[0];
  if (!first) return `${status}${statusText ? ` ${statusText}` : ''}`;
  const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
  const detail = describeDetail(first.detail);
  const code = first.code === 'UNKNOWN' && first.message ? '' : ` ${first.code}`;
  const message = first.message ? `${code ? ':' : ''} ${first.message}` : '';
  return `${status}${code}${message}${detail}${more}`;
}

function describeDetail(detail: unknown): string {
  if (detail === undefined || detail === null || detail === '') return '';
  const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
  if (!text || text === '{}' || text === '[]') return '';
  return `; detail: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

type RegistryKind = 'ghcr' | 'dockerhub' | 'ecr' | 'acr' | 'gar' | 'quay' | 'gitlab' | 'other';

export function registryKind(registry: string): RegistryKind {
  const host = registry.toLowerCase().replace(/:\d+$/, '');
  if (host === 'ghcr.io' || host === 'docker.pkg.github.com') return 'ghcr';
  if (isDockerHub(host)) return 'dockerhub';
  if (/\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(host) || host === 'public.ecr.aws')
    return 'ecr';
  if (host.endsWith('.azurecr.io') || host.endsWith('.azurecr.cn') || host.endsWith('.azurecr.us'))
    return 'acr';
  if (host === 'gcr.io' || host.endsWith('.gcr.io') || host.endsWith('-docker.pkg.dev')) return 'gar';
  if (host === 'quay.io') return 'quay';
  if (host === 'registry.gitlab.com') return 'gitlab';
  return 'other';
}

/** One sentence that says what to do, fitted to the registry. */
export function hintFor(
  code: ErrorCode,
  registry: string,
  status: number,
  codes: ReadonlySet<string> = new Set(),
  diagnostics: readonly Diagnostic[] = [],
  method = '',
): Hint | undefined {
  const kind = registryKind(registry);
  const text = diagnostics
    .map((d) => `${d.message} ${typeof d.detail === 'string' ? d.detail : ''}`)
    .join(' ');
  switch (code) {
    case 'AUTH_FAILED':
      switch (kind) {
        case 'ghcr':
          return remedyHint`For ghcr.io use ${CREDENTIALS}: the GitHub user and a token with write:packages (in a workflow, the actor and GITHUB_TOKEN).`;
        case 'dockerhub':
          return 'Log in to Docker Hub with a personal access token (Read & Write) as the password, not the account password.';
        case 'ecr':
          return remedyHint`Log in with ${ECR_LOGIN} first (ECR passwords expire after 12 hours), or use ${CREDENTIALS} with username AWS and a fresh token.`;
        case 'acr':
          return 'Use a service principal, or username 00000000-0000-0000-0000-000000000000 with an ACR refresh token as the password.';
        case 'gar':
          return 'Use username oauth2accesstoken with the output of gcloud auth print-access-token, or _json_key with a key file.';
        default:
          return remedyHint`Check ${CREDENTIALS}, or log in with ${LOGIN} before this step.`;
      }
    case 'AUTH_FORBIDDEN':
      switch (kind) {
        case 'ghcr':
          return remedyHint`Use ${PACKAGE_WRITE}, and grant write access to the package in its settings (Manage Actions access for a workflow).`;
        case 'dockerhub':
          return 'Use an access token with Read & Write scope whose account owns (or is a member of) this namespace.';
        case 'ecr':
          return 'Create the repository first and allow ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage for this role.';
        case 'acr':
          return 'Give the identity the AcrPush role on the registry.';
        case 'gar':
          return 'Give the service account roles/artifactregistry.writer on the repository.';
        case 'quay':
          return 'Give the robot account write permission on the repository.';
        default:
          return 'The credentials are valid but lack permission for this repository; grant push access or check the repository name.';
      }
    case 'NAME_UNKNOWN':
      return kind === 'ecr'
        ? 'ECR repositories must exist before a push; create it (aws ecr create-repository) or check the name.'
        : 'Check the repository name; some registries need the repository to be created before the first push.';
    case 'MANIFEST_UNKNOWN':
      return 'Check the tag or digest; the manifest does not exist in this repository.';
    case 'MANIFEST_TOO_LARGE':
      return 'Registries accept manifests up to 4 MiB; reduce the number of layers, platforms or annotations.';
    case 'REGISTRY_UNAVAILABLE':
      return status === 429 || codes.has('TOOMANYREQUESTS')
        ? kind === 'dockerhub'
          ? 'Docker Hub is rate-limiting this runner; log in (authenticated limits are higher) or re-run later.'
          : 'The registry is rate-limiting; re-run later or lower the concurrency.'
        : 'The registry is unavailable; re-run later.';
    case 'REGISTRY_REJECTED':
      // A write answered "method not allowed": the registry takes no pushes at all (distribution's
      // storage.maintenance.readonly, a mirror, a pull-through cache).
      if (status === 405 && ['POST', 'PUT', 'PATCH'].includes(method)) {
        return 'The registry accepts no writes here (read-only mode, a mirror or a pull-through cache); publish to a writable registry, or ask its operator to allow pushes.';
      }
      // docs/registry-quirks.md#q30-immutable-tags: immutable tags (ECR IMMUTABLE, Harbor) refuse re-pushing
      // an existing tag.
      if (/immutable|already exists.*cannot be overwritten/i.test(text)) {
        return 'The repository has immutable tags; use a new tag or allow tag updates in the repository settings.';
      }
      // docs/registry-quirks.md#q22-blob-lost-after-head: BLOB_UNKNOWN after a successful HEAD (GC races);
      // the diagnostics let the publisher re-upload the blobs and retry the PUT once.
      if (codes.has('MANIFEST_BLOB_UNKNOWN') || codes.has('BLOB_UNKNOWN')) {
        return 'A referenced blob is missing in the registry; re-run the publish so the blobs are uploaded again.';
      }
      // docs/registry-quirks.md#q19-manifest-content-type: ECR refuses OCI manifests without a top-level
      // mediaType ("Invalid JSON syntax").
      if (kind === 'ecr' && /invalid json syntax/i.test(text)) {
        return 'ECR needs a top-level "mediaType" in the manifest; rebuild the image with a current buildx.';
      }
      // docs/registry-quirks.md#q20-oci-types-refused: older/strict registries reject OCI indexes and
      // artifact types.
      if (codes.has('MANIFEST_INVALID') || codes.has('UNSUPPORTED')) {
        return 'The registry does not accept this manifest type; build with Docker media types (oci-mediatypes=false) or use a registry that supports OCI images.';
      }
      if (codes.has('TAG_INVALID'))
        return 'The registry refused the tag; check the tag name and whether the tag is protected.';
      if (codes.has('NAME_INVALID'))
        return 'The repository name is not accepted by this registry; use lowercase letters, digits and separators.';
      if (codes.has('SIZE_INVALID') || codes.has('DIGEST_INVALID')) {
        return 'The uploaded content did not match its descriptor; the source image is damaged, rebuild it.';
      }
      return undefined;
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
