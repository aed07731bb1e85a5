/**
 * Source strings, in skopeo's `transport:rest` style:
 *
 *   docker-daemon:NAME[:TAG]      an image in the local Docker engine (a name, name:tag, name@digest or image ID)
 *   NAME[:TAG] | IMAGE-ID         the same, without the prefix (`app:1.2`, `ghcr.io/org/app`, `sha256:…`, `3f2a1b4c5d6e`)
 *   docker-archive:PATH[:REF]     a `docker save` tarball or buildx `--output type=docker` (gzip allowed)
 *   oci-archive:PATH[:REF]        a tar of an OCI image layout (buildx `--output type=oci`)
 *   oci:DIR[:REF]                 an OCI image layout directory
 *   docker://REF                  an image in a registry
 *
 * PATH and REF are split at the first ":" after the prefix, as skopeo does (`oci:./out:1.0` → `./out`, `1.0`;
 * `docker-archive:all.tar:app:1.0` → `all.tar`, `app:1.0`). A path that itself contains ":" is still found:
 * when the part before the first ":" does not exist but the whole text does, the whole text is the path
 * (and there is no REF). REF is an `org.opencontainers.image.ref.name`, an image name as Docker records it
 * (`io.containerd.image.name`, `RepoTags`), a digest, or `@N` for the N-th image (from 0).
 * Pure: no I/O.
 */
import { parseReference } from '../domain/reference.js';
import { PublishError, quoteValue, remedyHint, settingSubject, type SettingName } from '../errors.js';
import { editDistance } from '../domain/edit-distance.js';

const SOURCE_TRANSPORTS = ['docker-daemon', 'docker-archive', 'oci-archive', 'oci', 'docker'] as const;

export type LocalTransport = 'docker-archive' | 'oci-archive' | 'oci';

/** `docker-daemon:NAME`, or a bare name or image ID. */
export interface DaemonSourceSpec {
  readonly transport: 'docker-daemon';
  /** As the engine resolves it: `app:1.2`, `ghcr.io/org/app`, `sha256:…`, `3f2a1b4c5d6e`. */
  readonly name: string;
  /** `docker-daemon:app:1.2` (messages). */
  readonly text: string;
}

/** `docker-archive:PATH[:REF]`, `oci-archive:PATH[:REF]`, `oci:DIR[:REF]`. */
export interface LocalSourceSpec<T extends LocalTransport = LocalTransport> {
  readonly transport: T;
  readonly path: string;
  readonly ref?: string;
  /** The text after the prefix when it was split into path and REF (used when `path` does not exist). */
  readonly unsplit?: string;
  readonly text: string;
}

/** `docker://REF`. */
export interface RemoteSourceSpec {
  readonly transport: 'docker';
  /** The reference after `docker://`. */
  readonly reference: string;
  readonly text: string;
}

export type SourceSpec =
  | DaemonSourceSpec
  | LocalSourceSpec<'docker-archive'>
  | LocalSourceSpec<'oci-archive'>
  | LocalSourceSpec<'oci'>
  | RemoteSourceSpec;

/** skopeo transports this action cannot read; named in the error so the fix is obvious. */
const FOREIGN_TRANSPORTS = ['containers-storage', 'dir', 'ostree', 'sif', 'tarball', 'docker-image'];
const DAEMON_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
const IMAGE_ID = /^(?:sha256:[a-f0-9]{64}|[a-f0-9]{12,64})$/;

const SOURCE_HINT =
  'Write docker-daemon:NAME[:TAG] (or just NAME[:TAG]), docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF] or docker://REGISTRY/REPOSITORY[:TAG].';

/** Parses a source string; SOURCE_INVALID names the input and lists the transports. */
export function parseSourceSpec(spec: string, inputName?: SettingName): SourceSpec {
  const label = inputName === undefined ? 'The source' : remedyHint`${settingSubject(inputName)}: the source`;
  const fail = (what: string, cause?: unknown): never => {
    throw new PublishError('SOURCE_INVALID', remedyHint`${label} ${quoteValue(spec)} ${what}`, {
      hint: SOURCE_HINT,
      cause,
    });
  };
  const text = spec.trim();
  if (text === '') fail('is empty');

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const name = (scheme[1] as string).toLowerCase();
    if (name !== 'docker') fail(`uses the unknown transport "${name}://"; use one of ${transportList()}`);
    const reference = text.slice('docker://'.length);
    if (reference === '') fail('names no image after "docker://"');
    try {
      parseReference(reference);
    } catch (err) {
      fail(`is not a valid registry reference: ${err instanceof Error ? err.message : String(err)}`, err);
    }
    return { transport: 'docker', reference, text: `docker://${reference}` };
  }

  const colon = text.indexOf(':');
  const prefix = colon === -1 ? '' : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  switch (prefix) {
    case 'docker-daemon':
      return daemonSpec(rest, fail);
    case 'docker-archive':
    case 'oci-archive':
    case 'oci': {
      if (rest === '') fail(`names no path after "${prefix}:"`);
      const split = rest.indexOf(':');
      let local: LocalSourceSpec;
      if (split <= 0) {
        local = { transport: prefix, path: rest, text: `${prefix}:${rest}` };
      } else {
        const path = rest.slice(0, split);
        const ref = rest.slice(split + 1);
        local =
          ref === ''
            ? { transport: prefix, path, text: `${prefix}:${path}` }
            : { transport: prefix, path, ref, unsplit: rest, text: `${prefix}:${rest}` };
      }
      return local as SourceSpec;
    }
    case 'docker':
      return fail('needs "//" after "docker:" (docker://REGISTRY/REPOSITORY[:TAG])');
  }
  if (FOREIGN_TRANSPORTS.includes(prefix)) {
    fail(`uses the transport "${prefix}:", which this action does not read; use one of ${transportList()}`);
  }
  // A near miss of a transport (docker-deamon:app) is a typo, not an engine image named docker-deamon.
  const meant = prefix.length >= 5 ? nearestTransport(prefix) : undefined;
  if (meant) fail(`uses the unknown transport "${prefix}:"; did you mean "${meant}"?`);
  // A bare engine image: a name Docker accepts, or an image ID.
  if (IMAGE_ID.test(text)) return { transport: 'docker-daemon', name: text, text: `docker-daemon:${text}` };
  try {
    parseReference(text);
  } catch (err) {
    if (/^[a-z][a-z0-9-]*$/i.test(prefix)) {
      fail(`uses the unknown transport "${prefix}:"; use one of ${transportList()}`, err);
    }
    fail(
      `is neither a transport:path nor an image name (${err instanceof Error ? err.message : String(err)})`,
      err,
    );
  }
  return daemonSpec(text, fail);
}

/** The transport at most 2 edits from `prefix` (docker-deamon → docker-daemon:), if any. */
function nearestTransport(prefix: string): string | undefined {
  const lower = prefix.toLowerCase();
  return ['docker-daemon', 'docker-archive', 'oci-archive']
    .filter((t) => t !== lower && editDistance(lower, t) <= 2)
    .map((t) => `${t}:`)[0];
}

function daemonSpec(name: string, fail: (what: string) => never): SourceSpec {
  if (name === '') fail('names no image after "docker-daemon:"');
  if (!DAEMON_NAME.test(name) || name.length > 512) {
    fail('is not an image name or ID the Docker engine accepts');
  }
  return { transport: 'docker-daemon', name, text: `docker-daemon:${name}` };
}

function transportList(): string {
  return SOURCE_TRANSPORTS.map((t) => (t === 'docker' ? 'docker://' : `${t}:`)).join(', ');
}
