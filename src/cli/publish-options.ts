/**
 * The parseArgs options of `publish`, in a module of their own: the entry reads the registry with them
 * before the engine loads (registry-hint.ts), so it must not import the command.
 */
import { CONNECTION_OPTIONS } from './connection-options.js';
import { TAG_POLICY_OPTIONS } from './tag-policy-options.js';

export const PUBLISH_OPTIONS = {
  registry: { type: 'string' },
  namespace: { type: 'string' },
  image: { type: 'string' },
  target: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
  ...TAG_POLICY_OPTIONS,
  overwrite: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'by-digest': { type: 'boolean' },
  'no-referrers': { type: 'boolean' },
  annotation: { type: 'string', multiple: true },
  base: { type: 'string', multiple: true },
  ...CONNECTION_OPTIONS,
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
