import { isDigest, type Digest } from '../domain/digest.js';
import { toRawManifest, type Descriptor, type RawManifest } from '../domain/manifest.js';
import { MEDIA_TYPE_OCI_INDEX } from '../domain/media-types.js';
import type { Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';

/** Rounds of read, merge, write and read back before a referrers index is given up as contended. */
const MERGE_ROUNDS = 6;
/**
 * How long a referrers index we wrote must stay intact before it counts as kept: another job's
 * read-modify-write that read before our PUT lands within a request's time after it.
 */
const SETTLE_MS = 300;

/**
 * docs/registry-quirks.md#q31-no-referrers-api: a manifest with a `subject` (a signature, an SBOM) must be
 * findable from its subject. Where the registry has no referrers API, the client keeps the referrers tag
 * schema: an OCI index tagged `sha256-<hex of the subject>` listing every referrer, de-duplicated, with
 * artifactType and annotations. A registry has no compare-and-swap, so two jobs adding referrers to one
 * subject race: each merges into what it reads just before its PUT, reads the index back, and again after
 * a settle pause; a write of another job that dropped our entry is merged again (MERGE_ROUNDS at most).
 */
/** Whether the manifest names a subject (recordReferrer then writes the subject's referrers index). */
export function namesSubject(manifest: RawManifest): boolean {
  const digest = parse(manifest.bytes)?.subject?.digest;
  return typeof digest === 'string' && isDigest(digest);
}

export async function recordReferrer(
  client: RegistryClient,
  repository: string,
  manifest: RawManifest,
  log: Logger,
  settleMs = SETTLE_MS,
): Promise<void> {
  const doc = parse(manifest.bytes);
  const subject = doc?.subject;
  if (!doc || !subject || typeof subject.digest !== 'string' || !isDigest(subject.digest)) return;
  if (client.getReferrers && (await client.getReferrers(repository, subject.digest)) !== undefined) return;
  const tag = referrersTag(subject.digest);
  const entry = referrerEntry(manifest, doc);
  let wrote = false;
  let settled = false;
  for (let round = 0; round < MERGE_ROUNDS; round++) {
    const manifests = await readIndexEntries(client, repository, tag);
    if (manifests.some((d) => d.digest === manifest.digest)) {
      if (!wrote) return;
      if (settled) {
        log.info(`${tag}: referrers index now lists ${manifest.digest} (the registry has no referrers API)`);
        return;
      }
      settled = true;
      await new Promise((resolve) => setTimeout(resolve, settleMs + Math.floor(Math.random() * settleMs)));
      continue;
    }
    if (wrote) log.info(`${tag}: another job rewrote the referrers index meanwhile; merging again`);
    settled = false;
    const index = { schemaVersion: 2, mediaType: MEDIA_TYPE_OCI_INDEX, manifests: [...manifests, entry] };
    await client.putManifest(
      repository,
      tag,
      toRawManifest(Buffer.from(JSON.stringify(index)), MEDIA_TYPE_OCI_INDEX),
    );
    wrote = true;
  }
  log.warning(
    `${tag}: the referrers index kept changing under concurrent writes; ${manifest.digest} may be missing from it (a re-run adds it)`,
  );
}

function referrerEntry(manifest: RawManifest, doc: ManifestJson): Descriptor {
  const artifactType =
    typeof doc.artifactType === 'string'
      ? doc.artifactType
      : typeof doc.config?.mediaType === 'string'
        ? doc.config.mediaType
        : undefined;
  const annotations =
    doc.annotations && typeof doc.annotations === 'object'
      ? (doc.annotations as Record<string, string>)
      : undefined;
  return {
    mediaType: manifest.mediaType,
    digest: manifest.digest,
    size: manifest.bytes.byteLength,
    ...(artifactType ? { artifactType } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** The entries of the `sha256-<hex>` referrers index as the registry holds it now (none when absent). */
async function readIndexEntries(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<Descriptor[]> {
  const existing = (await client.headManifest(repository, tag))
    ? parse((await client.getManifest(repository, tag)).bytes)
    : undefined;
  return Array.isArray(existing?.manifests) ? (existing.manifests as Descriptor[]) : [];
}

interface ManifestJson {
  readonly subject?: { readonly digest?: unknown };
  readonly artifactType?: unknown;
  readonly config?: { readonly mediaType?: unknown };
  readonly annotations?: unknown;
  readonly manifests?: unknown;
}

function parse(bytes: Uint8Array): ManifestJson | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    return value && typeof value === 'object' ? (value as ManifestJson) : undefined;
  } catch {
    return undefined;
  }
}

/** The referrers tag of a subject (`sha256-<hex>`), also the stem of cosign's `.sig`, `.att`, `.sbom` tags. */
export function referrersTag(subject: Digest): string {
  return subject.replace(':', '-');
}

/**
 * The referrers of a subject in a repository: the registry's referrers API where it answers, the
 * `sha256-<hex>` referrers index otherwise (none when neither exists).
 */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subject: Digest,
): Promise<Descriptor[]> {
  const tag = referrersTag(subject);
  const listing =
    (client.getReferrers ? await client.getReferrers(repository, subject) : undefined) ??
    ((await client.headManifest(repository, tag)) ? await client.getManifest(repository, tag) : undefined);
  const manifests = listing ? parse(listing.bytes)?.manifests : undefined;
  if (!Array.isArray(manifests)) return [];
  return manifests.filter(
    (d): d is Descriptor =>
      typeof d === 'object' &&
      d !== null &&
      typeof (d as Descriptor).digest === 'string' &&
      isDigest((d as Descriptor).digest),
  );
}
