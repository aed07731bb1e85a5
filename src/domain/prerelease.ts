/**
 * Prerelease labels (`rc.1`, `beta3`, `rc1`): ordering, and telling them apart from variant suffixes in
 * existing tags (`1.2.3-rc.1` is a prerelease, `1.2.3-alpine` is the alpine variant).
 */

/**
 * A label chunk that starts with a digit or with a usual prerelease word (not followed by another letter):
 * `rc.1`, `beta3`, `alpha-2`, `b1`, `pre`, `preview.4`, `dev`, `next`. `alpine`, `perl`, `bookworm` are not.
 */
const PRERELEASE_CHUNK =
  /^(?:\d|(?:alpha|beta|rc|pre|preview|dev|snapshot|canary|nightly|next|milestone|ea|a|b|m)(?![A-Za-z]))/i;

/**
 * Whether a label reads as a prerelease rather than a variant name: every `-`-separated chunk must read
 * as one (`rc.1`, `alpha-2`); `rc.1-alpine` is a prerelease followed by the alpine variant.
 */
export function looksLikePrereleaseLabel(label: string): boolean {
  return findVariantChunk(label) === undefined;
}

/** The trailing part of a label that reads as a variant: `alpine` in `rc.1-alpine` and in `alpine`. */
export function trailingVariantOf(label: string): string | undefined {
  const start = findVariantChunk(label);
  return start === undefined ? undefined : label.split('-').slice(start).join('-');
}

function findVariantChunk(label: string): number | undefined {
  const index = label.split('-').findIndex((chunk) => !PRERELEASE_CHUNK.test(chunk));
  return index === -1 ? undefined : index;
}

/**
 * Orders prerelease labels like semver, generalised: identifiers split at `.`, `-` and digit/letter
 * boundaries (`beta10` → `beta`, `10`, so beta3 < beta10 and rc1 = rc.1); numbers compare numerically and
 * sort before words; a shorter label that is a prefix sorts first. No label (a release) sorts last.
 */
export function comparePrereleases(a: string | undefined, b: string | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const x = splitIdentifiers(a);
  const y = splitIdentifiers(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const order = compareIdentifiers(x[i] ?? '', y[i] ?? '');
    if (order !== 0) return order;
  }
  return Math.sign(x.length - y.length);
}

/** Compares two strings of decimal digits by value, whatever their length or leading zeros. */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return Math.sign(x.length - y.length);
  return x < y ? -1 : x > y ? 1 : 0;
}

function splitIdentifiers(label: string): string[] {
  return label.split(/[.-]/).flatMap((id) => id.match(/\d+|\D+/g) ?? []);
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return compareDigits(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
