import { readFileSync } from 'node:fs';
import type { AnnotationContext } from '../domain/annotations.js';
import type { TagContext } from '../domain/tag-placeholders.js';
import { tryParseVersion } from '../domain/version.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The values of the tag placeholders from the GitHub context variables. The action runs with them set by
 * the runner; the CLI reads the same variables, so a script can set GITHUB_SHA and GITHUB_REF itself.
 * `{{date}}` is today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible builds.
 */
export function readTagContext(env: Env, now: Date = new Date()): TagContext {
  const ref = env.GITHUB_REF?.trim() ?? '';
  const sha = env.GITHUB_SHA?.trim().toLowerCase();
  const validSha = sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined;
  const headRef = env.GITHUB_HEAD_REF?.trim();
  const branch = headRef || (ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined);
  const pr = pullRequestNumber(ref, env.GITHUB_EVENT_PATH);
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return {
    ...(validSha ? { sha: validSha } : {}),
    ...(branch ? { branch } : {}),
    ...(pr !== undefined ? { pr } : {}),
    now: date,
    missing: {
      sha: sha ? `GITHUB_SHA is "${sha}", not a commit id` : 'GITHUB_SHA is not set',
      sha_long: sha ? `GITHUB_SHA is "${sha}", not a commit id` : 'GITHUB_SHA is not set',
      branch: ref ? `GITHUB_REF is ${ref}, not a branch` : 'GITHUB_REF and GITHUB_HEAD_REF are not set',
      pr: ref ? `GITHUB_REF is ${ref}, not a pull request` : 'GITHUB_REF is not set',
    },
  };
}

/** `refs/pull/42/merge` → 42; otherwise the number in the event payload's `pull_request`. */
function pullRequestNumber(ref: string, eventPath: string | undefined): number | undefined {
  const fromRef = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
  if (fromRef) return Number(fromRef);
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
      pull_request?: { number?: unknown };
    };
    const n = event.pull_request?.number;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    // No readable payload (a CLI run, or a runner without one): the number is unknown, and {{pr}} says so.
    return undefined;
  }
}

/**
 * The values of `annotations: auto` from the same variables: the commit (GITHUB_SHA), the repository URL
 * (GITHUB_SERVER_URL/GITHUB_REPOSITORY), the version as tagged, and the time from SOURCE_DATE_EPOCH, else
 * the pushed commit's timestamp in the event payload. Never the clock: a re-run must give the same digest.
 */
export function readAnnotationContext(env: Env, version: string | undefined): AnnotationContext {
  const repository = env.GITHUB_REPOSITORY?.trim();
  const server = env.GITHUB_SERVER_URL?.trim() || 'https://github.com';
  const sha = env.GITHUB_SHA?.trim().toLowerCase();
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  const created =
    epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : commitTime(env.GITHUB_EVENT_PATH);
  return {
    ...(created ? { created } : {}),
    version: version ? (tryParseVersion(version)?.normalized ?? version) : undefined,
    revision: sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined,
    source: repository ? `${server.replace(/\/+$/, '')}/${repository}` : undefined,
  };
}

/** `head_commit.timestamp` of a push event payload, if there is one. */
function commitTime(eventPath: string | undefined): Date | undefined {
  if (!eventPath) return undefined;
  try {
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { head_commit?: { timestamp?: unknown } };
    const stamp = event.head_commit?.timestamp;
    const date = typeof stamp === 'string' ? new Date(stamp) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
  } catch {
    return undefined; // no readable payload: created is left out
  }
}
