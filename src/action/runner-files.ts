import { closeSync, fstatSync, openSync } from 'node:fs';
import { PublishError } from '../errors.js';

/** The files a runner hands the step to write into; outputs and the summary are written after publishing. */
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'] as const;

/**
 * Checks, before any registry is contacted, that each runner file named in the environment can be
 * appended to, creating a missing one as the runner would. Found only after the tags were pushed, an
 * unwritable output file would fail a step whose registry was already changed.
 */
export function ensureRunnerFiles(env: NodeJS.ProcessEnv): void {
  for (const name of RUNNER_FILES) {
    const path = env[name];
    if (!path) continue;
    let fd: number;
    try {
      // Append mode creates a missing file and never truncates what the runner (or an earlier step) wrote.
      fd = openSync(path, 'a');
    } catch (err) {
      throw unwritable(name, path, reasonOf(err));
    }
    try {
      if (!fstatSync(fd).isFile()) throw unwritable(name, path, 'it is not a regular file');
    } finally {
      closeSync(fd);
    }
  }
}

/** An output or the summary that could not be written after publishing: a clear error, never INTERNAL. */
export function runnerFileFailed(
  name: (typeof RUNNER_FILES)[number],
  env: NodeJS.ProcessEnv,
  err: unknown,
): PublishError {
  const path = env[name] ?? '';
  return unwritable(name, path, reasonOf(err), err);
}

function unwritable(name: string, path: string, reason: string, cause?: unknown): PublishError {
  return new PublishError(
    'RUNNER_FILE_UNWRITABLE',
    `${name} names ${path}, which cannot be written: ${reason}`,
    {
      hint: `Point ${name} at a writable file (the runner sets it; by hand, e.g. ${name}=$(mktemp)), or unset it.`,
      cause,
    },
  );
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
