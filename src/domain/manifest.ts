import { PublishError } from '../errors.js';
import { isDigest, sha256Digest, type Digest } from './digest.js';
import {
  MEDIA_TYPE_DOCKER_SCHEMA1,
  MEDIA_TYPE_DOCKER_SCHEMA1_SIGNED,
  MEDIA_TYPE_OCI_INDEX,
  MEDIA_TYPE_OCI_MANIFEST,
  isImageManifestMediaType,
  isIndexMediaType,
} from './media-types.js';

export interface Platform {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
}

/** An OCI content descriptor. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
  readonly artifactType?: string;
}

export interface ImageManifestDocument {
  readonly kind: 'image';
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

export interface IndexDocument {
  readonly kind: 'index';
  readonly mediaType: string;
  readonly manifests: readonly Descriptor[];
}

export type ManifestDocument = ImageManifestDocument | IndexDocument;

/** Manifest bytes exactly as they will be stored (the digest is the hash of these bytes). */
export interface RawManifest {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly digest: Digest;
}

/** Wraps bytes as a RawManifest, computing the digest. */
export function toRawManifest(bytes: Uint8Array, mediaType: string): RawManifest {
  return { bytes, mediaType, digest: sha256Digest(bytes) };
}

/** The descriptor that points at a manifest. */
export function describeManifest(raw: RawManifest, extra: Partial<Descriptor> = {}): Descriptor {
  return { ...extra, mediaType: raw.mediaType, digest: raw.digest, size: raw.bytes.byteLength };
}

/**
 * Parses manifest or index bytes. The media type comes from the document's `mediaType`, else from
 * `fallbackMediaType` (a Content-Type header or descriptor), else from its shape. Schema 1 is refused.
 */
export function parseManifest(
  bytes: Uint8Array,
  fallbackMediaType?: string,
  where = 'manifest',
): ManifestDocument {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new PublishError('SOURCE_CORRUPT', `The ${where} is not valid JSON`, { hint: CORRUPT_HINT, cause });
  }
  if (!isObject(json)) throw corrupt(where, 'not a JSON object');
  const declared = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  if (
    json.schemaVersion === 1 ||
    declared === MEDIA_TYPE_DOCKER_SCHEMA1 ||
    declared === MEDIA_TYPE_DOCKER_SCHEMA1_SIGNED
  ) {
    throw new PublishError(
      'SOURCE_UNSUPPORTED',
      `The ${where} is a Docker schema 1 manifest, which registries no longer accept`,
      {
        hint: 'Rebuild or re-pull the image with a current Docker or buildx to get a schema 2 or OCI manifest.',
      },
    );
  }
  const shapeType = Array.isArray(json.manifests) ? MEDIA_TYPE_OCI_INDEX : MEDIA_TYPE_OCI_MANIFEST;
  const mediaType = declared ?? fallbackMediaType ?? shapeType;
  if (isIndexMediaType(mediaType)) {
    if (!Array.isArray(json.manifests)) throw corrupt(where, 'an index without "manifests"');
    return {
      kind: 'index',
      mediaType,
      manifests: json.manifests.map((d, i) => readDescriptor(d, `${where} manifests[${i}]`)),
    };
  }
  if (isImageManifestMediaType(mediaType)) {
    if (!isObject(json.config)) throw corrupt(where, 'a manifest without "config"');
    const layers = Array.isArray(json.layers) ? json.layers : [];
    return {
      kind: 'image',
      mediaType,
      config: readDescriptor(json.config, `${where} config`),
      layers: layers.map((d, i) => readDescriptor(d, `${where} layers[${i}]`)),
    };
  }
  throw new PublishError('SOURCE_UNSUPPORTED', `The ${where} has the unsupported media type "${mediaType}"`, {
    hint: 'Publish an OCI image manifest or index, or a Docker schema 2 manifest or manifest list.',
  });
}

export function readDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw corrupt(where, 'a descriptor that is not an object');
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== 'string' || mediaType === '')
    throw corrupt(where, 'a descriptor without "mediaType"');
  if (typeof digest !== 'string' || !isDigest(digest))
    throw corrupt(where, `a descriptor with the invalid digest "${String(digest)}"`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw corrupt(where, `a descriptor with the invalid size "${String(size)}"`);
  const out: { -readonly [K in keyof Descriptor]: Descriptor[K] } = { mediaType, digest, size };
  if (isObject(value.annotations)) out.annotations = value.annotations as Record<string, string>;
  if (isObject(value.platform)) out.platform = value.platform as unknown as Platform;
  if (typeof value.artifactType === 'string') out.artifactType = value.artifactType;
  return out;
}

export function formatPlatform(platform: Platform | undefined): string {
  if (!platform) return 'unknown';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

const CORRUPT_HINT = 'The image is damaged or not an OCI/Docker image; rebuild or re-export it.';

function corrupt(where: string, what: string): PublishError {
  return new PublishError('SOURCE_CORRUPT', `The ${where} is ${what}`, { hint: CORRUPT_HINT });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
