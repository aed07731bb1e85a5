import type { Digest } from '../domain/digest.js';
import type { RawManifest } from '../domain/manifest.js';
import type { TagPlanEntry } from '../domain/plan.js';
import { isPrerelease, type Version } from '../domain/version.js';
import {
  readFloatingGuard,
  resolveFloatingTag,
  type FloatingTarget,
  type TagDerivation,
} from '../domain/tags.js';
import type { Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';
import type { TagReport } from './report.js';
import { toTagRequest, type PublishSettings } from './settings.js';

/** Bound on write-and-recheck rounds for one floating tag under racing jobs. */
const MAX_RECONCILE_ROUNDS = 5;

/** What convergence needs to know about this run. */
export interface ConvergeContext {
  readonly client: RegistryClient;
  readonly repository: string;
  readonly settings: PublishSettings;
  readonly derivation: TagDerivation;
  readonly manifest: RawManifest;
  readonly log: Logger;
}

/**
 * Floating tags whose placement the floating guard decided and that this run wrote or confirmed (a forced
 * `latest: true` is the user's call and is left alone).
 */
export function guardedTags(context: ConvergeContext, entries: readonly TagPlanEntry[]): TagPlanEntry[] {
  const { settings, derivation } = context;
  const ours = derivation.version;
  if (settings.floating === 'always' || !ours || isPrerelease(ours)) return [];
  return entries.filter(
    (e) =>
      (e.kind === 'floating' || (e.kind === 'latest' && settings.latest === 'auto')) &&
      e.action !== 'skipped',
  );
}

/**
 * Floating tags the guard held back (a higher version of their line exists) that still point at this
 * release: a run of this version wrote them before the higher one arrived and never converged (cancelled,
 * killed, or its registry failed). They are to be pointed at the highest version of their line.
 */
export function repairableHeldBack(
  context: ConvergeContext,
  entries: readonly TagPlanEntry[],
): TagPlanEntry[] {
  const { settings, derivation, manifest } = context;
  const ours = derivation.version;
  if (settings.floating === 'always' || !ours || isPrerelease(ours)) return [];
  return entries.filter(
    (e) =>
      e.action === 'skipped' &&
      e.previous === manifest.digest &&
      (e.kind === 'floating' || (e.kind === 'latest' && settings.latest === 'auto')),
  );
}

/**
 * After writing, lists the version tags again: when a higher version of one of our floating lines arrived
 * meanwhile (a parallel release job), points that floating tag at the higher version. Two jobs publishing
 * 1.15.13 and 1.16.0 at once thus end with `1`, `latest` → 1.16.0 and `1.15` → 1.15.13, whatever the order.
 * Costs one tag listing when nothing changed.
 */
export async function convergeFloatingTags(
  context: ConvergeContext,
  entries: readonly TagPlanEntry[],
): Promise<TagReport[]> {
  const guarded = guardedTags(context, entries);
  const ours = context.derivation.version;
  if (guarded.length === 0 || !ours) return [];
  const tags = await context.client.listTags(context.repository);
  const changes: TagReport[] = [];
  for (const entry of guarded) {
    if (!highestOwner(entry.tag, ours, context.settings, tags)) continue;
    changes.push(await reconcileFloatingTag(context, entry, tags));
  }
  return changes;
}

/**
 * Points one floating tag at the highest version of its line now in the repository (ours or a higher one
 * published meanwhile), writing only when it points elsewhere. Used after writing and when a read-back
 * shows that a parallel job moved the tag. A tag held back only by another name's version (scope `image`)
 * is left where it is: no image of its name is higher, and moving it back would move it to an older one.
 */
export async function reconcileFloatingTag(
  context: ConvergeContext,
  entry: Pick<TagPlanEntry, 'tag' | 'previous'>,
  knownTags?: readonly string[],
): Promise<TagReport> {
  const { client, repository, settings, derivation, manifest, log } = context;
  const ours = derivation.version;
  if (!ours) throw new Error('internal: reconcile needs a version');
  let tags = knownTags ?? (await client.listTags(repository));
  let target: FloatingTarget | undefined;
  let desired: Digest | null = manifest.digest;
  // Every write is followed by a fresh listing: a higher version may have landed between our listing and
  // our PUT, and then our PUT was stale. The last job to write always re-checks, so all jobs converge.
  for (let round = 0; round < MAX_RECONCILE_ROUNDS; round++) {
    if (round > 0) tags = await client.listTags(repository);
    target = resolveTarget(entry.tag, ours, settings, tags);
    desired = manifest.digest;
    let bytes: RawManifest = manifest;
    if (target?.kind === 'higher') {
      const head = await client.headManifest(repository, target.tag);
      if (head) {
        desired = head.digest;
        bytes =
          head.digest === manifest.digest ? manifest : await client.getManifest(repository, head.digest);
      }
    }
    const now = await client.headManifest(repository, entry.tag);
    if (target?.kind === 'held') {
      desired = now?.digest ?? null;
      break;
    }
    if (now?.digest === desired) break;
    await client.putManifest(repository, entry.tag, bytes);
    log.info(
      target?.kind === 'higher'
        ? `${entry.tag}: moved to ${target.tag} (${desired}), a higher version published meanwhile`
        : `${entry.tag}: restored to this release (${desired}) after a parallel job moved it to a lower version`,
    );
  }
  const previous = entry.previous ?? null;
  const outcome = (digest: Digest | null): TagReport['action'] =>
    previous === digest ? 'unchanged' : previous === null ? 'created' : 'updated';
  if (target?.kind === 'held') {
    const kept = desired === manifest.digest;
    if (!kept) log.info(`${entry.tag}: left as it is, ${target.tag} (another name) holds it back`);
    return {
      tag: entry.tag,
      action: kept ? outcome(desired) : 'skipped',
      previous,
      digest: desired,
      reason: kept
        ? `kept on this release: ${target.tag} (another name) holds it back, and no version of its own name is higher`
        : `held back: ${target.tag} exists`,
    };
  }
  return {
    tag: entry.tag,
    action: outcome(desired),
    previous,
    digest: desired,
    reason: target?.kind === 'higher' ? `left at ${target.tag}, a higher version published meanwhile` : null,
  };
}

/**
 * The higher version that holds the floating tag back now, if any: the floating guard with the plan's own
 * options (names, levels, scope, prefixes) judging the repository's tags as listed again.
 */
export function highestOwner(
  floating: string,
  ours: Version,
  settings: PublishSettings,
  tags: readonly string[],
): { tag: string; version: Version } | undefined {
  const target = resolveTarget(floating, ours, settings, tags);
  return target && target.kind !== 'ours' ? { tag: target.tag, version: target.version } : undefined;
}

function resolveTarget(
  floating: string,
  ours: Version,
  settings: PublishSettings,
  tags: readonly string[],
): FloatingTarget | undefined {
  const { names, guard } = readFloatingGuard(toTagRequest(settings, []));
  return resolveFloatingTag(floating, ours, names, tags, guard);
}
