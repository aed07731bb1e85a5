import type { Digest } from '../domain/digest.js';
import type { TagPlanEntry } from '../domain/plan.js';
import { compareVersions, isPrerelease, type Version } from '../domain/version.js';
import { floatingTagsFor, parseVersionTag, type TagDerivation } from '../domain/tags.js';
import type { Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';
import type { TagReport } from './report.js';
import type { PublishSettings } from './settings.js';

export interface ConvergeInput {
  readonly client: RegistryClient;
  readonly repository: string;
  readonly settings: PublishSettings;
  readonly derivation: TagDerivation;
  readonly entries: readonly TagPlanEntry[];
  readonly digest: Digest;
  readonly log: Logger;
}

/**
 * After writing, lists the version tags again: when a higher version of one of our floating lines arrived
 * meanwhile (a parallel release job), points that floating tag at the higher version. Two jobs publishing
 * 1.15.13 and 1.16.0 at once thus end with `1`, `latest` → 1.16.0 and `1.15` → 1.15.13, whatever the order.
 */
export async function convergeFloatingTags(input: ConvergeInput): Promise<TagReport[]> {
  const { client, repository, settings, derivation, entries, log } = input;
  const ours = derivation.version;
  if (settings.floating === 'always' || !ours || isPrerelease(ours)) return [];
  // Floating tags whose placement the guard decided (a forced `latest: true` is the user's call).
  const guarded = entries.filter(
    (e) =>
      (e.kind === 'floating' || (e.kind === 'latest' && settings.latest === 'auto')) &&
      e.action !== 'skipped',
  );
  if (guarded.length === 0) return [];

  const tags = await client.listTags(repository);
  const changes: TagReport[] = [];
  const manifestCache = new Map<Digest, Promise<Awaited<ReturnType<RegistryClient['getManifest']>>>>();
  for (const entry of guarded) {
    const best = highestOwner(entry.tag, ours, settings.variant, tags);
    if (!best) continue;
    const bestHead = await client.headManifest(repository, best.tag);
    if (!bestHead) continue;
    const now = await client.headManifest(repository, entry.tag);
    if (now?.digest === bestHead.digest) {
      changes.push(convergedReport(entry, bestHead.digest, best.tag));
      continue;
    }
    let manifest = manifestCache.get(bestHead.digest);
    if (!manifest) {
      manifest = client.getManifest(repository, bestHead.digest);
      manifestCache.set(bestHead.digest, manifest);
    }
    await client.putManifest(repository, entry.tag, await manifest);
    log.info(`${entry.tag}: moved to ${best.tag} (${bestHead.digest}), published meanwhile by another run`);
    changes.push(convergedReport(entry, bestHead.digest, best.tag));
  }
  return changes;
}

/** The highest stable version in the repository whose floating set includes `floating`, if above ours. */
function highestOwner(
  floating: string,
  ours: Version,
  variant: string | undefined,
  tags: readonly string[],
): { tag: string; version: Version } | undefined {
  let best: { tag: string; version: Version } | undefined;
  for (const tag of tags) {
    const version = parseVersionTag(tag, variant);
    // Tags with fewer parts than ours are floating tags themselves (the guard's rule), not versions.
    if (!version || isPrerelease(version) || version.parts.length < ours.parts.length) continue;
    if (compareVersions(version, best?.version ?? ours) <= 0) continue;
    if (!floatingTagsFor(version, variant, [], 'always').includes(floating)) continue;
    best = { tag, version };
  }
  return best;
}

function convergedReport(entry: TagPlanEntry, digest: Digest, owner: string): TagReport {
  const previous = entry.previous ?? null;
  return {
    tag: entry.tag,
    action: previous === digest ? 'unchanged' : 'updated',
    previous,
    digest,
    reason: `left at ${owner}, a higher version published meanwhile`,
  };
}
