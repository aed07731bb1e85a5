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

export interface PublishErrorOptions {
  readonly hint?: string | undefined;
  readonly cause?: unknown;
}

export class PublishError extends Error {
  override readonly name: string = 'PublishError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;

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
 * One line for the user: what went wrong, then what to do, then the stable code.
 * `Input "latest" must be auto, true or false; got "maybe". Use latest: auto. [INPUT_INVALID]`
 */
export function formatError(err: unknown): string {
  if (err instanceof PublishError) {
    const message = cutLine(oneLine(err.message));
    const hint = err.hint ? ` ${oneLine(err.hint)}` : '';
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
