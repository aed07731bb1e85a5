/**
 * node:util parseArgs refusals as one INPUT_INVALID line in the command line's words: the flag as typed,
 * the nearest known flag for a typo, and `--password` pointed at the ways that keep it out of `ps`.
 */
import { PublishError } from '../errors.js';
import { editDistance } from '../domain/edit-distance.js';

/** A command's flags as parseArgs declares them (the keys of its `options`). */
export interface CommandFlags {
  /** `registry-publish`, `registry-publish ls`: named in the --help pointer. */
  readonly command: string;
  readonly options: Readonly<Record<string, { readonly type: string; readonly short?: string }>>;
}

/** parseArgs's error as a PublishError, or undefined when `err` is not a parseArgs refusal. */
export function toFlagError(err: unknown, flags: CommandFlags): PublishError | undefined {
  if (!isParseArgsError(err)) return undefined;
  const help = `Run ${flags.command} --help for the options.`;
  const text = (err as Error).message;
  const unknown = /^Unknown option '([^']*)'/.exec(text)?.[1];
  if (unknown === undefined) return new PublishError('INPUT_INVALID', text, { hint: help });
  if (unknown === '--password' && '--password-stdin' in flagSet(flags)) {
    // Never echo the value: `--password=…` carries the secret.
    return new PublishError(
      'INPUT_INVALID',
      'Unknown option --password: a password in the arguments shows in ps and the shell history',
      {
        hint: 'Use --password-stdin (echo "$TOKEN" | registry-publish … --password-stdin) or REGISTRY_PASSWORD.',
      },
    );
  }
  // A single-dash letter is too short to guess from.
  const longFlags = Object.keys(flagSet(flags)).filter((f) => f.startsWith('--'));
  const nearest = unknown.startsWith('--') ? findNearestFlag(unknown, longFlags) : undefined;
  return new PublishError('INPUT_INVALID', `Unknown option ${unknown}`, {
    hint: nearest ? `Did you mean ${nearest}? ${help}` : help,
  });
}

/** The known flag closest to `typed` (edit distance at most a third of its length, at least 2), if any. */
export function findNearestFlag(typed: string, known: readonly string[]): string | undefined {
  const name = typed.replace(/=.*$/, '');
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const flag of known) {
    const d = editDistance(name, flag);
    if (d < bestDistance) [best, bestDistance] = [flag, d];
  }
  return best;
}

function flagSet(flags: CommandFlags): Record<string, true> {
  const set: Record<string, true> = {};
  for (const [name, option] of Object.entries(flags.options)) {
    set[`--${name}`] = true;
    if (option.short) set[`-${option.short}`] = true;
  }
  return set;
}

/** node:util parseArgs refused the arguments. */
export function isParseArgsError(err: unknown): boolean {
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
