/**
 * `sources`: several images or indexes (any source kind) merged into one index, one child per platform
 * (domain/platform-index.ts). Each source is loaded in full before anything is written, so a duplicate
 * platform or a bad child fails the run with nothing written.
 */
import { buildPlatformIndex, isAttestation, type IndexEntry } from '../domain/platform-index.js';
import type { Descriptor } from '../domain/manifest.js';
import { readConfigPlatform } from './config-platform.js';
import type { Artifact, ImageArtifact, ImageSource, IndexArtifact } from './image-source.js';

export class MergedSource implements ImageSource {
  readonly description: string;

  constructor(
    private readonly sources: readonly ImageSource[],
    private readonly annotations?: Readonly<Record<string, string>>,
  ) {
    this.description = sources.map((s) => s.description).join(' + ');
  }

  async load(): Promise<IndexArtifact> {
    const children = new Map<string, ImageArtifact>();
    const entries: IndexEntry[] = [];
    for (const source of this.sources) {
      const artifact = await source.load();
      for (const { image, fromIndex } of flatten(artifact)) {
        children.set(image.manifest.digest, image);
        const descriptor: Descriptor = fromIndex
          ? image.descriptor
          : {
              mediaType: image.manifest.mediaType,
              digest: image.manifest.digest,
              size: image.manifest.bytes.byteLength,
            };
        // A top-level image's platform comes from its config; an index's child keeps what the index says.
        const platform = isAttestation(descriptor)
          ? undefined
          : ((fromIndex ? descriptor.platform : undefined) ?? (await readConfigPlatform(image.config)));
        entries.push({ descriptor, platform, origin: describeChild(source.description, image, fromIndex) });
      }
    }
    const merged = buildPlatformIndex(entries, this.annotations);
    return {
      kind: 'index',
      manifest: merged.manifest,
      descriptor: {
        mediaType: merged.manifest.mediaType,
        digest: merged.manifest.digest,
        size: merged.manifest.bytes.byteLength,
      },
      children: merged.entries.map((e) => {
        const image = children.get(e.descriptor.digest);
        if (!image) throw new Error(`internal: no child ${e.descriptor.digest}`);
        return { ...image, descriptor: e.descriptor };
      }),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.sources.map((s) => s.close()));
  }
}

function* flatten(
  artifact: Artifact,
  fromIndex = false,
): Generator<{ image: ImageArtifact; fromIndex: boolean }> {
  if (artifact.kind === 'image') {
    yield { image: artifact, fromIndex };
    return;
  }
  for (const child of artifact.children) yield* flatten(child, true);
}

function describeChild(source: string, image: ImageArtifact, fromIndex: boolean): string {
  return fromIndex ? `${source} (child ${image.manifest.digest})` : source;
}
