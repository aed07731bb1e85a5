import { PublishError, quoteValue, remedyHint, settingSubject, type SettingName } from '../errors.js';

/** The OCI distribution-spec tag grammar. */
export const TAG_GRAMMAR = '[A-Za-z0-9_][A-Za-z0-9._-]{0,127}';
export const MAX_TAG_LENGTH = 128;

const TAG_PATTERN = new RegExp(`^${TAG_GRAMMAR}$`);
const TAG_CHAR = /[A-Za-z0-9._-]/;
const TAG_FIRST_CHAR = /[A-Za-z0-9_]/;

/** Whether `tag` matches the tag grammar `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`. */
export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/**
 * Returns `tag` when it matches the tag grammar; otherwise throws TAG_INVALID naming the input, what is
 * wrong (`it contains "/"`) and the grammar.
 */
export function assertValidTag(tag: string, inputName: SettingName): string {
  if (isValidTag(tag)) return tag;
  throw new PublishError(
    'TAG_INVALID',
    remedyHint`${settingSubject(inputName)} has the tag ${quoteValue(tag)}, which is not a valid tag: ${explainInvalidTag(tag)}`,
    {
      hint: `A tag matches ${TAG_GRAMMAR}: letters, digits, "_", "." and "-", not starting with "." or "-", at most ${MAX_TAG_LENGTH} characters.`,
    },
  );
}

/** Turns arbitrary text into a valid tag for suggestions (`feature/x` → `feature-x`); may return ''. */
export function sanitizeTag(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, MAX_TAG_LENGTH);
}

function explainInvalidTag(tag: string): string {
  if (tag === '') return 'it is empty';
  if (tag.length > MAX_TAG_LENGTH) return `it is ${tag.length} characters long`;
  const first = tag.charAt(0);
  if (!TAG_FIRST_CHAR.test(first)) {
    return TAG_CHAR.test(first) ? `it starts with "${first}"` : `it contains ${quoteValue(first)}`;
  }
  const bad = [...tag].find((c) => !TAG_CHAR.test(c)) ?? '';
  return `it contains ${quoteValue(bad)}`;
}
