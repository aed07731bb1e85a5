/**
 * How the command line names settings: each publish input's flag, and each setting a message or hint
 * names in flags (`--latest`, `--tag main`, `--overwrite`, `--ca-file`), never an action input.
 */
import type { SettingName, WordRemedy } from '../errors.js';

export const FLAG_OF: Record<SettingName, string> = {
  registry: '--registry',
  namespace: '--namespace',
  image: '--image',
  targets: '--target',
  source: '--source',
  sources: '--source',
  version: '--version',
  variant: '--variant',
  aliases: '--alias',
  tags: '--tag',
  latest: '--latest',
  floating: '--floating',
  bare: '--bare',
  'floating-levels': '--floating-levels',
  prefix: '--prefix',
  'alias-variant': '--alias-variant',
  'prerelease-alias': '--prerelease-alias',
  'floating-scope': '--floating-scope',
  username: '--username',
  password: '--password-stdin',
  overwrite: '--overwrite',
  'dry-run': '--dry-run',
  'by-digest': '--by-digest',
  referrers: '--no-referrers',
  annotations: '--annotation',
  base: '--base',
  insecure: '--insecure',
  'ca-file': '--ca-file',
  'cert-dir': '--cert-dir',
  'client-cert': '--client-cert',
  'client-key': '--client-key',
  concurrency: '--concurrency',
  timeout: '--timeout',
};

/** Where the CLI takes a password from (never a `--password` flag: it would show in `ps`). */
const PASSWORD_SOURCES = `${FLAG_OF.password} or REGISTRY_PASSWORD`;

export const wordRemedyForCli: WordRemedy = (remedy) => {
  // The subject of a message is the flag as typed (`--password-stdin` is set but --username is empty).
  if (remedy.subject) return FLAG_OF[remedy.setting];
  // `bare` is two switches here (`bare: alias` is --bare-alias), not a flag with a value.
  if (remedy.setting === 'bare' && typeof remedy.value === 'string')
    return remedy.value === 'alias' ? '--bare-alias' : FLAG_OF.bare;
  if (typeof remedy.value === 'string') return `${FLAG_OF[remedy.setting]} ${remedy.value}`;
  switch (remedy.setting) {
    case 'credentials':
      return `${FLAG_OF.username} and a password (${PASSWORD_SOURCES})`;
    case 'password':
      return PASSWORD_SOURCES;
    case 'login':
      return 'docker login';
    case 'ecr-login':
      return '`aws ecr get-login-password | docker login --username AWS --password-stdin HOST`';
    case 'package-write':
      return 'a token with write:packages';
    default:
      return FLAG_OF[remedy.setting];
  }
};
