/**
 * How the action words the settings a message or hint names: by its inputs (`Input "latest"`,
 * `tags: main`, `overwrite: true`, `ca-file`), never a command-line flag.
 */
import type { WordRemedy } from '../errors.js';

export const wordRemedyForAction: WordRemedy = (remedy) => {
  if (remedy.subject) return `Input "${remedy.setting}"`;
  switch (remedy.setting) {
    case 'credentials':
      return 'the username and password inputs';
    case 'login':
      return 'docker/login-action';
    case 'ecr-login':
      return 'aws-actions/amazon-ecr-login';
    case 'package-write':
      return 'the job permissions: packages: write';
    default:
      return remedy.value === undefined ? remedy.setting : `${remedy.setting}: ${remedy.value}`;
  }
};
