/**
 * `docker-daemon:NAME[:TAG]` (or a bare name or image ID): an image in the local Docker engine, read through
 * the engine API on the socket DOCKER_HOST names (default unix:///var/run/docker.sock); no docker CLI needed.
 *
 * 1. `GET /images/{name}/json` resolves the name to the image ID (404: IMAGE_NOT_FOUND).
 * 2. `GET /images/{id}/get` streams `docker save` of exactly that ID (a tag moved meanwhile does not matter).
 *    The stream is scanned once (tar-index.ts): every entry is hashed, small ones (manifests, configs) kept.
 *    The formats are those of docker-save-format.ts: legacy (Docker 20–24), OCI (25+), containerd store.
 * 3. Uncompressed layers are compressed during that same scan (their tar magic tells them apart) to learn
 *    their gzip digests, so loading costs one save stream (tar-index.ts ScanOptions.measureGzip). When the
 *    publisher offers a stager (a repository with no tags yet), the compressed bytes also go into upload
 *    sessions as they are produced, so each layer is compressed and sent once, as `docker push` does.
 *
 * Re-reading instead of buffering: the save stream cannot be seeked and nothing may be copied to a
 * temporary file or held whole in memory, so each BlobSource.open() starts a fresh save stream of the same
 * image ID and skips (reads and drops) the entries before its own. Concurrent opens are independent
 * streams, hence correct; the cost is engine I/O — uploading N layers reads on average about N/2 times the
 * image — while memory stays at a few stream buffers whatever the layer size. Layers the registry already
 * has are never opened, so republishing an unchanged image reads the image only for load(), and layers
 * staged during load() are never opened again.
 */
import { readFileSync } from 'node:fs';
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { isDigest, type Digest } from '../domain/digest.js';
import { PublishError } from '../errors.js';
import { loadDockerSave } from './docker-save-format.js';
import type { Artifact, ImageSource, LoadOptions } from './image-source.js';
import type { DaemonSourceSpec } from './source-spec.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';
const INSPECT_TIMEOUT_MS = 60_000;
/** Idle time allowed on a save stream (the engine may think a while before sending a large layer). */
const SAVE_IDLE_TIMEOUT_MS = 10 * 60_000;

export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly tls?: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer };
    };

export interface EngineAddress {
  readonly endpoint: EngineEndpoint;
  /** For messages: `unix:///var/run/docker.sock (DOCKER_HOST unset)`. */
  readonly display: string;
}

/** The engine DOCKER_HOST names (unix:// or tcp://, with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH for TLS). */
export function engineAddress(env: Readonly<Record<string, string | undefined>>): EngineAddress {
  const host = env.DOCKER_HOST?.trim();
  if (!host) {
    return {
      endpoint: { kind: 'unix', socketPath: DEFAULT_SOCKET },
      display: `unix://${DEFAULT_SOCKET} (DOCKER_HOST is not set)`,
    };
  }
  const display = `${host} (from DOCKER_HOST)`;
  if (host.startsWith('unix://') || host.startsWith('unix:')) {
    const socketPath = host.replace(/^unix:(\/\/)?/, '');
    if (socketPath === '') throw engineUnavailable(display, 'DOCKER_HOST names no socket path');
    return { endpoint: { kind: 'unix', socketPath }, display };
  }
  const tcp = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
  if (tcp) {
    const useTls = tcp[1] === 'https' || (env.DOCKER_TLS_VERIFY ?? '') !== '';
    const port = tcp[3] ? Number(tcp[3]) : useTls ? 2376 : 2375;
    const hostname = (tcp[2] as string).replace(/^\[|\]$/g, '');
    if (!useTls) return { endpoint: { kind: 'tcp', host: hostname, port }, display };
    const certPath = env.DOCKER_CERT_PATH || join(homedir(), '.docker');
    try {
      const tls = {
        ca: readFileSync(join(certPath, 'ca.pem')),
        cert: readFileSync(join(certPath, 'cert.pem')),
        key: readFileSync(join(certPath, 'key.pem')),
      };
      return { endpoint: { kind: 'tcp', host: hostname, port, tls }, display };
    } catch (err) {
      throw engineUnavailable(
        display,
        `the TLS files ca.pem, cert.pem and key.pem cannot be read from ${certPath} (${(err as Error).message})`,
        'Set DOCKER_CERT_PATH to the directory holding the client certificates, or unset DOCKER_TLS_VERIFY.',
      );
    }
  }
  throw new PublishError('ENGINE_UNAVAILABLE', `DOCKER_HOST=${host} is not a unix:// or tcp:// address`, {
    hint: 'ssh:// and npipe:// engines are not supported; save the image (docker save -o app.tar IMAGE) and use docker-archive:app.tar.',
  });
}

export interface ImageInspect {
  /** The image ID: the config digest (graph-driver store) or the manifest/index digest (containerd store). */
  readonly Id: Digest;
  readonly RepoTags: readonly string[];
  readonly RepoDigests: readonly string[];
  /** Diff IDs, base layer first. */
  readonly layers: readonly string[];
}

/** A minimal Docker engine API client: inspect and save. */
export class DockerEngine {
  readonly address: EngineAddress;
  private readonly active = new Set<ClientRequest>();
  private closed = false;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.address = engineAddress(env);
  }

  /** The image, or undefined when the engine does not know the name. */
  async inspectImage(name: string): Promise<ImageInspect | undefined> {
    const res = await this.get(`/images/${encodeName(name)}/json`, INSPECT_TIMEOUT_MS);
    const body = await readBody(res, 16 * 1024 * 1024);
    if (res.statusCode === 404) return undefined;
    if (res.statusCode !== 200) throw this.answerError(`inspect ${name}`, res.statusCode, body);
    let json: { Id?: unknown; RepoTags?: unknown; RepoDigests?: unknown; RootFS?: { Layers?: unknown } };
    try {
      json = JSON.parse(body.toString('utf8')) as typeof json;
    } catch (cause) {
      throw new PublishError(
        'ENGINE_UNAVAILABLE',
        `The Docker engine at ${this.address.display} answered inspect ${name} with invalid JSON`,
        { cause },
      );
    }
    const id = typeof json.Id === 'string' ? json.Id : '';
    if (!isDigest(id)) {
      throw new PublishError(
        'ENGINE_UNAVAILABLE',
        `The Docker engine at ${this.address.display} gave the invalid image ID ${JSON.stringify(id)} for ${name}`,
      );
    }
    const strings = (v: unknown): string[] =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    return {
      Id: id,
      RepoTags: strings(json.RepoTags),
      RepoDigests: strings(json.RepoDigests),
      layers: strings(json.RootFS?.Layers),
    };
  }

  /** `docker save` of one image as a stream; engine failures mid-stream destroy it with ENGINE_UNAVAILABLE. */
  async saveImage(id: string): Promise<Readable> {
    const res = await this.get(`/images/${encodeName(id)}/get`, SAVE_IDLE_TIMEOUT_MS);
    if (res.statusCode === 404) {
      await readBody(res, 64 * 1024);
      throw imageNotFound(id, this.address.display);
    }
    if (res.statusCode !== 200)
      throw this.answerError(`save ${id}`, res.statusCode, await readBody(res, 64 * 1024));
    const out = new PassThrough();
    res.once('error', (err) => {
      out.destroy(
        err instanceof PublishError
          ? err
          : new PublishError(
              'ENGINE_UNAVAILABLE',
              `The Docker engine at ${this.address.display} broke off saving ${id} (${err.message})`,
              {
                hint: 'Check that the engine is still running and has enough disk space, then run again.',
                cause: err,
              },
            ),
      );
    });
    out.once('close', () => {
      if (!res.complete) res.destroy();
    });
    return res.pipe(out);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const req of this.active) req.destroy();
    this.active.clear();
  }

  private get(path: string, timeoutMs: number): Promise<IncomingMessage> {
    if (this.closed) return Promise.reject(new Error('internal: the Docker engine client is closed'));
    const { endpoint } = this.address;
    const options: RequestOptions = {
      method: 'GET',
      path,
      headers: { host: 'docker', 'user-agent': 'registry-publish' },
      ...(endpoint.kind === 'unix'
        ? { socketPath: endpoint.socketPath }
        : { host: endpoint.host, port: endpoint.port, ...(endpoint.tls ?? {}) }),
    };
    const send = endpoint.kind === 'tcp' && endpoint.tls ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(options, (res) => {
        res.once('close', () => this.active.delete(req));
        resolve(res);
      });
      this.active.add(req);
      req.setTimeout(timeoutMs, () => {
        req.destroy(
          new PublishError(
            'ENGINE_UNAVAILABLE',
            `The Docker engine at ${this.address.display} did not answer GET ${path} within ${timeoutMs / 1000} s`,
            {
              hint: 'Check that the engine is healthy (docker info), then run again.',
            },
          ),
        );
      });
      req.once('error', (err) => {
        this.active.delete(req);
        reject(err instanceof PublishError ? err : this.connectError(err));
      });
      req.end();
    });
  }

  private connectError(err: Error): PublishError {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') {
      return engineUnavailable(
        this.address.display,
        `permission denied (${err.message})`,
        'Run as a user allowed to use the Docker socket (the docker group), or set DOCKER_HOST.',
        err,
      );
    }
    return engineUnavailable(this.address.display, err.message, undefined, err);
  }

  private answerError(what: string, status: number | undefined, body: Buffer): PublishError {
    const message = engineMessage(body);
    if (status === 400) {
      return new PublishError('SOURCE_INVALID', `The Docker engine refused to ${what}: ${message}`, {
        hint: 'Name the image as docker images lists it: NAME[:TAG] or an image ID.',
      });
    }
    return new PublishError(
      'ENGINE_UNAVAILABLE',
      `The Docker engine at ${this.address.display} failed to ${what} (${status}: ${message})`,
      {
        hint: 'Check the engine (docker info, its logs), then run again.',
      },
    );
  }
}

export class DockerDaemonSource implements ImageSource {
  readonly description: string;
  private readonly engine: DockerEngine;
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
    this.engine = new DockerEngine(options.env);
  }

  async load(options: LoadOptions = {}): Promise<Artifact> {
    const name = this.spec.name;
    const inspect = await this.engine.inspectImage(name);
    if (!inspect) throw imageNotFound(name, this.engine.address.display);
    const id = inspect.Id;
    // The save stream is expensive to produce: its one scan also compresses the layers to learn digests.
    // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
    const { TarIndex } = await import('./tar-index.js');
    const index = await TarIndex.scan(
      { description: this.description, openRaw: () => this.engine.saveImage(id) },
      { measureGzip: true, stager: options.stager },
    );
    return loadDockerSave(index, {
      selection: { imageId: id },
      concurrency: this.options.concurrency,
      refExample: () => this.description,
    });
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}

function imageNotFound(name: string, display: string): PublishError {
  return new PublishError(
    'IMAGE_NOT_FOUND',
    `The image ${JSON.stringify(name)} is not in the Docker engine at ${display}`,
    {
      hint: 'Run docker images to list the local images; build or pull it first, or name the source with its transport (oci:DIR, docker-archive:PATH, docker://REF).',
    },
  );
}

function engineUnavailable(display: string, what: string, hint?: string, cause?: unknown): PublishError {
  return new PublishError('ENGINE_UNAVAILABLE', `Cannot reach the Docker engine at ${display}: ${what}`, {
    hint: hint ?? 'Start Docker (or set DOCKER_HOST to the socket of a running engine), then run again.',
    cause,
  });
}

/** Names go into the path as Docker's CLI sends them: `/` and `:` kept, anything else escaped. */
function encodeName(name: string): string {
  return name
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%3A/gi, ':').replace(/%40/g, '@'))
    .join('/');
}

async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function engineMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const json = JSON.parse(text) as { message?: unknown };
    if (typeof json.message === 'string') return json.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 300) || 'no message';
}
