import { OVERWRITE, PublishError, remedyHint } from '../errors.js';
import type { Digest } from './digest.js';
import type { HeldBackTag, PlannedTag, TagKind } from './tags.js';

/** What happens (or happened) to one tag. */
export type TagAction = 'created' | 'updated' | 'unchanged' | 'skipped';

export interface TagPlanEntry {
  readonly tag: string;
  readonly kind: TagKind;
  readonly action: TagAction;
  /** The digest the tag points at now, if it exists. */
  readonly previous: Digest | undefined;
  /** The digest the tag will point at (for skipped tags: unchanged, i.e. `previous`). */
  readonly next: Digest | undefined;
  readonly reason: string | undefined;
}

export interface TagPlanInput {
  readonly digest: Digest;
  readonly tags: readonly PlannedTag[];
  readonly heldBack: readonly HeldBackTag[];
  /** Current digest of each tag that exists in the repository. */
  readonly current: ReadonlyMap<string, Digest>;
  readonly overwrite: boolean;
  /** For messages: `localhost:5000/org/app`. */
  readonly targetName: string;
}

/**
 * Decides, per tag, whether to create, update, leave or skip it. An existing full-version tag that points
 * at another digest is immutable unless `overwrite` is set: that raises TAG_EXISTS before any write.
 */
export function planTags(input: TagPlanInput): TagPlanEntry[] {
  const entries: TagPlanEntry[] = [];
  for (const { tag, kind } of input.tags) {
    const previous = input.current.get(tag);
    if (previous === input.digest) {
      entries.push({
        tag,
        kind,
        action: 'unchanged',
        previous,
        next: previous,
        reason: 'already points at this image',
      });
    } else if (previous === undefined) {
      entries.push({ tag, kind, action: 'created', previous, next: input.digest, reason: undefined });
    } else if (kind === 'version' && !input.overwrite) {
      throw new PublishError(
        'TAG_EXISTS',
        `Tag ${input.targetName}:${tag} already points at ${previous}, not at this image (${input.digest})`,
        {
          hint: remedyHint`Version tags are immutable: bump the version, or use ${OVERWRITE} to replace it.`,
        },
      );
    } else {
      entries.push({
        tag,
        kind,
        action: 'updated',
        previous,
        next: input.digest,
        reason: kind === 'version' ? 'replaced: overwriting was allowed' : undefined,
      });
    }
  }
  for (const held of input.heldBack) {
    if (entries.some((e) => e.tag === held.tag)) continue;
    const previous = input.current.get(held.tag);
    entries.push({
      tag: held.tag,
      kind: held.kind,
      action: 'skipped',
      previous,
      next: previous,
      reason: held.reason,
    });
  }
  return entries;
}

/** Tags that need a write. */
export function tagsToWrite(entries: readonly TagPlanEntry[]): TagPlanEntry[] {
  return entries.filter((e) => e.action === 'created' || e.action === 'updated');
}
