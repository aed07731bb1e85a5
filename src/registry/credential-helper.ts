/**
 * Runs a Docker credential helper (`docker-credential-NAME get`, the server URL on stdin, JSON on stdout),
 * bounded in time: a helper waiting on a keyring prompt or a network call would otherwise hold the step
 * until the job's own limit. Its process group is killed on timeout, so a shell script's children go too.
 */
import { spawn } from 'node:child_process';
import { PublishError } from '../errors.js';
import { formatSeconds } from '../domain/duration.js';
import { redactTokenLike } from '../secrets.js';
import { sentenceStart } from './credential-sources.js';

export const HELPER_TIMEOUT_MS = 30_000;
/** Longest helper message quoted in an error. */
const MAX_MESSAGE = 300;

export interface HelperAnswer {
  readonly Username: string;
  readonly Secret: string;
}

export interface RunHelperOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  /** Redacts known secrets from the helper's own message before it is quoted. */
  readonly redact?: (text: string) => string;
  /** Where the helper is configured, for the hint (a file path or DOCKER_AUTH_CONFIG). */
  readonly configuredIn?: string;
  /** A cancelled run stops the helper at once and fails with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * The helper's answer, or undefined when it reports "credentials not found" (the protocol's normal miss).
 * Anything else (missing binary, non-zero exit, no JSON, no answer within the timeout) is
 * CREDENTIALS_INVALID naming the helper, with its own message redacted and cut to one line.
 */
export function runCredentialHelper(
  helper: string,
  serverUrl: string,
  options: RunHelperOptions,
): Promise<HelperAnswer | undefined> {
  const binary = `docker-credential-${helper}`;
  const where = options.configuredIn ?? 'the Docker config';
  if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
    return Promise.reject(
      new PublishError('CREDENTIALS_INVALID', `The credential helper name "${helper}" is invalid`, {
        hint: `Fix credHelpers/credsStore in ${where}.`,
      }),
    );
  }
  const timeoutMs = options.timeoutMs ?? HELPER_TIMEOUT_MS;
  const check = `Check that ${binary} works (echo ${serverUrl} | ${binary} get), or remove it from credHelpers/credsStore in ${where}.`;
  return new Promise((resolve, reject) => {
    // detached: its own process group, so the timeout kills whatever the helper started.
    const child = spawn(binary, ['get'], {
      env: { ...options.env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      process.off('exit', onExit);
      fn();
    };
    // Its own process group no longer gets the runner's signals: it goes when we go, or are cancelled.
    const onExit = (): void => killGroup(child.pid);
    const onAbort = (): void => {
      killGroup(child.pid);
      settle(() => reject(options.signal?.reason));
    };
    process.on('exit', onExit);
    if (options.signal?.aborted) queueMicrotask(onAbort);
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      killGroup(child.pid);
      settle(() =>
        reject(
          new PublishError(
            'CREDENTIALS_INVALID',
            `${binary} did not answer within ${formatSeconds(timeoutMs)} for ${serverUrl}; it was stopped`,
            {
              hint: `A helper waiting for a keyring unlock or an interactive login never answers in CI. ${check}`,
            },
          ),
        ),
      );
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (cause: NodeJS.ErrnoException) => {
      settle(() =>
        reject(
          new PublishError(
            'CREDENTIALS_INVALID',
            cause.code === 'ENOENT'
              ? `${sentenceStart(where)} names the credential helper ${binary}, which is not installed (not on PATH)`
              : `Running ${binary} failed (${cause.code ?? cause.message})`,
            { hint: `Install ${binary}, or remove it from credHelpers/credsStore in ${where}.`, cause },
          ),
        ),
      );
    });
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8').trim();
      const stderr = Buffer.concat(err).toString('utf8').trim();
      settle(() => {
        if (code !== 0) {
          // The protocol's miss is "credentials not found in native keychain" on stdout; some helpers
          // write it to stderr.
          if (/credentials not found|no credentials/i.test(`${stdout}\n${stderr}`)) {
            resolve(undefined);
            return;
          }
          const said = oneLine(stderr || stdout, options.redact);
          reject(
            new PublishError(
              'CREDENTIALS_INVALID',
              `${binary} get failed with exit code ${code ?? 'unknown'}${said ? `: ${said}` : ''}`,
              { hint: check },
            ),
          );
          return;
        }
        try {
          const json = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
          resolve({
            Username: typeof json.Username === 'string' ? json.Username : '',
            Secret: typeof json.Secret === 'string' ? json.Secret : '',
          });
        } catch {
          reject(
            new PublishError('CREDENTIALS_INVALID', `${binary} get did not print JSON`, { hint: check }),
          );
        }
      });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}

/** A helper's message as one redacted line of bounded length. */
export function oneLine(text: string, redact: (text: string) => string = (t) => t): string {
  const line = redactTokenLike(redact(text))
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
