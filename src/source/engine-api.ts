/**
 * The Docker engine API over its socket (unix, or tcp with optional TLS): image inspect and the
 * `docker save` stream. Sources use it through the EngineClient interface, so an engine reached another
 * way (the docker CLI) can stand in.
 */
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { PassThrough, type Readable } from 'node:stream';
import { readBounded } from '../bounded-read.js';
import { isDigest, type Digest } from '../domain/digest.js';
import { formatSeconds } from '../domain/duration.js';
import { PublishError } from '../errors.js';
import { engineUnavailable, type EngineAddress } from './engine-address.js';

const INSPECT_TIMEOUT_MS = 60_000;
/** Idle time allowed on a save stream (the engine may think a while before sending a large layer). */
const SAVE_IDLE_TIMEOUT_MS = 10 * 60_000;

export interface ImageInspect {
  /** The image ID: the config digest (graph-driver store) or the manifest/index digest (containerd store). */
  readonly Id: Digest;
  readonly RepoTags: readonly string[];
  readonly RepoDigests: readonly string[];
  /** Diff IDs, base layer first. */
  readonly layers: readonly string[];
  /** The image's labels (`org.opencontainers.image.base.name`, …). */
  readonly labels: Readonly<Record<string, string>>;
  /** `Os`, `Architecture`, `Variant`, when the engine says. */
  readonly platform?: { readonly os: string; readonly architecture: string; readonly variant?: string };
}

/** What a source needs from an engine: resolve a name to an image, stream its `docker save`. */
export interface EngineClient {
  /** Where the engine is, for messages. */
  readonly address: EngineAddress;
  /** The image, or undefined when the engine does not know the name. */
  inspectImage(name: string): Promise<ImageInspect | undefined>;
  /** `docker save` of one image as a stream; engine failures mid-stream destroy it with ENGINE_UNAVAILABLE. */
  saveImage(id: string): Promise<Readable>;
  close(): Promise<void>;
}

/** A minimal Docker engine API client over the engine's socket: inspect and save. */
export class EngineApiClient implements EngineClient {
  readonly address: EngineAddress;
  private readonly active = new Set<ClientRequest>();
  private closed = false;

  constructor(address: EngineAddress) {
    this.address = address;
  }

  /** The image, or undefined when the engine does not know the name. */
  async inspectImage(name: string): Promise<ImageInspect | undefined> {
    const res = await this.get(`/images/${encodeName(name)}/json`, INSPECT_TIMEOUT_MS);
    const body = await readBody(res, 16 * 1024 * 1024);
    if (res.statusCode === 404) return undefined;
    if (res.statusCode !== 200) throw this.answerError(`inspect ${name}`, res.statusCode, body);
    return parseInspect(body.toString('utf8'), name, this.address.display);
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
    if (endpoint.kind === 'cli') return Promise.reject(new Error('internal: a CLI endpoint has no socket'));
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
            `The Docker engine at ${this.address.display} did not answer GET ${path} within ${formatSeconds(timeoutMs)}`,
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

export function imageNotFound(name: string, display: string): PublishError {
  return new PublishError(
    'IMAGE_NOT_FOUND',
    `The image ${JSON.stringify(name)} is not in the Docker engine at ${display}`,
    {
      hint: 'Run docker images to list the local images; build or pull it first, or name the source with its transport (oci:DIR, docker-archive:PATH, docker://REF).',
    },
  );
}

/** Names go into the path as Docker's CLI sends them: `/` and `:` kept, anything else escaped. */
function encodeName(name: string): string {
  return name
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%3A/gi, ':').replace(/%40/g, '@'))
    .join('/');
}

/** At most `limit` bytes of an engine answer (a longer one is cut: it fails to parse, or its message is shown cut). */
async function readBody(res: IncomingMessage, limit: number): Promise<Buffer> {
  return (await readBounded(res, limit)).bytes;
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

/** An engine's inspect answer (the API's body, or one element of `docker image inspect`). */
export function parseInspect(text: string, name: string, display: string): ImageInspect {
  let json: {
    Id?: unknown;
    RepoTags?: unknown;
    RepoDigests?: unknown;
    RootFS?: { Layers?: unknown };
    Config?: { Labels?: unknown } | null;
    Os?: unknown;
    Architecture?: unknown;
    Variant?: unknown;
  };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (cause) {
    throw new PublishError(
      'ENGINE_UNAVAILABLE',
      `The Docker engine at ${display} answered inspect ${name} with invalid JSON`,
      { cause },
    );
  }
  const id = typeof json.Id === 'string' ? json.Id : '';
  if (!isDigest(id)) {
    throw new PublishError(
      'ENGINE_UNAVAILABLE',
      `The Docker engine at ${display} gave the invalid image ID ${JSON.stringify(id)} for ${name}`,
    );
  }
  const strings = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const rawLabels = json.Config?.Labels;
  const labels =
    rawLabels && typeof rawLabels === 'object'
      ? Object.fromEntries(
          Object.entries(rawLabels).filter((e): e is [string, string] => typeof e[1] === 'string'),
        )
      : {};
  const { Os: os, Architecture: architecture, Variant: variant } = json;
  return {
    Id: id,
    RepoTags: strings(json.RepoTags),
    RepoDigests: strings(json.RepoDigests),
    layers: strings(json.RootFS?.Layers),
    labels,
    ...(typeof os === 'string' && typeof architecture === 'string'
      ? { platform: { os, architecture, ...(typeof variant === 'string' && variant ? { variant } : {}) } }
      : {}),
  };
}
