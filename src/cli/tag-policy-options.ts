/** The parseArgs options of the tag policy, shared by `publish` and `tags` so both accept the same flags. */
export const TAG_POLICY_OPTIONS = {
  version: { type: 'string' },
  variant: { type: 'string', multiple: true },
  bare: { type: 'boolean' },
  'bare-alias': { type: 'boolean' },
  'floating-levels': { type: 'string' },
  prefix: { type: 'string', multiple: true },
  'alias-variant': { type: 'string', multiple: true },
  'prerelease-alias': { type: 'string' },
  'floating-scope': { type: 'string' },
  alias: { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  latest: { type: 'string' },
  floating: { type: 'string' },
} as const;
