import { isPublishError } from '../errors.js';
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
