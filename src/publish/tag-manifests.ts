/**
 * The manifests of one target's existing tags, each read once per run (one GET, hashed): the plan's
 * current digests (target-publisher.ts) and the images the target already holds (known-images.ts) share
 * the reads, and they start as soon as the tag list is in, while the source is still being identified or
 * loaded, so a re-run waits for one round of manifest reads rather than one per step.
 */
import type { RawManifest } from '../domain/manifest.js';
import { deriveTags, type TagDerivation } from '../domain/tags.js';
import { isPublishError } from '../errors.js';
import { mapLimited } from '../map-limited.js';
import type { RegistryClient } from '../registry/types.js';
import { toTagRequest, type PublishSettings } from './settings.js';
import { TimedRead } from './timed-read.js';

export class TagManifests {
  private readonly reads = new Map<string, TimedRead<RawManifest | undefined>>();

  constructor(
    private readonly client: RegistryClient,
    private readonly repository: string,
  ) {}

  /** The manifest a tag serves, or undefined when it is gone (listed, then deleted) or not there. */
  read(tag: string): Promise<RawManifest | undefined> {
    return this.timed(tag).answer;
  }

  /** The read of `tag` (started now if it was not), with when it was answered (a failure is the caller's). */
  timed(tag: string): TimedRead<RawManifest | undefined> {
    let read = this.reads.get(tag);
    if (!read) {
      read = new TimedRead(() => readManifestOrNone(this.client, this.repository, tag));
      this.reads.set(tag, read);
    }
    return read;
  }

  /** The read of `tag` if one was started. */
  started(tag: string): TimedRead<RawManifest | undefined> | undefined {
    return this.reads.get(tag);
  }

  /** Starts reading `tags`, at most `concurrency` at once (read() of one not started yet starts it now). */
  prefetch(tags: readonly string[], concurrency: number): void {
    mapLimited(tags, concurrency, (tag) => this.read(tag)).catch(() => undefined);
  }
}

/** The listed tags whose manifests the plan reads: the tags it derives and holds back that exist. */
export function tagsToRead(derivation: TagDerivation, existing: readonly string[]): string[] {
  const listed = new Set(existing);
  const wanted = [...derivation.tags, ...derivation.heldBack].map((t) => t.tag);
  return [...new Set(wanted.filter((t) => listed.has(t)))];
}

/**
 * The version tag a release claims first (read just before its PUT: target-publisher.ts), when the settings
 * claim one. Version tags do not depend on the repository's tags, so it is known before the list is in.
 */
export function claimedVersionTag(settings: PublishSettings): string | undefined {
  if (settings.overwrite || settings.dryRun || settings.byDigest || settings.version === undefined)
    return undefined;
  try {
    return deriveTags(toTagRequest(settings, [])).tags.find((t) => t.kind === 'version')?.tag;
  } catch {
    return undefined; // settings the plan refuses: it says why, after the tag list
  }
}

/** tagsToRead for the settings' tags, before the plan derives them (the derivation is pure). */
export function tagsThePlanReads(settings: PublishSettings, existing: readonly string[]): string[] {
  return tagsToRead(deriveTags(toTagRequest(settings, existing)), existing);
}

async function readManifestOrNone(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<RawManifest | undefined> {
  try {
    return await client.getManifest(repository, tag);
  } catch (err) {
    if (isPublishError(err, 'MANIFEST_UNKNOWN') || isPublishError(err, 'NAME_UNKNOWN')) return undefined;
    throw err;
  }
}

/**
 * How many requests a target's widest parallel step sends at once, as far as the settings tell before the
 * tag list: one read, write or check per tag the settings derive, at most `concurrency` (uploads run at that
 * width too). The connections are opened for them while the first request is on its way.
 */
export function requestsAtOnce(settings: PublishSettings): number {
  if (settings.byDigest) return 1;
  try {
    return Math.max(1, Math.min(settings.concurrency, deriveTags(toTagRequest(settings, [])).tags.length));
  } catch {
    return 1; // the plan reports what is wrong with the tags
  }
}
