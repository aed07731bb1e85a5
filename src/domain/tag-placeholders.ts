import { PublishError, quoteValue, remedyHint, settingSubject, type SettingName } from '../errors.js';
import { sanitizeTag } from './tag-grammar.js';

/**
 * What the tag placeholders expand to. The adapters fill it (the action from the GitHub context, the CLI
 * from the same environment variables); a field left undefined is unknown in this run.
 */
export interface TagContext {
  /** The full commit id (40 or 64 hex characters). */
  readonly sha?: string;
  /** The branch name as git spells it (`feature/login`). */
  readonly branch?: string;
  /** The pull request number. */
  readonly pr?: number;
  /** The moment the run stands for; `{{date}}` is its UTC day. */
  readonly now: Date;
  /** Why a value is unknown, for the error (`GITHUB_SHA is not set`), by placeholder. */
  readonly missing?: Partial<Record<Exclude<TagPlaceholder, 'date'>, string>>;
}

export const TAG_PLACEHOLDERS = ['sha', 'sha_long', 'branch', 'pr', 'date'] as const;
export type TagPlaceholder = (typeof TAG_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SHORT_SHA = 7;

/**
 * Expands `{{sha}}`, `{{sha_long}}`, `{{branch}}`, `{{pr}}` and `{{date}}` in one tag template
 * (`sha-{{sha}}` → `sha-860c190`). An unknown placeholder, or one whose value this run does not have,
 * throws INPUT_INVALID naming the input, the template and the placeholder. The result is not yet checked
 * against the tag grammar: the tag engine does that with the other tags.
 */
export function expandTagTemplate(template: string, context: TagContext, inputName: SettingName): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => valueOf(name, template, context, inputName));
}

/** Expands every template of a list input. */
export function expandTagTemplates(
  templates: readonly string[],
  context: TagContext,
  inputName: SettingName,
): string[] {
  return templates.map((t) => expandTagTemplate(t, context, inputName));
}

/** `20261202`: the UTC day of `now`. */
export function formatTagDate(now: Date): string {
  return now.toISOString().slice(0, 10).replaceAll('-', '');
}

function valueOf(name: string, template: string, context: TagContext, inputName: SettingName): string {
  const subject = remedyHint`${settingSubject(inputName)} has ${quoteValue(template)}`;
  const unknown = (placeholder: Exclude<TagPlaceholder, 'date'>, fallback: string): never => {
    throw new PublishError(
      'INPUT_INVALID',
      remedyHint`${subject}, but {{${placeholder}}} is unknown in this run: ${context.missing?.[placeholder] ?? fallback}`,
      { hint: HINTS[placeholder] },
    );
  };
  switch (name) {
    case 'sha':
    case 'sha_long': {
      const sha = context.sha ?? unknown(name, 'no commit id is known');
      return name === 'sha' ? sha.slice(0, SHORT_SHA) : sha;
    }
    case 'branch': {
      const branch = context.branch ?? unknown('branch', 'this run is not on a branch');
      // `feature/login` → `feature-login`; a name with no tag character at all cannot be a tag.
      const tag = sanitizeTag(branch);
      return tag === '' ? unknown('branch', `the branch ${quoteValue(branch)} has no tag characters`) : tag;
    }
    case 'pr':
      return String(context.pr ?? unknown('pr', 'this run is not a pull request'));
    case 'date':
      return formatTagDate(context.now);
    default:
      throw new PublishError(
        'INPUT_INVALID',
        remedyHint`${subject}, whose placeholder {{${name}}} is not known`,
        {
          hint: `The placeholders are ${TAG_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
        },
      );
  }
}

const HINTS: Record<Exclude<TagPlaceholder, 'date'>, string> = {
  sha: 'The commit comes from GITHUB_SHA; set it, or drop {{sha}} from the tag.',
  sha_long: 'The commit comes from GITHUB_SHA; set it, or drop {{sha_long}} from the tag.',
  branch:
    'The branch comes from GITHUB_HEAD_REF (pull requests) or GITHUB_REF=refs/heads/<branch>; use {{branch}} only in branch or pull-request runs.',
  pr: 'The number comes from GITHUB_REF=refs/pull/<n>/merge or the pull_request event; use {{pr}} only in pull-request runs.',
};
