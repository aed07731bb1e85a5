/**
 * `oci:DIR[:REF]`: an OCI image layout directory (buildx `--output type=oci,tar=false`, skopeo, umoci).
 * Registry form: manifests and indexes are published byte for byte, so their digests are preserved (also
 * for uncompressed layers, which registries accept). load() reads and verifies manifests and configs and
 * checks that every layer is there with its size; each layer's verify() hashes the file (the publisher
 * calls it before its first write), and open() verifies again while uploading.
 */
import { MANIFEST_SIZE_LIMIT } from '../domain/content-limits.js';
import { FileRefused, readCappedFile, resolveInside } from '../regular-file.js';
import { PublishError } from '../errors.js';
import { DirBlobStore } from './blob-store.js';
import type { Artifact, ImageSource } from './image-source.js';
import { loadFromLayout, parseIndexJson } from './layout-loader.js';
import { resolveLocalPath } from './local-path.js';
import { sourceCorrupt, sourceInvalid } from './source-errors.js';
import type { LocalSourceSpec } from './source-spec.js';

export interface LocalSourceOptions {
  readonly concurrency: number;
}

export class OciLayoutSource implements ImageSource {
  readonly description: string;

  constructor(
    private readonly spec: LocalSourceSpec<'oci'>,
    private readonly options: LocalSourceOptions,
  ) {
    this.description = spec.text;
  }

  async load(): Promise<Artifact> {
    const { path, ref } = await resolveLocalPath(this.spec, 'directory');
    const indexBytes = await readLayoutFile(path, 'index.json', this.description);
    if (!indexBytes) {
      const dockerSave = await resolveInside(path, 'manifest.json').then(
        () => true,
        () => false,
      );
      throw sourceInvalid(
        `${this.description}: ${JSON.stringify(path)} is not an OCI image layout (it has no index.json)`,
        dockerSave
          ? 'It looks like an extracted docker save; publish the tar itself with docker-archive:PATH.'
          : 'Point oci: at the directory that holds oci-layout, index.json and blobs/ (buildx --output type=oci,tar=false,dest=DIR).',
      );
    }
    const layoutBytes = await readLayoutFile(path, 'oci-layout', this.description);
    if (layoutBytes) checkLayoutVersionBytes(layoutBytes, this.description);
    const store = new DirBlobStore(path, this.description);
    return loadFromLayout(store, parseIndexJson(indexBytes, `index.json of ${this.description}`), {
      selection: ref === undefined ? {} : { ref },
      convertUncompressed: false,
      concurrency: this.options.concurrency,
      refExample: (ref) => `oci:${path}:${ref}`,
    });
  }

  async close(): Promise<void> {
    // nothing held open between calls
  }
}

/**
 * A small file of the layout (`index.json`, `oci-layout`): a regular file inside the layout, at most
 * MANIFEST_SIZE_LIMIT bytes; undefined when absent (`oci-layout` is optional: some tools omit it).
 */
async function readLayoutFile(dir: string, name: string, description: string): Promise<Buffer | undefined> {
  try {
    const { path } = await resolveInside(dir, name);
    return await readCappedFile(path, MANIFEST_SIZE_LIMIT);
  } catch (err) {
    if (!(err instanceof FileRefused)) throw err;
    if (err.reason === 'missing') return undefined;
    throw sourceCorrupt(
      `${name} of ${description} ${err.detail}`,
      `${name} of an OCI layout is a small regular file inside it; re-export the image.`,
    );
  }
}

/** When present, `oci-layout`'s major version must be 1. */

export function checkLayoutVersionBytes(bytes: Buffer, description: string): void {
  let version: unknown;
  try {
    version = (JSON.parse(bytes.toString('utf8')) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
  } catch {
    throw sourceInvalid(`The oci-layout file of ${description} is not JSON`, 'Export the image again.');
  }
  if (typeof version !== 'string' || !version.startsWith('1.')) {
    throw new PublishError(
      'SOURCE_UNSUPPORTED',
      `${description} is an OCI layout of version ${JSON.stringify(version)}`,
      {
        hint: 'Only image layout version 1.x is supported; export with a current buildx or skopeo.',
      },
    );
  }
}
