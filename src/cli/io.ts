import { PublishError, isPublishError } from '../errors.js';
import { isParseArgsError, toFlagError, type CommandFlags } from './usage-errors.js';

/** What the CLI needs from the process; tests pass their own. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** Reads all of standard input (for --password-stdin). */
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard error is a terminal (progress lines are shown). */
  readonly interactive: boolean;
}

/** Exit codes: 0 success, 1 the publish failed, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE_CODES = new Set([
  'INPUT_INVALID',
  'VERSION_INVALID',
  'TAG_INVALID',
  'REFERENCE_INVALID',
  'USAGE',
]);

/** Bad input or usage (exit 2): an input error, or node:util parseArgs refusing the arguments. */
export function isUsageError(err: unknown): boolean {
  return (isPublishError(err) && USAGE_CODES.has(err.code)) || isParseArgsError(err);
}

/** parseArgs errors become one INPUT_INVALID line that points at --help (and at the flag meant). */
export function toUsageError(err: unknown, flags: CommandFlags): unknown {
  return toFlagError(err, flags) ?? err;
}

/**
 * The password from --password-stdin or REGISTRY_PASSWORD. An empty one is refused naming where it was read
 * (a secret that did not resolve is an empty variable), rather than a credentials error in the engine's words.
 */
export async function readPassword(io: CliIo, fromStdin: boolean | undefined): Promise<string | undefined> {
  if (fromStdin) {
    const password = (await io.readStdin()).replace(/\r?\n$/, '');
    if (password === '') {
      throw new PublishError('INPUT_INVALID', '--password-stdin read an empty password from standard input', {
        hint: 'Pipe the token in (echo "$TOKEN" | registry-publish … --password-stdin) and check the variable is set.',
      });
    }
    return password;
  }
  const password = io.env.REGISTRY_PASSWORD;
  if (password === '') {
    throw new PublishError('INPUT_INVALID', 'REGISTRY_PASSWORD is set but empty', {
      hint: 'Export the token in REGISTRY_PASSWORD (a secret that did not resolve is empty), or unset it to use the Docker config.',
    });
  }
  return password;
}
