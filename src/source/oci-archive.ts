/**
 * `oci-archive:PATH[:REF]`: a tar of an OCI image layout (buildx `--output type=oci`, skopeo `oci-archive:`),
 * possibly gzip-compressed. Registry form: published byte for byte. One scan indexes and hashes every
 * entry (so load() verifies every blob without reading again); blobs then open as byte ranges of the file
 * (or by a fresh pass when the tar is compressed).
 */
import { MANIFEST_SIZE_LIMIT } from '../domain/content-limits.js';
import { TarBlobStore } from './blob-store.js';
import type { Artifact, ImageSource } from './image-source.js';
import { loadFromLayout, parseIndexJson } from './layout-loader.js';
import { resolveLocalPath } from './local-path.js';
import { checkLayoutVersionBytes, type LocalSourceOptions } from './oci-layout.js';
import { sourceInvalid } from './source-errors.js';
import type { LocalSourceSpec } from './source-spec.js';

export class OciArchiveSource implements ImageSource {
  readonly description: string;

  constructor(
    private readonly spec: LocalSourceSpec<'oci-archive'>,
    private readonly options: LocalSourceOptions,
  ) {
    this.description = spec.text;
  }

  async load(): Promise<Artifact> {
    const { path, ref } = await resolveLocalPath(this.spec, 'file');
    // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
    const { TarIndex, fileOrigin } = await import('./tar-index.js');
    const index = await TarIndex.scan(fileOrigin(path, this.description));
    const indexEntry = index.file('index.json');
    if (!indexEntry) {
      throw sourceInvalid(
        `${this.description} is not an OCI archive (it has no index.json)`,
        index.file('manifest.json')
          ? 'It is a docker save archive; use docker-archive:PATH.'
          : 'Point oci-archive: at the tar that buildx --output type=oci or skopeo copy … oci-archive: wrote.',
      );
    }
    const layoutFile = index.file('oci-layout');
    if (layoutFile) checkLayoutVersionBytes(await index.read(layoutFile, 64 * 1024), this.description);
    const indexBytes = await index.read(indexEntry, MANIFEST_SIZE_LIMIT);
    return loadFromLayout(
      new TarBlobStore(index),
      parseIndexJson(indexBytes, `index.json of ${this.description}`),
      {
        selection: ref === undefined ? {} : { ref },
        convertUncompressed: false,
        concurrency: this.options.concurrency,
        refExample: (ref) => `oci-archive:${path}:${ref}`,
      },
    );
  }

  async close(): Promise<void> {
    // blobs open their own file streams
  }
}
