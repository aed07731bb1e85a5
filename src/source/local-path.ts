import { stat } from 'node:fs/promises';
import { sourceInvalid, sourceNotFound } from './source-errors.js';
import type { LocalSourceSpec } from './source-spec.js';

type LocalSpec = LocalSourceSpec;

export interface ResolvedPath {
  readonly path: string;
  readonly ref?: string;
}

/**
 * The file or directory a local spec names. PATH was split from REF at the first ":" (skopeo's rule); when
 * that PATH does not exist but the whole text does, the whole text is the path and there is no REF.
 */
export async function resolveLocalPath(spec: LocalSpec, kind: 'file' | 'directory'): Promise<ResolvedPath> {
  let path = spec.path;
  let ref = spec.ref;
  let info = await stat(path).catch(() => undefined);
  if (!info && spec.unsplit !== undefined) {
    const whole = await stat(spec.unsplit).catch(() => undefined);
    if (whole) {
      path = spec.unsplit;
      ref = undefined;
      info = whole;
    }
  }
  if (!info) throw sourceNotFound(path, spec.text, kind === 'directory' ? 'directory' : 'file');
  if (kind === 'directory' && !info.isDirectory()) {
    throw sourceInvalid(
      `${spec.text}: ${JSON.stringify(path)} is a file, not an OCI layout directory`,
      'For a tar file use oci-archive:PATH (buildx type=oci) or docker-archive:PATH (docker save, buildx type=docker).',
    );
  }
  if (kind === 'file' && info.isDirectory()) {
    throw sourceInvalid(
      `${spec.text}: ${JSON.stringify(path)} is a directory, not an archive`,
      'For an OCI image layout directory use oci:DIR.',
    );
  }
  if (kind === 'file' && !info.isFile()) {
    // A device (/dev/zero), FIFO or socket would be read forever or block: refused before opening.
    throw sourceInvalid(
      `${spec.text}: ${JSON.stringify(path)} is ${specialKind(info)}, not an archive file`,
      'Point the source at a tar file written by docker save, buildx --output or skopeo.',
    );
  }
  return ref === undefined ? { path } : { path, ref };
}

function specialKind(info: {
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}
