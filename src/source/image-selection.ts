/**
 * Choosing the one image of a layout or archive that a source names (a REF after the path, or the engine's
 * image ID). Both formats that hold several images, OCI `index.json` (layout-loader.ts) and the legacy
 * `manifest.json` of docker save (docker-save-format.ts), select through selectImage; they differ only in
 * how an entry matches and how it is named in messages.
 */
import type { Digest } from '../domain/digest.js';
import { parseReference } from '../domain/reference.js';
import { PublishError } from '../errors.js';
import { sourceInvalid } from './source-errors.js';

/** Which image of a layout or archive to load. */
export interface Selection {
  /** What the user wrote after the path: a ref name, image name, digest, or `@N` (N-th entry). */
  readonly ref?: string;
  /** The Docker engine's image ID: the entry's digest, or the config digest of its image. */
  readonly imageId?: Digest;
}

/** What selectImage needs to know of one format's entries. */
export interface SelectionFormat<T> {
  /** For messages, naming the layout or archive. */
  readonly description: string;
  /** Said after "lists no images", e.g. ` (index.json is empty)`. */
  readonly emptyDetail?: string;
  /** Entries that are the image with this engine image ID. */
  matchImageId(entries: readonly T[], imageId: Digest): Promise<T[]> | T[];
  /** Entries a REF names (`@N`, a digest, a name). */
  matchRef(entries: readonly T[], ref: string): T[];
  /** Two entries with the same identity are the same image (listed twice under different names). */
  identity(entry: T): string;
  /** The entry in a list of what the archive holds. */
  describe(entry: T, entries: readonly T[]): string;
  /** A REF that names this entry, for hints. */
  refFor(entry: T | undefined): string;
  /** How to write the source with a REF, for hints: `(ref) => oci:./out:${ref}`. */
  readonly refExample: (ref: string) => string;
}

/**
 * The entry to load: the only one, or the one the selection names. IMAGE_NOT_FOUND when the selection
 * names none, SOURCE_AMBIGUOUS when more than one image is left, SOURCE_INVALID when there is none at all.
 */
export async function selectImage<T>(
  entries: readonly T[],
  selection: Selection,
  format: SelectionFormat<T>,
): Promise<T> {
  const { ref, imageId } = selection;
  const { description } = format;
  if (entries.length === 0) {
    throw sourceInvalid(
      `${description} lists no images${format.emptyDetail ?? ''}`,
      'Export the image again.',
    );
  }
  let candidates: T[];
  if (imageId !== undefined) {
    candidates = await format.matchImageId(entries, imageId);
    if (candidates.length === 0 && distinct(entries, format).length === 1) candidates = [...entries];
    if (candidates.length === 0) {
      throw new PublishError('IMAGE_NOT_FOUND', `The image ${imageId} is not in ${description}`, {
        hint: 'The engine changed while reading; run again.',
      });
    }
  } else if (ref !== undefined) {
    candidates = format.matchRef(entries, ref);
    if (candidates.length === 0) {
      throw new PublishError(
        'IMAGE_NOT_FOUND',
        `${description} has no image ${JSON.stringify(ref)}; it holds ${listEntries(entries, entries, format)}`,
        { hint: `Name one of them after the path, e.g. ${format.refExample(format.refFor(entries[0]))}.` },
      );
    }
  } else {
    candidates = [...entries];
  }
  const unique = distinct(candidates, format);
  if (unique.length > 1) {
    throw new PublishError(
      'SOURCE_AMBIGUOUS',
      `${description} holds ${unique.length} images: ${listEntries(candidates, entries, format)}`,
      {
        hint: `Say which one to publish after the path, e.g. ${format.refExample(format.refFor(unique[0]))}.`,
      },
    );
  }
  return unique[0] as T;
}

/** The `@N` form of a REF: the entry at that position. */
export function matchPosition<T>(entries: readonly T[], ref: string): T[] | undefined {
  const position = /^@(\d+)$/.exec(ref);
  if (!position) return undefined;
  const entry = entries[Number(position[1])];
  return entry ? [entry] : [];
}

/** `app` → `docker.io/library/app:latest`; unparsable names stay as they are. */
export function normalizeImageName(name: string): string {
  try {
    const r = parseReference(name);
    return `${r.registry}/${r.repository}${r.digest && !r.tag ? '' : `:${r.tag ?? 'latest'}`}${r.digest ? `@${r.digest}` : ''}`;
  } catch {
    return name;
  }
}

/** Whether an image name a tool recorded (a RepoTag, a containerd name) is the one the user wrote. */
export function sameImageName(recorded: string, wanted: string): boolean {
  return recorded === wanted || normalizeImageName(recorded) === normalizeImageName(wanted);
}

function distinct<T>(entries: readonly T[], format: SelectionFormat<T>): T[] {
  return [...new Map(entries.map((e) => [format.identity(e), e])).values()];
}

const LISTED_MAX = 20;

function listEntries<T>(shown: readonly T[], all: readonly T[], format: SelectionFormat<T>): string {
  const names = shown.map((e) => format.describe(e, all));
  const listed = names.slice(0, LISTED_MAX).join(', ');
  return names.length > LISTED_MAX ? `${listed} and ${names.length - LISTED_MAX} more` : listed;
}
