import { PublishError } from '../errors.js';
import { decideFloatingTags } from './floating-guard.js';
import { exampleSetting } from './input-label.js';
import { assertValidTag } from './tag-grammar.js';
import {
  ACTION_INPUT_NAMES,
  checkAlias,
  checkVersionSuffix,
  readTagList,
  readVariant,
  type InputNames,
  type TagInputNames,
} from './tag-input.js';
import {
  parseFloatingPolicy,
  parseLatestPolicy,
  type FloatingPolicy,
  type LatestPolicy,
} from './tag-policy.js';
import { parseVersion, type Version } from './version.js';
import { listVersionNotices } from './version-notice.js';

export { assertValidTag, isValidTag } from './tag-grammar.js';
export { floatingTagsFor } from './floating-guard.js';
export { parseVersionTag, variantOfTag } from './version-tag.js';
export {
  parseFloatingPolicy,
  parseLatestPolicy,
  type FloatingPolicy,
  type LatestPolicy,
} from './tag-policy.js';
export type { TagInputNames } from './tag-input.js';

export interface TagRequest {
  /** `1.15.12`, `v1.15.12`, `refs/tags/v1.15.12`, `2.0.0-rc.1`, `19beta3`, `1.2.3+build.5` … */
  readonly version?: string;
  /** `alpine`: every derived tag ends in `-alpine`, and `latest` becomes `alpine`. */
  readonly variant?: string;
  /** Channel names (`mainline`, `stable`, `lts`), added with the variant suffix. */
  readonly aliases?: readonly string[];
  /** Raw tags added exactly as given (`nightly`, `sha-860c190`). */
  readonly extraTags?: readonly string[];
  readonly latest?: LatestPolicy;
  readonly floating?: FloatingPolicy;
  /** The tags already in the repository, for the floating guard. */
  readonly existing?: readonly string[];
  readonly inputNames?: TagInputNames;
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
  /** Things the user should know (dropped build metadata, ignored `latest: true` …), one sentence each. */
  readonly notices: readonly string[];
}

/**
 * Derives the tags for a release, offline and deterministically. Order: the full version, shorter versions
 * (`1.15`, `1`), channel aliases, `latest` (or the variant's plain name), extra tags; duplicates keep their
 * first place. Floating tags pass the floating guard against `existing`; those held back are reported.
 * Throws PublishError: VERSION_INVALID, TAG_INVALID, INPUT_INVALID (also when neither a version nor extra
 * tags are given).
 */
export function deriveTags(request: TagRequest): TagDerivation {
  const names: InputNames = { ...ACTION_INPUT_NAMES, ...request.inputNames };
  const latest = parseLatestPolicy(request.latest, names.latest);
  const floating = parseFloatingPolicy(request.floating, names.floating);
  const variant = readVariant(request.variant, names);
  const suffix = variant ? `-${variant}` : '';
  const aliases = readTagList(request.aliases, names.aliases).map((alias) =>
    checkAlias(alias, variant, names),
  );
  const extraTags = readTagList(request.extraTags, names.tags);
  if (request.version === undefined && extraTags.length === 0) {
    throw new PublishError(
      'INPUT_INVALID',
      `Nothing to tag: neither ${names.version} nor ${names.tags} is set`,
      {
        hint: `Set ${exampleSetting(names.version, '1.2.3')}, or ${exampleSetting(names.tags, 'nightly')} for plain tags.`,
      },
    );
  }

  const versionTags: PlannedTag[] = [];
  const latestTags: PlannedTag[] = [];
  const notices: string[] = [];
  let heldBack: HeldBackTag[] = [];
  let version: Version | undefined;
  if (request.version !== undefined) {
    version = parseVersion(request.version, names.version);
    checkVersionSuffix(version, variant, names);
    notices.push(...listVersionNotices(version, variant, latest, names));
    versionTags.push({ tag: `${version.normalized}${suffix}`, kind: 'version' });
    const decision = decideFloatingTags(version, variant, request.existing ?? [], floating);
    versionTags.push(...decision.granted.filter((t) => t.kind === 'floating'));
    heldBack = decision.heldBack.filter((t) => t.kind === 'floating');
    const grantedLatest = decision.granted.filter((t) => t.kind === 'latest');
    const heldLatest = decision.heldBack.filter((t) => t.kind === 'latest');
    if (latest !== 'false') latestTags.push(...grantedLatest);
    if (latest === 'auto') heldBack.push(...heldLatest);
    for (const held of latest === 'true' ? heldLatest : []) {
      latestTags.push({ tag: held.tag, kind: 'latest' });
      notices.push(
        `${exampleSetting(names.latest, 'true')} moves ${held.tag} to ${version.normalized}${suffix} although ${held.blockedBy} exists`,
      );
    }
  } else if (latest === 'true') {
    latestTags.push({ tag: variant ?? 'latest', kind: 'latest' });
  }

  const tags = collapse([
    ...versionTags.map((t) => ({ tag: assertValidTag(t.tag, names.version), kind: t.kind })),
    ...aliases.map((alias) => ({
      tag: assertValidTag(`${alias}${suffix}`, names.aliases),
      kind: 'alias' as const,
    })),
    ...latestTags,
    ...extraTags.map((tag) => ({ tag, kind: 'extra' as const })),
  ]);
  const placed = new Set(tags.map((t) => t.tag));
  return { version, tags, heldBack: heldBack.filter((t) => !placed.has(t.tag)), notices };
}

function collapse(tags: readonly PlannedTag[]): PlannedTag[] {
  const byTag = new Map<string, PlannedTag>();
  for (const planned of tags) if (!byTag.has(planned.tag)) byTag.set(planned.tag, planned);
  return [...byTag.values()];
}
