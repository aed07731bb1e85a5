import { existsSync, statSync } from 'node:fs';
import {
  CA_FILE,
  CERT_DIR,
  CLIENT_CERT,
  CLIENT_KEY,
  PASSWORD,
  PublishError,
  remedyHint,
  settingExample,
  settingName,
  settingSubject,
  USERNAME,
  type AdapterText,
  type SettingName,
} from '../errors.js';
import {
  findRegistryInName,
  joinRepository,
  parseReference,
  type ImageReference,
} from '../domain/reference.js';
import {
  deriveTags,
  parseFloatingPolicy,
  parseLatestPolicy,
  type FloatingPolicy,
  type LatestPolicy,
  type TagRequest,
} from '../domain/tags.js';
import { formatDuration, parseDuration } from '../domain/duration.js';
import { parseSourceSpec } from '../source/source-spec.js';
import { parseAnnotations, type AnnotationRequest } from '../domain/annotations.js';
import { missingCredential } from '../registry/credentials.js';
import { loadTrust, TrustFileError, type TrustOption } from '../registry/trust.js';

/** A destination repository. */
export interface Target {
  /** The registry as written (`docker.io`, `localhost:5000`). */
  readonly registry: string;
  /** The host requests go to (`registry-1.docker.io` for Docker Hub). */
  readonly apiHost: string;
  /** `com.example.namespace/app`, `library/nginx`. */
  readonly repository: string;
  /** `registry/repository`, for messages and outputs. */
  readonly name: string;
}

export interface PublishSettings {
  readonly targets: readonly Target[];
  readonly source: string;
  /** Several images or indexes to merge into one index (empty: publish `source` as it is). */
  readonly sources: readonly string[];
  readonly version: string | undefined;
  /** The variant names, each tagged with its suffix (empty: the plain set only). */
  readonly variants: readonly string[];
  /** With variants: also the plain (unsuffixed) set; `alias`: its floating tags and `latest` only. */
  readonly bare: boolean | 'alias';
  /** Which floating version tags exist, as given (`2`, `1`, `none`); checked by the tag engine. */
  readonly floatingLevels: string | undefined;
  /** Prefixes the version-derived tags are copied under (`v`). */
  readonly prefixes: readonly string[];
  /** Names that get only the floating tags and their plain name (`alpine` next to `jdk-alpine`). */
  readonly aliasVariants: readonly string[];
  /** The label of a prerelease's line tag (`rc` → 3.15-rc), as given; checked by the tag engine. */
  readonly prereleaseAlias: string | undefined;
  /** Whose versions hold floating tags back, as given (`variant`, `image`); checked by the tag engine. */
  readonly floatingScope: string | undefined;
  readonly aliases: readonly string[];
  readonly extraTags: readonly string[];
  readonly latest: LatestPolicy;
  readonly floating: FloatingPolicy;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly overwrite: boolean;
  readonly dryRun: boolean;
  /** Push the manifest by digest only: no tag is read, planned or written. */
  readonly byDigest: boolean;
  /** Copy the source image's referrers (signatures, SBOMs, attestations) when it is read from a registry. */
  readonly referrers: boolean;
  /** Annotations for the index `sources` creates, or the manifest built for an engine or docker-archive image. */
  readonly annotations: AnnotationRequest;
  /** Base images whose compressed layers an engine image reuses (`node:24-slim`, `ghcr.io/org/base:1.2`). */
  readonly bases: readonly ImageReference[];
  readonly insecure: boolean;
  readonly caFile: string | undefined;
  /** A certs.d-format directory (`*.crt`, `*.cert` + `*.key`), instead of /etc/{containers,docker}/certs.d. */
  readonly certDir: string | undefined;
  /** A client certificate and its key (PEM), for registries that require one. */
  readonly clientCert: string | undefined;
  readonly clientKey: string | undefined;
  readonly concurrency: number;
  /** The whole run's deadline, ms (cancellation.ts startRunDeadline). */
  readonly timeoutMs: number;
  /** What the settings changed on the way in (namespace My-Org → my-org), for the log in the adapter's words. */
  readonly notices?: readonly AdapterText[];
}

/** Raw values as the adapters read them: strings, with lists already split. */
export type RawSettings = Partial<
  Record<
    Exclude<
      SettingName,
      | 'targets'
      | 'variant'
      | 'prefix'
      | 'alias-variant'
      | 'aliases'
      | 'tags'
      | 'sources'
      | 'annotations'
      | 'base'
    >,
    string
  >
> & {
  readonly variant?: readonly string[];
  readonly prefix?: readonly string[];
  readonly 'alias-variant'?: readonly string[];
  readonly targets?: readonly string[];
  readonly sources?: readonly string[];
  readonly annotations?: readonly string[];
  readonly base?: readonly string[];
  readonly aliases?: readonly string[];
  readonly tags?: readonly string[];
};

export const MAX_CONCURRENCY = 32;

/**
 * Validates raw inputs into settings; every error names the setting and says how to fix it (structured:
 * the adapter words the names, `Input "image"` or `--image`).
 */
export function parseSettings(raw: RawSettings): PublishSettings {
  const image = clean(raw.image);
  if (!image) {
    throw new PublishError('INPUT_INVALID', remedyHint`${settingSubject('image')} is required`, {
      hint: remedyHint`Set it to the image name without registry or tag, e.g. ${settingExample('image', 'app')}.`,
    });
  }
  const registry = clean(raw.registry) ?? 'docker.io';
  const embedded = findRegistryInName(image);
  if (embedded) {
    // `image: ghcr.io/ns/app` otherwise reads as "carries a tag" (the port) or a wrong repository.
    const cut = embedded.path.lastIndexOf('/');
    const registryAt = settingExample('registry', embedded.registry);
    const imageAt = settingExample('image', embedded.path.slice(cut + 1));
    const split =
      cut === -1
        ? remedyHint`${registryAt}, ${imageAt}`
        : remedyHint`${registryAt}, ${settingExample('namespace', embedded.path.slice(0, cut))}, ${imageAt}`;
    throw new PublishError(
      'REFERENCE_INVALID',
      remedyHint`${settingSubject('image')} "${image}" contains the registry "${embedded.registry}"`,
      {
        hint: remedyHint`Put the registry in ${settingName('registry')} and the path in ${settingName('namespace')}: ${split}.`,
      },
    );
  }
  const notices: AdapterText[] = [];
  // Registries accept only lowercase repositories; `${{ github.repository_owner }}` is often mixed case.
  const lower = (name: 'namespace' | 'image', value: string): string => {
    const lowered = value.toLowerCase();
    if (lowered !== value)
      notices.push(
        remedyHint`${settingSubject(name)}: ${value} → ${lowered} (repository names are lowercase)`,
      );
    return lowered;
  };
  const namespace = lower('namespace', clean(raw.namespace) ?? '');
  const lowerImage = lower('image', image);
  const primary = joinDestination(registry, namespace, lowerImage);
  const targets: Target[] = [toTarget(primary.registry, primary.apiHost, primary.repository)];
  for (const line of raw.targets ?? []) {
    const ref = parseReference(line, 'targets');
    if (ref.tag !== undefined || ref.digest !== undefined) {
      throw new PublishError(
        'INPUT_INVALID',
        remedyHint`${settingSubject('targets')} line "${line}" carries a tag or digest`,
        {
          hint: remedyHint`Write each target as registry/namespace/image; tags come from ${settingName('version')} and ${settingName('tags')}.`,
        },
      );
    }
    const target = toTarget(ref.registry, ref.apiHost, ref.repository);
    if (!targets.some((t) => t.apiHost === target.apiHost && t.repository === target.repository))
      targets.push(target);
  }

  const version = clean(raw.version);
  const extraTags = (raw.tags ?? []).map((t) => t.trim()).filter(Boolean);
  const byDigest = parseBoolean(raw['by-digest'], false, 'by-digest');
  if (byDigest && (version || extraTags.length > 0)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('by-digest')} writes no tag, but ${settingSubject(version ? 'version' : 'tags')} is set`,
      {
        hint: remedyHint`Leave ${settingName('version')} and ${settingName('tags')} empty for a by-digest push; tag the image in a later run (e.g. the merge job).`,
      },
    );
  }
  if (!byDigest && !version && extraTags.length === 0) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`Nothing to publish: ${settingSubject('version')} and ${settingSubject('tags')} are both empty`,
      {
        hint: remedyHint`Set ${settingExample('version', '1.2.3')}, or list plain tags in ${settingName('tags')}.`,
      },
    );
  }

  const source = clean(raw.source) ?? `docker-daemon:${lowerImage}`;
  const sources = (raw.sources ?? []).map((t) => t.trim()).filter(Boolean);
  if (sources.length > 0 && clean(raw.source)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('source')} and ${settingSubject('sources')} are both set`,
      {
        hint: remedyHint`Use ${settingName('source')} for one image, or list every image to merge in ${settingName('sources')}.`,
      },
    );
  }

  // Every source is parsed here, before any connection, so its errors name the input or flag.
  const sourceSpec = parseSourceSpec(source, 'source');
  for (const spec of sources) parseSourceSpec(spec, 'sources');

  const annotations = parseAnnotations(raw.annotations ?? []);
  // Annotations go on what registry-publish writes itself: the index sources creates, or the manifest it
  // builds for an engine image or a docker save archive. An image published as it is keeps its bytes.
  const annotated = annotations.auto || Object.keys(annotations.entries).length > 0;
  if (annotated && sources.length === 0 && !ANNOTATABLE.has(sourceSpec.transport)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('annotations')} needs ${settingSubject('sources')} or a Docker engine or docker-archive source`,
      {
        hint: remedyHint`Annotations go on the index ${settingName('sources')} creates or on the manifest built for a docker-daemon or docker-archive image; an OCI layout or registry image is published byte for byte.`,
      },
    );
  }

  const bases = (raw.base ?? [])
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => parseReference(b, 'base'));
  if (bases.length > 0 && (sources.length > 0 || sourceSpec.transport !== 'docker-daemon')) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('base')} needs a Docker engine source (docker-daemon:, the default)`,
      {
        hint: 'Base layers are reused instead of compressing an engine image; other sources publish their own compressed blobs as they are.',
      },
    );
  }

  const caFile = clean(raw['ca-file']);
  if (caFile && !existsSync(caFile)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('ca-file')} "${caFile}" does not exist`,
      {
        hint: remedyHint`Point ${CA_FILE} at a PEM file of the registry CA, relative to the working directory.`,
      },
    );
  }

  const certDir = clean(raw['cert-dir']);
  if (certDir && !isDirectory(certDir)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('cert-dir')} "${certDir}" is not a directory`,
      {
        hint: remedyHint`Point ${CERT_DIR} at a directory like /etc/docker/certs.d/HOST:PORT/ (ca.crt, client.cert, client.key).`,
      },
    );
  }
  const clientCert = clean(raw['client-cert']);
  const clientKey = clean(raw['client-key']);
  if (Boolean(clientCert) !== Boolean(clientKey)) {
    const [set, unset] = clientCert
      ? (['client-cert', 'client-key'] as const)
      : (['client-key', 'client-cert'] as const);
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject(set)} is set but ${settingSubject(unset)} is empty`,
      {
        hint: 'Give the client certificate and its private key together (both PEM files).',
      },
    );
  }
  for (const [name, path] of [
    ['client-cert', clientCert],
    ['client-key', clientKey],
  ] as const) {
    if (path && !existsSync(path)) {
      throw new PublishError('INPUT_INVALID', remedyHint`${settingSubject(name)} "${path}" does not exist`, {
        hint: remedyHint`Point ${name === 'client-cert' ? CLIENT_CERT : CLIENT_KEY} at a PEM file, relative to the working directory.`,
      });
    }
  }

  checkTrustFiles({ caFile, certDir, clientCert, clientKey });

  const username = clean(raw.username);
  const password = raw.password ? raw.password : undefined;
  const missing = missingCredential(username, password);
  if (missing === 'username') {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('password')} is set but ${settingSubject('username')} is empty`,
      {
        hint: remedyHint`Set ${USERNAME} too (GHCR: the GitHub user; ECR: AWS; ACR tokens: 00000000-0000-0000-0000-000000000000).`,
      },
    );
  }
  if (missing === 'password') {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('username')} is set but ${settingSubject('password')} is empty`,
      {
        hint: remedyHint`Pass the password or token (from a secret) with ${PASSWORD}.`,
      },
    );
  }

  const settings: PublishSettings = {
    notices,
    targets,
    source,
    sources,
    version,
    variants: (raw.variant ?? []).map((v) => v.trim()).filter(Boolean),
    bare: parseBare(raw.bare),
    floatingLevels: clean(raw['floating-levels']),
    prefixes: (raw.prefix ?? []).map((p) => p.trim()).filter(Boolean),
    aliasVariants: (raw['alias-variant'] ?? []).map((v) => v.trim()).filter(Boolean),
    prereleaseAlias: clean(raw['prerelease-alias']),
    floatingScope: clean(raw['floating-scope']),
    aliases: (raw.aliases ?? []).map((a) => a.trim()).filter(Boolean),
    extraTags,
    latest: parseLatestPolicy(raw.latest),
    floating: parseFloatingPolicy(raw.floating),
    username,
    password,
    overwrite: parseBoolean(raw.overwrite, false, 'overwrite'),
    dryRun: parseBoolean(raw['dry-run'], false, 'dry-run'),
    byDigest,
    annotations,
    bases,
    referrers: parseBoolean(raw.referrers, true, 'referrers'),
    insecure: parseBoolean(raw.insecure, false, 'insecure'),
    caFile,
    certDir,
    clientCert,
    clientKey,
    concurrency: parseConcurrency(raw.concurrency),
    timeoutMs: parseRunTimeout(raw.timeout),
  };
  // Version, variant, aliases and tags are checked now, before any registry is contacted (by-digest has none).
  if (!byDigest) deriveTags(toTagRequest(settings, []));
  return settings;
}

/** The tag engine's request for these settings, given the tags already in the repository. */
export function toTagRequest(settings: PublishSettings, existing: readonly string[]): TagRequest {
  return {
    version: settings.version,
    variant: settings.variants,
    bare: settings.bare,
    floatingLevels: settings.floatingLevels,
    prefixes: settings.prefixes,
    aliasVariants: settings.aliasVariants,
    prereleaseAlias: settings.prereleaseAlias,
    floatingScope: settings.floatingScope,
    aliases: settings.aliases,
    extraTags: settings.extraTags,
    latest: settings.latest,
    floating: settings.floating,
    existing,
  };
}

/** Splits a list input: one item a line or comma-separated; blanks dropped. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The destination repository. Only when it is invalid is the join repeated with the part at fault, so the
 * error names that input (`faultyPart` joins up to twice more; a valid destination costs one join).
 */
function joinDestination(
  registry: string,
  namespace: string,
  image: string,
): ReturnType<typeof joinRepository> {
  try {
    return joinRepository(registry, namespace, image);
  } catch {
    return joinRepository(registry, namespace, image, faultyPart(registry, namespace));
  }
}

/** Which of registry, namespace and image makes the destination invalid, so the error names that input. */
function faultyPart(registry: string, namespace: string): SettingName {
  const fails = (ns: string): boolean => {
    try {
      joinRepository(registry, ns, 'x');
      return false;
    } catch {
      return true;
    }
  };
  if (fails('')) return 'registry';
  if (namespace !== '' && fails(namespace)) return 'namespace';
  return 'image';
}

function toTarget(registry: string, apiHost: string, repository: string): Target {
  return { registry, apiHost, repository, name: `${registry}/${repository}` };
}

const INPUT_OF_TRUST: Readonly<Record<Exclude<TrustOption, 'certsDirs'>, SettingName>> = {
  caFile: 'ca-file',
  certDir: 'cert-dir',
  clientCert: 'client-cert',
  clientKey: 'client-key',
};

/** A private key given as ca-file (and every other file that is not what its input says) is bad input. */
function checkTrustFiles(files: {
  caFile: string | undefined;
  certDir: string | undefined;
  clientCert: string | undefined;
  clientKey: string | undefined;
}): void {
  try {
    loadTrust('', { ...files, certsDirs: [] });
  } catch (err) {
    if (!(err instanceof TrustFileError) || err.option === 'certsDirs') throw err;
    const input = settingSubject(INPUT_OF_TRUST[err.option]);
    const inDir =
      err.option === 'certDir' && err.path !== files.certDir ? `: "${err.path}"` : ` "${err.path}"`;
    throw new PublishError('INPUT_INVALID', remedyHint`${input}${inDir} ${err.detail}`, {
      ...(err.hint ? { hint: err.hint } : {}),
    });
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parseBare(value: string | undefined): boolean | 'alias' {
  if (clean(value)?.toLowerCase() !== 'alias') {
    const v = clean(value);
    if (v === undefined || /^(true|false)$/i.test(v)) return parseBoolean(v?.toLowerCase(), false, 'bare');
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('bare')} must be true, false or alias; got "${String(value)}"`,
      {
        hint: 'Use true for the full unsuffixed set, alias for its floating tags and latest only (default false).',
      },
    );
  }
  return 'alias';
}

function parseBoolean(value: string | undefined, fallback: boolean, name: SettingName): boolean {
  const v = clean(value);
  if (v === undefined) return fallback;
  if (['true', 'True', 'TRUE'].includes(v)) return true;
  if (['false', 'False', 'FALSE'].includes(v)) return false;
  throw new PublishError(
    'INPUT_INVALID',
    remedyHint`${settingSubject(name)} must be true or false; got "${String(value)}"`,
    {
      hint: `Use true or false (default ${fallback}).`,
    },
  );
}

function parseConcurrency(value: string | undefined): number {
  const v = clean(value);
  if (v === undefined) return 4;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('concurrency')} must be a whole number from 1 to ${MAX_CONCURRENCY}; got "${String(value)}"`,
      {
        hint: 'Use the default 4 unless the registry rate-limits parallel uploads.',
      },
    );
  }
  return n;
}

export const DEFAULT_TIMEOUT = '60m';
/** GitHub ends a job after 6 h at most; a day is a typo, not a plan. */
const MAX_TIMEOUT_MS = 24 * 3600_000;
/**
 * `timeout`: the whole run's deadline (cancellation.ts startRunDeadline). Not the same setting as
 * `REGISTRY_PUBLISH_TIMEOUT_MS` (connect.ts), which bounds each registry request's silence.
 */
function parseRunTimeout(value: string | undefined): number {
  const v = clean(value) ?? DEFAULT_TIMEOUT;
  const ms = parseDuration(v) ?? NaN;
  if (!Number.isSafeInteger(ms) || ms < 1000 || ms > MAX_TIMEOUT_MS) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('timeout')} must be a duration from 1s to ${formatDuration(MAX_TIMEOUT_MS)} such as 90s, 30m or 1h30m; got "${String(value)}"`,
      { hint: `Use the default ${DEFAULT_TIMEOUT}, or more for large images on a slow link.` },
    );
  }
  return ms;
}

const ANNOTATABLE: ReadonlySet<string> = new Set(['docker-daemon', 'docker-archive']);
