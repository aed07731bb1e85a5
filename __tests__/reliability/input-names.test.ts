/**
 * A destination error names the input that is wrong: registry, namespace or image (it used to blame
 * "image" for all three), for the action and for the CLI's flags.
 */
import { describe, expect, test } from 'vitest';
import { wordRemedyForAction } from '../../src/action/words.js';
import { wordRemedyForCli } from '../../src/cli/words.js';
import { formatError } from '../../src/errors.js';
import { parseSettings, type RawSettings } from '../../src/publish/settings.js';

function errorOf(raw: RawSettings, flags = false): string {
  try {
    parseSettings({ version: '1.0.0', ...raw });
  } catch (err) {
    return formatError(err, flags ? wordRemedyForCli : wordRemedyForAction);
  }
  return 'no error';
}

describe.each([false, true])('flags: %s', (flags) => {
  const label = (name: string): string => (flags ? `--${name}` : `Input "${name}"`);

  test.each([
    [{ registry: 'https://ghcr.io', image: 'app' }, 'registry'],
    [{ registry: 'ghcr.io/org', image: 'app' }, 'registry'],
    [{ namespace: 'org_', image: 'app' }, 'namespace'],
    [{ namespace: 'org//team', image: 'app' }, 'namespace'],
    [{ namespace: 'n'.repeat(300), image: 'app' }, 'namespace'],
    [{ namespace: 'org', image: 'app_' }, 'image'],
    [{ namespace: 'org', image: 'app:1.0' }, 'image'],
    [{ image: 'a'.repeat(300) }, 'image'],
  ] as const)('%o blames %s', (raw, input) => {
    expect(errorOf(raw, flags)).toMatch(new RegExp(`^${label(input).replace(/"/g, '"')}: `));
  });
});
