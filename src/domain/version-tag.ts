import { looksLikePrereleaseLabel } from './prerelease.js';
import { tryParseVersion, type Version } from './version.js';

/** An existing tag read as a version of a variant. */
export interface VersionTagMatch {
  readonly version: Version;
  /** `alpine` for `1.15.12-alpine`; undefined for the plain variant. */
  readonly variant: string | undefined;
}

/**
 * Reads an existing tag as a version of `variant`: `1.15.12-alpine` with variant `alpine` → 1.15.12,
 * `2.0.0-rc.1-alpine` → 2.0.0-rc.1. Undefined for other variants (`1.2.3-alpine-perl` is not alpine;
 * `1.2.3-alpine` is not plain), for non-versions and for `latest`/`alpine`. A `-label` after the numbers
 * counts as a prerelease only if it reads like one (`rc.1`, `beta3`, `1`), not like a variant (`alpine`).
 * A leading `v` is accepted (`v2.0.0` written by other tools still counts).
 */
export function parseVersionTag(tag: string, variant?: string): Version | undefined {
  let core = tag;
  if (variant) {
    const suffix = `-${variant}`;
    if (!tag.endsWith(suffix)) return undefined;
    core = tag.slice(0, -suffix.length);
  }
  const version = tryParseVersion(core);
  if (!version || version.build !== undefined || core.replace(/^[vV]/, '') !== version.normalized)
    return undefined;
  if (version.prerelease !== undefined && !looksLikePrereleaseLabel(version.prerelease)) return undefined;
  return { ...version, raw: tag };
}

/**
 * Finds the version and variant of an existing tag: first the known variants (longest first), then the
 * plain variant, then any suffix that starts with a letter, shortest first (`1.2.3-alpine-perl` →
 * alpine-perl, `2.0.0-rc.1-alpine` → 2.0.0-rc.1 of alpine). Undefined for non-version tags.
 */
export function variantOfTag(
  tag: string,
  knownVariants: readonly string[] = [],
): VersionTagMatch | undefined {
  const known = knownVariants.filter(Boolean).toSorted((a, b) => b.length - a.length);
  for (const variant of known) {
    const version = parseVersionTag(tag, variant);
    if (version) return { version, variant };
  }
  const plain = parseVersionTag(tag);
  if (plain) return { version: plain, variant: undefined };
  for (let dash = tag.lastIndexOf('-'); dash > 0; dash = tag.lastIndexOf('-', dash - 1)) {
    const variant = tag.slice(dash + 1);
    if (!/^[A-Za-z_]/.test(variant)) continue;
    const version = parseVersionTag(tag, variant);
    if (version) return { version, variant };
  }
  return undefined;
}
