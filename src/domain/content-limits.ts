/**
 * The sizes past which image metadata is refused, wherever it is read (sources, registry answers, the
 * publisher). One owner, so a layout, an archive and a registry agree on what is too large.
 */

/** Manifests, indexes, index.json, manifest.json: registries SHOULD accept manifests of at least 4 MiB; we read no more. */
export const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024;
/** Image configs: the limit skopeo applies (containers/image iolimits, 4 MiB). */
export const CONFIG_SIZE_LIMIT = 4 * 1024 * 1024;

/** `4 MiB`, for messages. */
export function formatMiB(bytes: number): string {
  return `${bytes / (1024 * 1024)} MiB`;
}
