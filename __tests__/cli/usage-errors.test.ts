import { parseArgs } from 'node:util';
import { describe, expect, test } from 'vitest';
import { formatError } from '../../src/errors.js';
import { findNearestFlag, toFlagError } from '../../src/cli/usage-errors.js';

const options = {
  image: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const flags = { command: 'registry-publish', options };

function refuse(args: string[]): string {
  try {
    parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    return formatError(toFlagError(err, flags) ?? err);
  }
  throw new Error(`parseArgs accepted ${args.join(' ')}`);
}

describe('toFlagError', () => {
  test.each([
    [
      ['--dry-rn'],
      'Unknown option --dry-rn. Did you mean --dry-run? Run registry-publish --help for the options. [INPUT_INVALID]',
    ],
    [
      ['--overwite'],
      'Unknown option --overwite. Did you mean --overwrite? Run registry-publish --help for the options. [INPUT_INVALID]',
    ],
    [['--push'], 'Unknown option --push. Run registry-publish --help for the options. [INPUT_INVALID]'],
    [
      ['--password', 'hunter2'],
      'Unknown option --password: a password in the arguments shows in ps and the shell history. Use --password-stdin (echo "$TOKEN" | registry-publish … --password-stdin) or REGISTRY_PASSWORD. [INPUT_INVALID]',
    ],
    [
      ['--image'],
      "Option '--image <value>' argument missing. Run registry-publish --help for the options. [INPUT_INVALID]",
    ],
  ])('%j', (args, line) => {
    expect(refuse(args)).toBe(line);
  });

  test('--password=VALUE never echoes the value', () => {
    expect(refuse(['--password=hunter2'])).not.toContain('hunter2');
    expect(refuse(['--password=hunter2'])).toContain('--password-stdin');
  });

  test('anything but a parseArgs refusal is left alone', () => {
    expect(toFlagError(new Error('boom'), flags)).toBeUndefined();
  });
});

describe('findNearestFlag', () => {
  test.each([
    ['--dryrun', '--dry-run'],
    ['--imgae', '--image'],
    ['--image=x', '--image'],
    ['--ovewrite', '--overwrite'],
    ['--zzz', undefined],
    ['--verbose', undefined],
  ])('%s → %s', (typed, nearest) => {
    expect(findNearestFlag(typed, ['--image', '--dry-run', '--overwrite', '--help'])).toBe(nearest);
  });
});
