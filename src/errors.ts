/**
 * Typed errors. Every failure the user can see is a PublishError with a stable `code` (documented in the
 * README) and a one-sentence `hint` that says what to do. Messages never contain secrets.
 */
export type ErrorCode =
  // input and pure logic
  | 'INPUT_INVALID'
  | 'VERSION_INVALID'
  | 'TAG_INVALID'
  | 'REFERENCE_INVALID'
  // image sources
  | 'SOURCE_NOT_FOUND'
  | 'SOURCE_INVALID'
  | 'SOURCE_CORRUPT'
  | 'SOURCE_UNSUPPORTED'
  | 'SOURCE_AMBIGUOUS'
  | 'ENGINE_UNAVAILABLE'
  | 'IMAGE_NOT_FOUND'
  | 'DIGEST_MISMATCH'
  | 'PLATFORM_DUPLICATE'
  // registry protocol
  | 'AUTH_FAILED'
  | 'AUTH_FORBIDDEN'
  | 'CREDENTIALS_INVALID'
  | 'REGISTRY_REJECTED'
  | 'REGISTRY_UNAVAILABLE'
  | 'REGISTRY_UNREACHABLE'
  | 'TLS_FAILED'
  | 'INSECURE_REFUSED'
  | 'MANIFEST_UNKNOWN'
  | 'NAME_UNKNOWN'
  | 'MANIFEST_TOO_LARGE'
  // publishing
  | 'TAG_EXISTS'
  | 'VERIFY_FAILED'
  | 'CANCELLED'
  | 'TIMED_OUT'
  | 'PUBLISH_FAILED'
  // the runner's files
  | 'RUNNER_FILE_UNWRITABLE';

/**
 * A setting a hint tells the user to change, by what it does rather than how an adapter spells it: the
 * engine, the domain and the registry client never write `overwrite: true` or `--overwrite`; each adapter
 * words a remedy in its own syntax (the action names inputs, the CLI flags).
 */
export type RemedySetting =
  | 'overwrite'
  | 'insecure'
  | 'ca-file'
  | 'cert-dir'
  | 'client-cert'
  | 'client-key'
  | 'username'
  | 'password'
  /** A username with its password or token. */
  | 'credentials'
  /** Logging in to the registry before the run (a Docker config entry). */
  | 'login'
  /** Logging in to Amazon ECR before the run (its passwords expire after 12 hours). */
  | 'ecr-login'
  /** Write access to a GitHub package (GHCR) for the token the run uses. */
  | 'package-write';

export interface Remedy {
  readonly setting: RemedySetting;
  /** The value to set, for a switch (`overwrite` → true); none for a setting that takes a path or secret. */
  readonly value?: true;
}

/** The remedies hints name, one object each. */
export const OVERWRITE: Remedy = { setting: 'overwrite', value: true };
export const INSECURE: Remedy = { setting: 'insecure', value: true };
export const CA_FILE: Remedy = { setting: 'ca-file' };
export const CERT_DIR: Remedy = { setting: 'cert-dir' };
export const CLIENT_CERT: Remedy = { setting: 'client-cert' };
export const CLIENT_KEY: Remedy = { setting: 'client-key' };
export const USERNAME: Remedy = { setting: 'username' };
export const PASSWORD: Remedy = { setting: 'password' };
export const CREDENTIALS: Remedy = { setting: 'credentials' };
export const LOGIN: Remedy = { setting: 'login' };
export const ECR_LOGIN: Remedy = { setting: 'ecr-login' };
export const PACKAGE_WRITE: Remedy = { setting: 'package-write' };

/** How an adapter words a remedy inside a hint sentence (`overwrite: true`, `--overwrite`). */
export type WordRemedy = (remedy: Remedy) => string;

/** A hint sentence with the remedies it names left to the adapter: build it with `remedyHint`. */
export interface RemedyHint {
  /** The sentence around the remedies: one more piece than there are remedies. */
  readonly text: readonly string[];
  readonly remedies: readonly Remedy[];
}

export type Hint = string | RemedyHint;

/**
 * A hint that names settings: remedyHint`Bump the version, or use ${OVERWRITE} to replace it.`
 * The action shows `overwrite: true` there, the CLI `--overwrite`. Strings are part of the sentence.
 */
export function remedyHint(text: TemplateStringsArray, ...parts: (Remedy | string)[]): RemedyHint {
  const pieces = [text[0] ?? ''];
  const remedies: Remedy[] = [];
  parts.forEach((part, i) => {
    const after = text[i + 1] ?? '';
    if (typeof part === 'string') pieces[pieces.length - 1] += `${part}${after}`;
    else {
      remedies.push(part);
      pieces.push(after);
    }
  });
  return { text: pieces, remedies };
}

/**
 * The remedies a hint names, in order (none for a plain-text hint). @internal: the tests read a hint's
 * structure with it; the adapters word hints through wordHint.
 */
export function remediesOf(hint: Hint | undefined): readonly Remedy[] {
  return typeof hint === 'object' ? hint.remedies : [];
}

/**
 * Words without either adapter's syntax, for library callers and tests that format an error outside an
 * adapter (`the overwrite setting`). The adapters pass their own (src/action/remedy-words.ts,
 * src/cli/remedy-words.ts).
 */
export const wordRemedyPlainly: WordRemedy = (remedy) =>
  remedy.setting === 'credentials'
    ? 'credentials'
    : remedy.setting === 'login'
      ? 'a registry login'
      : `the ${remedy.setting} setting`;

/** A hint as one sentence in the adapter's words. */
export function wordHint(hint: Hint | undefined, word: WordRemedy = wordRemedyPlainly): string | undefined {
  if (hint === undefined || typeof hint === 'string') return hint;
  return hint.text.reduce((out, piece, i) => {
    const remedy = hint.remedies[i - 1];
    return `${out}${remedy ? word(remedy) : ''}${piece}`;
  }, '');
}

export interface PublishErrorOptions {
  readonly hint?: Hint | undefined;
  readonly cause?: unknown;
}

export class PublishError extends Error {
  override readonly name: string = 'PublishError';
  readonly code: ErrorCode;
  readonly hint: Hint | undefined;

  constructor(code: ErrorCode, message: string, options: PublishErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

export function isPublishError(err: unknown, code?: ErrorCode): err is PublishError {
  return err instanceof PublishError && (code === undefined || err.code === code);
}

/**
 * One line for the user: what went wrong, then what to do (remedies in the adapter's words), then the
 * stable code. `Input "latest" must be auto, true or false; got "maybe". Use latest: auto. [INPUT_INVALID]`
 */
export function formatError(err: unknown, word: WordRemedy = wordRemedyPlainly): string {
  if (err instanceof PublishError) {
    const message = cutLine(oneLine(err.message));
    const worded = wordHint(err.hint, word);
    const hint = worded ? ` ${oneLine(worded)}` : '';
    return `${ensurePeriod(message)}${hint} [${err.code}]`;
  }
  if (err instanceof Error) return `Unexpected error: ${cutLine(oneLine(err.message))} [INTERNAL]`;
  return `Unexpected error: ${cutLine(oneLine(String(err)))} [INTERNAL]`;
}

/**
 * An error line stays readable (and within what a runner annotation shows): a message naming 100,000 images
 * is cut, saying how much was left out, and the hint and code still follow.
 */
export const MAX_ERROR_MESSAGE = 1_000;

function cutLine(text: string): string {
  if (text.length <= MAX_ERROR_MESSAGE) return text;
  return `${text.slice(0, MAX_ERROR_MESSAGE)}… (${text.length - MAX_ERROR_MESSAGE} more characters)`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function ensurePeriod(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
