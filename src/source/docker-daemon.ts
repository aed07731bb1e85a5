/**
 * `docker-daemon:NAME[:TAG]` (or a bare name or image ID): an image in the local Docker engine, read through
 * an EngineClient (engine-api.ts: the engine API on the socket DOCKER_HOST names; no docker CLI needed).
 *
 * 1. `GET /images/{name}/json` resolves the name to the image ID (404: IMAGE_NOT_FOUND).
 * 2. `GET /images/{id}/get` streams `docker save` of exactly that ID (a tag moved meanwhile does not matter).
 *    The stream is scanned once (tar-index.ts): every entry is hashed, small ones (manifests, configs) kept.
 *    The formats are those of docker-save-format.ts: legacy (Docker 20–24), OCI (25+), containerd store.
 *    With the containerd image store (Docker 24+ with containerd-snapshotter, default since Docker 29) the
 *    stream is the content store's OCI export: the image's own manifest (or index) and its compressed layer
 *    blobs, published byte for byte (hash-checked by the scan, never decompressed or recompressed) and
 *    reported as reused from the engine. The engine exports what it holds (moby's exporter skips missing
 *    content): an index with some platforms absent publishes the manifest of the engine's platform, as
 *    `docker push` does; with every platform present, the whole index.
 * 3. Uncompressed layers are compressed during that same scan (their tar magic tells them apart) to learn
 *    their gzip digests, so loading costs one save stream (tar-index.ts ScanOptions.measureGzip). When the
 *    publisher offers a stager (a repository with no tags yet), the compressed bytes also go into upload
 *    sessions as they are produced, so each layer is compressed and sent once, as `docker push` does.
 *
 * Read once: the save stream cannot be seeked, so the scan also writes it to a spool file in a private
 * temporary directory (tar-spool.ts: bounded by the free space, removed by close()), and every later
 * BlobSource.open() is a byte range of that file. Only when the spool does not fit, or was not written
 * because every layer went to one new repository's upload sessions during the scan (LoadOptions.onlyStaged)
 * and one of them failed, does an open() start a fresh save stream of the same image ID and skip the
 * entries before its own. Layers the registry already
 * has are never opened, and when every target holds the image it is not exported at all.
 */
import { loadDockerSave } from './docker-save-format.js';
import { imageNotFound, type EngineClient, type ImageInspect } from './engine-api.js';
import { connectEngine } from './engine-connect.js';
import { isDigest } from '../domain/digest.js';
import type { Artifact, ImageIdentity, ImageSource, LoadOptions } from './image-source.js';
import type { DaemonSourceSpec } from './source-spec.js';

export class DockerDaemonSource implements ImageSource {
  readonly description: string;
  readonly origin: string;
  private readonly engine: EngineClient;
  private inspected: Promise<ImageInspect> | undefined;
  /** The scanned save stream (its spool file), removed by close(). */
  private index: { close(): Promise<void> } | undefined;
  /** The save stream's layers go through a stager while they are compressed (blob-stager.ts). */
  readonly stagesBlobs = true;

  constructor(
    private readonly spec: DaemonSourceSpec,
    private readonly options: {
      readonly env: Readonly<Record<string, string | undefined>>;
      readonly concurrency: number;
    },
  ) {
    this.description = spec.text;
    this.engine = connectEngine(options.env);
    this.origin = `the Docker engine at ${this.engine.address.display}`;
  }

  /** Image ID and diff IDs from the engine's inspect (no export). */
  async identify(): Promise<ImageIdentity> {
    const inspect = await this.inspect();
    return {
      imageId: inspect.Id,
      diffIds: inspect.layers.filter(isDigest),
      labels: inspect.labels,
      ...(inspect.platform ? { platform: inspect.platform } : {}),
    };
  }

  private inspect(): Promise<ImageInspect> {
    this.inspected ??= this.engine.inspectImage(this.spec.name).then((inspect) => {
      if (!inspect) throw imageNotFound(this.spec.name, this.engine.address.display);
      return inspect;
    });
    return this.inspected;
  }

  async load(options: LoadOptions = {}): Promise<Artifact> {
    const inspect = await this.inspect();
    const id = inspect.Id;
    // Layers found compressed in a registry (knownLayers) are only hashed, never compressed: the scan then
    // compresses nothing (the legacy save format names layers by v1 IDs, so which entry is which layer is
    // known only after hashing it) and the layers left over are compressed by a second pass.
    const known = options.knownLayers ?? new Map();
    const reuse = known.size > 0;
    // The save stream is expensive to produce: its one scan also compresses the layers to learn digests.
    // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
    const { TarIndex } = await import('./tar-index.js');
    const index = await TarIndex.scan(
      { description: this.description, openRaw: () => this.engine.saveImage(id) },
      reuse
        ? { onEntryProgress: options.onEntryProgress }
        : {
            measureGzip: true,
            stager: options.stager,
            onEntryProgress: options.onEntryProgress,
            // Into one new repository every layer is staged while it is compressed: a spool would be
            // written for nothing (a failed stage re-reads the engine).
            spool: !(options.stager && options.onlyStaged),
          },
    );
    this.index = index;
    return loadDockerSave(index, {
      selection: { imageId: id },
      knownLayers: known,
      concurrency: this.options.concurrency,
      refExample: () => this.description,
      // Containerd image store: compressed layers are the engine's blobs (reported so); an index it holds
      // only in part publishes the manifest of the engine's platform for the image, as docker push does.
      engine: { origin: this.origin, platform: inspect.platform },
    });
  }

  async close(): Promise<void> {
    await this.index?.close();
    await this.engine.close();
  }
}
