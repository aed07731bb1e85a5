import { parseReference } from '../domain/reference.js';
import { startRunDeadline, throwIfCancelled, untilAborted, type RunDeadline } from '../cancellation.js';
import {
  PublishError,
  formatError,
  isPublishError,
  wordHint,
  type SettingName,
  type WordRemedy,
} from '../errors.js';
import type { Logger } from '../log.js';
import type { SecretRegistry } from '../secrets.js';
import type { RegistryClientOptions } from '../registry/client.js';
import type { RegistryClient, RegistryEvents } from '../registry/types.js';
import { createRegistryStager, type RegistryStager } from './blob-stager.js';
import { connectRegistry } from './connect.js';
import type { Artifact, ImageIdentity, ImageSource } from '../source/image-source.js';
import { readKnownImages, type KnownImages } from './known-images.js';
import { createExportProgress } from './export-progress.js';
import { openImageSource, parseSourceSpec, type SourceContext } from '../source/source-opener.js';
import { carryReferrers } from './carry-referrers.js';
import { annotateManifest, resolveAnnotations } from '../domain/annotations.js';
import { describeManifest } from '../domain/manifest.js';
import { readAnnotationContext } from './tag-context.js';
import { MergedSource } from '../source/merged-source.js';
import { listTagsOrNone, publishToTarget } from './target-publisher.js';
import { TagManifests, claimedVersionTag, requestsAtOnce, tagsThePlanReads } from './tag-manifests.js';
import { readPlatform } from './platform.js';
import { emptyTargetReport, type PublishReport } from './report.js';
import type { PublishSettings, Target } from './settings.js';

export interface PublishDeps {
  readonly log: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly secrets: SecretRegistry;
  /** Every HTTP exchange (benchmarks count them). */
  readonly onRequest?: RegistryEvents['onRequest'];
  readonly createClient?: (options: RegistryClientOptions) => RegistryClient;
  readonly openSource?: (spec: string, ctx: SourceContext) => ImageSource;
  /** Upload progress of each blob (the CLI shows it on a terminal). */
  readonly onProgress?: (digest: string, sent: number, total: number) => void;
  /** How often a long export logs its progress per layer (export-progress.ts; default once a second). */
  readonly progressIntervalMs?: number;
  /** Aborted on SIGINT/SIGTERM (the adapters' watchTermination): writes stop, floating tags converge. */
  readonly signal?: AbortSignal;
  /** How the adapter words a hint's remedies (`overwrite: true` or `--overwrite`) in the report's errors. */
  readonly wordRemedy?: WordRemedy;
}

/**
 * The engine: loads the source once, then plans and publishes to every target. A failing target does not
 * stop the others; its error is recorded in the report (the adapters fail the run at the end).
 * Errors before any write (bad source, bad credentials config) are thrown.
 */
export async function runPublish(settings: PublishSettings, deps: PublishDeps): Promise<PublishReport> {
  // The run's deadline stops it as a signal does; a grace period later it also cuts the requests in flight.
  const deadline = startRunDeadline(settings.timeoutMs, deps.signal);
  try {
    return await publishAll(settings, { ...deps, signal: deadline.signal }, deadline);
  } finally {
    deadline.dispose();
  }
}

async function publishAll(
  settings: PublishSettings,
  deps: PublishDeps,
  run: Pick<RunDeadline, 'hard' | 'abort'>,
): Promise<PublishReport> {
  const stop = run.hard;
  deps.secrets.add(settings.password);
  for (const notice of settings.notices ?? []) deps.log.info(`notice: ${wordHint(notice, deps.wordRemedy)}`);
  const clients = await connectClients(settings, deps, stop);
  const sourceContext: SourceContext = {
    env: deps.env,
    concurrency: settings.concurrency,
    connectRegistry: (apiHost) => {
      const client = clients.get(apiHost);
      if (!client)
        throw new PublishError('REFERENCE_INVALID', `No registry connection prepared for ${apiHost}`);
      return client;
    },
  };
  const open = (spec: string, input: SettingName): ImageSource =>
    deps.openSource
      ? deps.openSource(spec, sourceContext)
      : openImageSource(parseSourceSpec(spec, input), sourceContext);
  const annotations = resolveAnnotations(
    settings.annotations,
    readAnnotationContext(deps.env, settings.version),
  );
  const source: ImageSource =
    settings.sources.length > 0
      ? new MergedSource(
          settings.sources.map((spec) => open(spec, 'sources')),
          annotations,
        )
      : open(settings.source, 'source');

  const report: PublishReport = {
    source: source.description,
    version: settings.version ?? null,
    dryRun: settings.dryRun,
    digest: null,
    targets: [],
  };
  let stager: RegistryStager | undefined;
  try {
    for (const target of settings.targets) {
      clients.get(target.apiHost)?.declareAccess(target.repository, settings.dryRun ? 'pull' : 'push');
    }
    // Each target's tag list is read while the source loads (read-only; a failure surfaces in the target).
    const tagLists = new Map(
      settings.targets.map((target) => {
        const client = clients.get(target.apiHost);
        client?.preconnect?.(requestsAtOnce(settings));
        const listing = client ? listTagsOrNone(client, target.repository) : Promise.resolve(undefined);
        listing.catch(() => undefined);
        return [target, listing] as const;
      }),
    );
    // The manifests of the tags the plan reads, as soon as each list is in (known images and the plan
    // share them): a re-run waits for one round of reads while the source is identified or loaded.
    const manifests = new Map(
      settings.targets.flatMap((target) => {
        const client = clients.get(target.apiHost);
        return client ? [[target, new TagManifests(client, target.repository)] as const] : [];
      }),
    );
    // A promotion in place writes no blob, so the version tag's PUT follows the plan at once: its claim
    // check (target-publisher.ts) is read now, with the tag list, instead of a round trip before the PUT.
    const claimed = claimedVersionTag(settings);
    if (claimed)
      for (const [target, reads] of manifests) if (promotesInPlace(settings, target)) reads.timed(claimed);
    if (!settings.byDigest)
      for (const [target, reads] of manifests)
        tagLists
          .get(target)
          ?.then((tags) => {
            if (tags && tags.length > 0)
              reads.prefetch(tagsThePlanReads(settings, tags), settings.concurrency);
          })
          .catch(() => undefined);
    // Metadata first (the engine's inspect), in parallel with the tag lists: what the targets hold decides
    // whether the image needs exporting at all and which layers need compressing.
    const identity = source.identify?.();
    identity?.catch(() => undefined);
    stager = await offerStager(source, settings, clients, tagLists, identity, deps.log);
    const known = identity
      ? await readKnownImages({
          identity: await untilAborted(identity, deps.signal),
          settings,
          clients,
          tagLists,
          manifests,
          log: deps.log,
          connect: async (apiHost, repository) => {
            // A base named only by the image's label may live on a host no setting named.
            const existing = clients.get(apiHost);
            if (existing) return existing;
            const client = await connectHost(apiHost, repository, false, settings, deps, stop);
            clients.set(apiHost, client);
            return client;
          },
        })
      : undefined;
    // Reading the source is local work no request timeout bounds: the run's deadline and a cancel cut it.
    const loaded = await untilAborted(
      loadArtifact(source, settings, known, stager, deps.log, deps.progressIntervalMs),
      deps.signal,
    );
    // Without sources, settings allow annotations only for the engine and docker-archive sources, whose
    // manifest registry-publish builds anyway (the merged index carries its own).
    const artifact = settings.sources.length > 0 ? loaded : withAnnotations(loaded, annotations);
    report.digest = artifact.manifest.digest;
    const platform = artifact.kind === 'image' ? await readPlatform(artifact) : undefined;
    deps.log.info(
      `Image ${artifact.manifest.digest} (${artifact.kind === 'index' ? `index of ${artifact.children.length} manifests` : 'single platform'})`,
    );

    for (const target of settings.targets) {
      const targetReport = emptyTargetReport(target);
      report.targets.push(targetReport);
      const client = clients.get(target.apiHost);
      if (!client) throw new Error(`internal: no client for ${target.apiHost}`);
      await deps.log.group(`${settings.dryRun ? 'Plan for' : 'Publishing to'} ${target.name}`, async () => {
        try {
          throwIfCancelled(deps.signal);
          await publishToTarget(
            {
              signal: deps.signal,
              client,
              target,
              artifact,
              settings,
              log: deps.log,
              onProgress: deps.onProgress,
              platform,
              tagList: tagLists.get(target),
              manifests: manifests.get(target),
              stager: target === settings.targets[0] ? stager : undefined,
              wordRemedy: deps.wordRemedy,
            },
            targetReport,
          );
          if (settings.referrers)
            await carryReferrers({
              client,
              repository: target.repository,
              artifact,
              sourceClient: (apiHost) => clients.get(apiHost),
              openRemote: (reference) => open(`docker://${reference}`, 'source'),
              concurrency: settings.concurrency,
              dryRun: settings.dryRun,
              log: deps.log,
              report: targetReport,
            });
        } catch (err) {
          const message = deps.secrets.redact(formatError(err, deps.wordRemedy));
          targetReport.error = { code: isPublishError(err) ? err.code : 'INTERNAL', message };
          // Tag reasons may quote the registry's answer: redacted like the error.
          targetReport.tags = targetReport.tags.map((t) =>
            t.reason ? { ...t, reason: deps.secrets.redact(t.reason) } : t,
          );
          // Not logged here: each adapter prints a failed target once (one annotation / one error: line).
        }
      });
    }
  } catch (err) {
    // Fatal (a target's own failure is recorded above, not thrown): nothing still in flight matters now,
    // except the upload sessions staged so far, which are cancelled first (briefly: a stalled registry must
    // not hold the exit; the registry expires what is left).
    await settleWithin(stager?.cancelAll(), STAGED_CANCEL_MS);
    run.abort(err);
    throw err;
  } finally {
    await stager?.cancelAll();
    await source.close();
    await Promise.all([...new Set(clients.values())].map((c) => c.close()));
  }
  return report;
}

/** How long a failing run waits for its staged upload sessions to be cancelled before it cuts everything. */
const STAGED_CANCEL_MS = 2_000;

async function settleWithin(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

/**
 * The source's image: when every target already holds it (same image ID), that image as the first target
 * holds it, with nothing exported; otherwise the source's load(), given the layers found compressed.
 */
async function loadArtifact(
  source: ImageSource,
  settings: PublishSettings,
  known: KnownImages | undefined,
  stager: RegistryStager | undefined,
  log: Logger,
  progressIntervalMs: number | undefined,
): Promise<Artifact> {
  const held = settings.targets.map((t) => known?.same.get(t));
  const first = held[0];
  if (first && held.every(Boolean)) {
    log.info(
      `${source.description} is already in ${settings.targets.map((t) => t.name).join(', ')}: not exported`,
    );
    return first;
  }
  const origin = 'origin' in source ? source.origin : undefined;
  log.info(`Reading ${source.description}${origin ? ` from ${origin}` : ''}`);
  const knownLayers = known?.layers;
  if (knownLayers && knownLayers.size > 0)
    log.info(
      `Found ${knownLayers.size} compressed layer(s) in the targets and base images: those are not compressed again`,
    );
  return source.load({
    stager,
    // The stager serves the first target only: with others, their pushes open the blobs again.
    onlyStaged: stager !== undefined && settings.targets.length === 1,
    knownLayers,
    onEntryProgress: createExportProgress(log, Date.now, progressIntervalMs),
  });
}

/**
 * A stager for sources that can send blobs while they read them (blob-stager.ts), when the first target's
 * repository has no tags yet: there is nothing to compare with, so every blob will be uploaded anyway.
 */
async function offerStager(
  source: ImageSource,
  settings: PublishSettings,
  clients: ReadonlyMap<string, RegistryClient>,
  tagLists: ReadonlyMap<Target, Promise<string[] | undefined>>,
  identity: Promise<ImageIdentity> | undefined,
  log: Logger,
): Promise<RegistryStager | undefined> {
  const first = settings.targets[0];
  const client = first && clients.get(first.apiHost);
  if (!source.stagesBlobs || settings.dryRun || !first || !client) return undefined;
  const tags = await tagLists.get(first)?.catch(() => null);
  if (tags === null || (tags !== undefined && tags.length > 0)) return undefined;
  // The layers are what gets staged: their count lets each upload session open before its layer starts.
  const layers = (await identity?.catch(() => undefined))?.diffIds.length;
  return createRegistryStager(client, first.repository, log, { expected: layers ?? 0 });
}

/** One client per registry host, shared by the source and the targets (one token covers both). */
async function connectClients(
  settings: PublishSettings,
  deps: PublishDeps,
  stop: AbortSignal,
): Promise<Map<string, RegistryClient>> {
  // One client (one credential) per host: auth.json's namespace-scoped keys are matched against the first
  // repository named on that host.
  const hosts = new Map<string, { registry: string; repository: string; explicit: boolean }>();
  const primary = settings.targets[0];
  const add = (target: Pick<Target, 'apiHost' | 'registry' | 'repository'>): void => {
    if (!hosts.has(target.apiHost))
      hosts.set(target.apiHost, {
        registry: target.registry,
        repository: target.repository,
        explicit: target.apiHost === primary?.apiHost,
      });
  };
  settings.targets.forEach(add);
  for (const [spec, input] of [
    [settings.source, 'source'] as const,
    ...settings.sources.map((s) => [s, 'sources'] as const),
  ]) {
    if (spec.startsWith('docker://')) add(parseReference(spec.slice('docker://'.length), input));
  }
  settings.bases.forEach(add);
  const clients = new Map<string, RegistryClient>();
  for (const [apiHost, { explicit, repository }] of hosts)
    clients.set(apiHost, await connectHost(apiHost, repository, explicit, settings, deps, stop));
  return clients;
}

/** A client for one host: the explicit credentials only for the first target's registry. */
function connectHost(
  apiHost: string,
  repository: string | undefined,
  explicit: boolean,
  settings: PublishSettings,
  deps: PublishDeps,
  stop: AbortSignal,
): Promise<RegistryClient> {
  return connectRegistry({
    apiHost,
    repository,
    username: explicit ? settings.username : undefined,
    password: explicit ? settings.password : undefined,
    insecure: settings.insecure,
    caFile: settings.caFile,
    certDir: settings.certDir,
    clientCert: settings.clientCert,
    clientKey: settings.clientKey,
    env: deps.env,
    signal: stop,
    secrets: deps.secrets,
    log: deps.log,
    ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
    ...(deps.createClient ? { createClient: deps.createClient } : {}),
  });
}

/** The source is an image of the target's own repository (`docker://` the same host and repository). */
function promotesInPlace(settings: PublishSettings, target: Target): boolean {
  const prefix = 'docker://';
  if (settings.sources.length > 0 || !settings.source.startsWith(prefix)) return false;
  const source = parseReference(settings.source.slice(prefix.length), 'source');
  return source.apiHost === target.apiHost && source.repository === target.repository;
}

/** The failed targets of a report, for the final error. */
export function failedTargets(report: PublishReport): PublishReport['targets'] {
  return report.targets.filter((t) => t.error !== null);
}

function withAnnotations(artifact: Artifact, annotations: Readonly<Record<string, string>>): Artifact {
  const manifest = annotateManifest(artifact.manifest, annotations);
  if (manifest === artifact.manifest) return artifact;
  return { ...artifact, manifest, descriptor: describeManifest(manifest, artifact.descriptor) };
}
