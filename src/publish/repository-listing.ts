import type { Digest } from '../domain/digest.js';
import { compareVersions, type Version } from '../domain/version.js';
import { parseVersionTag } from '../domain/tags.js';
import type { RegistryClient } from '../registry/types.js';
import { mapLimited } from '../map-limited.js';

export interface ListedVersion {
  readonly tag: string;
  readonly variant: string | undefined;
  readonly version: Version;
  readonly digest: Digest | undefined;
  /** Non-version tags (floating tags, channels, latest) that point at the same digest. */
  readonly pointers: readonly string[];
}

export interface RepositoryListing {
  readonly repository: string;
  readonly versions: readonly ListedVersion[];
  /** Tags that are not versions and point at no listed version. */
  readonly others: readonly { tag: string; digest: Digest | undefined }[];
}

/**
 * What is truly pushed: every version tag sorted by variant then version, with its digest and the other
 * tags pointing at the same image. Variants are the suffixes `S` of version tags `X.Y-S` for which the
 * repository also has the plain `S` tag or a major tag `N-S`, or the ones named explicitly. A tag that
 * starts with one of `prefixes` is read without it: a prefixed copy of a listed version (`v3.7.11` beside
 * `3.7.11`, same image) is shown among that version's tags, not as a version of its own.
 */
export async function listRepository(
  client: RegistryClient,
  repository: string,
  options: { concurrency: number; variants?: readonly string[]; prefixes?: readonly string[] },
): Promise<RepositoryListing> {
  const tags = await client.listTags(repository);
  const digests = new Map<string, Digest | undefined>();
  await mapLimited(tags, options.concurrency, async (tag) => {
    digests.set(tag, (await client.headManifest(repository, tag))?.digest);
  });
  const variants = new Set([...(options.variants ?? []), ...detectVariants(tags)]);
  const classified: (ListedVersion & { prefixed: boolean })[] = [];
  for (const tag of tags) {
    const prefix = (options.prefixes ?? []).find(
      (p) => p && tag.startsWith(p) && classify(tag.slice(p.length), variants),
    );
    const match = classify(prefix === undefined ? tag : tag.slice(prefix.length), variants);
    if (match)
      classified.push({
        tag,
        variant: match.variant,
        version: match.version,
        digest: digests.get(tag),
        pointers: [],
        prefixed: prefix !== undefined,
      });
  }
  // A shorter version on the same image as a longer one it prefixes (`1.15` beside `1.15.12`) is a floating
  // tag; a prefixed copy of an unprefixed version tag on the same image is one of its tags.
  const versions = classified
    .filter((v) => !classified.some((w) => isFloatingFor(v, w) || isPrefixedCopy(v, w)))
    .map(({ prefixed: _prefixed, ...v }) => v);
  const versionTags = new Set(versions.map((v) => v.tag));
  const pointerTags = tags.filter((t) => !versionTags.has(t));
  const withPointers = versions.map((v) => ({
    ...v,
    pointers:
      v.digest === undefined ? [] : sortPointers(pointerTags.filter((t) => digests.get(t) === v.digest)),
  }));
  withPointers.sort(
    (a, b) =>
      (a.variant ?? '').localeCompare(b.variant ?? '') ||
      compareVersions(a.version, b.version) ||
      a.tag.localeCompare(b.tag),
  );
  const pointed = new Set(withPointers.flatMap((v) => v.pointers));
  const others = pointerTags.filter((t) => !pointed.has(t)).map((tag) => ({ tag, digest: digests.get(tag) }));
  return { repository, versions: withPointers, others };
}

function classify(
  tag: string,
  variants: ReadonlySet<string>,
): { version: Version; variant: string | undefined } | undefined {
  for (const variant of variants) {
    const version = parseVersionTag(tag, variant);
    if (version) return { version, variant };
  }
  const version = parseVersionTag(tag, undefined);
  return version ? { version, variant: undefined } : undefined;
}

function detectVariants(tags: readonly string[]): string[] {
  const all = new Set(tags);
  const found = new Set<string>();
  for (const tag of tags) {
    const m = /^(\d+)(?:\.\d+)*-([A-Za-z][A-Za-z0-9._-]*)$/.exec(tag);
    const major = m?.[1];
    const suffix = m?.[2];
    if (!major || !suffix) continue;
    const majorTag = `${major}-${suffix}`;
    if (all.has(suffix) || (majorTag !== tag && all.has(majorTag))) found.add(suffix);
  }
  return [...found];
}

function isPrefixedCopy(
  copy: ListedVersion & { prefixed: boolean },
  of: ListedVersion & { prefixed: boolean },
): boolean {
  return (
    copy.prefixed &&
    !of.prefixed &&
    copy.variant === of.variant &&
    copy.digest !== undefined &&
    copy.digest === of.digest &&
    compareVersions(copy.version, of.version) === 0
  );
}

function isFloatingFor(short: ListedVersion, long: ListedVersion): boolean {
  return (
    short.variant === long.variant &&
    short.digest !== undefined &&
    short.digest === long.digest &&
    long.version.parts.length > short.version.parts.length &&
    short.version.parts.every((part, i) => Number(part) === Number(long.version.parts[i]))
  );
}

/** Floating version tags first, most precise first (`1.15`, `1`), then the others by name (`latest`). */
function sortPointers(tags: readonly string[]): string[] {
  const precision = (tag: string): number => /^\d+(?:\.\d+)*/.exec(tag)?.[0].split('.').length ?? 0;
  return [...tags].sort((a, b) => precision(b) - precision(a) || a.localeCompare(b));
}
