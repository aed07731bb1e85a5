/**
 * Images the targets already hold, read before an engine image is exported (docker-daemon source):
 * a few existing tags per target (domain/known-image-tags.ts), their manifests and configs. Their configs'
 * diff IDs name compressed layers the registry already has, so the source publishes those blobs instead of
 * compressing its own (an image first pushed with `docker push` keeps its layer digests), and an image
 * whose config digest is the engine's image ID is the very image: nothing needs exporting at all.
 */
import type { Readable } from 'node:stream';
import { readBounded } from '../bounded-read.js';
import { CONFIG_SIZE_LIMIT } from '../domain/content-limits.js';
import type { Digest } from '../domain/digest.js';
import { chooseKnownImageTags } from '../domain/known-image-tags.js';
import { parseManifest, type Descriptor, type RawManifest } from '../domain/manifest.js';
import { MEDIA_TYPE_DOCKER_LAYER_GZIP, MEDIA_TYPE_OCI_LAYER_GZIP } from '../domain/media-types.js';
import type { Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';
import type { ImageArtifact, ImageIdentity, KnownLayer } from '../source/image-source.js';
import { readDiffIds } from '../source/layout-loader.js';
import type { PublishSettings, Target } from './settings.js';

export interface KnownImages {
  /** Compressed layers by diff ID (first found wins), in the Docker gzip media type. */
  readonly layers: Map<Digest, KnownLayer>;
  /** Per target, an image it holds whose config digest is the engine's image ID. */
  readonly same: Map<Target, ImageArtifact>;
}

interface KnownImagesInput {
  readonly identity: ImageIdentity;
  readonly settings: PublishSettings;
  readonly clients: ReadonlyMap<string, RegistryClient>;
  readonly tagLists: ReadonlyMap<Target, Promise<string[] | undefined>>;
  readonly log: Logger;
}

/** Reads the known images of every target; a target that cannot be read contributes nothing. */
export async function readKnownImages(input: KnownImagesInput): Promise<KnownImages> {
  const known: KnownImages = { layers: new Map(), same: new Map() };
  // Every tag set names the same image, so one set's tags suffice: the plain set, else the first variant's.
  const { variants, bare } = input.settings;
  const variant = bare ? undefined : variants[0];
  for (const target of input.settings.targets) {
    const client = input.clients.get(target.apiHost);
    const tags = await input.tagLists.get(target)?.catch(() => undefined);
    if (!client || !tags || tags.length === 0) continue;
    const chosen = chooseKnownImageTags(tags, input.settings.version, variant);
    const images = await Promise.all(
      chosen.map((tag) => readImage(client, target, tag).catch(() => undefined)),
    );
    for (const image of images) {
      if (!image) continue;
      const id = input.identity.imageId;
      const same = image.artifact.config.descriptor.digest === id || image.artifact.manifest.digest === id;
      if (same && !known.same.has(target)) known.same.set(target, image.artifact);
      image.layers.forEach((layer, i) => {
        const diffId = image.diffIds[i];
        if (diffId && isGzipLayer(layer.descriptor) && !known.layers.has(diffId)) {
          known.layers.set(diffId, {
            ...layer,
            descriptor: { ...layer.descriptor, mediaType: MEDIA_TYPE_DOCKER_LAYER_GZIP },
            foundIn: image.foundIn,
          });
        }
      });
    }
  }
  return known;
}

function isGzipLayer(descriptor: Descriptor): boolean {
  return (
    descriptor.mediaType === MEDIA_TYPE_DOCKER_LAYER_GZIP ||
    descriptor.mediaType === MEDIA_TYPE_OCI_LAYER_GZIP
  );
}

interface ReadImage {
  readonly artifact: ImageArtifact;
  readonly layers: readonly KnownLayer[];
  readonly diffIds: readonly Digest[];
  readonly foundIn: string;
}

/** One tag's single-platform image (manifest and config); undefined for an index or a config too large. */
async function readImage(
  client: RegistryClient,
  target: Target,
  tag: string,
): Promise<ReadImage | undefined> {
  const { repository } = target;
  const raw: RawManifest = await client.getManifest(repository, tag);
  const foundIn = `${target.name}:${tag}`;
  const doc = parseManifest(raw.bytes, raw.mediaType, `the manifest of ${foundIn}`);
  if (doc.kind !== 'image' || doc.config.size > CONFIG_SIZE_LIMIT) return undefined;
  // Bounded: the registry, not the manifest, decides how many bytes arrive (more fails to parse: not known).
  const configBytes = (
    await readBounded(await client.getBlob(repository, doc.config.digest), CONFIG_SIZE_LIMIT)
  ).bytes;
  const diffIds = readDiffIds(configBytes);
  if (!diffIds || diffIds.length !== doc.layers.length) return undefined;
  const location = { registry: target.apiHost, repository };
  const blob = (descriptor: Descriptor, label: string): KnownLayer => ({
    descriptor,
    label,
    location,
    foundIn,
    open: (): Promise<Readable> => client.getBlob(repository, descriptor.digest),
  });
  const layers = doc.layers.map((l, i) => blob(l, `layer ${i + 1} of ${foundIn}`));
  const artifact: ImageArtifact = {
    kind: 'image',
    manifest: raw,
    descriptor: { mediaType: raw.mediaType, digest: raw.digest, size: raw.bytes.byteLength },
    location,
    config: {
      descriptor: doc.config,
      label: `config of ${foundIn}`,
      location,
      open: (): Promise<Readable> => client.getBlob(repository, doc.config.digest),
    },
    layers,
  };
  return { artifact, layers, diffIds: diffIds as Digest[], foundIn };
}
