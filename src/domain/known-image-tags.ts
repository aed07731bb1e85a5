import { compareVersions, isPrerelease, tryParseVersion, type Version } from './version.js';
import { parseVersionTag } from './version-tag.js';

/** At most this many existing images are read per target to find layers it already holds. */
export const KNOWN_IMAGE_TAGS_MAX = 3;

/**
 * The existing tags whose images are read before an engine image is exported, most useful first: the tag
 * of the version being published (a re-run), the highest release of the variant (the previous release),
 * then `latest`. Bounded, so a repository with thousands of tags costs the same few reads.
 */
export function chooseKnownImageTags(
  existing: readonly string[],
  version: string | undefined,
  variant: string | undefined,
): string[] {
  const wanted = version === undefined ? undefined : tryParseVersion(version)?.normalized;
  let same: string | undefined;
  let highest: { tag: string; version: Version } | undefined;
  for (const tag of existing) {
    const parsed = parseVersionTag(tag, variant);
    if (!parsed) continue;
    if (wanted !== undefined && parsed.normalized === wanted) same ??= tag;
    if (isPrerelease(parsed)) continue;
    if (!highest || compareVersions(parsed, highest.version) > 0) highest = { tag, version: parsed };
  }
  const latest = variant ? variant : 'latest';
  const picks = [same, highest?.tag, existing.includes(latest) ? latest : undefined];
  return [...new Set(picks.filter((t): t is string => t !== undefined))].slice(0, KNOWN_IMAGE_TAGS_MAX);
}
