import { remedyHint, settingExample, type AdapterText } from '../errors.js';
import { listFloatingCandidates } from './floating-guard.js';
import { trailingVariantOf } from './prerelease.js';
import type { FloatingLevels, LatestPolicy } from './tag-policy.js';
import type { Version } from './version.js';

/**
 * What the user should know about a version before its tags are published: dropped build metadata, a
 * prerelease that gets only its own tag, a prerelease label that reads like a variant, an ignored
 * `latest: true`. One sentence each, without a trailing period.
 */
export function listVersionNotices(
  version: Version,
  variant: string | undefined,
  policy: {
    readonly latest: LatestPolicy;
    readonly levels?: FloatingLevels;
    readonly prereleaseAlias?: string;
  },
): AdapterText[] {
  const { latest } = policy;
  const notices: AdapterText[] = [];
  if (version.build !== undefined)
    notices.push(`build metadata "+${version.build}" dropped: tags cannot contain "+"`);
  const pre = version.prerelease;
  if (pre === undefined) return notices;
  const guess = trailingVariantOf(pre);
  if (guess !== undefined && /^[A-Za-z]/.test(guess) && version.normalized.endsWith(`-${guess}`)) {
    const bare = version.normalized.slice(0, -guess.length - 1);
    notices.push(
      remedyHint`${version.normalized} is published as a prerelease; if "${guess}" is a variant, use ${settingExample('version', bare)} with ${settingExample('variant', guess)}`,
    );
  }
  // Only the tags a release would get under the same floating levels (none: no 1.15 to miss).
  const skipped = listFloatingCandidates({ ...version, prerelease: undefined }, variant, policy.levels)
    .filter((c) => c.kind === 'floating' || latest !== 'false')
    .map((c) => c.tag);
  const gets = policy.prereleaseAlias ? 'its own tag and its line tag' : 'only its own tag';
  if (skipped.length > 0) {
    notices.push(`${version.normalized} is a prerelease: it gets ${gets}, no ${joinOr(skipped)}`);
  }
  if (latest === 'true') {
    const latestTag = variant ?? 'latest';
    notices.push(
      remedyHint`${settingExample('latest', 'true')} ignored: a prerelease never gets ${latestTag}; to move it anyway, add ${settingExample('tags', latestTag)}`,
    );
  }
  return notices;
}

function joinOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}
