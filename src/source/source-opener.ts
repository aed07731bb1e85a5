/**
 * The source factory: `parseSourceSpec` turns the `source` input into a SourceSpec (source-spec.ts), and
 * `openImageSource` gives the ImageSource that reads it. Nothing is read until load().
 */
import type { RegistryClient } from '../registry/types.js';
import { sourceConcurrency } from './concurrency.js';
import { DockerArchiveSource } from './docker-archive.js';
import { DockerDaemonSource } from './docker-daemon.js';
import type { ImageSource } from './image-source.js';
import { OciArchiveSource } from './oci-archive.js';
import { OciLayoutSource } from './oci-layout.js';
import { RemoteSource } from './remote.js';
import type { SourceSpec } from './source-spec.js';

export { parseSourceSpec, type SourceSpec } from './source-spec.js';

export interface SourceContext {
  /** DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH (docker-daemon). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** For docker://: the client of the registry (shared with the targets, so one token covers both). */
  connectRegistry(apiHost: string, registryName: string): RegistryClient;
  /** Layers compressed or hashed at once (default 4, at most the number of CPUs). */
  readonly concurrency?: number;
}

export function openImageSource(spec: SourceSpec, ctx: SourceContext): ImageSource {
  const concurrency = sourceConcurrency(ctx.concurrency);
  switch (spec.transport) {
    case 'docker-daemon':
      return new DockerDaemonSource(spec, { env: ctx.env, concurrency });
    case 'docker-archive':
      return new DockerArchiveSource(spec, { concurrency });
    case 'oci-archive':
      return new OciArchiveSource(spec, { concurrency });
    case 'oci':
      return new OciLayoutSource(spec, { concurrency });
    case 'docker':
      return new RemoteSource(spec, {
        connectRegistry: (apiHost, registry) => ctx.connectRegistry(apiHost, registry),
        concurrency,
      });
  }
}
