/**
 * `docker-archive:PATH[:REF]`: a `docker save` tarball or buildx `--output type=docker`, in the legacy
 * (Docker 20–24) or OCI (Docker 25+, containerd store, buildx) layout, plain or gzip-compressed.
 * See docker-save-format.ts for what is published. One scan indexes and hashes every entry; blobs then open
 * as byte ranges of the file (of its decompressed copy for a gzip-compressed archive, tar-spool.ts).
 */
import type { Artifact, ImageSource } from './image-source.js';
import { loadDockerSave } from './docker-save-format.js';
import { resolveLocalPath } from './local-path.js';
import type { LocalSourceOptions } from './oci-layout.js';
import type { LocalSourceSpec } from './source-spec.js';

export class DockerArchiveSource implements ImageSource {
  readonly description: string;
  private index: { close(): Promise<void> } | undefined;

  constructor(
    private readonly spec: LocalSourceSpec<'docker-archive'>,
    private readonly options: LocalSourceOptions,
  ) {
    this.description = spec.text;
  }

  async load(): Promise<Artifact> {
    const { path, ref } = await resolveLocalPath(this.spec, 'file');
    // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
    const { TarIndex, fileOrigin } = await import('./tar-index.js');
    const index = await TarIndex.scan(fileOrigin(path, this.description));
    this.index = index;
    return loadDockerSave(index, {
      selection: ref === undefined ? {} : { ref },
      concurrency: this.options.concurrency,
      refExample: (ref) => `docker-archive:${path}:${ref}`,
    });
  }

  async close(): Promise<void> {
    // Blobs open their own file streams; a compressed archive's spooled tar goes.
    await this.index?.close();
  }
}
