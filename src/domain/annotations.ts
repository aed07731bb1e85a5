import { PublishError, remedyHint, settingSubject } from '../errors.js';
import { toRawManifest, type RawManifest } from './manifest.js';
import {
  MEDIA_TYPE_DOCKER_CONFIG,
  MEDIA_TYPE_DOCKER_LAYER_GZIP,
  MEDIA_TYPE_DOCKER_MANIFEST,
  MEDIA_TYPE_DOCKER_MANIFEST_LIST,
  MEDIA_TYPE_OCI_CONFIG,
  MEDIA_TYPE_OCI_INDEX,
  MEDIA_TYPE_OCI_LAYER_GZIP,
  MEDIA_TYPE_OCI_MANIFEST,
} from './media-types.js';

/** What the user asked for: explicit `key=value` pairs, and whether to fill the standard OCI ones. */
export interface AnnotationRequest {
  readonly entries: Readonly<Record<string, string>>;
  /** A line `auto`: org.opencontainers.image.{created,version,revision,source} from the run's context. */
  readonly auto: boolean;
}

/** What the standard annotations are filled from (absent values leave their key out). */
export interface AnnotationContext {
  readonly created?: Date | undefined;
  readonly version?: string | undefined;
  readonly revision?: string | undefined;
  readonly source?: string | undefined;
}

/** Parses one `key=value` a line (the value may hold `=`); a line `auto` asks for the standard keys. */
export function parseAnnotations(lines: readonly string[]): AnnotationRequest {
  const entries: Record<string, string> = {};
  let auto = false;
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    if (line === 'auto') {
      auto = true;
      continue;
    }
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key || /\s/.test(key)) {
      throw new PublishError(
        'INPUT_INVALID',
        remedyHint`${settingSubject('annotations')} line "${line}" is not key=value`,
        {
          hint: 'Write one annotation a line, e.g. org.opencontainers.image.title=app, or the line auto.',
        },
      );
    }
    entries[key] = line.slice(eq + 1).trim();
  }
  return { entries, auto };
}

/** The annotations to write: the standard ones when asked for, then the explicit ones (which win). */
export function resolveAnnotations(
  request: AnnotationRequest,
  context: AnnotationContext,
): Record<string, string> {
  const standard: Record<string, string | undefined> = request.auto
    ? {
        'org.opencontainers.image.created': context.created?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'org.opencontainers.image.version': context.version,
        'org.opencontainers.image.revision': context.revision,
        'org.opencontainers.image.source': context.source,
      }
    : {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...standard, ...request.entries }))
    if (value !== undefined) out[key] = value;
  // Keys sorted: the same annotations always give the same manifest bytes.
  return sortKeys(out);
}

const OCI_EQUIVALENT: Readonly<Record<string, string>> = {
  [MEDIA_TYPE_DOCKER_MANIFEST]: MEDIA_TYPE_OCI_MANIFEST,
  [MEDIA_TYPE_DOCKER_MANIFEST_LIST]: MEDIA_TYPE_OCI_INDEX,
  [MEDIA_TYPE_DOCKER_CONFIG]: MEDIA_TYPE_OCI_CONFIG,
  [MEDIA_TYPE_DOCKER_LAYER_GZIP]: MEDIA_TYPE_OCI_LAYER_GZIP,
};

type Json = Record<string, unknown>;

/**
 * A manifest or index registry-publish writes itself, with `annotations` added (they win over the ones it
 * has; keys sorted). Docker schema 2 has no annotations field, so a Docker manifest or manifest list becomes
 * its OCI equivalent, with the config and layer media types mapped the same way (the blobs are unchanged:
 * Docker's gzip layer and config are byte-compatible with OCI's). Children of an index keep their types.
 */
export function annotateManifest(
  raw: RawManifest,
  annotations: Readonly<Record<string, string>>,
): RawManifest {
  if (Object.keys(annotations).length === 0) return raw;
  const doc = JSON.parse(Buffer.from(raw.bytes).toString('utf8')) as Json;
  const mediaType = OCI_EQUIVALENT[raw.mediaType] ?? raw.mediaType;
  const retype = (d: unknown): unknown =>
    typeof d === 'object' && d !== null && typeof (d as Json).mediaType === 'string'
      ? {
          ...(d as Json),
          mediaType: OCI_EQUIVALENT[(d as Json).mediaType as string] ?? (d as Json).mediaType,
        }
      : d;
  const out: Json = { ...doc, mediaType };
  if (mediaType === MEDIA_TYPE_OCI_MANIFEST && raw.mediaType === MEDIA_TYPE_DOCKER_MANIFEST) {
    out.config = retype(doc.config);
    out.layers = Array.isArray(doc.layers) ? doc.layers.map(retype) : doc.layers;
  }
  const existing =
    typeof doc.annotations === 'object' && doc.annotations !== null ? (doc.annotations as Json) : {};
  out.annotations = sortKeys({ ...(existing as Record<string, string>), ...annotations });
  return toRawManifest(Buffer.from(JSON.stringify(out)), mediaType);
}

function sortKeys(entries: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
