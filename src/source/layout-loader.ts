/**
 * Loads an image from OCI-layout content (a BlobStore plus the bytes of `index.json`): selects the image,
 * reads and verifies every manifest, index and config, checks that every blob is present and hashes to its
 * descriptor, and builds the Artifact tree (nested indexes, attestation manifests and all).
 *
 * Manifests are kept byte for byte (their digests are preserved), except with `convertUncompressed`
 * (engine output: Docker 25+ `docker save` of a graph-driver store), where an image manifest with
 * uncompressed layers gets gzip-compressed layers and is rewritten (every other field kept), and each index
 * above it is rewritten to point at the new manifest.
 */
import type { Readable } from 'node:stream';
import { CONFIG_SIZE_LIMIT, MANIFEST_SIZE_LIMIT } from '../domain/content-limits.js';
import { isDigest, type Digest } from '../domain/digest.js';
import {
  formatPlatform,
  parseManifest,
  toRawManifest,
  type Descriptor,
  type ManifestDocument,
  type Platform,
  type RawManifest,
} from '../domain/manifest.js';
import { MEDIA_TYPE_OCI_INDEX } from '../domain/media-types.js';
import { choosePresentChild } from '../domain/partial-index.js';
import { PublishError } from '../errors.js';
import type { BlobStore } from './blob-store.js';
import type { Artifact, BlobSource, ImageArtifact, IndexArtifact, KnownLayer } from './image-source.js';
import { matchPosition, sameImageName, selectImage, type Selection } from './image-selection.js';
import {
  gzipBlobSource,
  gzipMediaTypeFor,
  measureLayer,
  type UncompressedLayer,
} from './layer-conversion.js';
import { blobMissing, digestMismatch, sizeMismatch, sourceInvalid } from './source-errors.js';
import { TraversalBudget } from './traversal-bounds.js';
import type { Hashed } from './verify-stream.js';
import { measured, verified } from './verify-stream.js';

export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
export const IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';

export interface LayoutLoadOptions {
  readonly selection: Selection;
  readonly convertUncompressed: boolean;
  readonly concurrency: number;
  /** For SOURCE_AMBIGUOUS and IMAGE_NOT_FOUND hints: how to write a source with a REF. */
  /** How to write the source with a REF, for hints: `(ref) => oci:./out:${ref}`. */
  readonly refExample: (ref: string) => string;
  /**
   * With convertUncompressed: compressed layers already in a registry, by diff ID. An uncompressed layer's
   * digest is its diff ID, so a known one is published as that blob and never compressed.
   */
  readonly knownLayers?: ReadonlyMap<Digest, KnownLayer> | undefined;
  /**
   * The engine's own export (docker-daemon): its compressed layers are the blobs of the engine's content
   * store (containerd image store), published as they are and reported as found in `origin`; an index whose
   * content the engine holds only in part is published as `docker push` does (domain/partial-index.ts),
   * as the present manifest of `platform` (the engine's platform for the image).
   */
  readonly engine?: { readonly origin: string; readonly platform?: Platform | undefined } | undefined;
}

interface Node {
  /** The descriptor as the parent lists it. */
  readonly descriptor: Descriptor;
  readonly raw: RawManifest;
  readonly doc: ManifestDocument;
  /** `linux/amd64`, for labels; empty at the top. */
  readonly path: string;
  readonly children: Node[];
  readonly configBytes?: Buffer;
  /** Children of an engine's index whose manifest, config or a layer the export does not hold. */
  readonly absent?: readonly Descriptor[];
}

/** Parses the layout's `index.json` (an OCI image index). */
export function parseIndexJson(bytes: Buffer, where: string): Descriptor[] {
  const doc = parseManifest(bytes, MEDIA_TYPE_OCI_INDEX, where);
  if (doc.kind !== 'index')
    throw sourceInvalid(
      `${where} is not an image index`,
      "An OCI layout's index.json lists images; re-export the image.",
    );
  return [...doc.manifests];
}

export async function loadFromLayout(
  store: BlobStore,
  entries: readonly Descriptor[],
  options: LayoutLoadOptions,
): Promise<Artifact> {
  const chosen = await selectEntry(store, entries, options);
  const engine = options.engine;
  const read = await readNode(store, chosen, '', 0, new TraversalBudget(store.description), !!engine);
  const root = read.absent?.length ? choosePresent(read, engine?.platform, store.description) : read;
  const images = collectImages(root);

  // Every blob present with its declared size. Contents are checked by BlobSource.verify(), which the
  // publisher calls before its first write (a run that writes nothing reads no layer).
  const blobs = new Map<Digest, { descriptor: Descriptor; what: string }>();
  for (const image of images) {
    if (image.doc.kind !== 'image') continue;
    image.doc.layers.forEach((layer, i) => {
      if (!blobs.has(layer.digest))
        blobs.set(layer.digest, {
          descriptor: layer,
          what: `layer ${i + 1}${image.path ? ` of ${image.path}` : ''}`,
        });
    });
  }
  for (const [digest, { descriptor, what }] of blobs) {
    const size = await store.size(digest);
    if (size === undefined) throw blobMissing(digest, what, store.description);
    if (size !== descriptor.size)
      throw sizeMismatch(store.where(digest), digest, descriptor.size, `${size} bytes`);
  }

  // Engine output: compress uncompressed layers once to learn their compressed digests.
  const compressed = new Map<Digest, Hashed>();
  const known = options.convertUncompressed ? (options.knownLayers ?? new Map()) : new Map();
  if (options.convertUncompressed) {
    const toCompress = [...blobs.values()]
      .map((b) => b.descriptor)
      .filter((d) => gzipMediaTypeFor(d.mediaType) !== undefined)
      .filter((d) => !known.has(d.digest))
      .filter((d) => {
        const measured = store.measuredGzip(d);
        if (measured) compressed.set(d.digest, measured);
        return measured === undefined;
      });
    checkDiffIds(images, store);
    // A reused layer is never read again: the scan's hash of the engine's bytes must match its name.
    for (const { descriptor } of blobs.values())
      if (known.has(descriptor.digest) && gzipMediaTypeFor(descriptor.mediaType) !== undefined)
        await store.verify(descriptor);
    await store.visit(toCompress, options.concurrency, async (descriptor, data) => {
      compressed.set(descriptor.digest, await measureLayer(uncompressedLayer(store, descriptor), data));
    });
  }
  return build(store, root, compressed, known, engine?.origin);
}

/** The manifest `docker push` would push of an index the engine holds only in part (its platform's). */
function choosePresent(node: Node, platform: Platform | undefined, description: string): Node {
  const doc = node.doc;
  if (doc.kind !== 'index') return node;
  const byDigest = new Map(node.children.map((c) => [c.descriptor.digest, c]));
  const chosen = choosePresentChild(
    doc.manifests.map((descriptor) => ({ descriptor, present: byDigest.has(descriptor.digest) })),
    platform,
  );
  const child = chosen && byDigest.get(chosen.descriptor.digest);
  if (child) return child;
  throw new PublishError(
    'IMAGE_NOT_FOUND',
    `${description} holds the content of no ${platform ? formatPlatform(platform) : 'single'} image of the multi-platform image ${node.descriptor.digest} (incomplete there: ${node.absent?.length ?? 0} of its ${doc.manifests.length} manifests)`,
    {
      hint: 'Pull the image for this platform (docker pull --platform os/arch NAME), or build it here, then run again.',
    },
  );
}

/** Whether the layout holds an image manifest, its config and every layer (an index: its manifest). */
async function isPresent(store: BlobStore, descriptor: Descriptor): Promise<boolean> {
  if ((await store.size(descriptor.digest)) === undefined) return false;
  const doc = parseManifest(
    await store.read(descriptor, MANIFEST_SIZE_LIMIT),
    descriptor.mediaType,
    store.where(descriptor.digest),
  );
  if (doc.kind === 'index') return true;
  for (const blob of [doc.config, ...doc.layers])
    if ((await store.size(blob.digest)) === undefined) return false;
  return true;
}

function collectImages(node: Node): Node[] {
  return node.doc.kind === 'image' ? [node] : node.children.flatMap(collectImages);
}

function selectEntry(
  store: BlobStore,
  entries: readonly Descriptor[],
  options: LayoutLoadOptions,
): Promise<Descriptor> {
  return selectImage(entries, options.selection, {
    description: store.description,
    emptyDetail: ' (index.json is empty)',
    async matchImageId(all, imageId) {
      const byDigest = all.filter((e) => e.digest === imageId);
      if (byDigest.length > 0) return byDigest;
      const byConfig: Descriptor[] = [];
      for (const entry of all) if ((await configDigestOf(store, entry)) === imageId) byConfig.push(entry);
      return byConfig;
    },
    matchRef,
    identity: (e) => e.digest,
    describe: describeEntry,
    refFor: entryRef,
    refExample: options.refExample,
  });
}

/** A REF that names the entry: its ref name, else its digest. */
function entryRef(entry: Descriptor | undefined): string {
  if (!entry) return 'latest';
  return (
    entry.annotations?.[REF_NAME_ANNOTATION] ?? entry.annotations?.[IMAGE_NAME_ANNOTATION] ?? entry.digest
  );
}

async function configDigestOf(store: BlobStore, entry: Descriptor): Promise<Digest | undefined> {
  if ((await store.size(entry.digest)) === undefined) return undefined;
  const bytes = await store.read(entry, MANIFEST_SIZE_LIMIT);
  const doc = parseManifest(bytes, entry.mediaType, store.where(entry.digest));
  return doc.kind === 'image' ? doc.config.digest : undefined;
}

/** Entries matching a REF: `@N`, a digest, a ref name, or an image name (normalised as Docker does). */
function matchRef(entries: readonly Descriptor[], ref: string): Descriptor[] {
  const atPosition = matchPosition(entries, ref);
  if (atPosition) return atPosition;
  if (isDigest(ref)) return entries.filter((e) => e.digest === ref);
  const byRefName = entries.filter((e) => e.annotations?.[REF_NAME_ANNOTATION] === ref);
  if (byRefName.length > 0) return byRefName;
  return entries.filter((e) => {
    const name = e.annotations?.[IMAGE_NAME_ANNOTATION];
    return name !== undefined && sameImageName(name, ref);
  });
}

function describeEntry(e: Descriptor): string {
  const name = e.annotations?.[REF_NAME_ANNOTATION] ?? e.annotations?.[IMAGE_NAME_ANNOTATION];
  const platform = e.platform ? ` (${formatPlatform(e.platform)})` : '';
  return name !== undefined
    ? `${JSON.stringify(name)} (${e.digest.slice(0, 19)}…)${platform}`
    : `${e.digest}${platform}`;
}

async function readNode(
  store: BlobStore,
  descriptor: Descriptor,
  path: string,
  depth: number,
  budget: TraversalBudget,
  /** The engine's export: the top index's incomplete children are noted (`absent`), not an error. */
  lenient = false,
): Promise<Node> {
  budget.enter(depth);
  const where = store.where(descriptor.digest);
  const { raw, doc, configBytes } = await budget.once(descriptor.digest, async () => {
    const what = depth === 0 ? 'manifest' : `manifest of ${path || 'a child'}`;
    if ((await store.size(descriptor.digest)) === undefined)
      throw blobMissing(descriptor.digest, what, store.description);
    const bytes = await store.read(descriptor, MANIFEST_SIZE_LIMIT);
    const doc = parseManifest(bytes, descriptor.mediaType, where);
    const raw = toRawManifest(bytes, doc.mediaType);
    if (doc.kind === 'index') return { raw, doc, configBytes: undefined };
    const configWhat = `config${path ? ` of ${path}` : ''}`;
    if ((await store.size(doc.config.digest)) === undefined)
      throw blobMissing(doc.config.digest, configWhat, store.description);
    return { raw, doc, configBytes: await store.read(doc.config, CONFIG_SIZE_LIMIT) };
  });
  if (doc.kind !== 'index') return { descriptor, raw, doc, path, children: [], configBytes };
  budget.checkEntries(doc.manifests.length, where);
  const children: Node[] = [];
  const absent: Descriptor[] = [];
  for (const child of doc.manifests) {
    if (lenient && depth === 0 && !(await isPresent(store, child))) {
      absent.push(child);
      continue;
    }
    const childPath = [path, child.platform ? formatPlatform(child.platform) : child.digest.slice(7, 19)]
      .filter(Boolean)
      .join(' > ');
    children.push(await readNode(store, child, childPath, depth + 1, budget));
  }
  return { descriptor, raw, doc, path, children, ...(absent.length > 0 ? { absent } : {}) };
}

/** For converted images: each uncompressed layer's digest must be the config's diff ID at its position. */
function checkDiffIds(images: readonly Node[], store: BlobStore): void {
  for (const image of images) {
    if (image.doc.kind !== 'image' || !image.configBytes) continue;
    const layers = image.doc.layers;
    if (!layers.some((l) => gzipMediaTypeFor(l.mediaType) !== undefined)) continue;
    const diffIds = readDiffIds(image.configBytes);
    if (diffIds === undefined || diffIds.length !== layers.length) continue;
    layers.forEach((layer, i) => {
      if (gzipMediaTypeFor(layer.mediaType) !== undefined && diffIds[i] !== layer.digest) {
        throw digestMismatch(
          `${store.where(layer.digest)} (layer ${i + 1}; the config's rootfs.diff_ids[${i}] disagrees)`,
          diffIds[i] as Digest,
          layer.digest,
        );
      }
    });
  }
}

export function readDiffIds(configBytes: Buffer): string[] | undefined {
  try {
    const config = JSON.parse(configBytes.toString('utf8')) as { rootfs?: { diff_ids?: unknown } };
    const ids = config.rootfs?.diff_ids;
    return Array.isArray(ids) && ids.every((x) => typeof x === 'string') ? (ids as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function uncompressedLayer(store: BlobStore, descriptor: Descriptor): UncompressedLayer {
  return {
    digest: descriptor.digest,
    size: descriptor.size,
    where: store.where(descriptor.digest),
    open: () => store.openRaw(descriptor.digest),
  };
}

/**
 * A layer or config of the layout. open() hashes while streaming until verify() has checked the whole
 * blob; after that it streams the bytes as they are (sha256 of a 1 GiB layer is about a second of CPU that
 * would compete with the upload), since the registry checks the digest again before it commits the
 * upload (`PUT …?digest=`; a blob changed on disk in between is refused as DIGEST_INVALID, never stored).
 * A directory's blob also has openChecked(): its one-pass upload, hashed as it is sent.
 */
function blobSource(store: BlobStore, descriptor: Descriptor, label: string): BlobSource {
  let verification: Promise<void> | undefined;
  let checked = false;
  return {
    descriptor,
    label,
    ...(store.verifyReads
      ? {
          openChecked: async () =>
            measured(await store.openRaw(descriptor.digest), descriptor, store.where(descriptor.digest)),
        }
      : {}),
    verify: () =>
      (verification ??= store.verify(descriptor).then(() => {
        checked = true;
      })),
    async open(): Promise<Readable> {
      const raw = await store.openRaw(descriptor.digest);
      return checked ? raw : verified(raw, descriptor, store.where(descriptor.digest));
    },
  };
}

/** Builds the Artifact; rewrites manifests whose layers were compressed and the indexes above them. */
function build(
  store: BlobStore,
  node: Node,
  compressed: ReadonlyMap<Digest, Hashed>,
  known: ReadonlyMap<Digest, KnownLayer>,
  engineOrigin: string | undefined,
): Artifact {
  const of = `${node.path ? `${node.path} in ` : ''}${store.description}`;
  if (node.doc.kind === 'index') {
    const children = node.children.map((child) => build(store, child, compressed, known, engineOrigin));
    const changed = children.some((c, i) => c.manifest.digest !== node.children[i]?.raw.digest);
    const manifest = changed ? rewriteIndex(node.raw, children) : node.raw;
    const index: IndexArtifact = {
      kind: 'index',
      manifest,
      descriptor: withManifest(node.descriptor, manifest),
      children,
    };
    return index;
  }
  const doc = node.doc;
  const config = blobSource(store, doc.config, `config of ${of}`);
  const layers = doc.layers.map((layer, i) => {
    const label = `layer ${i + 1} of ${of}`;
    const gzipType = gzipMediaTypeFor(layer.mediaType);
    const reused = gzipType === undefined ? undefined : known.get(layer.digest);
    // The registry's gzip bytes under this manifest's own media type family (OCI here).
    if (reused && gzipType) return reusedLayer(reused, gzipType, layer);
    // Already compressed in the engine's export: the engine's own blob, published byte for byte.
    if (gzipType === undefined)
      return engineOrigin
        ? { ...blobSource(store, layer, label), foundIn: engineOrigin }
        : blobSource(store, layer, label);
    const measured = compressed.get(layer.digest);
    if (measured === undefined) return blobSource(store, layer, label);
    return gzipBlobSource(uncompressedLayer(store, layer), measured, gzipType, label, layer.annotations);
  });
  const changed = layers.some((l, i) => l.descriptor.digest !== doc.layers[i]?.digest);
  const manifest = changed ? rewriteManifest(node.raw, layers) : node.raw;
  const image: ImageArtifact = {
    kind: 'image',
    manifest,
    descriptor: withManifest(node.descriptor, manifest),
    config,
    layers,
  };
  return image;
}

function reusedLayer(known: KnownLayer, mediaType: string, layer: Descriptor): KnownLayer {
  const { digest, size } = known.descriptor;
  return {
    ...known,
    descriptor: { mediaType, digest, size, ...(layer.annotations ? { annotations: layer.annotations } : {}) },
  };
}

function withManifest(descriptor: Descriptor, manifest: RawManifest): Descriptor {
  return {
    ...descriptor,
    mediaType: manifest.mediaType,
    digest: manifest.digest,
    size: manifest.bytes.byteLength,
  };
}

function rewriteManifest(raw: RawManifest, layers: readonly BlobSource[]): RawManifest {
  const json = JSON.parse(Buffer.from(raw.bytes).toString('utf8')) as { layers: Record<string, unknown>[] };
  json.layers = json.layers.map((layer, i) => {
    const d = layers[i]?.descriptor;
    return d ? { ...layer, mediaType: d.mediaType, digest: d.digest, size: d.size } : layer;
  });
  return toRawManifest(Buffer.from(JSON.stringify(json)), raw.mediaType);
}

function rewriteIndex(raw: RawManifest, children: readonly Artifact[]): RawManifest {
  const json = JSON.parse(Buffer.from(raw.bytes).toString('utf8')) as {
    manifests: Record<string, unknown>[];
  };
  json.manifests = json.manifests.map((entry, i) => {
    const m = children[i]?.manifest;
    return m ? { ...entry, mediaType: m.mediaType, digest: m.digest, size: m.bytes.byteLength } : entry;
  });
  return toRawManifest(Buffer.from(JSON.stringify(json)), raw.mediaType);
}
