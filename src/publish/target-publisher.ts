import type { Digest } from '../domain/digest.js';
import { planTags, tagsToWrite, type TagPlanEntry } from '../domain/plan.js';
import { deriveTags } from '../domain/tags.js';
import { formatPlatform, type Platform, type RawManifest } from '../domain/manifest.js';
import { throwIfCancelled } from '../cancellation.js';
import {
  OVERWRITE,
  PublishError,
  formatError,
  isPublishError,
  remedyHint,
  wordHint,
  type WordRemedy,
} from '../errors.js';
import type { Logger } from '../log.js';
import type { ManifestHead, RegistryClient } from '../registry/types.js';
import { collectBlobs, type Artifact } from '../source/image-source.js';
import type { RegistryStager } from './blob-stager.js';
import { pushContent, verifyBlobs } from './content-pusher.js';
import {
  convergeFloatingTags,
  highestOwner,
  guardedTags,
  reconcileFloatingTag,
  repairableHeldBack,
  type ConvergeContext,
} from './converge.js';
import { mapLimited } from '../map-limited.js';
import { namesSubject, recordReferrer } from './referrers.js';
import { renderPlan } from './render.js';
import { TagManifests, tagsToRead } from './tag-manifests.js';
import { TimedRead } from './timed-read.js';
import { emptyTargetReport, type TargetReport } from './report.js';
import { toTagRequest, type PublishSettings, type Target } from './settings.js';

export interface TargetPublishInput {
  /** The platform of a single-platform image when its descriptor does not say (read from its config). */
  readonly platform?: Platform | undefined;
  readonly onProgress?: ((digest: string, sent: number, total: number) => void) | undefined;
  readonly client: RegistryClient;
  readonly target: Target;
  readonly artifact: Artifact;
  readonly settings: PublishSettings;
  readonly log: Logger;
  /** The repository's tag list, when the caller started reading it already (listTagsOrNone). */
  readonly tagList?: Promise<string[] | undefined>;
  /** The tags' manifests, when the caller started reading them already (tag-manifests.ts). */
  readonly manifests?: TagManifests | undefined;
  /** Blobs the source staged into this repository while loading (committed here instead of uploaded). */
  readonly stager?: RegistryStager | undefined;
  /** Aborted when the run is cancelled: no write starts after it (floating tags written are converged). */
  readonly signal?: AbortSignal | undefined;
  /** The adapter's words for a hint's remedies, in tag reasons and warnings (default: neither adapter's). */
  readonly wordRemedy?: WordRemedy | undefined;
}

/**
 * Publishes one artifact to one repository: plan (tag list, current digests, floating guard, immutability),
 * then content, then the full-version tag, then floating and extra tags; then converge and verify.
 * Fills `report` as it goes so a failure still reports what was done.
 */
export async function publishToTarget(
  input: TargetPublishInput,
  report = emptyTargetReport(input.target),
): Promise<TargetReport> {
  const { client, target, artifact, settings, log } = input;
  const repository = target.repository;
  const digest = artifact.manifest.digest;
  report.digest = digest;
  report.platforms = listPlatforms(artifact, input.platform);
  if (settings.byDigest) return publishByDigest(input, report);

  const manifests = input.manifests ?? new TagManifests(client, repository);
  const listed = await (input.tagList ?? listTagsOrNone(client, repository));
  const existing = listed ?? [];
  const derivation = deriveTags(toTagRequest(settings, existing));
  for (const notice of derivation.notices) log.info(`notice: ${wordHint(notice, input.wordRemedy)}`);

  // Tags whose "unchanged" was confirmed by reading their manifest (each is read once per run): every tag
  // the plan read, since it reads the manifest itself.
  const confirmed = new Set<string>();
  const current = await readCurrentDigests(
    manifests,
    tagsToRead(derivation, existing),
    settings.concurrency,
    confirmed,
  );
  const entries = planTags({
    digest,
    tags: derivation.tags,
    heldBack: derivation.heldBack,
    current,
    overwrite: settings.overwrite,
    targetName: target.name,
  });
  // A real run reports what happened: a tag to write is `not attempted` until its PUT succeeds.
  report.tags = entries.map((e) =>
    settings.dryRun || (e.action !== 'created' && e.action !== 'updated')
      ? toTagReport(e)
      : { ...toTagReport(e), action: 'not attempted' as const, digest: e.previous ?? null },
  );

  for (const line of renderPlan(entries, settings.dryRun)) log.info(line);
  const writes = tagsToWrite(entries);
  // Before the first write (and in a dry run, which shows what a real run would do, every blob): the bytes
  // of every local blob are checked, so a corrupt source changes nothing; a large layer is checked while
  // it uploads instead (one pass, verifyBlobs). A run that writes nothing reads no blob.
  const blobs = collectBlobs(artifact);
  if (writes.length > 0 || settings.dryRun)
    await verifyBlobs(blobs, settings.concurrency, { all: settings.dryRun });
  if (settings.dryRun) return report;

  const context: ConvergeContext = {
    client,
    repository,
    settings,
    derivation,
    manifest: artifact.manifest,
    log,
  };
  // Tags read back after their write already (a version tag's check after its PUT).
  const readBack = new Set<string>();
  // The version tag's "unchanged" decides that nothing else needs the image: confirmed before any write.
  if (writes.length > 0) {
    const versionTags = new Set(entries.filter((e) => e.kind === 'version').map((e) => e.tag));
    await confirmUnchanged(
      context,
      report,
      report.tags.filter((t) => versionTags.has(t.tag)),
      confirmed,
    );
  }
  // Floating tags whose PUT was started: the ones to converge if the run fails or is cancelled midway.
  const attempted = new Set<string>();
  // The first version tag's check before its PUT, when it was sent ahead in a round paid anyway.
  let preChecked: AnsweredCheck | undefined;
  if (writes.length > 0) {
    throwIfCancelled(input.signal);
    const first = writes.find((e) => e.kind === 'version');
    const claiming = first && claimGuarded(first, settings) ? first : undefined;
    const contentPresent =
      [...current.values()].includes(digest) ||
      readFrom(artifact, client.registry, repository) ||
      (listed !== undefined && (await hasManifest(client, repository, digest)));
    if (!contentPresent) {
      const staged = input.stager
        ? input.stager.commit(new Set(blobs.map((b) => b.descriptor.digest)))
        : undefined;
      const stager = input.stager;
      // The version tag's check before its PUT goes out with the upload's last answers (a blob's commit,
      // the answer to its last bytes) rather than a round trip after them: the PUT follows both answers, so
      // it still comes one round trip after the check, as when the check followed the upload (the window a
      // same-version race can slip through is unchanged: release-races.itg.test.ts, "two jobs publishing
      // the same version"; request-budget.test.ts, S1 and S5).
      await pushContent({
        staged,
        whenSent: stager && ((d) => stager.whenSent(d)),
        onBodiesSent: claiming
          ? () => {
              preChecked = new TimedRead(() => checkClaim(input, report, claiming.tag));
            }
          : undefined,
        signal: input.signal,
        onProgress: input.onProgress,
        client,
        repository,
        artifact,
        concurrency: settings.concurrency,
        cold: listed === undefined || listed.length === 0,
        log,
        report,
      });
    } else {
      log.info(`${target.name}@${digest}: image already in the repository, no blobs to push`);
      // A read of the version tag sent with the tag list (a promotion in place) is its check.
      const early = claiming && manifests.started(claiming.tag);
      if (early && claiming) {
        preChecked = {
          answer: early.answer.then((served) => judgeClaim(input, report, claiming.tag, served?.digest)),
          fresh: () => early.fresh(),
          settled: () => early.settled(),
        };
        preChecked.answer.catch(() => undefined); // awaited by writeTags; never unhandled meanwhile
      }
    }
    try {
      await writeTags(input, context, writes, report, attempted, readBack, preChecked);
    } catch (err) {
      await convergeAfterFailure(context, entries, attempted, report, input.wordRemedy);
      throw err;
    }
  }

  // The tags written are read back while the converge step lists the tags again: one round trip instead of
  // two (docs/benchmarks.md, S3). A tag the converge step or a repair below touches is read again.
  const early =
    writes.length > 0
      ? readHeads(context, tagsToReadBack(report, readBack), settings.concurrency)
      : undefined;
  early?.catch(() => undefined);
  // Nothing written means no tag moved: there is nothing to converge (and no second tag listing).
  const [convergence, earlyHeads] = await Promise.allSettled([
    writes.length > 0 ? convergeFloatingTags(context, entries) : [],
    early,
  ]);
  if (convergence.status === 'rejected') throw convergence.reason;
  if (earlyHeads.status === 'rejected') throw earlyHeads.reason;
  const converged = convergence.value;
  const heads = earlyHeads.value ?? new Map<string, ManifestHead | undefined>();
  for (const change of converged) heads.delete(change.tag);
  applyChanges(report, converged);
  // A floating tag held back but still on this release (a run cancelled or failed before it converged
  // left it there): pointed at the highest version of its line, so a re-run repairs it.
  const repairs = repairableHeldBack(context, entries);
  if (repairs.length > 0) {
    throwIfCancelled(input.signal);
    applyChanges(
      report,
      await mapLimited(repairs, settings.concurrency, async (entry) => {
        const repaired = await reconcileFloatingTag(context, entry, existing);
        heads.delete(entry.tag);
        return repairOutcome(entry, repaired);
      }),
    );
  }
  // Cancelled while the last writes were in flight: they settled and were converged; nothing is verified.
  throwIfCancelled(input.signal);

  await verifyTags(context, guardedTags(context, entries), report, { confirmed, readBack, heads });
  report.verified = true;
  return report;
}

/**
 * What the repair of a held-back tag did: moved it (`repaired: …`), or wrote nothing because it already
 * points at the image the guard wants (the higher version has this release's image, or another name holds
 * it here): then it stays what the plan said, held back, and the report says nothing was written.
 */
function repairOutcome(
  entry: TagPlanEntry,
  result: TargetReport['tags'][number],
): TargetReport['tags'][number] {
  if (result.digest !== entry.previous)
    return { ...result, reason: `repaired: ${result.reason ?? 'held back'}` };
  return {
    ...result,
    action: 'skipped',
    reason: `${entry.reason ?? 'held back'}; nothing written, the tag already points at the image it should`,
  };
}

/**
 * `by-digest`: the content and the manifest under its digest, no tag (a matrix job's half of a merge).
 * A manifest already there means nothing to write; the digest is read back either way.
 */
async function publishByDigest(input: TargetPublishInput, report: TargetReport): Promise<TargetReport> {
  const { client, target, artifact, settings, log } = input;
  const { digest } = artifact.manifest;
  const present =
    readFrom(artifact, client.registry, target.repository) ||
    (await hasManifest(client, target.repository, digest));
  log.info(
    `${target.name}@${digest}: ${present ? 'already in the repository, nothing to write' : settings.dryRun ? 'would push by digest (no tag)' : 'pushing by digest (no tag)'}`,
  );
  if (present) {
    report.verified = !settings.dryRun;
    return report;
  }
  const blobs = collectBlobs(artifact);
  await verifyBlobs(blobs, settings.concurrency, { all: settings.dryRun });
  if (settings.dryRun) return report;
  const staged = input.stager
    ? input.stager.commit(new Set(blobs.map((b) => b.descriptor.digest)))
    : undefined;
  await pushContent({
    staged,
    signal: input.signal,
    onProgress: input.onProgress,
    client,
    repository: target.repository,
    artifact,
    concurrency: settings.concurrency,
    // Other platforms of the release may already have put shared layers here: each blob is checked.
    cold: false,
    log,
    report,
  });
  await putWithBlobRecovery(input, digest, artifact.manifest, report);
  await recordReferrer(client, target.repository, artifact.manifest, log);
  const head = await client.headManifest(target.repository, digest);
  if (head?.digest !== digest) {
    throw new PublishError(
      'VERIFY_FAILED',
      `Read-back of ${target.name}@${digest} gave ${head?.digest ?? 'no manifest'}`,
      { hint: 'The registry did not store the manifest; re-run (a re-run writes only what is missing).' },
    );
  }
  log.info(`verified ${target.name}@${digest}`);
  report.verified = true;
  return report;
}

/** The repository's tags, or undefined when the repository does not exist yet. */
export async function listTagsOrNone(
  client: RegistryClient,
  repository: string,
): Promise<string[] | undefined> {
  try {
    return await client.listTags(repository);
  } catch (err) {
    if (isPublishError(err, 'NAME_UNKNOWN')) return undefined;
    throw err;
  }
}

/**
 * What each listed tag of the plan points at, by one GET of its manifest (hashed, checked against the
 * registry's digest header): the same round trip a HEAD costs, and a tag found unchanged is then confirmed
 * by its content without a second read (a HEAD then a GET per tag before: docs/benchmarks.md, S2). The tags
 * read are added to `read`. Reads the caller started early (a prefetch) are not sent again.
 */
async function readCurrentDigests(
  manifests: TagManifests,
  tags: readonly string[],
  concurrency: number,
  read: Set<string>,
): Promise<Map<string, Digest>> {
  const current = new Map<string, Digest>();
  await mapLimited(tags, concurrency, async (tag) => {
    const served = await manifests.read(tag);
    if (served) current.set(tag, served.digest);
    read.add(tag);
  });
  return current;
}

/** The artifact was read from this very repository (a promotion in place): its content is there. */
function readFrom(artifact: Artifact, registry: string, repository: string): boolean {
  return artifact.location?.registry === registry && artifact.location.repository === repository;
}

async function hasManifest(client: RegistryClient, repository: string, digest: Digest): Promise<boolean> {
  return (await client.headManifest(repository, digest)) !== undefined;
}

/** Replaces each tag's row with its new one. */
function applyChanges(report: TargetReport, changes: readonly TargetReport['tags'][number][]): void {
  for (const change of changes) {
    report.tags = report.tags.map((t) => (t.tag === change.tag ? change : t));
  }
}

/** Changes some fields of one tag's row. */
function patchTag(report: TargetReport, tag: string, change: Partial<TargetReport['tags'][number]>): void {
  report.tags = report.tags.map((t) => (t.tag === tag ? { ...t, ...change } : t));
}

/**
 * After a failure or a cancellation between the first floating PUT and the converge step: converges the
 * floating tags whose PUT was started (a stale one is pointed at the higher version). Best effort: when the
 * registry is down this fails too, and the next run repairs the tags (repairableHeldBack).
 */
async function convergeAfterFailure(
  context: ConvergeContext,
  entries: readonly TagPlanEntry[],
  attempted: ReadonlySet<string>,
  report: TargetReport,
  wordRemedy: WordRemedy | undefined,
): Promise<void> {
  if (attempted.size === 0) return;
  try {
    applyChanges(
      report,
      await convergeFloatingTags(
        context,
        entries.filter((e) => attempted.has(e.tag)),
      ),
    );
  } catch (err) {
    context.log.warning(
      `could not converge the floating tags after the failure (${formatError(err, wordRemedy)}); the next run repairs them`,
    );
  }
}

/**
 * Full-version tag first (it also stores the manifest), then the others in parallel. Just before the
 * floating tags, the tag list is read again: a floating tag whose line got a higher version since the plan
 * is not written (the converge step points it at that version). That listing travels with the last version
 * tag's last request (its check after the PUT, or the PUT itself when it is not claimed) and is read once
 * more if its answer is older than its round trip when the floating PUTs go (TimedRead).
 */
async function writeTags(
  input: TargetPublishInput,
  context: ConvergeContext,
  writes: readonly TagPlanEntry[],
  report: TargetReport,
  attempted: Set<string>,
  readBack: Set<string>,
  preChecked?: AnsweredCheck,
): Promise<void> {
  const { artifact, settings, log } = input;
  const manifest: RawManifest = artifact.manifest;
  const repository = input.target.repository;
  const version = writes.filter((e) => e.kind === 'version');
  let rest = writes.filter((e) => e.kind !== 'version');
  const guarded = new Set(guardedTags(context, rest).map((e) => e.tag));
  const put = async (entry: TagPlanEntry): Promise<void> => {
    throwIfCancelled(input.signal);
    if (guarded.has(entry.tag)) attempted.add(entry.tag);
    let note: string | null = null;
    try {
      await putWithBlobRecovery(input, entry.tag, manifest, report);
    } catch (err) {
      // A PUT whose answer was lost (reset, timeout) may have been stored: the registry's word decides.
      if (input.signal?.aborted || !(await holdsDigest(input, entry.tag, manifest.digest))) {
        patchTag(report, entry.tag, { action: 'failed', reason: formatError(err, input.wordRemedy) });
        throw err;
      }
      note = `stored, although the answer to its PUT was lost (${formatError(err, input.wordRemedy)})`;
      log.info(`${entry.tag}: ${note}`);
    }
    patchTag(report, entry.tag, { action: entry.action, digest: manifest.digest, reason: note });
    log.info(`${entry.tag}: digest: ${manifest.digest} size: ${manifest.bytes.byteLength}`);
  };
  const ours = context.derivation.version;
  const relist = guarded.size > 0 && ours !== undefined;
  // A referrer is recorded (a write) only for a version tag the check confirmed, and before the listing.
  const listEarly = relist && !namesSubject(manifest);
  let listing: TimedRead<string[]> | undefined;
  const startListing = (): TimedRead<string[]> =>
    (listing ??= new TimedRead(() => input.client.listTags(repository)));
  // Same-version race: a registry has no compare-and-swap, so a new version tag is read just before and
  // just after its PUT; a job that finds another image there lost and writes no further tag. Resolves once
  // the PUT is done, with the check after it still running (`after`): the caller overlaps it. `alongside`
  // starts the floating tags' listing with the tag's last request.
  const claim = async (
    entry: TagPlanEntry,
    alongside: (() => void) | undefined,
  ): Promise<{ after: Promise<void> }> => {
    const guard = claimGuarded(entry, settings);
    const check = (): Promise<void> => checkClaim(input, report, entry.tag);
    if (guard) {
      // The check before the PUT may have been sent ahead (with the upload's last answers, or with the
      // tag list); an answer older than its round trip is read again.
      const early = entry === version[0] ? preChecked : undefined;
      if (early) await early.settled();
      await (early?.fresh() ? early.answer : check());
    }
    if (!guard) {
      const putting = put(entry);
      if (!input.signal?.aborted) alongside?.();
      await putting;
      return { after: Promise.resolve() };
    }
    await put(entry);
    // The check after the PUT is also the tag's read-back: verifyTags does not read it again.
    const after = check().then(() => void readBack.add(entry.tag));
    after.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    alongside?.();
    return { after };
  };
  let lastCheck: Promise<void> = Promise.resolve();
  for (const [i, entry] of version.entries()) {
    const last = i === version.length - 1;
    const { after } = await claim(entry, last && listEarly ? startListing : undefined);
    if (!last) await after;
    else lastCheck = after;
  }
  // The last version tag's check after its PUT runs with the re-listing below: one round trip instead of
  // two (docs/benchmarks.md, S3), and no floating tag is written before both answered.
  if (!listEarly) await lastCheck;
  if (version.length > 0) await recordReferrer(input.client, repository, manifest, log);
  if (relist) {
    throwIfCancelled(input.signal);
    const listed = startListing();
    const [tags, checked] = await Promise.allSettled([listed.answer, lastCheck]);
    // A lost same-version race is the error to report, even when the listing failed too.
    if (checked.status === 'rejected') throw checked.reason;
    if (tags.status === 'rejected') throw tags.reason;
    let fresh = tags.value;
    // The version tag's PUT or check took longer than the listing (a retry, a slow write): read again.
    if (!listed.fresh()) {
      throwIfCancelled(input.signal);
      fresh = await input.client.listTags(repository);
    }
    rest = rest.filter((entry) => {
      const higher = guarded.has(entry.tag) && highestOwner(entry.tag, ours, settings, fresh);
      if (higher) log.info(`${entry.tag}: not written, ${higher.tag} was published meanwhile`);
      return !higher;
    });
  }
  // Every other tag is tried even when one is refused (mapLimited settles all before rejecting).
  await mapLimited(rest, settings.concurrency, put);
  if (version.length === 0) await recordReferrer(input.client, repository, manifest, log);
}

/** A read standing for a check sent just before a write: its outcome, and whether it is still recent. */
interface AnsweredCheck {
  readonly answer: Promise<void>;
  fresh(): boolean;
  settled(): Promise<void>;
}

/** A new version tag is claimed (read just before and just after its PUT) unless overwriting is allowed. */
function claimGuarded(entry: TagPlanEntry, settings: PublishSettings): boolean {
  return entry.kind === 'version' && entry.action === 'created' && !settings.overwrite;
}

/** Fails when the tag points at another image than ours (a job that published the same version). */
async function checkClaim(input: TargetPublishInput, report: TargetReport, tag: string): Promise<void> {
  const head = await input.client.headManifest(input.target.repository, tag);
  judgeClaim(input, report, tag, head?.digest);
}

/** The claim check's verdict on what the tag points at now (undefined: no such tag yet). */
function judgeClaim(
  input: TargetPublishInput,
  report: TargetReport,
  tag: string,
  held: Digest | undefined,
): void {
  const { manifest } = input.artifact;
  if (!held || held === manifest.digest) return;
  patchTag(report, tag, {
    action: 'failed',
    digest: held,
    reason: 'published by another job meanwhile',
  });
  throw new PublishError(
    'TAG_EXISTS',
    `Tag ${input.target.name}:${tag} was published by another job during this run and points at ${held}, not at this image (${manifest.digest})`,
    {
      hint: remedyHint`This run wrote no other tag. Version tags are immutable: bump the version, or use ${OVERWRITE}.`,
    },
  );
}

/** Whether the tag points at `digest` now (false when it cannot be read either). */
async function holdsDigest(input: TargetPublishInput, tag: string, digest: Digest): Promise<boolean> {
  try {
    return (await input.client.headManifest(input.target.repository, tag))?.digest === digest;
  } catch {
    return false;
  }
}

/**
 * docs/registry-quirks.md#q22-blob-lost-after-head: a manifest PUT refused for a blob the registry lost after
 * our HEAD: re-upload, retry once.
 */
async function putWithBlobRecovery(
  input: TargetPublishInput,
  tag: string,
  manifest: RawManifest,
  report: TargetReport,
): Promise<void> {
  const { client, target, artifact, settings, log } = input;
  try {
    await client.putManifest(target.repository, tag, manifest);
  } catch (err) {
    if (!hasDiagnostic(err, ['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN'])) throw err;
    log.warning(`${target.name}:${tag}: the registry reports a missing blob; uploading the blobs again`);
    await pushContent({
      client,
      repository: target.repository,
      artifact,
      concurrency: settings.concurrency,
      cold: true,
      force: true,
      log,
      report,
    });
    await client.putManifest(target.repository, tag, manifest);
  }
}

function hasDiagnostic(err: unknown, codes: readonly string[]): boolean {
  const diagnostics = (err as { diagnostics?: readonly { code?: unknown }[] } | undefined)?.diagnostics;
  return (
    Array.isArray(diagnostics) &&
    diagnostics.some((d) => typeof d.code === 'string' && codes.includes(d.code))
  );
}

/**
 * Reads back every tag the run wrote and requires the expected digest. A floating tag that a parallel job
 * moved meanwhile is reconciled (pointed at the highest version of its line) and read back again.
 */
async function verifyTags(
  context: ConvergeContext,
  guarded: readonly TagPlanEntry[],
  report: TargetReport,
  reads: {
    /** Tags whose "unchanged" was confirmed by their content. */
    readonly confirmed: Set<string>;
    /** Tags read back after their write already. */
    readonly readBack: ReadonlySet<string>;
    /** Answers of reads made after every write of the tag (readHeads), used instead of a new read. */
    readonly heads: ReadonlyMap<string, ManifestHead | undefined>;
  },
): Promise<void> {
  const { client, repository, settings, log } = context;
  const written = report.tags.filter((t) => t.action === 'created' || t.action === 'updated');
  const toCheck = written.filter((t) => !reads.readBack.has(t.tag));
  await mapLimited(toCheck, settings.concurrency, async (t) => {
    let expected = t.digest;
    let head = reads.heads.has(t.tag) ? reads.heads.get(t.tag) : await client.headManifest(repository, t.tag);
    const floating = guarded.find((g) => g.tag === t.tag);
    for (let attempt = 0; floating && head?.digest !== expected && attempt < 3; attempt++) {
      const reconciled = await reconcileFloatingTag(context, floating);
      applyChanges(report, [reconciled]);
      expected = reconciled.digest;
      head = await client.headManifest(repository, t.tag);
    }
    if (!head || head.digest !== expected) {
      patchTag(report, t.tag, {
        action: 'failed',
        digest: head?.digest ?? null,
        reason: `read back ${head?.digest ?? 'no manifest'}, expected ${expected ?? 'none'}`,
      });
      throw new PublishError(
        'VERIFY_FAILED',
        `Read-back of ${report.target}:${t.tag} gave ${head?.digest ?? 'no manifest'}, expected ${expected ?? 'none'}`,
        {
          hint: 'Another job changed the tag during this run, or the registry did not store it; re-run to converge.',
        },
      );
    }
  });
  if (written.length > 0) log.info(`verified ${written.length} tag(s) on ${report.target}`);
  await confirmUnchanged(context, report, report.tags, reads.confirmed);
}

/** The tags written and not yet read back. */
function tagsToReadBack(report: TargetReport, readBack: ReadonlySet<string>): string[] {
  return report.tags
    .filter((t) => (t.action === 'created' || t.action === 'updated') && !readBack.has(t.tag))
    .map((t) => t.tag);
}

/** One HEAD per tag, in parallel (at most `concurrency` at once). */
async function readHeads(
  context: ConvergeContext,
  tags: readonly string[],
  concurrency: number,
): Promise<Map<string, ManifestHead | undefined>> {
  const heads = new Map<string, ManifestHead | undefined>();
  await mapLimited(tags, concurrency, async (tag) => {
    heads.set(tag, await context.client.headManifest(context.repository, tag));
  });
  return heads;
}

/**
 * A tag found "unchanged" was judged by a HEAD alone: the manifest it serves is read and hashed, so a
 * registry (or proxy) whose HEAD lies cannot make a run report "unchanged … verified" (nor write floating
 * tags next to a version tag that holds another image).
 */
async function confirmUnchanged(
  context: ConvergeContext,
  report: TargetReport,
  tags: readonly TargetReport['tags'][number][],
  confirmed: Set<string>,
): Promise<void> {
  const { client, repository, settings } = context;
  const unchanged = tags.filter(
    (t) => t.action === 'unchanged' && t.digest !== null && !confirmed.has(t.tag),
  );
  await mapLimited(unchanged, settings.concurrency, async (t) => {
    const served = await client.getManifest(repository, t.tag);
    if (served.digest === t.digest) {
      confirmed.add(t.tag);
      return;
    }
    patchTag(report, t.tag, {
      action: 'failed',
      digest: served.digest,
      reason: `serves ${served.digest}, HEAD said ${t.digest ?? 'none'}`,
    });
    throw new PublishError(
      'VERIFY_FAILED',
      `${report.target}:${t.tag} looked unchanged (its HEAD said ${t.digest ?? 'none'}), but the manifest it serves hashes to ${served.digest}`,
      {
        hint: 'The registry or a proxy in front of it answers HEAD wrongly; report it to the registry operator.',
      },
    );
  });
}

function toTagReport(entry: TagPlanEntry): TargetReport['tags'][number] {
  return {
    tag: entry.tag,
    action: entry.action,
    previous: entry.previous ?? null,
    digest: entry.next ?? null,
    reason: entry.reason ?? null,
  };
}

function listPlatforms(artifact: Artifact, platform?: Platform): TargetReport['platforms'] {
  if (artifact.kind === 'image') {
    return [
      {
        platform: formatPlatform(artifact.descriptor.platform ?? platform),
        digest: artifact.manifest.digest,
      },
    ];
  }
  return artifact.children.flatMap((child) =>
    child.kind === 'image'
      ? [{ platform: formatPlatform(child.descriptor.platform), digest: child.manifest.digest }]
      : listPlatforms(child),
  );
}
