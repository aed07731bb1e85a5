/**
 * A repeatable flag that also takes comma-separated lists (`--tag a,b --tag c`): its values as one list,
 * trimmed, empty items dropped. Every command splits its list flags here.
 */
export function splitFlagValues(values: readonly string[] | undefined, separator: RegExp = /,/): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(separator))
    .map((item) => item.trim())
    .filter(Boolean);
}
