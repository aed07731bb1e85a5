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
 * The settings of a publish run, by what they are called in action.yml. The engine and the domain name a
 * setting by this key only; each adapter spells it (the action `Input "latest"`, the CLI `--latest`).
 */
export type SettingName =
  | 'registry'
  | 'namespace'
  | 'image'
  | 'targets'
  | 'source'
  | 'sources'
  | 'version'
  | 'variant'
  | 'aliases'
  | 'tags'
  | 'latest'
  | 'floating'
  | 'bare'
  | 'floating-levels'
  | 'prefix'
  | 'alias-variant'
  | 'prerelease-alias'
  | 'floating-scope'
  | 'username'
  | 'password'
  | 'overwrite'
  | 'dry-run'
  | 'by-digest'
  | 'referrers'
  | 'annotations'
  | 'base'
  | 'insecure'
  | 'ca-file'
  | 'cert-dir'
  | 'client-cert'
  | 'client-key'
  | 'concurrency'
  | 'timeout';

/**
 * A setting a message or hint names, by what it does rather than how an adapter spells it: the engine,
 * the domain and the registry client never write `overwrite: true`, `--overwrite` or `Input "latest"`;
 * each adapter words a remedy in its own syntax (the action names inputs, the CLI flags).
 */
export type RemedySetting =
  | SettingName
  /** A username with its password or token. */
  | 'credentials'
  /** Logging in to the registry before the run (a Docker config entry). */
  | 'login'
  /** Logging in to Amazon ECR before the run (its passwords expire after 12 hours). */
  | 'ecr-login'
  /** Write access to a GitHub package (GHCR) for the token the run uses. */
  | 'package-write';

/**
 * A setting named in a sentence: by its name (`ca-file`, `--ca-file`), switched on (`overwrite: true`,
 * `--overwrite`), given a value as an example (`tags: main`, `--tag main`) or as the subject of a message
 * about its value (`Input "latest"`, `--latest`).
 */
export type Remedy =
  | { readonly setting: RemedySetting; readonly value?: true; readonly subject?: undefined }
  | { readonly setting: SettingName; readonly value: string; readonly subject?: undefined }
  | { readonly setting: SettingName; readonly subject: true; readonly value?: undefined };

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

/** A setting by its name: `latest follows ${settingName('latest')}`. */
export function settingName(setting: SettingName): Remedy {
  return { setting };
}

/** A setting given a value, as an example: `use ${settingExample('tags', 'main')}`. */
export function settingExample(setting: SettingName, value: string): Remedy {
  return { setting, value };
}

/** A setting as the subject of a message: `${settingSubject('latest')} must be auto, true or false`. */
export function settingSubject(setting: SettingName): Remedy {
  return { setting, subject: true };
}

/** How an adapter words a remedy inside a sentence (`overwrite: true`, `--overwrite`, `Input "latest"`). */
export type WordRemedy = (remedy: Remedy) => string;

/**
 * A sentence with the settings it names left to the adapter: build it with `remedyHint`. Hints, error
 * messages and notices that name a setting are all built this way.
 */
export interface RemedyHint {
  /** The sentence around the remedies: one more piece than there are remedies. */
  readonly text: readonly string[];
  readonly remedies: readonly Remedy[];
}

/** Text for the user: plain, or naming settings an adapter words (`wordHint`). */
export type AdapterText = string | RemedyHint;

export type Hint = AdapterText;

/**
 * A sentence that names settings: remedyHint`Bump the version, or use ${OVERWRITE} to replace it.`
 * The action shows `overwrite: true` there, the CLI `--overwrite`. Strings are part of the sentence.
 * Messages use it too: remedyHint`${settingSubject('latest')} must be auto, true or false`.
 */
export function remedyHint(
  text: TemplateStringsArray,
  ...parts: (Remedy | AdapterText | number)[]
): RemedyHint {
  const pieces = [text[0] ?? ''];
  const remedies: Remedy[] = [];
  parts.forEach((part, i) => {
    const after = text[i + 1] ?? '';
    if (typeof part === 'string' || typeof part === 'number') pieces[pieces.length - 1] += `${part}${after}`;
    else if ('remedies' in part) {
      // A sentence built earlier (a message's subject): its pieces and remedies, in place.
      const [first = '', ...rest] = part.text;
      pieces[pieces.length - 1] += first;
      remedies.push(...part.remedies);
      pieces.push(...rest);
      pieces[pieces.length - 1] += after;
    } else {
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
 * adapter (`the overwrite setting`). The adapters pass their own (src/action/words.ts,
 * src/cli/words.ts).
 */
export const wordRemedyPlainly: WordRemedy = (remedy) => {
  if (remedy.subject) return `Setting "${remedy.setting}"`;
  if (typeof remedy.value === 'string') return `${remedy.setting}=${remedy.value}`;
  return remedy.setting === 'credentials'
    ? 'credentials'
    : remedy.setting === 'login'
      ? 'a registry login'
      : `the ${remedy.setting} setting`;
};

/** A hint (or message, or notice) as one sentence in the adapter's words. */
export function wordHint(hint: AdapterText, word?: WordRemedy): string;
export function wordHint(hint: AdapterText | undefined, word?: WordRemedy): string | undefined;
export function wordHint(
  hint: AdapterText | undefined,
  word: WordRemedy = wordRemedyPlainly,
): string | undefined {
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
  /** The message with the settings it names left to the adapter; `message` words them plainly. */
  readonly text: AdapterText;
  readonly hint: Hint | undefined;

  constructor(code: ErrorCode, message: AdapterText, options: PublishErrorOptions = {}) {
    super(wordHint(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.text = message;
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
    const message = cutLine(oneLine(wordHint(err.text, word)));
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

/** A user value quoted for a one-line message: JSON escapes, cut after 140 characters. */
export function quoteValue(value: string): string {
  const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(shown);
}

const MAX_QUOTED = 140;

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
