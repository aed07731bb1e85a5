import { PublishError } from '../errors.js';
import { toRawManifest, type Descriptor, type Platform, type RawManifest } from './manifest.js';
import {
  MEDIA_TYPE_DOCKER_MANIFEST,
  MEDIA_TYPE_DOCKER_MANIFEST_LIST,
  MEDIA_TYPE_OCI_INDEX,
} from './media-types.js';

/** buildx marks the manifest of a platform's provenance/SBOM this way, pointing at the platform's digest. */
export const ATTESTATION_TYPE_ANNOTATION = 'vnd.docker.reference.type';
export const ATTESTATION_REFERENCE_ANNOTATION = 'vnd.docker.reference.digest';

/** One manifest to list in a merged index, with where it came from (for messages). */
export interface IndexEntry {
  readonly descriptor: Descriptor;
  /** The platform of an image, read from its config; absent for attestation manifests. */
  readonly platform?: Platform | undefined;
  /** The source that contributed it: `docker://ghcr.io/org/app@sha256:…`. */
  readonly origin: string;
}

export interface MergedIndex {
  readonly manifest: RawManifest;
  /** The entries in index order, each with the descriptor written into the index. */
  readonly entries: readonly IndexEntry[];
}

/**
 * Builds the index of several platforms: one image per platform (a second one for the same platform is
 * refused, naming both origins), images ordered by platform and attestation manifests after them in the
 * order of the image they describe, so the same children always give the same bytes. A Docker manifest
 * list when every child is a Docker schema 2 manifest and there are no annotations (as
 * `docker buildx imagetools create` does).
 */
export function buildPlatformIndex(
  entries: readonly IndexEntry[],
  annotations?: Readonly<Record<string, string>>,
): MergedIndex {
  const images = new Map<string, IndexEntry>();
  const attestations = new Map<string, IndexEntry>();
  for (const entry of entries) {
    if (isAttestation(entry.descriptor)) {
      attestations.set(entry.descriptor.digest, entry);
      continue;
    }
    const platform = entry.platform ?? entry.descriptor.platform;
    if (!platform) {
      throw new PublishError('SOURCE_INVALID', `The platform of ${entry.origin} is unknown`, {
        hint: 'Its config names no os and architecture; rebuild the image with a platform set.',
      });
    }
    const key = platformKey(platform);
    const other = images.get(key);
    if (other && other.descriptor.digest !== entry.descriptor.digest) {
      throw new PublishError(
        'PLATFORM_DUPLICATE',
        `${other.origin} and ${entry.origin} are both ${formatFullPlatform(platform)}`,
        { hint: 'List one image per platform; a merged index has one child per platform.' },
      );
    }
    images.set(key, {
      ...entry,
      descriptor: {
        mediaType: entry.descriptor.mediaType,
        digest: entry.descriptor.digest,
        size: entry.descriptor.size,
        platform: normalizePlatform(platform),
      },
    });
  }
  const ordered = [...images.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  const position = new Map(ordered.map((e, i) => [e.descriptor.digest as string, i]));
  const rank = (e: IndexEntry): number =>
    position.get(e.descriptor.annotations?.[ATTESTATION_REFERENCE_ANNOTATION] ?? '') ?? ordered.length;
  const attached = [...attestations.values()].sort(
    (a, b) => rank(a) - rank(b) || (a.descriptor.digest < b.descriptor.digest ? -1 : 1),
  );
  const all = [...ordered, ...attached];
  // A Docker manifest list has no annotations: with annotations the result is an OCI index.
  const annotated = annotations !== undefined && Object.keys(annotations).length > 0;
  const docker = !annotated && all.every((e) => e.descriptor.mediaType === MEDIA_TYPE_DOCKER_MANIFEST);
  const mediaType = docker ? MEDIA_TYPE_DOCKER_MANIFEST_LIST : MEDIA_TYPE_OCI_INDEX;
  const document = {
    schemaVersion: 2,
    mediaType,
    manifests: all.map((e) => e.descriptor),
    ...(annotated ? { annotations } : {}),
  };
  return { manifest: toRawManifest(Buffer.from(JSON.stringify(document)), mediaType), entries: all };
}

export function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.[ATTESTATION_TYPE_ANNOTATION] === 'attestation-manifest';
}

/** os/architecture/variant, with the os.version when there is one (Windows images). */
export function formatFullPlatform(platform: Platform): string {
  const base = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
  return platform['os.version'] ? `${base} (os.version ${platform['os.version']})` : base;
}

function platformKey(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant ?? '', platform['os.version'] ?? ''].join(
    '\0',
  );
}

/** Fields in one fixed order, empty ones dropped: the same platform always serialises the same way. */
function normalizePlatform(platform: Platform): Platform {
  return {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform['os.version'] ? { 'os.version': platform['os.version'] } : {}),
    ...(platform.variant ? { variant: platform.variant } : {}),
  };
}
