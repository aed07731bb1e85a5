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

/** How the floating guard reads the repository: the same for the plan and for convergence after a race. */
export interface GuardOptions {
  /** Default `highest`. */
  readonly policy?: FloatingPolicy;
  /** Which floating version tags exist; undefined: all. */
  readonly levels?: FloatingLevels;
  /** Default `variant`. */
  readonly scope?: FloatingScope;
  readonly prefixes?: readonly string[];
  /**
   * For an alias name (floating tags only): the release's full names (`undefined`: the plain set). Their
   * versions are the alias's own: `8-alpine` is jdk-alpine's 8u502, so `8u512-b07-jdk-alpine` holds it back.
   */
  readonly fullNames?: readonly (string | undefined)[];
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
 * `prefixes` counts with the prefix removed too (`release-3.7.11` is 3.7.11), as does an unprefixed one. An
 * alias name also counts the versions of the release's `fullNames`.
 */
export function decideFloatingTags(
  version: Version,
  variant: string | undefined,
  existing: readonly string[],
  guard: GuardOptions = {},
): FloatingDecision {
  const candidates = listFloatingCandidates(version, variant || undefined, guard.levels);
  if (guard.policy === 'always') return { granted: candidates.map(toPlanned), heldBack: [] };
  const rivals = listRivals(variant || undefined, existing, guard).filter((r) => !isPrerelease(r.version));
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
  guard: GuardOptions = {},
): FloatingDecision {
  if (!isPrerelease(version)) return { granted: [], heldBack: [] };
  const depth = Math.min(2, version.parts.length);
  const suffix = variant ? `-${variant}` : '';
  const candidate: FloatingCandidate = {
    tag: `${formatLine(version, depth)}-${label}${suffix}`,
    kind: 'floating',
    depth,
  };
  if (guard.policy === 'always') return { granted: [toPlanned(candidate)], heldBack: [] };
  const rivals = listRivals(variant || undefined, existing, guard).filter(
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
 * The floating tags (`1.15`, `1`, `latest`/`alpine`) of one name that should point at `version` given the
 * tags in the repository: the guard of {@link deriveTags} with the same options (levels, scope, prefixes,
 * an alias name's full names), without the `latest` policy and without prefixed copies.
 */
export function floatingTagsFor(
  version: Version,
  variant: string | undefined,
  existing: readonly string[],
  guard: GuardOptions = {},
): string[] {
  return decideFloatingTags(version, variant, existing, guard).granted.map((t) => t.tag);
}

/** A floating tag of a release, with the name it belongs to and its line. */
interface OwnedFloatingTag {
  /** The name (`undefined`: the plain set). */
  readonly variant: string | undefined;
  /** Whether the name gets floating tags only (an alias variant, or the plain set under `bare: alias`). */
  readonly alias: boolean;
  readonly candidate: FloatingCandidate;
}

/**
 * Which of the names a release is tagged under owns the floating tag (`1-alpine` of 1.15.12 belongs to
 * `alpine`, `1` to the plain set), prefixed copies included; only the levels the release has. Undefined when
 * none does.
 */
function findFloatingOwner(
  tag: string,
  version: Version,
  names: ReleaseNames,
  guard: GuardOptions,
): OwnedFloatingTag | undefined {
  const all = [
    ...names.full.map((variant) => ({ variant, alias: false })),
    ...names.alias.map((variant) => ({ variant, alias: true })),
  ];
  for (const prefix of ['', ...(guard.prefixes ?? [])]) {
    if (!tag.startsWith(prefix)) continue;
    const unprefixed = tag.slice(prefix.length);
    for (const { variant, alias } of all) {
      const candidate = listFloatingCandidates(version, variant, guard.levels).find(
        (c) => c.tag === unprefixed,
      );
      if (candidate) return { variant, alias, candidate };
    }
  }
  return undefined;
}

/** The names a release is tagged under (`undefined`: the plain set). */
export interface ReleaseNames {
  /** Names with the full set: version, floating tags, aliases, latest. */
  readonly full: readonly (string | undefined)[];
  /** Names with floating tags only (alias variants; the plain set under `bare: alias`). */
  readonly alias: readonly (string | undefined)[];
}

/**
 * Where one of a release's floating tags belongs now, for convergence after a race (the tags listed again
 * after writing): `ours` when the guard, with the plan's options, still grants it to `version`; `higher`
 * when a higher version of its line exists under its own name (an alias name: also under the release's full
 * names), whose tag it is to point at, the highest (of equal versions, the one with more parts: a version
 * tag before a floating one); `held` when the only higher versions are under other names (scope `image`):
 * there is no image of its name to move it to, and moving it back would move it to an older version, so it
 * stays where it is. Undefined when `tag` is none of the release's floating tags.
 */
export function resolveFloatingTag(
  tag: string,
  version: Version,
  names: ReleaseNames,
  existing: readonly string[],
  guard: GuardOptions = {},
): FloatingTarget | undefined {
  if (isPrerelease(version)) return undefined;
  const owned = findFloatingOwner(tag, version, names, guard);
  if (!owned) return undefined;
  const nameGuard: GuardOptions = { ...guard, fullNames: owned.alias ? names.full : undefined };
  const above = (rivals: readonly Rival[]): Rival[] =>
    rivals.filter(
      (r) =>
        !isPrerelease(r.version) &&
        sharesLine(r.version, version, owned.candidate.depth) &&
        compareVersions(r.version, version) > 0,
    );
  // The plan's own judgement decides whether it is still ours; the rest says where it goes instead.
  const granted = floatingTagsFor(version, owned.variant, existing, nameGuard);
  const blocker = findHighest(above(listRivals(owned.variant, existing, nameGuard)));
  if (granted.includes(owned.candidate.tag) || !blocker) return { kind: 'ours' };
  const own = above(listRivals(owned.variant, existing, { ...nameGuard, scope: 'variant' }));
  const target = findHighest(own);
  if (target) return { kind: 'higher', tag: target.tag, version: target.version };
  return { kind: 'held', tag: blocker.tag, version: blocker.version };
}

/** Where a floating tag belongs after a race (see {@link resolveFloatingTag}). */
export type FloatingTarget =
  | { readonly kind: 'ours' }
  /** Point it at the image of `tag`, a higher version of its line under its own name. */
  | { readonly kind: 'higher'; readonly tag: string; readonly version: Version }
  /** Leave it: `tag`, a higher version of its line under another name, holds it back. */
  | { readonly kind: 'held'; readonly tag: string; readonly version: Version };

interface Rival {
  readonly tag: string;
  readonly version: Version;
}

/**
 * The existing version-like tags of the variant (and, for an alias name, of the release's full names) with
 * scope `variant`, or of any variant with scope `image`.
 */
function listRivals(variant: string | undefined, existing: readonly string[], guard: GuardOptions): Rival[] {
  const names = [variant, ...(guard.fullNames ?? [])];
  const prefixes = guard.prefixes ?? [];
  const read = (tag: string): Version | undefined =>
    guard.scope === 'image'
      ? variantOfTag(tag)?.version
      : names.map((name) => parseVersionTag(tag, name)).find((v) => v !== undefined);
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

/** The highest; of equal versions the first with the most parts (`1.16.0` before the floating `1.16`). */
function findHighest(rivals: readonly Rival[]): Rival | undefined {
  let best: Rival | undefined;
  for (const rival of rivals) {
    const order = best ? compareVersions(rival.version, best.version) : 1;
    if (!best || order > 0 || (order === 0 && rival.version.parts.length > best.version.parts.length))
      best = rival;
  }
  return best;
}

function toPlanned(candidate: FloatingCandidate): PlannedTag {
  return { tag: candidate.tag, kind: candidate.kind };
}
