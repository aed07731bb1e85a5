import {
  PublishError,
  quoteValue,
  remedyHint,
  settingExample,
  settingName,
  settingSubject,
  type AdapterText,
} from '../errors.js';
import { compareDigits, comparePrereleases } from './prerelease.js';
import { isValidTag, sanitizeTag } from './tag-grammar.js';

/**
 * A version as published: `1.15.12`, `1.15`, `29.0.5.0`, `2024.05.1`, `2.0.0-rc.1`, `19beta3`, `3.15.0rc1`,
 * `1.2.3+build.5`, and the JVM forms `11.0.32_9` and `8u502-b07`. Read from `v1.2.3`, `V1.2.3` and `refs/tags/v1.2.3` too.
 */
export interface Version {
  /** The input as given. */
  readonly raw: string;
  /** Without `refs/tags/`, `v` and `+build`: the full-version tag (`2.0.0-rc.1`, `19beta3`). */
  readonly normalized: string;
  /** The numeric components as written (`['2024', '05', '1']`), at least one. */
  readonly parts: readonly string[];
  /** `rc.1` for `2.0.0-rc.1`, `beta3` for `19beta3`, `rc1` for `3.15.0rc1`. */
  readonly prerelease?: string;
  /** `build.5` for `1.2.3+build.5` (never part of a tag). */
  readonly build?: string;
  /**
   * A JVM build number, on the full-version tag only: `_9` for `11.0.32_9`, `-b07` for `8u502-b07`. It
   * orders builds of one version (`_9` < `_10`) and is never part of a floating tag.
   */
  readonly jvmBuild?: string;
  /** What joins the parts as written, when not `.`: `['u']` for `8u502` (major 8, update 502). */
  readonly separators?: readonly string[];
}

const IDENTIFIERS = String.raw`[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`;
const VERSION_PATTERN = new RegExp(
  String.raw`^(?<core>\d+(?:\.\d+)*)` +
    String.raw`(?:(?<dash>-)(?<pre>${IDENTIFIERS})|(?<word>[A-Za-z][0-9A-Za-z-]*(?:\.[0-9A-Za-z-]+)*))?` +
    String.raw`(?:\+(?<build>${IDENTIFIERS}))?$`,
);
/** JVM forms: `11.0.32_9` (Temurin, build after `_`) and `8u502-b07` (Java 8: update 502, build 07). */
const JVM_PATTERN =
  /^(?:(?<update>(?<major>\d+)u(?<minor>\d+))(?<b>-b\d+)?|(?<core>\d+(?:\.\d+)*)(?<u>_\d+))$/;
const REF_TAGS = 'refs/tags/';
const REF_HEADS = 'refs/heads/';

/** Parses a version, or returns undefined when `input` is not one (see {@link Version} for the forms). */
export function tryParseVersion(input: string): Version | undefined {
  let text = input.trim();
  if (text.startsWith(REF_TAGS)) text = text.slice(REF_TAGS.length);
  if (/^[vV]\d/.test(text)) text = text.slice(1);
  const jvm = parseJvmVersion(input, text);
  if (jvm) return jvm;
  const groups = VERSION_PATTERN.exec(text)?.groups;
  const core = groups?.core;
  if (!groups || core === undefined) return undefined;
  const prerelease = groups.pre ?? groups.word;
  const normalized = `${core}${groups.dash ?? ''}${prerelease ?? ''}`;
  return {
    raw: input,
    normalized,
    parts: core.split('.'),
    ...(prerelease === undefined ? {} : { prerelease }),
    ...(groups.build === undefined ? {} : { build: groups.build }),
  };
}

function parseJvmVersion(raw: string, text: string): Version | undefined {
  const groups = JVM_PATTERN.exec(text)?.groups;
  if (!groups) return undefined;
  if (groups.update !== undefined && groups.major !== undefined && groups.minor !== undefined) {
    const jvmBuild = groups.b;
    return {
      raw,
      normalized: `${groups.update}${jvmBuild ?? ''}`,
      parts: [groups.major, groups.minor],
      separators: ['u'],
      ...(jvmBuild === undefined ? {} : { jvmBuild }),
    };
  }
  const core = groups.core ?? '';
  return { raw, normalized: text, parts: core.split('.'), jvmBuild: groups.u ?? '' };
}

/** The first `depth` parts as written: `1.15` of 1.15.12, `8u502` of 8u502-b07. */
export function formatLine(version: Version, depth: number): string {
  return version.parts
    .slice(0, depth)
    .map((part, i) => (i === 0 ? part : `${version.separators?.[i - 1] ?? '.'}${part}`))
    .join('');
}

/**
 * Parses a version or throws VERSION_INVALID naming the setting and, for text such as `main`, pointing at
 * plain tags (the action says `… use tags: main instead.`).
 */
export function parseVersion(input: string): Version {
  const version = tryParseVersion(input);
  if (version) return version;
  throw invalidVersion(input);
}

/**
 * Orders versions: numeric components by value, part by part, missing parts = 0 (`1.15` = `1.15.0`, `2024.05`
 * = `2024.5`, `8u502` = 8.502); then a prerelease before its release, prereleases compared semver-like;
 * then the JVM build number (`11.0.32_9` < `11.0.32_10`); `+build` ignored.
 */
export function compareVersions(a: Version, b: Version): number {
  const length = Math.max(a.parts.length, b.parts.length);
  for (let i = 0; i < length; i++) {
    const order = compareDigits(a.parts[i] ?? '0', b.parts[i] ?? '0');
    if (order !== 0) return order;
  }
  const order = comparePrereleases(a.prerelease, b.prerelease);
  if (order !== 0) return order;
  return compareDigits(buildNumber(a), buildNumber(b));
}

function buildNumber(v: Version): string {
  return v.jvmBuild?.replace(/\D/g, '') || '0';
}

/** Whether the version is a prerelease (`2.0.0-rc.1`, `19beta3`). */
export function isPrerelease(v: Version): boolean {
  return v.prerelease !== undefined;
}

function invalidVersion(input: string): PublishError {
  const text = input.trim();
  const subject = settingSubject('version');
  const tagsName = settingName('tags');
  const invalid = (message: AdapterText, hint: AdapterText): PublishError =>
    new PublishError('VERSION_INVALID', message, { hint });
  if (text === '') {
    return invalid(
      remedyHint`${subject} is empty, which is not a version like 1.2.3`,
      remedyHint`Set it to a version such as 1.2.3 or v1.2.3 (refs/tags/v1.2.3 works too), or use ${tagsName} for plain tags.`,
    );
  }
  const message = remedyHint`${subject} is ${quoteValue(text)}, which is not a version like 1.2.3`;
  const isBranch = text.startsWith(REF_HEADS);
  const bare = isBranch ? text.slice(REF_HEADS.length) : text;
  const plainTag = isValidTag(bare) ? bare : sanitizeTag(bare);
  if (plainTag === 'latest') {
    return invalid(
      message,
      remedyHint`latest is added by itself for the highest stable version; to publish only latest, use ${settingExample('tags', 'latest')} instead.`,
    );
  }
  if (plainTag === '' || /^[vV]?(\d|$)/.test(text)) {
    // Looks like a mistyped version (`1..2`, `v`): explain the form first.
    const asTag = /^[vV]?$/.test(plainTag)
      ? remedyHint`, or use ${tagsName} for plain tags`
      : remedyHint`; to publish it as a plain tag, use ${settingExample('tags', plainTag)}`;
    return invalid(
      message,
      remedyHint`Use numbers separated by dots, like 1.2.3, v1.2.3, 1.2, 2024.05.1 or 2.0.0-rc.1${asTag}.`,
    );
  }
  const use = remedyHint`publish a plain tag, use ${settingExample('tags', plainTag)} instead.`;
  return invalid(
    message,
    isBranch ? remedyHint`${quoteValue(text)} is a branch; to ${use}` : remedyHint`To ${use}`,
  );
}
