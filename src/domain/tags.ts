import {
  PublishError,
  remedyHint,
  settingExample,
  settingName,
  wordHint,
  type AdapterText,
} from '../errors.js';
import {
  decideFloatingTags,
  decidePrereleaseLine,
  type GuardOptions,
  type ReleaseNames,
} from './floating-guard.js';
import { assertValidTag } from './tag-grammar.js';
import {
  checkAlias,
  checkBare,
  checkVersionSuffix,
  readTagList,
  listAliasNames,
  listTagNames,
  readAliasVariants,
  readPrefixes,
  readPrereleaseAlias,
  readVariants,
} from './tag-input.js';
import {
  checkFloatingLevels,
  parseFloatingLevels,
  parseFloatingPolicy,
  parseFloatingScope,
  parseLatestPolicy,
  type FloatingPolicy,
  type LatestPolicy,
} from './tag-policy.js';
import { parseVersion, type Version } from './version.js';
import { listVersionNotices } from './version-notice.js';

export {
  resolveFloatingTag,
  type FloatingTarget,
  type GuardOptions,
  type ReleaseNames,
} from './floating-guard.js';
export { parseVersionTag } from './version-tag.js';
export {
  parseFloatingPolicy,
  parseLatestPolicy,
  type FloatingLevels,
  type FloatingPolicy,
  type FloatingScope,
  type LatestPolicy,
} from './tag-policy.js';

export interface TagRequest {
  /** `1.15.12`, `v1.15.12`, `refs/tags/v1.15.12`, `2.0.0-rc.1`, `19beta3`, `1.2.3+build.5` … */
  readonly version?: string;
  /**
   * `alpine`: every derived tag ends in `-alpine`, and `latest` becomes `alpine`. A list tags the release
   * under each name (`trixie`, `alpine`), each with its own floating guard.
   */
  readonly variant?: string | readonly string[];
  /**
   * With variants: also the unsuffixed set (`1.29.3` … `latest`), before the variants' sets; `alias`: only
   * its floating tags and `latest`, like an alias variant (eclipse-temurin: `25`, `latest`, no `25.0.4_7`).
   */
  readonly bare?: boolean | 'alias';
  /**
   * Names that get only the floating tags and their plain name, no full version and no channel aliases
   * (eclipse-temurin: `8-alpine`, `alpine` next to the `jdk-alpine` variant's `8u462-b08-jdk-alpine`).
   */
  readonly aliasVariants?: readonly string[];
  /** A prerelease also gets its line tag with this label: `rc` → 3.15.0a1 gets `3.15-rc`. */
  readonly prereleaseAlias?: string;
  /** Whose existing versions hold floating tags back: `variant` (default, its own) or `image` (every variant's). */
  readonly floatingScope?: string;
  /** Channel names (`mainline`, `stable`, `lts`), added with the variant suffix. */
  readonly aliases?: readonly string[];
  /** Raw tags added exactly as given (`nightly`, `sha-860c190`). */
  readonly extraTags?: readonly string[];
  readonly latest?: LatestPolicy;
  readonly floating?: FloatingPolicy;
  /** Which floating version tags exist by number of parts: `2` → `1.15` only, `1` → `1` only, `none`. */
  readonly floatingLevels?: string | readonly string[];
  /** Version-derived tags are published with each prefix too (`v` → `v1.15.12`, `v1.15`, `v1`). */
  readonly prefixes?: readonly string[];
  /** The tags already in the repository, for the floating guard. */
  readonly existing?: readonly string[];
}

export type TagKind = 'version' | 'floating' | 'latest' | 'alias' | 'extra';

export interface PlannedTag {
  readonly tag: string;
  readonly kind: TagKind;
}

export interface HeldBackTag {
  readonly tag: string;
  readonly kind: 'floating' | 'latest';
  /** `held back: 1.17.0 exists` */
  readonly reason: string;
  /** The existing tag of a higher version. */
  readonly blockedBy: string;
}

export interface TagDerivation {
  readonly version?: Version;
  /** Full version, shorter versions, aliases, latest, extra tags; no duplicates. */
  readonly tags: readonly PlannedTag[];
  readonly heldBack: readonly HeldBackTag[];
  /** Things the user should know (dropped build metadata, an ignored latest …), one sentence each, in the adapter's words once worded (`wordHint`). */
  readonly notices: readonly AdapterText[];
}

/**
 * Derives the tags for a release, offline and deterministically. Order, per name (the plain set when
 * `bare` or no variant, then each variant): the full version, shorter versions (`1.15`, `1`), channel
 * aliases, `latest` (or the variant's plain name); then extra tags; duplicates keep their first place. Floating tags pass the floating guard against `existing`; those held back are reported.
 * Throws PublishError: VERSION_INVALID, TAG_INVALID, INPUT_INVALID (also when neither a version nor extra
 * tags are given).
 */
export function deriveTags(request: TagRequest): TagDerivation {
  const latest = parseLatestPolicy(request.latest);
  const { names, guard } = readFloatingGuard(request);
  const variants = readVariants(request.variant);
  const prereleaseAlias = readPrereleaseAlias(request.prereleaseAlias);
  const aliases = readTagList(request.aliases, 'aliases');
  for (const alias of aliases) {
    checkAlias(alias, undefined);
    for (const variant of variants) checkAlias(alias, variant);
  }
  const extraTags = readTagList(request.extraTags, 'tags');
  if (request.version === undefined && extraTags.length === 0) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`Nothing to tag: neither ${settingName('version')} nor ${settingName('tags')} is set`,
      {
        hint: remedyHint`Set ${settingExample('version', '1.2.3')}, or ${settingExample('tags', 'nightly')} for plain tags.`,
      },
    );
  }
  const version = request.version === undefined ? undefined : parseVersion(request.version);
  if (version) checkFloatingLevels(guard.levels, version);
  const context: NameContext = {
    version,
    aliases,
    latest,
    guard,
    prereleaseAlias,
    existing: request.existing ?? [],
  };
  const sets = [
    ...names.full.map((variant) => deriveNameTags(variant, context, undefined)),
    // An alias name's floating tags follow the versions of the full names (8-alpine is jdk-alpine's).
    ...names.alias.map((variant) => deriveNameTags(variant, context, names.full)),
  ];
  const tags = collapse([
    ...sets.flatMap((set) => set.tags),
    ...extraTags.map((tag) => ({ tag, kind: 'extra' as const })),
  ]);
  const placed = new Set(tags.map((t) => t.tag));
  const heldBack = sets.flatMap((set) => set.heldBack).filter((t) => !placed.has(t.tag));
  // The same notice from several variants is shown once (compared in plain words: it is structured).
  const notices = [...new Map(sets.flatMap((set) => set.notices).map((n) => [wordHint(n), n])).values()];
  return { version, tags, heldBack, notices };
}

/**
 * The names a request tags a release under and the floating guard's options, read and checked as
 * {@link deriveTags} reads them: convergence after a race judges the floating tags with exactly these.
 * Throws PublishError INPUT_INVALID or TAG_INVALID naming the input.
 */
export function readFloatingGuard(request: TagRequest): { names: ReleaseNames; guard: GuardOptions } {
  const guard: GuardOptions = {
    policy: parseFloatingPolicy(request.floating),
    levels: parseFloatingLevels(request.floatingLevels),
    scope: parseFloatingScope(request.floatingScope),
    prefixes: readPrefixes(request.prefixes),
  };
  const variants = readVariants(request.variant);
  const aliasVariants = readAliasVariants(request.aliasVariants, variants);
  checkBare(request.bare, variants);
  const names: ReleaseNames = {
    full: listTagNames(variants, request.bare === true),
    alias: listAliasNames(variants, aliasVariants, request.bare),
  };
  return { names, guard };
}

interface NameContext {
  readonly version: Version | undefined;
  readonly aliases: readonly string[];
  readonly latest: LatestPolicy;
  /** Without `fullNames`: each alias name gets them. */
  readonly guard: GuardOptions;
  readonly prereleaseAlias: string | undefined;
  readonly existing: readonly string[];
}

/**
 * The tags of one name (a variant, or the plain set): version, floating tags, aliases, latest. An alias
 * name (`fullNames` given: the release's full names, whose versions it follows) gets the floating tags and
 * its plain name only.
 */
function deriveNameTags(
  variant: string | undefined,
  context: NameContext,
  fullNames: readonly (string | undefined)[] | undefined,
): { tags: PlannedTag[]; heldBack: HeldBackTag[]; notices: AdapterText[] } {
  const { version, latest } = context;
  const full = fullNames === undefined;
  const suffix = variant ? `-${variant}` : '';
  const versionTags: PlannedTag[] = [];
  const latestTags: PlannedTag[] = [];
  const notices: AdapterText[] = [];
  let heldBack: HeldBackTag[] = [];
  if (version !== undefined) {
    checkVersionSuffix(version, variant);
    if (full)
      notices.push(...listVersionNotices(version, variant, { ...context, levels: context.guard.levels }));
    if (full) versionTags.push({ tag: `${version.normalized}${suffix}`, kind: 'version' });
    const { existing, prereleaseAlias } = context;
    const guard: GuardOptions = { ...context.guard, fullNames };
    const decision = decideFloatingTags(version, variant, existing, guard);
    const line = prereleaseAlias
      ? decidePrereleaseLine(version, variant, prereleaseAlias, existing, guard)
      : { granted: [], heldBack: [] };
    versionTags.push(...[...line.granted, ...decision.granted].filter((t) => t.kind === 'floating'));
    heldBack = [...line.heldBack, ...decision.heldBack].filter((t) => t.kind === 'floating');
    // Prefixed copies share the decision of the tag they copy.
    versionTags.splice(0, versionTags.length, ...withPrefixes(versionTags, guard.prefixes ?? []));
    heldBack = withPrefixes(heldBack, guard.prefixes ?? []);
    const grantedLatest = decision.granted.filter((t) => t.kind === 'latest');
    const heldLatest = decision.heldBack.filter((t) => t.kind === 'latest');
    if (latest !== 'false') latestTags.push(...grantedLatest);
    if (latest === 'auto') heldBack.push(...heldLatest);
    for (const held of latest === 'true' ? heldLatest : []) {
      latestTags.push({ tag: held.tag, kind: 'latest' });
      notices.push(
        remedyHint`${settingExample('latest', 'true')} moves ${held.tag} to ${version.normalized}${suffix} although ${held.blockedBy} exists`,
      );
    }
  } else if (latest === 'true') {
    latestTags.push({ tag: variant ?? 'latest', kind: 'latest' });
  }
  const tags = [
    ...versionTags.map((t) => ({ tag: assertValidTag(t.tag, 'version'), kind: t.kind })),
    ...(full ? context.aliases : []).map((alias) => ({
      tag: assertValidTag(`${alias}${suffix}`, 'aliases'),
      kind: 'alias' as const,
    })),
    ...latestTags,
  ];
  return { tags, heldBack, notices };
}

/** Each tag, followed by its copy under every prefix: `1.15`, `v1.15`. */
function withPrefixes<T extends { tag: string }>(tags: readonly T[], prefixes: readonly string[]): T[] {
  return tags.flatMap((t) => [t, ...prefixes.map((prefix) => ({ ...t, tag: `${prefix}${t.tag}` }))]);
}

function collapse(tags: readonly PlannedTag[]): PlannedTag[] {
  const byTag = new Map<string, PlannedTag>();
  for (const planned of tags) if (!byTag.has(planned.tag)) byTag.set(planned.tag, planned);
  return [...byTag.values()];
}
