/**
 * Uncompressed layers (the graph-driver engine's `docker save`: legacy `layer.tar`, or Docker 25+ blobs of
 * type `application/vnd.oci.image.layer.v1.tar`) are published gzip-compressed: load() compresses each once
 * to learn the compressed digest and size (the output is discarded), and the BlobSource compresses again,
 * deterministically (gzip-layer.ts), when the publisher uploads it.
 */
import type { Readable } from 'node:stream';
import type { Digest } from '../domain/digest.js';
import type { Descriptor } from '../domain/manifest.js';
import {
  MEDIA_TYPE_DOCKER_LAYER_GZIP,
  MEDIA_TYPE_OCI_LAYER,
  MEDIA_TYPE_OCI_LAYER_GZIP,
} from '../domain/media-types.js';
import type { BlobSource } from './image-source.js';
import { compressLayer, measureCompression } from './gzip-layer.js';
import { digestMismatch } from './source-errors.js';
import { chain, createVerifyStream, type Hashed } from './verify-stream.js';

const MEDIA_TYPE_DOCKER_LAYER_UNCOMPRESSED = 'application/vnd.docker.image.rootfs.diff.tar';
const MEDIA_TYPE_OCI_LAYER_NONDISTRIBUTABLE = 'application/vnd.oci.image.layer.nondistributable.v1.tar';

const COMPRESSED_TYPE: Readonly<Record<string, string>> = {
  [MEDIA_TYPE_OCI_LAYER]: MEDIA_TYPE_OCI_LAYER_GZIP,
  [MEDIA_TYPE_OCI_LAYER_NONDISTRIBUTABLE]: `${MEDIA_TYPE_OCI_LAYER_NONDISTRIBUTABLE}+gzip`,
  [MEDIA_TYPE_DOCKER_LAYER_UNCOMPRESSED]: MEDIA_TYPE_DOCKER_LAYER_GZIP,
};

/** The gzip media type for an uncompressed layer type, else undefined (the layer is kept as it is). */
export function gzipMediaTypeFor(mediaType: string): string | undefined {
  return COMPRESSED_TYPE[mediaType];
}

/** The uncompressed bytes of a layer: its digest is the diff ID. */
export interface UncompressedLayer {
  readonly digest: Digest;
  readonly size: number;
  /** For messages: `layer.tar of image 1 in docker-archive:./app.tar`. */
  readonly where: string;
  open(): Promise<Readable>;
}

/** Compresses a layer once and returns the compressed digest and size (DIGEST_MISMATCH if the input changed). */
export async function measureLayer(layer: UncompressedLayer, data: Readable): Promise<Hashed> {
  const { compressed, uncompressed } = await measureCompression(data);
  if (uncompressed.digest !== layer.digest)
    throw digestMismatch(layer.where, layer.digest, uncompressed.digest);
  return compressed;
}

/**
 * The BlobSource of a converted layer: the uncompressed bytes are verified against the diff ID, compressed
 * and verified against the compressed digest measured by load().
 */
export function gzipBlobSource(
  layer: UncompressedLayer,
  compressed: Hashed,
  mediaType: string,
  label: string,
  annotations?: Descriptor['annotations'],
): BlobSource {
  const descriptor: Descriptor = {
    mediaType,
    digest: compressed.digest,
    size: compressed.size,
    ...(annotations ? { annotations } : {}),
  };
  return {
    descriptor,
    label,
    async open() {
      const input = await layer.open();
      const compressedStream = compressLayer(input, createVerifyStream(layer, layer.where));
      return chain(
        compressedStream,
        createVerifyStream(
          descriptor,
          `the gzip-compressed ${layer.where} (compressed differently than when it was loaded)`,
        ),
      );
    },
  };
}
