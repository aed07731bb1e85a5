import type { Readable } from 'node:stream';
import type { CheckedStream } from '../digest-verifier.js';
import type { Digest } from '../domain/digest.js';
import type { Descriptor, RawManifest } from '../domain/manifest.js';

/** Where a blob already lives in a registry, so the publisher can mount it instead of uploading it. */
export interface BlobLocation {
  /** Registry host as used for requests, e.g. `localhost:5000`, `registry-1.docker.io`. */
  readonly registry: string;
  /** Repository path, e.g. `library/nginx`, `com.example.namespace/app`. */
  readonly repository: string;
}

/** Content-addressed bytes that can be opened again (each retry re-opens the source). */
export interface BlobSource {
  readonly descriptor: Descriptor;
  /** A human name for messages: `layer 2 of docker-archive:./app.tar`. */
  readonly label: string;
  /** Set when the blob is already in a registry (remote sources). */
  readonly location?: BlobLocation;
  /**
   * Set for a layer found already compressed (reused, never compressed): in a registry (KnownLayer), or in
   * the engine's content store (containerd image store). Where, for the report.
   */
  readonly foundIn?: string;
  /**
   * A fresh stream of exactly `descriptor.size` bytes. Sources verify the sha256 while streaming and
   * destroy the stream with a DIGEST_MISMATCH PublishError when the bytes do not match the descriptor.
   */
  open(): Promise<Readable>;
  /**
   * Reads the whole blob and checks it against the descriptor without sending it anywhere (DIGEST_MISMATCH
   * or SIZE_MISMATCH naming the file otherwise). The publisher calls it for every blob before its first
   * write, so a corrupt source changes nothing in the registry, and never when it writes nothing (a
   * republish reads no layer). Absent when the bytes were already checked while loading, or when there is
   * nothing local to check (remote sources). Repeated calls check once.
   */
  verify?(): Promise<void>;
  /**
   * Present when verify() would read the whole blob again: a fresh stream of its bytes, all passed on, and
   * the verdict of their check (DIGEST_MISMATCH naming the file), settled after the end. The publisher
   * uploads a large blob this way without verify() first, one read instead of two: into an upload session
   * that is committed only on a good verdict and cancelled otherwise (docs/reliability.md, "One pass over
   * a large layer").
   */
  openChecked?(): Promise<CheckedStream>;
}

export interface ImageArtifact {
  readonly kind: 'image';
  readonly manifest: RawManifest;
  /** The descriptor under which a parent index lists this manifest (platform included), if any. */
  readonly descriptor: Descriptor;
  /** Set when the manifest was read from a registry repository (remote sources): it is stored there. */
  readonly location?: BlobLocation;
  readonly config: BlobSource;
  readonly layers: readonly BlobSource[];
}

export interface IndexArtifact {
  readonly kind: 'index';
  readonly manifest: RawManifest;
  readonly descriptor: Descriptor;
  /** Set when the index was read from a registry repository (remote sources): it is stored there. */
  readonly location?: BlobLocation;
  /** Child manifests in index order. A nested index is represented as an IndexArtifact. */
  readonly children: readonly Artifact[];
}

export type Artifact = ImageArtifact | IndexArtifact;

/**
 * Somewhere a source may send a blob's bytes while it reads them for the first time, before it knows their
 * digest (the engine's layers, compressed as they are read). The publisher offers one when the first
 * target's repository is new, so those layers are compressed and sent once instead of twice.
 */
export interface BlobStager {
  begin(): StagedBlob;
}

export interface StagedBlob {
  /** The next bytes; resolves when more can be taken. Never rejects: a stage that failed drops bytes. */
  write(chunk: Buffer): Promise<void>;
  /** Every byte was written; the digest and size the source measured. */
  end(measured: { readonly digest: Digest; readonly size: number }): Promise<void>;
  /** The source stopped before the end (an error while reading). */
  abandon(): void;
}

/**
 * A compressed blob already in a registry whose uncompressed form has a known diff ID: a layer the source
 * finds with that diff ID is published as this blob (never compressed again), so it keeps its digest.
 */
export interface KnownLayer extends BlobSource {
  /** Where it was found, for the report: `localhost:5000/team/app:1.0.0`. */
  readonly foundIn: string;
  readonly location: BlobLocation;
}

export interface LoadOptions {
  /** Taken by sources that set `stagesBlobs`. */
  readonly stager?: BlobStager | undefined;
  /**
   * With a stager: no blob is opened again after the load unless a stage fails (one target, all of whose
   * blobs go through the stager), so the source need not keep a copy of what it read.
   */
  readonly onlyStaged?: boolean | undefined;
  /** Compressed layers already in a registry, by diff ID (taken by sources that compress layers). */
  readonly knownLayers?: ReadonlyMap<Digest, KnownLayer> | undefined;
  /** Bytes of each archive entry read so far (sources that export or scan a tar stream). */
  readonly onEntryProgress?: ((entry: string, read: number, size: number) => void) | undefined;
}

/** What a source can tell about its image from metadata alone, before reading any layer. */
export interface ImageIdentity {
  /** The engine's image ID: the config digest (graph-driver store) or the manifest digest (containerd). */
  readonly imageId: Digest;
  /** Diff IDs, base layer first. */
  readonly diffIds: readonly Digest[];
  /** The image's labels, when the source knows them without reading the config. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The image's platform, for choosing a base image's matching manifest in an index. */
  readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string };
}

/** Where the bytes come from: a local engine, an archive, an OCI layout, or a registry. */
export interface ImageSource {
  /** Transport-style description for messages: `oci:./out:1.0`, `docker-daemon:app:latest`. */
  readonly description: string;
  /** Where it is read from, when the description does not say (`the Docker engine at ssh://…`). */
  readonly origin?: string;
  /** load() can send the blobs it produces through a BlobStager while it reads them. */
  readonly stagesBlobs?: boolean;
  /**
   * Reads and validates the image (layer bytes may be left to BlobSource.verify); raises a PublishError
   * before anything is written anywhere.
   */
  load(options?: LoadOptions): Promise<Artifact>;
  /** The image's identity from metadata only (the engine's inspect), for sources that can tell it cheaply. */
  identify?(): Promise<ImageIdentity>;
  /** Releases resources (child processes, file handles). Safe to call more than once. */
  close(): Promise<void>;
}

/** Every distinct blob of an artifact, config and layers of every child, deduplicated by digest. */
export function collectBlobs(artifact: Artifact): BlobSource[] {
  const seen = new Map<string, BlobSource>();
  const visit = (a: Artifact): void => {
    if (a.kind === 'index') {
      for (const child of a.children) visit(child);
      return;
    }
    for (const blob of [a.config, ...a.layers]) {
      if (!seen.has(blob.descriptor.digest)) seen.set(blob.descriptor.digest, blob);
    }
  };
  visit(artifact);
  return [...seen.values()];
}
