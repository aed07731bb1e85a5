/**
 * Supply-chain artifacts follow the image: when the source is a registry image, its referrers (OCI
 * artifacts whose `subject` is the image, found by the referrers API or the referrers tag schema) and
 * cosign's `sha256-<hex>.sig`, `.att`, `.sbom` tags are copied to the target with their blobs.
 */
import type { Digest } from '../domain/digest.js';
import type { Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';
import type { Artifact, BlobLocation, ImageSource } from '../source/image-source.js';
import { pushContent } from './content-pusher.js';
import { listReferrers, recordReferrer, referrersTag } from './referrers.js';
import type { ReferrerReport, TargetReport } from './report.js';

const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'] as const;

export interface CarryInput {
  readonly client: RegistryClient;
  readonly repository: string;
  readonly artifact: Artifact;
  /** The client of a source registry (by API host). */
  readonly sourceClient: (apiHost: string) => RegistryClient | undefined;
  /** Opens `docker://REF` as a source (the referrer's manifest and blobs). */
  readonly openRemote: (reference: string) => ImageSource;
  readonly concurrency: number;
  readonly dryRun: boolean;
  readonly log: Logger;
  readonly report: TargetReport;
}

export async function carryReferrers(input: CarryInput): Promise<void> {
  const { client, repository, log, report } = input;
  for (const { subject, location } of registrySubjects(input.artifact)) {
    // Read from this very repository (a promotion in place): its referrers are here already.
    if (location.registry === client.registry && location.repository === repository) continue;
    const source = input.sourceClient(location.registry);
    if (!source) continue;
    const found: { digest: Digest; tag: string | null; artifactType: string | null }[] = (
      await listReferrers(source, location.repository, subject)
    ).map((d) => ({ digest: d.digest, tag: null, artifactType: d.artifactType ?? null }));
    for (const suffix of COSIGN_SUFFIXES) {
      const tag = `${referrersTag(subject)}.${suffix}`;
      const head = await source.headManifest(location.repository, tag);
      if (head) found.push({ digest: head.digest, tag, artifactType: null });
    }
    for (const item of found) {
      const entry: ReferrerReport = { subject, ...item, action: 'would copy' };
      const there = await client.headManifest(repository, item.tag ?? item.digest);
      if (there?.digest === item.digest) {
        report.referrers.push({ ...entry, action: 'present' });
        continue;
      }
      if (input.dryRun) {
        report.referrers.push(entry);
        log.info(`would copy ${describe(entry)}`);
        continue;
      }
      const opened = input.openRemote(`${location.registry}/${location.repository}@${item.digest}`);
      try {
        const artifact = await opened.load();
        await pushContent({
          client,
          repository,
          artifact,
          concurrency: input.concurrency,
          cold: false,
          log,
          report,
        });
        await client.putManifest(repository, item.tag ?? item.digest, artifact.manifest);
        if (!item.tag) await recordReferrer(client, repository, artifact.manifest, log);
      } finally {
        await opened.close();
      }
      report.referrers.push({ ...entry, action: 'copied' });
      log.info(`copied ${describe(entry)}`);
    }
  }
}

/** Every manifest of the artifact that was read from a registry: the image, or an index and its children. */
function registrySubjects(artifact: Artifact): { subject: Digest; location: BlobLocation }[] {
  const own = artifact.location ? [{ subject: artifact.manifest.digest, location: artifact.location }] : [];
  return artifact.kind === 'index' ? [...own, ...artifact.children.flatMap(registrySubjects)] : own;
}

function describe(entry: ReferrerReport): string {
  const what = entry.tag
    ? `tag ${entry.tag}`
    : `referrer ${entry.digest}${entry.artifactType ? ` (${entry.artifactType})` : ''}`;
  return `${what} of ${entry.subject}`;
}
