import {
  PublishError,
  quoteValue,
  remedyHint,
  settingExample,
  settingSubject,
  type SettingName,
} from '../errors.js';
import { formatLine, type Version } from './version.js';

/** When `latest` (or a variant's plain name) is added: `auto` when the floating guard allows it. */
export type LatestPolicy = 'auto' | 'true' | 'false';
/** `highest`: floating tags only move to the highest version of their line; `always`: no guard. */
export type FloatingPolicy = 'highest' | 'always';

/**
 * Which existing versions hold a variant's floating tags back: `variant`, only that variant's; `image`, those
 * of every variant (redis: 8.2.9-bookworm gets no 8-bookworm while 8.10.1 exists under any name).
 */
export type FloatingScope = 'variant' | 'image';

/** Which floating version tags exist, by number of numeric parts (`[2]`: only `1.15`); undefined: all. */
export type FloatingLevels = readonly number[] | undefined;

/**
 * Reads floating levels: blank or `all` → every level; `none` → the full version only; otherwise numbers of
 * parts (`2`, `1,2`). Throws INPUT_INVALID naming the input.
 */
export function parseFloatingLevels(value: string | readonly string[] | undefined): FloatingLevels {
  const items = (typeof value === 'string' ? [value] : (value ?? []))
    .flatMap((v) => v.split(/[\s,]+/))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 0 || (items.length === 1 && items[0] === 'all')) return undefined;
  if (items.length === 1 && items[0] === 'none') return [];
  const bad = items.find((item) => !/^[1-9]\d?$/.test(item));
  if (bad !== undefined) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('floating-levels')} must be all, none or numbers of parts such as 2 or 1,2; got ${quoteValue(bad)}`,
      { hint: 'Use 2 for 1.15 only, 1 for the major only, none for the full version only (default all).' },
    );
  }
  return [...new Set(items.map(Number))];
}

/**
 * Refuses a level the version cannot have: a floating tag has fewer numeric parts than the version, so
 * `7` for 1.15.12 could never mean a tag (silently giving nothing would hide the mistake). A level equal to
 * the number of parts is the full version itself (`2` for 18.6), which a release always gets: accepted, so
 * one setting serves versions of two and three parts. Throws INPUT_INVALID naming the input.
 */
export function checkFloatingLevels(levels: FloatingLevels, version: Version): void {
  const parts = version.parts.length;
  const deeper = levels?.find((level) => level > parts);
  if (deeper === undefined) return;
  const lines: string[] = [];
  for (let depth = parts - 1; depth >= 1; depth--) lines.push(`${depth} (${formatLine(version, depth)})`);
  const shown = version.normalized;
  throw new PublishError(
    'INPUT_INVALID',
    remedyHint`${settingSubject('floating-levels')} has ${deeper}, more numeric parts than ${shown} has (${parts})`,
    {
      hint:
        lines.length > 0
          ? remedyHint`Use ${settingExample('floating-levels', lines.join(', '))} or none (the full version only).`
          : remedyHint`Use ${settingExample('floating-levels', 'none')}: ${shown} has no shorter version tag.`,
    },
  );
}

const LATEST_POLICIES: readonly LatestPolicy[] = ['auto', 'true', 'false'];
const FLOATING_POLICIES: readonly FloatingPolicy[] = ['highest', 'always'];
const FLOATING_SCOPES: readonly FloatingScope[] = ['variant', 'image'];

/** Reads a `latest` policy (case-insensitive; empty → `auto`) or throws INPUT_INVALID naming the input. */
export function parseLatestPolicy(value: string | undefined): LatestPolicy {
  return parseChoice(value, LATEST_POLICIES, 'latest');
}

/** Reads a `floating` policy (case-insensitive; empty → `highest`) or throws INPUT_INVALID naming the input. */
export function parseFloatingPolicy(value: string | undefined): FloatingPolicy {
  return parseChoice(value, FLOATING_POLICIES, 'floating');
}

/** Reads a floating scope (case-insensitive; empty → `variant`) or throws INPUT_INVALID naming the input. */
export function parseFloatingScope(value: string | undefined): FloatingScope {
  return parseChoice(value, FLOATING_SCOPES, 'floating-scope');
}

function parseChoice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  inputName: SettingName,
): T {
  const [fallback] = choices;
  const wanted = value?.trim().toLowerCase() ?? '';
  if (wanted === '' && fallback !== undefined) return fallback;
  const found = choices.find((c) => c === wanted);
  if (found !== undefined) return found;
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}`;
  throw new PublishError(
    'INPUT_INVALID',
    remedyHint`${settingSubject(inputName)} must be ${listed}; got ${quoteValue(value ?? '')}`,
    {
      hint: `Use one of ${listed} (default ${fallback ?? ''}).`,
    },
  );
}
