import { formatReference } from '../domain/reference.js';
import { tagsAtDigest, type PublishReport } from '../publish/report.js';

/** The action's outputs, computed from the report. */
export interface ActionOutputs {
  readonly digest: string;
  readonly platform: string;
  readonly image: string;
  readonly tags: string;
  readonly refs: string;
  readonly json: string;
}

export function buildOutputs(report: PublishReport): ActionOutputs {
  // `image` names the first target that holds the image under at least one verified tag, else nothing.
  const first = report.dryRun ? undefined : report.targets.find((t) => tagsAtDigest(t).length > 0);
  const digest = report.digest ?? '';
  const tagNames: string[] = [];
  const refs: string[] = [];
  for (const target of report.targets) {
    // A partially published target counts too: its tags that point at the digest are listed.
    if (report.dryRun) continue;
    for (const tag of tagsAtDigest(target)) {
      if (!tagNames.includes(tag)) tagNames.push(tag);
      refs.push(formatReference({ registry: target.registry, repository: target.repository, tag }));
    }
  }
  // The platforms of the image (one for a single-platform image), buildx attestation entries left out.
  const platforms = (report.targets[0]?.platforms ?? [])
    .map((p) => p.platform)
    .filter((p) => p !== 'unknown' && p !== 'unknown/unknown');
  return {
    digest,
    platform: [...new Set(platforms)].join(','),
    image:
      first && digest
        ? formatReference({ registry: first.registry, repository: first.repository, digest })
        : '',
    tags: tagNames.join('\n'),
    refs: refs.join('\n'),
    json: JSON.stringify(report),
  };
}
