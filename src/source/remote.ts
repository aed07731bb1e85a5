/**
 * `docker://REF`: an image already in a registry (promotion, copying between registries). Manifests and
 * indexes are fetched once in load() (digests checked), and published byte for byte. Blobs are not read
 * in load(): each carries `location` so the publisher can mount it when the target is the same registry,
 * and open() streams `getBlob`, which the registry client verifies while streaming.
 */
import type { Readable } from 'node:stream';
import { formatPlatform, parseManifest, type Descriptor, type RawManifest } from '../domain/manifest.js';
import { formatReference, parseReference, type ImageReference } from '../domain/reference.js';
import { PublishError, isPublishError } from '../errors.js';
import type { RegistryClient } from '../registry/types.js';
import { mapLimited } from '../map-limited.js';
import type {
  Artifact,
  BlobLocation,
  BlobSource,
  ImageArtifact,
  ImageSource,
  IndexArtifact,
} from './image-source.js';
import { digestMismatch } from './source-errors.js';
import type { RemoteSourceSpec } from './source-spec.js';
import { TraversalBudget } from './traversal-bounds.js';

export interface RemoteSourceOptions {
  readonly connectRegistry: (apiHost: string, registryName: string) => RegistryClient;
  readonly concurrency: number;
}

export class RemoteSource implements ImageSource {
  readonly description: string;
  private readonly ref: ImageReference;
  private client: RegistryClient | undefined;

  constructor(
    spec: RemoteSourceSpec,
    private readonly options: RemoteSourceOptions,
  ) {
    this.description = spec.text;
    this.ref = parseReference(spec.reference);
  }

  /** The registry client, connected on first use; pull access is declared for the repository. */
  private connect(): RegistryClient {
    if (!this.client) {
      this.client = this.options.connectRegistry(this.ref.apiHost, this.ref.registry);
      this.client.declareAccess(this.ref.repository, 'pull');
    }
    return this.client;
  }

  async load(): Promise<Artifact> {
    const client = this.connect();
    const reference = this.ref.digest ?? this.ref.tag ?? 'latest';
    const top = await this.fetchManifest(client, reference, this.description);
    if (this.ref.digest && top.digest !== this.ref.digest) {
      throw digestMismatch(`The manifest of ${this.description}`, this.ref.digest, top.digest);
    }
    const descriptor: Descriptor = {
      mediaType: top.mediaType,
      digest: top.digest,
      size: top.bytes.byteLength,
    };
    return this.build(client, top, descriptor, '', 0, new TraversalBudget(this.description));
  }

  async close(): Promise<void> {
    // the client belongs to the caller (shared with the targets)
  }

  private async build(
    client: RegistryClient,
    raw: RawManifest,
    descriptor: Descriptor,
    path: string,
    depth: number,
    budget: TraversalBudget,
  ): Promise<Artifact> {
    budget.enter(depth);
    const where = `the manifest ${raw.digest} of ${this.description}`;
    const doc = parseManifest(raw.bytes, raw.mediaType, where);
    if (doc.kind === 'index') {
      budget.checkEntries(doc.manifests.length, where);
      // Each distinct child is fetched once (a repeated child shares the request): the request budget.
      const children = await mapLimited(
        doc.manifests,
        this.options.concurrency,
        async (child) => {
          const childPath = [
            path,
            child.platform ? formatPlatform(child.platform) : child.digest.slice(7, 19),
          ]
            .filter(Boolean)
            .join(' > ');
          const childRaw = await budget.once(child.digest, async () => {
            const fetched = await this.fetchManifest(
              client,
              child.digest,
              `${childPath} of ${this.description}`,
            );
            if (fetched.digest !== child.digest) {
              throw digestMismatch(
                `The manifest of ${childPath} in ${this.description}`,
                child.digest,
                fetched.digest,
              );
            }
            return fetched;
          });
          return this.build(client, childRaw, child, childPath, depth + 1, budget);
        },
        'stop',
      );
      const index: IndexArtifact = {
        kind: 'index',
        manifest: raw,
        descriptor,
        location: this.location,
        children,
      };
      return index;
    }
    const of = `${path ? `${path} in ` : ''}${this.description}`;
    const image: ImageArtifact = {
      kind: 'image',
      manifest: raw,
      descriptor,
      location: this.location,
      config: this.blob(client, doc.config, `config of ${of}`),
      layers: doc.layers.map((layer, i) => this.blob(client, layer, `layer ${i + 1} of ${of}`)),
    };
    return image;
  }

  private get location(): BlobLocation {
    return { registry: this.ref.apiHost, repository: this.ref.repository };
  }

  private blob(client: RegistryClient, descriptor: Descriptor, label: string): BlobSource {
    const repository = this.ref.repository;
    return {
      descriptor,
      label,
      location: this.location,
      open: (): Promise<Readable> => client.getBlob(repository, descriptor.digest),
    };
  }

  private async fetchManifest(client: RegistryClient, reference: string, what: string): Promise<RawManifest> {
    try {
      return await client.getManifest(this.ref.repository, reference);
    } catch (err) {
      if (isPublishError(err, 'MANIFEST_UNKNOWN') || isPublishError(err, 'NAME_UNKNOWN')) {
        const subject = what === this.description ? formatReference(this.ref) : `${what} (${reference})`;
        throw new PublishError(
          'IMAGE_NOT_FOUND',
          `The image ${subject} is not in the registry ${this.ref.registry}`,
          {
            hint: 'Check the repository and tag (skopeo list-tags docker://REGISTRY/REPOSITORY), and that the credentials may pull it.',
            cause: err,
          },
        );
      }
      throw err;
    }
  }
}
