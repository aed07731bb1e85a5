import type { FloatingLevels, FloatingPolicy, FloatingScope, HeldBackTag, PlannedTag } from './tags.js';
import { compareDigits } from './prerelease.js';
import { compareVersions, formatLine, isPrerelease, type Version } from './version.js';
import { parseVersionTag, variantOfTag } from './version-tag.js';

/** A floating tag a stable version would get: `1.15` (depth 2), `1` (depth 1), `latest` (depth 0). */
export interface FloatingCandidate {
  readonly tag: string;
  readonly kind: 'floating' | 'latest';
  /** How many leading numeric parts the line shares with the version; 0 for `latest`. */
  readonly depth: number;
}

/** Which floating tags move to the version, and which stay where they are and why. */
export interface FloatingDecision {
  readonly granted: readonly PlannedTag[];
  readonly heldBack: readonly HeldBackTag[];
}

/**
 * The floating tags of a stable version without any guard, longest line first, then `latest` (or, for a
 * variant, its plain name): 1.15.12 + alpine → `1.15-alpine`, `1-alpine`, `alpine`. None for a prerelease.
 */
export function listFloatingCandidates(
  version: Version,
  variant: string | undefined,
  levels?: FloatingLevels,
): FloatingCandidate[] {
  if (isPrerelease(version)) return [];
  const suffix = variant ? `-${variant}` : '';
  const candidates: FloatingCandidate[] = [];
  for (let depth = version.parts.length - 1; depth >= 1; depth--) {
    // Levels pick which lines get a tag (`2`: `1.15` only); `latest` is the latest policy's business.
    if (levels && !levels.includes(depth)) continue;
    candidates.push({ tag: `${formatLine(version, depth)}${suffix}`, kind: 'floating', depth });
  }
  candidates.push({ tag: variant || 'latest', kind: 'latest', depth: 0 });
  return candidates;
}

/**
 * The floating guard. With policy `highest`, a floating tag moves to `version` only if no existing stable
 * version of the same variant on its line is higher: `1.15` needs version ≥ every `1.15.x`, `1` ≥ every
 * `1.x.y`, `latest` ≥ every version. Equal counts as ≥, so re-runs keep their tags.
 *
 * Which existing tags count: every stable version-like tag of the same variant (see {@link parseVersionTag}),
 * whatever its number of parts. A shorter tag is a version of at least that value: `18` is 18 or a floating
 * tag of some 18.x, so it holds back `latest` for 17.10 (missing parts = 0, so it never blocks its own line).
 * Dates count too (alpine's `20240501` edge holds back `latest`). Policy `always` turns the guard off. A
 * prerelease gets no floating tags at all (only its line tag, see {@link decidePrereleaseLine}). Scope
 * `image` counts the versions of every variant, not only this one's. An existing tag that starts with one of
 * `prefixes` counts with the prefix removed too (`release-3.7.11` is 3.7.11), as does an unprefixed one.
 */
export function decideFloatingTags(
  version: Version,
  variant: string | undefined,
  existing: readonly string[],
  policy: FloatingPolicy,
  levels?: FloatingLevels,
  scope: FloatingScope = 'variant',
  prefixes: readonly string[] = [],
): FloatingDecision {
  const candidates = listFloatingCandidates(version, variant || undefined, levels);
  if (policy === 'always') return { granted: candidates.map(toPlanned), heldBack: [] };
  const rivals = listRivals(variant || undefined, existing, scope, prefixes).filter(
    (r) => !isPrerelease(r.version),
  );
  return splitByBlocker(version, candidates, rivals);
}

/**
 * The line tag of a prerelease (`3.15.0a1` + `rc` → `3.15-rc`, `28-ea-12` + `ea` → `28-ea`, with the
 * variant suffix after it): the first two numeric parts (or the single one) and the label. It moves only
 * forward: held back when an existing version of that line, prerelease or release, is higher. Existing
 * line tags themselves (`3.15-rc`) are not versions. None for a release.
 */
export function decidePrereleaseLine(
  version: Version,
  variant: string | undefined,
  label: string,
  existing: readonly string[],
  policy: FloatingPolicy,
  scope: FloatingScope = 'variant',
  prefixes: readonly string[] = [],
): FloatingDecision {
  if (!isPrerelease(version)) return { granted: [], heldBack: [] };
  const depth = Math.min(2, version.parts.length);
  const suffix = variant ? `-${variant}` : '';
  const candidate: FloatingCandidate = {
    tag: `${formatLine(version, depth)}-${label}${suffix}`,
    kind: 'floating',
    depth,
  };
  if (policy === 'always') return { granted: [toPlanned(candidate)], heldBack: [] };
  const rivals = listRivals(variant || undefined, existing, scope, prefixes).filter(
    (r) => r.version.prerelease?.toLowerCase() !== label.toLowerCase(),
  );
  return splitByBlocker(version, [candidate], rivals);
}

function splitByBlocker(
  version: Version,
  candidates: readonly FloatingCandidate[],
  rivals: readonly Rival[],
): FloatingDecision {
  const granted: PlannedTag[] = [];
  const heldBack: HeldBackTag[] = [];
  for (const candidate of candidates) {
    const blocker = findHighest(rivals.filter((r) => sharesLine(r.version, version, candidate.depth)));
    if (blocker && compareVersions(blocker.version, version) > 0) {
      heldBack.push({
        tag: candidate.tag,
        kind: candidate.kind,
        reason: `held back: ${blocker.tag} exists`,
        blockedBy: blocker.tag,
      });
    } else {
      granted.push(toPlanned(candidate));
    }
  }
  return { granted, heldBack };
}

/**
 * For convergence: the floating tags (`1.15`, `1`, `latest`/`alpine`) that should point at `version`
 * given the tags in the repository. Same logic as {@link deriveTags}, without the `latest` policy.
 */
export function floatingTagsFor(
  version: Version,
  variant: string | undefined,
  existing: readonly string[],
  policy: FloatingPolicy = 'highest',
): string[] {
  return decideFloatingTags(version, variant, existing, policy).granted.map((t) => t.tag);
}

/**
 * Which of the names a release is tagged under (`undefined`: the plain set) owns the floating tag: `1-alpine`
 * of 1.15.12 belongs to `alpine`, `1` to the plain set. Undefined when none does.
 */
export function findFloatingOwner(
  tag: string,
  version: Version,
  names: readonly (string | undefined)[],
  prefixes: readonly string[] = [],
): { variant: string | undefined; unprefixed: string } | undefined {
  for (const prefix of ['', ...prefixes]) {
    if (!tag.startsWith(prefix)) continue;
    const unprefixed = tag.slice(prefix.length);
    for (const variant of names) {
      if (listFloatingCandidates(version, variant).some((c) => c.tag === unprefixed))
        return { variant, unprefixed };
    }
  }
  return undefined;
}

interface Rival {
  readonly tag: string;
  readonly version: Version;
}

/** The existing version-like tags of the variant (scope `variant`) or of any variant (scope `image`). */
function listRivals(
  variant: string | undefined,
  existing: readonly string[],
  scope: FloatingScope,
  prefixes: readonly string[],
): Rival[] {
  const read = (tag: string): Version | undefined =>
    scope === 'image' ? variantOfTag(tag)?.version : parseVersionTag(tag, variant);
  const rivals: Rival[] = [];
  for (const tag of existing) {
    const unprefixed = prefixes.filter((p) => tag.startsWith(p)).map((p) => tag.slice(p.length));
    const other = [tag, ...unprefixed].map(read).find((v) => v !== undefined);
    if (other) rivals.push({ tag, version: other });
  }
  return rivals;
}

function sharesLine(a: Version, b: Version, depth: number): boolean {
  for (let i = 0; i < depth; i++) {
    if (compareDigits(a.parts[i] ?? '0', b.parts[i] ?? '0') !== 0) return false;
  }
  return true;
}

function findHighest(rivals: readonly Rival[]): Rival | undefined {
  let best: Rival | undefined;
  for (const rival of rivals) {
    if (!best || compareVersions(rival.version, best.version) > 0) best = rival;
  }
  return best;
}

function toPlanned(candidate: FloatingCandidate): PlannedTag {
  return { tag: candidate.tag, kind: candidate.kind };
}
