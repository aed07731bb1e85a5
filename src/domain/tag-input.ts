import {
  PublishError,
  quoteValue,
  remedyHint,
  settingExample,
  settingName,
  settingSubject,
  type SettingName,
} from '../errors.js';
import { assertValidTag } from './tag-grammar.js';
import { tryParseVersion, type Version } from './version.js';

/**
 * Reads the version prefixes (`v`): blanks and duplicates dropped; each must be able to start a tag and
 * must not end in a digit (it would run into the version). Throws TAG_INVALID or INPUT_INVALID.
 */
export function readPrefixes(values: readonly string[] | undefined): string[] {
  const prefixes: string[] = [];
  for (const prefix of readTagList(values, 'prefix')) {
    if (/\d$/.test(prefix)) {
      throw new PublishError(
        'INPUT_INVALID',
        remedyHint`${settingSubject('prefix')} has ${quoteValue(prefix)}, which ends in a digit and would run into the version`,
        {
          hint: remedyHint`Use a prefix such as v or release-; ${settingExample('prefix', 'v')} gives v1.2.3.`,
        },
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
export function readVariants(
  values: string | readonly string[] | undefined,
  inputName: SettingName = 'variant',
): string[] {
  const list = typeof values === 'string' ? [values] : (values ?? []);
  const variants: string[] = [];
  for (const value of list) {
    const variant = readVariant(value, inputName);
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
 * The names that get only floating tags: the plain set first when `bare` is `alias` (with variants; without
 * any, the plain set is the full one), then the alias variants. `undefined` stands for the plain set.
 */
export function listAliasNames(
  variants: readonly string[],
  aliasVariants: readonly string[],
  bare: boolean | 'alias' | undefined,
): (string | undefined)[] {
  return bare === 'alias' && variants.length > 0 ? [undefined, ...aliasVariants] : [...aliasVariants];
}

/**
 * Refuses `bare` without a variant: the unsuffixed set is then the only set, so `bare` could not add
 * anything, and silently accepting it would hide a missing or misspelt variant. Throws INPUT_INVALID.
 */
export function checkBare(bare: boolean | 'alias' | undefined, variants: readonly string[]): void {
  if (bare === undefined || bare === false || variants.length > 0) return;
  const given = settingExample('bare', bare === 'alias' ? 'alias' : 'true');
  throw new PublishError(
    'INPUT_INVALID',
    remedyHint`${given} needs ${settingName('variant')}: without a variant the unsuffixed tags are the only ones`,
    {
      hint: remedyHint`Add ${settingExample('variant', 'alpine')} (each name gets its own set), or drop ${given}.`,
    },
  );
}

/**
 * Reads the variant: blank → none; otherwise a valid tag that neither starts with `-`, nor is `latest`, nor
 * reads as a version (its plain tag stands for latest). Throws TAG_INVALID or INPUT_INVALID.
 */
export function readVariant(
  value: string | undefined,
  inputName: SettingName = 'variant',
): string | undefined {
  const variant = value?.trim();
  if (!variant) return undefined;
  const subject = settingSubject(inputName);
  const shown = quoteValue(variant);
  if (variant.startsWith('-')) {
    throw new PublishError('INPUT_INVALID', remedyHint`${subject} is ${shown}, which starts with "-"`, {
      hint: remedyHint`Write the variant without the dash: ${settingExample(inputName, variant.replace(/^-+/, '') || 'alpine')}; "-" is added to every tag.`,
    });
  }
  assertValidTag(variant, inputName);
  if (variant === 'latest' || tryParseVersion(variant)) {
    const readsAs = variant === 'latest' ? 'latest' : 'a version';
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${subject} is ${shown}, which cannot be a variant: its plain tag would read as ${readsAs}`,
      {
        hint: remedyHint`A variant is a name such as alpine, bookworm or alpine3.20; ${
          variant === 'latest'
            ? 'leave it empty for the default image'
            : remedyHint`put the version in ${settingName('version')}`
        }.`,
      },
    );
  }
  return variant;
}

/**
 * Reads the alias variants (names that get only the floating tags and their plain name): checked like
 * variants, and none may also be a variant (it would get the full set anyway). Throws INPUT_INVALID.
 */
export function readAliasVariants(
  values: string | readonly string[] | undefined,
  variants: readonly string[],
): string[] {
  const aliasVariants = readVariants(values, 'alias-variant');
  const both = aliasVariants.find((name) => variants.includes(name));
  if (both !== undefined) {
    const [variant, aliasVariant] = [settingName('variant'), settingName('alias-variant')];
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('alias-variant')} has ${quoteValue(both)}, which is also in ${variant}`,
      {
        hint: remedyHint`Keep ${quoteValue(both)} in one of them: ${variant} for the full set, ${aliasVariant} for the floating tags only.`,
      },
    );
  }
  return aliasVariants;
}

/**
 * Reads the prerelease line label (`rc` gives 3.15.0a1 the tag 3.15-rc): blank → none; otherwise a word of
 * letters, digits, `.`, `_` or `-` that starts with a letter. Throws INPUT_INVALID naming the input.
 */
export function readPrereleaseAlias(value: string | undefined): string | undefined {
  const label = value?.trim();
  if (!label) return undefined;
  if (!/^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(label)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('prerelease-alias')} is ${quoteValue(label)}, which is not a label such as rc, dev or ea`,
      {
        hint: remedyHint`Use a word that starts with a letter, without the dash: ${settingExample('prerelease-alias', 'rc')} gives 3.15.0a1 the tag 3.15-rc.`,
      },
    );
  }
  return label;
}

/** Trims a list input, drops blank items and checks each against the tag grammar. */
export function readTagList(values: readonly string[] | undefined, inputName: SettingName): string[] {
  return (values ?? [])
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => assertValidTag(value, inputName));
}

/** Refuses the alias `latest` (that is the latest policy) and aliases that already carry the variant. */
export function checkAlias(alias: string, variant: string | undefined): string {
  if (alias === 'latest') {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('aliases')} has "latest", which is not a channel alias`,
      {
        hint: remedyHint`latest follows ${settingName('latest')} (auto, true or false); use ${settingExample('latest', 'true')} to force it.`,
      },
    );
  }
  if (variant && alias.endsWith(`-${variant}`)) {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${settingSubject('aliases')} has ${quoteValue(alias)}, which already ends with the variant "-${variant}"`,
      {
        hint: `Write the alias without the variant (${alias.slice(0, -variant.length - 1)}); the variant suffix is added to every alias.`,
      },
    );
  }
  return alias;
}

/** Refuses `version: 1.15.12-alpine` with `variant: alpine`, which would give `1.15.12-alpine-alpine`. */
export function checkVersionSuffix(version: Version, variant: string | undefined): void {
  const pre = version.prerelease;
  if (!variant || pre === undefined || (pre !== variant && !pre.endsWith(`-${variant}`))) return;
  const bare = version.normalized.slice(0, -variant.length - 1);
  throw new PublishError(
    'INPUT_INVALID',
    remedyHint`${settingSubject('version')} is ${quoteValue(version.normalized)}, which already ends with the variant "-${variant}"`,
    {
      hint: remedyHint`Set ${settingExample('version', bare)}; the variant suffix is added to every tag.`,
    },
  );
}
