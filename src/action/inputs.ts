import { expandTagTemplates, type TagContext } from '../domain/tag-placeholders.js';
import type { SettingName } from '../errors.js';
import { parseSettings, splitList, type PublishSettings } from '../publish/settings.js';
import { readTagContext } from '../publish/tag-context.js';

/** The inputs port: how the action reads `with:` values (core.getInput in production). */
export interface InputReader {
  /** The trimmed value, '' when unset. */
  get(name: SettingName): string;
}

/**
 * Reads and validates every action input; errors name the input and the fix. Placeholders in `tags`
 * (`sha-{{sha}}`) expand from `tagContext` (the runner's GITHUB_* variables).
 */
export function readActionSettings(
  inputs: InputReader,
  tagContext: TagContext = readTagContext({}),
): PublishSettings {
  const get = (name: SettingName): string | undefined => inputs.get(name) || undefined;
  return parseSettings({
    registry: get('registry'),
    namespace: get('namespace'),
    image: get('image'),
    targets: splitLines(inputs.get('targets')),
    source: get('source'),
    sources: splitLines(inputs.get('sources')),
    annotations: splitLines(inputs.get('annotations')),
    base: splitList(inputs.get('base')),
    version: get('version'),
    variant: splitList(inputs.get('variant')),
    bare: get('bare'),
    'floating-levels': get('floating-levels'),
    prefix: splitList(inputs.get('prefix')),
    'alias-variant': splitList(inputs.get('alias-variant')),
    'prerelease-alias': get('prerelease-alias'),
    'floating-scope': get('floating-scope'),
    aliases: splitList(inputs.get('aliases')),
    tags: expandTagTemplates(splitList(inputs.get('tags')), tagContext, 'tags'),
    latest: get('latest'),
    floating: get('floating'),
    username: get('username'),
    password: get('password'),
    overwrite: get('overwrite'),
    'dry-run': get('dry-run'),
    'by-digest': get('by-digest'),
    referrers: get('referrers'),
    insecure: get('insecure'),
    'ca-file': get('ca-file'),
    'cert-dir': get('cert-dir'),
    'client-cert': get('client-cert'),
    'client-key': get('client-key'),
    concurrency: get('concurrency'),
    timeout: get('timeout'),
  });
}

function splitLines(value: string): string[] {
  return value
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
