import type { Digest } from '../domain/digest.js';
import type { TagAction } from '../domain/plan.js';

export type BlobOutcome = 'uploaded' | 'present' | 'mounted';

export interface BlobTally {
  count: number;
  bytes: number;
}

/**
 * What happened to one tag: the planned action once it was done, `failed` (the registry refused or the
 * exchange broke; `reason` holds its answer) or `not attempted` (an earlier step of its target failed).
 * In a dry run the actions are the plan.
 */
export type TagOutcome = TagAction | 'failed' | 'not attempted';

export interface TagReport {
  readonly tag: string;
  readonly action: TagOutcome;
  readonly previous: Digest | null;
  /** The digest the tag points at after the run. */
  readonly digest: Digest | null;
  readonly reason: string | null;
}

export interface PlatformReport {
  readonly platform: string;
  readonly digest: Digest;
}

/** A signature, SBOM or attestation of the source image brought along to the target. */
export interface ReferrerReport {
  /** The image (or platform manifest) it refers to. */
  readonly subject: Digest;
  readonly digest: Digest;
  /** Cosign's tag schema (`sha256-<hex>.sig`); null for an OCI referrer (found by its `subject`). */
  readonly tag: string | null;
  readonly artifactType: string | null;
  readonly action: 'copied' | 'present' | 'would copy';
}

export interface TargetReport {
  readonly target: string;
  readonly registry: string;
  readonly repository: string;
  digest: Digest | null;
  tags: TagReport[];
  blobs: Record<BlobOutcome, BlobTally>;
  platforms: PlatformReport[];
  referrers: ReferrerReport[];
  verified: boolean;
  error: { code: string; message: string } | null;
}

export interface PublishReport {
  readonly source: string;
  readonly version: string | null;
  readonly dryRun: boolean;
  digest: Digest | null;
  targets: TargetReport[];
}

export function emptyTargetReport(target: {
  name: string;
  registry: string;
  repository: string;
}): TargetReport {
  return {
    target: target.name,
    registry: target.registry,
    repository: target.repository,
    digest: null,
    tags: [],
    blobs: {
      uploaded: { count: 0, bytes: 0 },
      present: { count: 0, bytes: 0 },
      mounted: { count: 0, bytes: 0 },
    },
    platforms: [],
    referrers: [],
    verified: false,
    error: null,
  };
}

/** Tags that point at the published digest after the run, in plan order. */
export function tagsAtDigest(report: TargetReport): string[] {
  return report.tags
    .filter(
      (t) =>
        report.digest !== null &&
        t.digest === report.digest &&
        (t.action === 'created' || t.action === 'updated' || t.action === 'unchanged'),
    )
    .map((t) => t.tag);
}

/** Human size like Docker's: 12.3 MB, 512 B. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 'B';
  for (const u of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = u;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
}
