import { formatReference } from '../domain/reference.js';
import { tagsAtDigest, type PublishReport } from '../publish/report.js';

/** The action's outputs, computed from the report. */
export interface ActionOutputs {
  readonly digest: string;
  readonly image: string;
  readonly tags: string;
  readonly refs: string;
  readonly json: string;
}

export function buildOutputs(report: PublishReport): ActionOutputs {
  const first = report.targets[0];
  const digest = report.digest ?? '';
  const tagNames: string[] = [];
  const refs: string[] = [];
  for (const target of report.targets) {
    if (target.error !== null || report.dryRun) continue;
    for (const tag of tagsAtDigest(target)) {
      if (!tagNames.includes(tag)) tagNames.push(tag);
      refs.push(formatReference({ registry: target.registry, repository: target.repository, tag }));
    }
  }
  return {
    digest,
    image:
      first && digest
        ? formatReference({ registry: first.registry, repository: first.repository, digest })
        : '',
    tags: tagNames.join('\n'),
    refs: refs.join('\n'),
    json: JSON.stringify(report),
  };
}
