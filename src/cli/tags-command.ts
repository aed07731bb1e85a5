import { wordRemedyForCli } from './words.js';
import { TAG_POLICY_OPTIONS } from './tag-policy-options.js';
import { parseArgs } from 'node:util';
import { deriveTags, parseFloatingPolicy, parseLatestPolicy } from '../domain/tags.js';
import { formatError, wordHint } from '../errors.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, isUsageError, toUsageError } from './io.js';
import { splitFlagValues } from './flag-lists.js';

export const TAGS_HELP = `Usage: registry-publish tags --version V [options]

Derives the tags for a version, offline, and prints them one per line, full version first.
Notices and floating tags held back by the guard go to standard error, one per line.

  --version V                 1.15.12, v1.15.12, refs/tags/v1.15.12, 1.15, 29.0.5.0, 2024.05.1,
                              2.0.0-rc.1, 19beta3, 1.2.3+build.5
  --variant NAME              suffix every tag with -NAME; latest becomes NAME (alpine, alpine-perl);
                              repeatable (or comma-separated): the full set under each name
  --bare                      with --variant: also the unsuffixed set, latest included
  --bare-alias                with --variant: only the unsuffixed floating tags and latest (bare: alias)
  --floating-levels LIST      which floating version tags: all (default), 2 (1.15 only), 1 (major only),
                              none (full version only); comma-separated
  --prefix P                  also the version-derived tags with prefix P: v1.15.12 v1.15 v1
                              (repeatable, or comma-separated)
  --alias-variant NAME        a name that gets only the floating tags and NAME itself, no full version:
                              8-alpine, alpine (repeatable, or comma-separated)
  --prerelease-alias LABEL    a prerelease also gets its line tag: 3.15.0a1 with rc gives 3.15-rc
  --floating-scope variant|image  (default variant: only the variant's versions hold its floating tags
                              back; image: every variant's)
  --alias NAME                channel alias such as mainline, stable, lts; gets the suffix too (repeatable)
  --tag NAME                  extra tag added exactly as given, e.g. sha-860c190 (repeatable)
  --latest auto|true|false    (default auto: latest only if no higher stable version exists)
  --floating highest|always   (default highest: 1.15, 1 and latest never move to an older version)
  --existing LIST             tags already in the repository, comma-separated, for the floating guard
  -h, --help                  this help

Example: registry-publish tags --version v1.15.12 --variant alpine --existing 1.16.0-alpine

Exit status: 0 tags printed, 2 bad input.`;

/** The output lines of the command; the CLI passes its own, tests collect them. */
export interface TagsCommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

const TAGS_OPTIONS = {
  ...TAG_POLICY_OPTIONS,
  existing: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const TAGS_FLAGS = { command: 'registry-publish tags', options: TAGS_OPTIONS };

/**
 * `registry-publish tags`: prints the derived tags on stdout, then notices and held-back tags on stderr
 * (`notice: …`, `held back: latest (2.5.2 exists)`). Returns the exit code: 0, or 2 for bad input (io.ts).
 */
export function runTagsCommand(argv: readonly string[], io: TagsCommandIo): number {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: TAGS_OPTIONS,
    });
    if (values.help) {
      io.stdout(TAGS_HELP);
      return EXIT_OK;
    }
    const derivation = deriveTags({
      version: values.version,
      variant: splitFlagValues(values.variant),
      bare: values['bare-alias'] ? 'alias' : (values.bare ?? false),
      floatingLevels: values['floating-levels'],
      prefixes: splitFlagValues(values.prefix),
      aliasVariants: splitFlagValues(values['alias-variant']),
      prereleaseAlias: values['prerelease-alias'],
      floatingScope: values['floating-scope'],
      aliases: splitFlagValues(values.alias),
      extraTags: splitFlagValues(values.tag),
      latest: parseLatestPolicy(values.latest),
      floating: parseFloatingPolicy(values.floating),
      existing: splitFlagValues(values.existing, /[,\s]+/),
    });
    for (const { tag } of derivation.tags) io.stdout(tag);
    for (const notice of derivation.notices) io.stderr(`notice: ${wordHint(notice, wordRemedyForCli)}`);
    for (const held of derivation.heldBack) io.stderr(`held back: ${held.tag} (${held.blockedBy} exists)`);
    return EXIT_OK;
  } catch (err) {
    // As publish and ls: bad input is 2, anything else (a bug: nothing here is I/O) 1.
    io.stderr(`error: ${formatError(toUsageError(err, TAGS_FLAGS), wordRemedyForCli)}`);
    return isUsageError(err) ? EXIT_USAGE : EXIT_FAILED;
  }
}
