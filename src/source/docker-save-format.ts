/**
 * The output of `docker save` (and buildx `--output type=docker`), read from a TarIndex:
 *
 * - Docker 25+ (and buildx, and the containerd image store): an OCI layout (`index.json`, `oci-layout`,
 *   `blobs/sha256/…`) plus `manifest.json` for older tools. Loaded through `index.json`. Manifests whose
 *   layers are already compressed (containerd store: the content store's own blobs; buildx) are published
 *   byte for byte, never decompressed or recompressed; manifests with
 *   uncompressed layers (graph-driver store: `application/vnd.oci.image.layer.v1.tar`) get gzip-compressed
 *   layers and a rewritten manifest (config unchanged).
 * - Docker 20–24 (legacy): `manifest.json` listing `Config` (`<id>.json`) and `Layers` (`<v1id>/layer.tar`,
 *   uncompressed, sometimes symlinks to another layer's file) with no registry manifest at all. A Docker
 *   schema 2 manifest is built: config bytes unchanged (so the image ID and diff IDs are the original
 *   ones), layers gzip-compressed deterministically. Layer files that are already gzip-compressed
 *   (go-containerregistry's tarball format) are kept as they are after checking their diff ID.
 */
import type { Readable } from 'node:stream';
import { CONFIG_SIZE_LIMIT, MANIFEST_SIZE_LIMIT } from '../domain/content-limits.js';
import { isDigest, type Digest } from '../domain/digest.js';
import { describeManifest, toRawManifest, type Descriptor } from '../domain/manifest.js';
import {
  MEDIA_TYPE_DOCKER_CONFIG,
  MEDIA_TYPE_DOCKER_LAYER_GZIP,
  MEDIA_TYPE_DOCKER_MANIFEST,
} from '../domain/media-types.js';
import { TarBlobStore, visitTarEntries } from './blob-store.js';
import { measureDecompression, sniffCompression } from './gzip-layer.js';
import type { Artifact, BlobSource, ImageArtifact, KnownLayer } from './image-source.js';
import { gzipBlobSource, measureLayer, type UncompressedLayer } from './layer-conversion.js';
import { loadFromLayout, parseIndexJson, readDiffIds, type LayoutLoadOptions } from './layout-loader.js';
import { matchPosition, sameImageName, selectImage, type Selection } from './image-selection.js';
import { digestMismatch, sourceCorrupt, sourceInvalid, sourceUnsupported } from './source-errors.js';
import type { TarEntry, TarIndex } from './tar-index.js';
import { verified, type Hashed } from './verify-stream.js';

export interface DockerSaveOptions {
  readonly selection: Selection;
  readonly concurrency: number;
  /** How to write the source with a REF, for hints: `docker-archive:./all.tar:app:1.0`. */
  readonly refExample: (ref: string) => string;
  /** Compressed layers already in a registry, by diff ID: used instead of compressing (both formats). */
  readonly knownLayers?: ReadonlyMap<Digest, KnownLayer>;
  /** The engine's own save stream (docker-daemon): see LayoutLoadOptions.engine. */
  readonly engine?: LayoutLoadOptions['engine'];
}

interface LegacyEntry {
  readonly Config: string;
  readonly RepoTags: readonly string[];
  readonly Layers: readonly string[];
}

/** Loads the image a docker save tar holds (see the module comment for the formats). */
export async function loadDockerSave(index: TarIndex, options: DockerSaveOptions): Promise<Artifact> {
  const indexEntry = index.file('index.json');
  if (indexEntry) {
    const entries = parseIndexJson(
      await index.read(indexEntry, MANIFEST_SIZE_LIMIT),
      `index.json of ${index.description}`,
    );
    if (entries.length > 0) {
      return loadFromLayout(new TarBlobStore(index), entries, {
        selection: options.selection,
        convertUncompressed: true,
        concurrency: options.concurrency,
        refExample: options.refExample,
        knownLayers: options.knownLayers,
        engine: options.engine,
      });
    }
  }
  const manifestEntry = index.file('manifest.json');
  if (!manifestEntry) {
    throw sourceInvalid(
      `${index.description} is not a docker save archive (it has neither manifest.json nor index.json)`,
      'Point docker-archive: at the tar that docker save or buildx --output type=docker wrote.',
    );
  }
  const entries = parseLegacyManifest(
    await index.read(manifestEntry, MANIFEST_SIZE_LIMIT),
    index.description,
  );
  const entry = await selectLegacy(index, entries, options);
  return loadLegacyImage(index, entry, options.concurrency, options.knownLayers ?? new Map());
}

function parseLegacyManifest(bytes: Buffer, description: string): LegacyEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw sourceCorrupt(`manifest.json of ${description} is not valid JSON`, undefined, cause);
  }
  if (!Array.isArray(json)) throw sourceCorrupt(`manifest.json of ${description} is not a list of images`);
  return json.map((item: unknown, i) => {
    const e = item as Partial<Record<keyof LegacyEntry, unknown>> | null;
    if (
      !e ||
      typeof e.Config !== 'string' ||
      !Array.isArray(e.Layers) ||
      !e.Layers.every((l) => typeof l === 'string')
    ) {
      throw sourceCorrupt(`manifest.json of ${description}: entry ${i} lacks "Config" or "Layers"`);
    }
    const tags = Array.isArray(e.RepoTags)
      ? e.RepoTags.filter((t): t is string => typeof t === 'string')
      : [];
    return { Config: e.Config, RepoTags: tags, Layers: e.Layers as string[] };
  });
}

function configDigestOf(index: TarIndex, entry: LegacyEntry): Digest | undefined {
  return index.file(entry.Config)?.digest;
}

function selectLegacy(
  index: TarIndex,
  entries: readonly LegacyEntry[],
  options: DockerSaveOptions,
): Promise<LegacyEntry> {
  return selectImage(entries, options.selection, {
    description: index.description,
    matchImageId: (all, imageId) => all.filter((e) => configDigestOf(index, e) === imageId),
    matchRef(all, ref) {
      const atPosition = matchPosition(all, ref);
      if (atPosition) return atPosition;
      if (isDigest(ref) || /^[a-f0-9]{12,64}$/.test(ref)) {
        const hex = ref.replace(/^sha256:/, '');
        return all.filter((e) => configDigestOf(index, e)?.slice(7).startsWith(hex));
      }
      return all.filter((e) => e.RepoTags.some((t) => sameImageName(t, ref)));
    },
    identity: (e) => configDigestOf(index, e) ?? e.Config,
    describe: (e, all) =>
      `${e.RepoTags.length > 0 ? e.RepoTags.join(' ') : `@${all.indexOf(e)}`} (${(configDigestOf(index, e) ?? e.Config).slice(0, 19)}…)`,
    // A REF that names the entry: its first tag, else `@0`.
    refFor: (e) => e?.RepoTags[0] ?? '@0',
    refExample: options.refExample,
  });
}

interface LayerPlan {
  readonly path: string;
  readonly entry: TarEntry;
  readonly diffId: Digest;
  readonly compression: 'none' | 'gzip';
}

async function loadLegacyImage(
  index: TarIndex,
  image: LegacyEntry,
  concurrency: number,
  knownLayers: ReadonlyMap<Digest, KnownLayer>,
): Promise<ImageArtifact> {
  const description = index.description;
  const configEntry = index.file(image.Config);
  if (!configEntry?.digest) {
    throw sourceCorrupt(`The config ${image.Config} listed in manifest.json is missing from ${description}`);
  }
  const configBytes = await index.read(configEntry, CONFIG_SIZE_LIMIT);
  const configDigest = configEntry.digest;
  const named = /([a-f0-9]{64})(?:\.json)?$/.exec(image.Config);
  if (named && `sha256:${named[1]}` !== configDigest) {
    throw digestMismatch(`${image.Config} in ${description}`, `sha256:${named[1]}`, configDigest);
  }
  const diffIds = readDiffIds(configBytes);
  if (!diffIds || diffIds.length !== image.Layers.length) {
    throw sourceCorrupt(
      `The config ${image.Config} in ${description} lists ${diffIds?.length ?? 'no'} diff IDs for ${image.Layers.length} layers`,
    );
  }

  const plans: LayerPlan[] = image.Layers.map((path, i) => {
    const entry = index.file(path);
    if (!entry?.digest) {
      throw sourceCorrupt(`The layer ${path} listed in manifest.json is missing from ${description}`);
    }
    const diffId = diffIds[i] as string;
    if (!isDigest(diffId))
      throw sourceCorrupt(`The config of ${description} has the invalid diff ID ${JSON.stringify(diffId)}`);
    const kind = sniffCompression(entry.head ?? Buffer.alloc(0));
    if (kind === 'none') {
      if (entry.digest !== diffId) throw digestMismatch(`${path} in ${description}`, diffId, entry.digest);
      return { path, entry, diffId, compression: 'none' };
    }
    if (kind === 'gzip') return { path, entry, diffId, compression: 'gzip' };
    throw sourceUnsupported(
      `The layer ${path} in ${description} is ${kind}-compressed, which a Docker schema 2 image cannot carry`,
      'Save the image with docker save (uncompressed layers) or export it as OCI (buildx --output type=oci).',
    );
  });

  // One pass per group: compress uncompressed layers (digest of the gzip), check diff IDs of gzip'ed ones.
  // Layers the scan already compressed (ScanOptions.measureGzip) need no pass.
  const measured = new Map<string, Hashed>();
  for (const plan of plans) {
    if (plan.compression === 'none' && plan.entry.gzip)
      measured.set(plan.entry.digest as string, plan.entry.gzip);
  }
  // A known layer's bytes were hashed by the scan (entry.digest is its diff ID, checked above): no pass.
  const reused = (plan: LayerPlan): KnownLayer | undefined =>
    plan.compression === 'none' ? knownLayers.get(plan.diffId) : undefined;
  const unique = [...new Map(plans.map((p) => [p.entry.digest, p])).values()].filter(
    (p) => !measured.has(p.entry.digest as string) && !reused(p),
  );
  await visitTarEntries(
    index,
    unique.map((p) => ({ item: p, entry: p.entry })),
    concurrency,
    async (plan, data) => {
      if (plan.compression === 'none') {
        measured.set(plan.entry.digest as string, await measureLayer(uncompressed(index, plan), data));
        return;
      }
      const { uncompressed: actual } = await measureDecompression(data);
      if (actual.digest !== plan.diffId) {
        throw digestMismatch(`the uncompressed ${plan.path} in ${description}`, plan.diffId, actual.digest);
      }
    },
  );

  const layers: BlobSource[] = plans.map((plan, i) => {
    const label = `layer ${i + 1} of ${description}`;
    const known = reused(plan);
    if (known) return known;
    if (plan.compression === 'none') {
      const compressed = measured.get(plan.entry.digest as string) as Hashed;
      return gzipBlobSource(uncompressed(index, plan), compressed, MEDIA_TYPE_DOCKER_LAYER_GZIP, label);
    }
    return entrySource(
      index,
      plan.entry,
      { mediaType: MEDIA_TYPE_DOCKER_LAYER_GZIP, digest: plan.entry.digest as Digest, size: plan.entry.size },
      label,
      `${plan.path} in ${description}`,
    );
  });
  const configDescriptor: Descriptor = {
    mediaType: MEDIA_TYPE_DOCKER_CONFIG,
    digest: configDigest,
    size: configEntry.size,
  };
  const config = entrySource(
    index,
    configEntry,
    configDescriptor,
    `config of ${description}`,
    `${image.Config} in ${description}`,
  );
  const manifestDoc = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE_DOCKER_MANIFEST,
    config: {
      mediaType: configDescriptor.mediaType,
      size: configDescriptor.size,
      digest: configDescriptor.digest,
    },
    layers: layers.map((l) => ({
      mediaType: l.descriptor.mediaType,
      size: l.descriptor.size,
      digest: l.descriptor.digest,
    })),
  };
  const manifest = toRawManifest(Buffer.from(JSON.stringify(manifestDoc)), MEDIA_TYPE_DOCKER_MANIFEST);
  return { kind: 'image', manifest, descriptor: describeManifest(manifest), config, layers };
}

function uncompressed(index: TarIndex, plan: LayerPlan): UncompressedLayer {
  return {
    digest: plan.diffId,
    size: plan.entry.size,
    where: `${plan.path} in ${index.description}`,
    open: () => index.open(plan.entry),
  };
}

function entrySource(
  index: TarIndex,
  entry: TarEntry,
  descriptor: Descriptor,
  label: string,
  where: string,
): BlobSource {
  return {
    descriptor,
    label,
    async open(): Promise<Readable> {
      return verified(await index.open(entry), descriptor, where);
    },
  };
}
