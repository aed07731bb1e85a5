import { PublishError } from '../errors.js';
import { describeInput, exampleSetting, quoteValue } from './input-label.js';
import { assertValidTag } from './tag-grammar.js';
import { tryParseVersion, type Version } from './version.js';

/**
 * How messages name the inputs: action inputs by default (`version`, `tags`), flags for the CLI
 * (`--version`, `--tag`).
 */
export interface TagInputNames {
  readonly version?: string;
  readonly variant?: string;
  readonly aliases?: string;
  readonly tags?: string;
  readonly latest?: string;
  readonly floating?: string;
  readonly bare?: string;
  readonly floatingLevels?: string;
  readonly prefix?: string;
}

export type InputNames = Required<TagInputNames>;

export const ACTION_INPUT_NAMES: InputNames = {
  version: 'version',
  variant: 'variant',
  aliases: 'aliases',
  tags: 'tags',
  latest: 'latest',
  floating: 'floating',
  bare: 'bare',
  floatingLevels: 'floating-levels',
  prefix: 'prefix',
};

/**
 * Reads the version prefixes (`v`): blanks and duplicates dropped; each must be able to start a tag and
 * must not end in a digit (it would run into the version). Throws TAG_INVALID or INPUT_INVALID.
 */
export function readPrefixes(values: readonly string[] | undefined, names: InputNames): string[] {
  const prefixes: string[] = [];
  for (const prefix of readTagList(values, names.prefix)) {
    if (/\d$/.test(prefix)) {
      throw new PublishError(
        'INPUT_INVALID',
        `${describeInput(names.prefix)} has ${quoteValue(prefix)}, which ends in a digit and would run into the version`,
        { hint: `Use a prefix such as v or release-; ${exampleSetting(names.prefix, 'v')} gives v1.2.3.` },
      );
    }
    if (!prefixes.includes(prefix)) prefixes.push(prefix);
  }
  return prefixes;
}

/**
 * Reads the variant names: blanks dropped, duplicates kept once, each checked by {@link readVariant}.
 * Throws TAG_INVALID or INPUT_INVALID naming the input.
 */
export function readVariants(values: string | readonly string[] | undefined, names: InputNames): string[] {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  const variants: string[] = [];
  for (const value of list) {
    const variant = readVariant(value, names);
    if (variant !== undefined && !variants.includes(variant)) variants.push(variant);
  }
  return variants;
}

/**
 * The names a release is tagged under: each variant, after the plain (unsuffixed) set when there are no
 * variants or `bare` asks for it as well. `undefined` stands for the plain set.
 */
export function listTagNames(variants: readonly string[], bare: boolean): (string | undefined)[] {
  if (variants.length === 0) return [undefined];
  return bare ? [undefined, ...variants] : [...variants];
}

/**
 * Reads the variant: blank → none; otherwise a valid tag that neither starts with `-`, nor is `latest`, nor
 * reads as a version (its plain tag stands for latest). Throws TAG_INVALID or INPUT_INVALID.
 */
export function readVariant(value: string | undefined, names: InputNames): string | undefined {
  const variant = value?.trim();
  if (!variant) return undefined;
  const subject = `${describeInput(names.variant)} is ${quoteValue(variant)}`;
  if (variant.startsWith('-')) {
    throw new PublishError('INPUT_INVALID', `${subject}, which starts with "-"`, {
      hint: `Write the variant without the dash: ${exampleSetting(names.variant, variant.replace(/^-+/, '') || 'alpine')}; "-" is added to every tag.`,
    });
  }
  assertValidTag(variant, names.variant);
  if (variant === 'latest' || tryParseVersion(variant)) {
    throw new PublishError(
      'INPUT_INVALID',
      `${subject}, which cannot be a variant: its plain tag would read as ${variant === 'latest' ? 'latest' : 'a version'}`,
      {
        hint: `A variant is a name such as alpine, bookworm or alpine3.20; ${variant === 'latest' ? 'leave it empty for the default image' : `put the version in ${names.version}`}.`,
      },
    );
  }
  return variant;
}

/** Trims a list input, drops blank items and checks each against the tag grammar. */
export function readTagList(values: readonly string[] | undefined, inputName: string): string[] {
  return (values ?? [])
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => assertValidTag(value, inputName));
}

/** Refuses the alias `latest` (that is the latest policy) and aliases that already carry the variant. */
export function checkAlias(alias: string, variant: string | undefined, names: InputNames): string {
  if (alias === 'latest') {
    throw new PublishError(
      'INPUT_INVALID',
      `${describeInput(names.aliases)} has "latest", which is not a channel alias`,
      {
        hint: `latest follows ${names.latest} (auto, true or false); use ${exampleSetting(names.latest, 'true')} to force it.`,
      },
    );
  }
  if (variant && alias.endsWith(`-${variant}`)) {
    throw new PublishError(
      'INPUT_INVALID',
      `${describeInput(names.aliases)} has ${quoteValue(alias)}, which already ends with the variant "-${variant}"`,
      {
        hint: `Write the alias without the variant (${alias.slice(0, -variant.length - 1)}); the variant suffix is added to every alias.`,
      },
    );
  }
  return alias;
}

/** Refuses `version: 1.15.12-alpine` with `variant: alpine`, which would give `1.15.12-alpine-alpine`. */
export function checkVersionSuffix(version: Version, variant: string | undefined, names: InputNames): void {
  const pre = version.prerelease;
  if (!variant || pre === undefined || (pre !== variant && !pre.endsWith(`-${variant}`))) return;
  const bare = version.normalized.slice(0, -variant.length - 1);
  throw new PublishError(
    'INPUT_INVALID',
    `${describeInput(names.version)} is ${quoteValue(version.normalized)}, which already ends with the variant "-${variant}"`,
    {
      hint: `Set ${exampleSetting(names.version, bare)}; the variant suffix is added to every tag.`,
    },
  );
}
