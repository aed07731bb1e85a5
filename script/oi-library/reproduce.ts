/**
 * Reproduces the tags of the Docker Official Images' library files with the tag engine: for one entry, its
 * version and names are read from its own full-version tags, the tag policy comes from a per-image table,
 * the other entries' tags are the repository's existing tags. Used by `npm run check:oi-library` and by
 * the tests (with entries copied into their tables).
 */
import { deriveTags, type LatestPolicy, type TagRequest } from '../../src/domain/tags.js';
import { variantOfTag } from '../../src/domain/version-tag.js';
import { compareVersions, type Version } from '../../src/domain/version.js';

/** One entry of a library file: its `Tags:` and `SharedTags:` together. */
export interface LibraryEntry {
  readonly tags: readonly string[];
  readonly directory?: string;
}

/** The inputs an image's maintainers would set once for every build (README, "as the Official Images do it"). */
export interface ImagePolicy {
  readonly floatingLevels?: string;
  readonly prefixes?: readonly string[];
  readonly floatingScope?: string;
  /** The label of the prerelease line tag, per version (openjdk: `ea` builds only). */
  readonly prereleaseAlias?: (version: Version) => string | undefined;
  /** `latest` for one version, when not `auto` (alpine's edge, ubuntu's devel). */
  readonly latest?: (version: Version) => LatestPolicy | undefined;
}

/** The policies of the 15 images of the reference folder; see docs/official-images.md. */
export const IMAGE_POLICIES: Readonly<Record<string, ImagePolicy>> = {
  alpine: {
    latest: (v) => (v.parts.length === 1 ? 'false' : v.normalized === '3.24.1' ? 'true' : undefined),
  },
  busybox: {},
  // latest is the LTS's (25), not the highest (26): its jobs add it as a raw tag.
  'eclipse-temurin': { floatingLevels: '1', latest: () => 'false' },
  elasticsearch: { floatingLevels: 'none', latest: () => 'false' },
  elixir: { floatingLevels: '2', floatingScope: 'image' },
  haproxy: { floatingLevels: '2', prereleaseAlias: () => 'dev' },
  nginx: {},
  node: {},
  openjdk: { prereleaseAlias: (v) => (v.prerelease?.startsWith('ea') ? 'ea' : undefined) },
  php: { prereleaseAlias: () => 'rc' },
  postgres: {},
  python: { prereleaseAlias: () => 'rc' },
  redis: { floatingScope: 'image' },
  traefik: { prefixes: ['v'] },
  // latest is the newest LTS (26.04), never the development release (26.10).
  ubuntu: {
    floatingLevels: 'none',
    latest: (v) => (v.normalized === '26.10' ? 'false' : v.normalized === '26.04' ? 'true' : undefined),
  },
};

/** Reads a library file: entries separated by blank lines, `Tags:` and `SharedTags:` joined. */
export function parseLibraryFile(text: string): LibraryEntry[] {
  const entries: LibraryEntry[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('#')) continue;
      const field = /^([A-Za-z]+):\s*(.*)$/.exec(line);
      if (field?.[1] !== undefined) {
        last = field[1];
        fields.set(last, field[2] ?? '');
      } else if (last && /^\s/.test(line)) fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
    }
    const tags = [fields.get('Tags'), fields.get('SharedTags')]
      .flatMap((value) => (value ?? '').split(','))
      .map((tag) => tag.trim())
      .filter(Boolean);
    if (tags.length > 0) entries.push({ tags: [...new Set(tags)], directory: fields.get('Directory') });
  }
  return entries;
}

/**
 * The request for one entry: the version is its highest version-like tag; the names of its full-version
 * tags are `variant` (and `bare` for the unsuffixed one); names seen only on floating tags are
 * `alias-variant`; other tags are channel aliases when they come under every full name, else raw `tags`.
 */
export function inferRequest(
  entry: LibraryEntry,
  existing: readonly string[],
  policy: ImagePolicy,
): TagRequest {
  const prefixes = policy.prefixes ?? [];
  const own = new Set(entry.tags);
  // A prefixed copy (`v3.7`) of a tag the entry has anyway is the prefix input's business.
  const tags = entry.tags.filter((t) => !prefixes.some((p) => t.startsWith(p) && own.has(t.slice(p.length))));
  const parsed = tags.map((tag) => ({ tag, match: variantOfTag(tag) }));
  let version: Version | undefined;
  for (const { match } of parsed) {
    if (!match) continue;
    // The full version has the most numeric parts (`8.6.0beta1`, not its line tag `8.6-rc`), then the highest.
    const more = version ? match.version.parts.length - version.parts.length : 1;
    if (more > 0 || (more === 0 && version && compareVersions(match.version, version) > 0))
      version = match.version;
  }
  if (!version) return { extraTags: tags };
  const full = new Set<string | undefined>();
  const floating = new Set<string | undefined>();
  for (const { match } of parsed) {
    if (!match) continue;
    (match.version.normalized === version.normalized ? full : floating).add(match.variant);
  }
  const names = [...new Set([...full, ...floating])].filter((n): n is string => n !== undefined);
  const extraTags: string[] = [];
  const byAlias = new Map<string, { names: Set<string | undefined>; tags: string[] }>();
  for (const { tag, match } of parsed) {
    if (match || names.includes(tag)) continue;
    if (tag === 'latest') {
      // Published although the policy never moves it (temurin's LTS): a raw tag of that job.
      if (policy.latest?.(version) === 'false') extraTags.push(tag);
      continue;
    }
    const name = names.filter((n) => tag.endsWith(`-${n}`)).sort((a, b) => b.length - a.length)[0];
    const alias = name === undefined ? tag : tag.slice(0, -name.length - 1);
    const seen = byAlias.get(alias) ?? { names: new Set(), tags: [] };
    seen.names.add(name);
    seen.tags.push(tag);
    byAlias.set(alias, seen);
  }
  const aliases: string[] = [];
  for (const [alias, seen] of byAlias) {
    const everywhere = [...full].every((n) => seen.names.has(n)) && seen.names.size === full.size;
    if (everywhere) aliases.push(alias);
    else extraTags.push(...seen.tags);
  }
  const variants = [...full].filter((n): n is string => n !== undefined);
  const label = policy.prereleaseAlias?.(version);
  const latest = policy.latest?.(version);
  return {
    version: version.normalized,
    variant: variants,
    bare:
      variants.length === 0 ? false : full.has(undefined) ? true : floating.has(undefined) ? 'alias' : false,
    aliasVariants: [...floating].filter((n): n is string => n !== undefined && !full.has(n)),
    aliases,
    extraTags,
    existing,
    ...(policy.floatingLevels ? { floatingLevels: policy.floatingLevels } : {}),
    ...(prefixes.length > 0 ? { prefixes } : {}),
    ...(policy.floatingScope ? { floatingScope: policy.floatingScope } : {}),
    ...(label ? { prereleaseAlias: label } : {}),
    ...(latest ? { latest } : {}),
  };
}

/** The outcome for one entry: the tags derived, and what the file has that we lack or we add that it lacks. */
export interface EntryResult {
  readonly expected: readonly string[];
  readonly derived: readonly string[];
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly error?: string;
}

/** Derives one entry's tags with the other entries' tags as the existing ones, and compares sets. */
export function reproduceEntry(
  entry: LibraryEntry,
  others: readonly LibraryEntry[],
  policy: ImagePolicy,
): EntryResult {
  const existing = [...new Set(others.flatMap((o) => o.tags))];
  let derived: string[] = [];
  let error: string | undefined;
  try {
    derived = deriveTags(inferRequest(entry, existing, policy)).tags.map((t) => t.tag);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const want = new Set(entry.tags);
  const got = new Set(derived);
  return {
    expected: entry.tags,
    derived,
    missing: entry.tags.filter((t) => !got.has(t)),
    extra: derived.filter((t) => !want.has(t)),
    ...(error === undefined ? {} : { error }),
  };
}

/** Every entry of one file, each against all the others. */
export function reproduceFile(entries: readonly LibraryEntry[], policy: ImagePolicy): EntryResult[] {
  return entries.map((entry, i) =>
    reproduceEntry(
      entry,
      entries.filter((_, j) => j !== i),
      policy,
    ),
  );
}
