/**
 * Which manifest of a multi-platform index to publish when the engine holds the content of only some of its
 * platforms (a containerd image store that pulled one platform of a multi-platform image). The rule is
 * `docker push`'s (moby daemon/containerd/image_push.go, getPushDescriptor): every child's content present
 * → the whole index; otherwise the one present image manifest of the engine's platform. Pure: no I/O.
 */
import type { Descriptor, Platform } from './manifest.js';
import { isAttestation } from './platform-index.js';

export interface IndexChild {
  readonly descriptor: Descriptor;
  /** The manifest, its config and every layer are held. */
  readonly present: boolean;
}

/**
 * The child to publish instead of an incomplete index: a present image manifest (not an attestation) of
 * `platform` (the engine's platform for the image; when unknown, the only present one), the exact variant
 * first. Undefined when there is none.
 */
export function choosePresentChild<T extends IndexChild>(
  children: readonly T[],
  platform: Platform | undefined,
): T | undefined {
  const present = children.filter((c) => c.present && !isAttestation(c.descriptor));
  if (!platform) return present.length === 1 ? present[0] : undefined;
  const matching = present.filter(
    (c) => c.descriptor.platform && samePlatform(c.descriptor.platform, platform),
  );
  return (
    matching.find((c) => normalizeVariant(c.descriptor.platform) === normalizeVariant(platform)) ??
    matching[0]
  );
}

/** Same os and architecture; variants agree where both are given (arm64's empty variant is v8). */
function samePlatform(a: Platform, b: Platform): boolean {
  if (a.os !== b.os || a.architecture !== b.architecture) return false;
  const va = normalizeVariant(a);
  const vb = normalizeVariant(b);
  return va === undefined || vb === undefined || va === vb;
}

function normalizeVariant(platform: Platform | undefined): string | undefined {
  if (!platform) return undefined;
  if (platform.architecture === 'arm64' && (platform.variant ?? '') === '') return 'v8';
  return platform.variant || undefined;
}
