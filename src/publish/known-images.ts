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
import { isDigest, type Digest } from '../domain/digest.js';
import { chooseKnownImageTags } from '../domain/known-image-tags.js';
import { parseManifest, type Descriptor, type RawManifest } from '../domain/manifest.js';
import { MEDIA_TYPE_DOCKER_LAYER_GZIP, MEDIA_TYPE_OCI_LAYER_GZIP } from '../domain/media-types.js';
import { isAttestation } from '../domain/platform-index.js';
import { formatReference, parseReference, type ImageReference } from '../domain/reference.js';
import type { Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';
import type { ImageArtifact, ImageIdentity, KnownLayer } from '../source/image-source.js';
import type { TagManifests } from './tag-manifests.js';
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
  /** Each target's tag manifests, read once per run (shared with the plan). */
  readonly manifests: ReadonlyMap<Target, TagManifests>;
  readonly log: Logger;
  /** A client for a base image's registry (the targets' clients where the host is the same). */
  readonly connect: (apiHost: string, repository: string) => Promise<RegistryClient>;
}

/** The label (or annotation) naming the image a build started FROM (OCI image spec, annotations.md). */
export const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
export const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest';

/**
 * Reads the known images of every target; a target that cannot be read contributes nothing. When every
 * target holds the engine's image (a re-run), that is all: the manifests say so (config digest = image
 * ID), and the configs and bases, which only name layers to reuse in an export, are not read.
 */
export async function readKnownImages(input: KnownImagesInput): Promise<KnownImages> {
  const known: KnownImages = { layers: new Map(), same: new Map() };
  // Every tag set names the same image, so one set's tags suffice: the plain set, else the first variant's.
  const { variants, bare } = input.settings;
  const variant = bare ? undefined : variants[0];
  // All targets at once, each target's tags in the order chosen (which copy of a layer wins stays fixed).
  const perTarget = await Promise.all(
    input.settings.targets.map(async (target) => {
      const client = input.clients.get(target.apiHost);
      const manifests = input.manifests.get(target);
      const tags = await input.tagLists.get(target)?.catch(() => undefined);
      if (!client || !manifests || !tags || tags.length === 0) return [];
      const chosen = chooseKnownImageTags(tags, input.settings.version, variant);
      const images = await Promise.all(
        chosen.map((tag) =>
          manifests
            .read(tag)
            .then((raw) => raw && heldImage(client, target, raw, `${target.name}:${tag}`))
            .catch(() => undefined),
        ),
      );
      const id = input.identity.imageId;
      for (const image of images) {
        // The engine's manifest itself (containerd store), or its config with one layer per diff ID.
        const same =
          image !== undefined &&
          (image.artifact.manifest.digest === id ||
            (image.artifact.config.descriptor.digest === id &&
              image.layers.length === input.identity.diffIds.length));
        if (same && !known.same.has(target)) known.same.set(target, image.artifact);
      }
      // Two tags on one image (a re-run's version tag and latest) name the same layers: its config is read once.
      const seen = new Set<string>();
      return images.filter((i): i is HeldImage => {
        if (i === undefined || seen.has(i.artifact.manifest.digest)) return false;
        seen.add(i.artifact.manifest.digest);
        return true;
      });
    }),
  );
  if (input.settings.targets.every((t) => known.same.has(t))) return known;
  const read = await Promise.all(
    perTarget.flat().map((image) => readDiffIdsOf(image).catch(() => undefined)),
  );
  for (const image of read) if (image) addKnownLayers(known, image);
  await readBaseLayers(input, known);
  return known;
}

/**
 * Layers of the base images (the `base` setting, then the image's base.name label): in the same registry
 * as a target they are mounted, from another registry copied as they are, so they keep the base's digests.
 * A base that cannot be read is a warning: its layers are then compressed here, as without it.
 */
async function readBaseLayers(input: KnownImagesInput, known: KnownImages): Promise<void> {
  for (const base of baseReferences(input)) {
    const name = formatBase(base);
    try {
      const client = await input.connect(base.apiHost, base.repository);
      client.declareAccess(base.repository, 'pull');
      const image = await readBaseImage(client, base, name, input.identity.platform);
      if (!image) {
        input.log.warning(`base ${name}: no single-platform image matches; its layers are compressed here`);
        continue;
      }
      const added = addKnownLayers(known, image);
      const shared = input.identity.diffIds.filter((d) => image.diffIds.includes(d)).length;
      input.log.info(`base ${name}: ${shared} of the image's layers are its layers (${added} new to reuse)`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      input.log.warning(`base ${name} could not be read (${reason}); its layers are compressed here`);
    }
  }
}

/** The bases to read: the setting's, then the label's (by digest when the label gives one), each once. */
function baseReferences(input: KnownImagesInput): ImageReference[] {
  const refs = [...input.settings.bases];
  const labels = input.identity.labels ?? {};
  const labelled = labels[BASE_NAME_LABEL];
  if (labelled) {
    try {
      const ref = parseReference(labelled);
      const digest = labels[BASE_DIGEST_LABEL];
      refs.push(digest && isDigest(digest) ? { ...ref, digest } : ref);
    } catch {
      input.log.warning(
        `the image's ${BASE_NAME_LABEL} label ${JSON.stringify(labelled)} is not a reference`,
      );
    }
  }
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = formatBase(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function formatBase(ref: ImageReference): string {
  return formatReference({ ...ref, tag: ref.digest ? undefined : (ref.tag ?? 'latest') });
}

/** A base image's manifest for the image's platform (an index is resolved to that child) and its config. */
async function readBaseImage(
  client: RegistryClient,
  base: ImageReference,
  name: string,
  platform: ImageIdentity['platform'],
): Promise<ReadImage | undefined> {
  const location = { registry: base.apiHost, repository: base.repository };
  let raw = await client.getManifest(base.repository, base.digest ?? base.tag ?? 'latest');
  let doc = parseManifest(raw.bytes, raw.mediaType, `the manifest of ${name}`);
  if (doc.kind === 'index') {
    const child = doc.manifests.find(
      (m) =>
        !isAttestation(m) &&
        m.platform !== undefined &&
        (platform === undefined ||
          (m.platform.os === platform.os &&
            m.platform.architecture === platform.architecture &&
            (platform.variant === undefined || m.platform.variant === platform.variant))),
    );
    if (!child) return undefined;
    raw = await client.getManifest(base.repository, child.digest);
    doc = parseManifest(raw.bytes, raw.mediaType, `the manifest of ${name}`);
  }
  if (doc.kind !== 'image') return undefined;
  const image = heldImageAt(client, location, raw, name);
  return image && readDiffIdsOf(image);
}

/** Adds an image's gzip layers by diff ID (the first image to name one wins); how many were new. */
function addKnownLayers(known: KnownImages, image: ReadImage): number {
  let added = 0;
  image.layers.forEach((layer, i) => {
    const diffId = image.diffIds[i];
    if (diffId && isGzipLayer(layer.descriptor) && !known.layers.has(diffId)) {
      known.layers.set(diffId, {
        ...layer,
        descriptor: { ...layer.descriptor, mediaType: MEDIA_TYPE_DOCKER_LAYER_GZIP },
      });
      added += 1;
    }
  });
  return added;
}

function isGzipLayer(descriptor: Descriptor): boolean {
  return (
    descriptor.mediaType === MEDIA_TYPE_DOCKER_LAYER_GZIP ||
    descriptor.mediaType === MEDIA_TYPE_OCI_LAYER_GZIP
  );
}

/** An image a registry holds, as its manifest describes it (no config read yet). */
interface HeldImage {
  readonly artifact: ImageArtifact;
  readonly layers: readonly KnownLayer[];
  readonly foundIn: string;
  readonly client: RegistryClient;
}

/** A held image with its config's diff IDs, one per layer. */
interface ReadImage extends HeldImage {
  readonly diffIds: readonly Digest[];
}

/** A target tag's single-platform image; undefined for an index or a config too large. */
function heldImage(
  client: RegistryClient,
  target: Target,
  raw: RawManifest,
  foundIn: string,
): HeldImage | undefined {
  return heldImageAt(client, { registry: target.apiHost, repository: target.repository }, raw, foundIn);
}

/** The image of a single-platform manifest; undefined for an index or a config too large. */
function heldImageAt(
  client: RegistryClient,
  location: { readonly registry: string; readonly repository: string },
  raw: RawManifest,
  foundIn: string,
): HeldImage | undefined {
  const { repository } = location;
  const doc = parseManifest(raw.bytes, raw.mediaType, `the manifest of ${foundIn}`);
  if (doc.kind !== 'image' || doc.config.size > CONFIG_SIZE_LIMIT) return undefined;
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
  return { artifact, layers, foundIn, client };
}

/** The image's config's diff IDs; undefined when they do not line up with its layers. */
async function readDiffIdsOf(image: HeldImage): Promise<ReadImage | undefined> {
  const { config } = image.artifact;
  // Bounded: the registry, not the manifest, decides how many bytes arrive (more fails to parse: not known).
  const configBytes = (await readBounded(await config.open(), CONFIG_SIZE_LIMIT)).bytes;
  const diffIds = readDiffIds(configBytes);
  if (!diffIds || diffIds.length !== image.layers.length) return undefined;
  return { ...image, diffIds: diffIds as Digest[] };
}
