import { describe, expect, test } from 'vitest';
import { wordRemedyForAction } from '../src/action/words.js';
import { wordRemedyForCli } from '../src/cli/words.js';
import {
  CA_FILE,
  CERT_DIR,
  CLIENT_CERT,
  CLIENT_KEY,
  CREDENTIALS,
  INSECURE,
  LOGIN,
  ECR_LOGIN,
  PACKAGE_WRITE,
  MAX_ERROR_MESSAGE,
  OVERWRITE,
  PASSWORD,
  PublishError,
  USERNAME,
  formatError,
  remediesOf,
  remedyHint,
  settingExample,
  settingName,
  settingSubject,
  wordHint,
  wordRemedyPlainly,
  type Remedy,
  type RemedySetting,
} from '../src/errors.js';

describe('formatError', () => {
  test('a huge message (a manifest.json of 100,000 images) is cut; the hint and code still follow', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `app${i}:1.0`).join(', ');
    const line = formatError(
      new PublishError('SOURCE_AMBIGUOUS', `The archive holds several images: ${names}`, {
        hint: 'Name one after the path.',
      }),
    );
    expect(line.length).toBeLessThan(MAX_ERROR_MESSAGE + 200);
    expect(line).toMatch(/… \(\d+ more characters\)\. Name one after the path\. \[SOURCE_AMBIGUOUS\]$/);
    expect(line).not.toContain('\n');
  });

  test('an ordinary message is left whole', () => {
    expect(formatError(new PublishError('TAG_EXISTS', 'Tag x:1 exists', { hint: 'Bump it.' }))).toBe(
      'Tag x:1 exists. Bump it. [TAG_EXISTS]',
    );
  });

  test('an unexpected error is cut too', () => {
    const line = formatError(new Error('x'.repeat(5_000_000)));
    expect(line.length).toBeLessThan(MAX_ERROR_MESSAGE + 100);
    expect(line).toMatch(/\[INTERNAL\]$/);
  });
});

describe('remedies: the engine names a setting, each adapter words it', () => {
  // The remedy constants hints use; any other setting is a publish input, worded as below.
  const WORDS: Partial<Record<RemedySetting, { remedy: Remedy; action: string; cli: string }>> = {
    overwrite: { remedy: OVERWRITE, action: 'overwrite: true', cli: '--overwrite' },
    insecure: { remedy: INSECURE, action: 'insecure: true', cli: '--insecure' },
    'ca-file': { remedy: CA_FILE, action: 'ca-file', cli: '--ca-file' },
    'cert-dir': { remedy: CERT_DIR, action: 'cert-dir', cli: '--cert-dir' },
    'client-cert': { remedy: CLIENT_CERT, action: 'client-cert', cli: '--client-cert' },
    'client-key': { remedy: CLIENT_KEY, action: 'client-key', cli: '--client-key' },
    username: { remedy: USERNAME, action: 'username', cli: '--username' },
    password: { remedy: PASSWORD, action: 'password', cli: '--password-stdin or REGISTRY_PASSWORD' },
    credentials: {
      remedy: CREDENTIALS,
      action: 'the username and password inputs',
      cli: '--username and a password (--password-stdin or REGISTRY_PASSWORD)',
    },
    login: { remedy: LOGIN, action: 'docker/login-action', cli: 'docker login' },
    'ecr-login': {
      remedy: ECR_LOGIN,
      action: 'aws-actions/amazon-ecr-login',
      cli: '`aws ecr get-login-password | docker login --username AWS --password-stdin HOST`',
    },
    'package-write': {
      remedy: PACKAGE_WRITE,
      action: 'the job permissions: packages: write',
      cli: 'a token with write:packages',
    },
  };
  // The CLI's syntax (a flag, its password variable) and the action's (`input: value`, its login action).
  const CLI_SYNTAX = /(^|[^\w-])--[a-z]|REGISTRY_PASSWORD|docker login/;
  const ACTION_SYNTAX = /\b[a-z-]+: true\b|login-action|\binputs?\b/;

  test.each(Object.entries(WORDS).flatMap(([s, w]) => (w ? [[s, w] as const] : [])))(
    '%s',
    (setting, { remedy, action, cli }) => {
      expect(remedy.setting).toBe(setting);
      expect(wordRemedyForAction(remedy)).toBe(action);
      expect(wordRemedyForCli(remedy)).toBe(cli);
      expect(wordRemedyForAction(remedy)).not.toMatch(CLI_SYNTAX);
      expect(wordRemedyForCli(remedy)).not.toMatch(ACTION_SYNTAX);
      expect(wordRemedyPlainly(remedy)).not.toMatch(CLI_SYNTAX);
      expect(wordRemedyPlainly(remedy)).not.toMatch(ACTION_SYNTAX);
    },
  );

  test('a hint sentence keeps its text around the remedies and its interpolated strings', () => {
    const hint = remedyHint`Use ${CREDENTIALS} for ${'ghcr.io'}, or log in with ${LOGIN} first.`;
    expect(hint.remedies).toEqual([CREDENTIALS, LOGIN]);
    expect(remediesOf(hint)).toEqual([CREDENTIALS, LOGIN]);
    expect(wordHint(hint, wordRemedyForAction)).toBe(
      'Use the username and password inputs for ghcr.io, or log in with docker/login-action first.',
    );
    expect(wordHint(hint, wordRemedyForCli)).toBe(
      'Use --username and a password (--password-stdin or REGISTRY_PASSWORD) for ghcr.io, or log in with docker login first.',
    );
    expect(remediesOf('Bump it.')).toEqual([]);
  });

  test('formatError words the hint with the adapter given, one line, code last', () => {
    const err = new PublishError('TAG_EXISTS', 'Tag r/app:1 already points at sha256:aa', {
      hint: remedyHint`Version tags are immutable: bump the version, or use ${OVERWRITE} to replace it.`,
    });
    expect(remediesOf(err.hint)).toEqual([OVERWRITE]);
    expect(formatError(err, wordRemedyForAction)).toBe(
      'Tag r/app:1 already points at sha256:aa. Version tags are immutable: bump the version, or use overwrite: true to replace it. [TAG_EXISTS]',
    );
    expect(formatError(err, wordRemedyForCli)).toBe(
      'Tag r/app:1 already points at sha256:aa. Version tags are immutable: bump the version, or use --overwrite to replace it. [TAG_EXISTS]',
    );
    expect(formatError(err)).toContain('or use the overwrite setting to replace it.');
  });
});

describe('settings in messages: the domain names them, each adapter words them', () => {
  test.each([
    [settingSubject('latest'), 'Input "latest"', '--latest', 'Setting "latest"'],
    [settingSubject('password'), 'Input "password"', '--password-stdin', 'Setting "password"'],
    [settingName('tags'), 'tags', '--tag', 'the tags setting'],
    [settingExample('tags', 'main'), 'tags: main', '--tag main', 'tags=main'],
    [settingExample('latest', 'true'), 'latest: true', '--latest true', 'latest=true'],
  ])('%o', (remedy, action, cli, plain) => {
    expect(wordRemedyForAction(remedy)).toBe(action);
    expect(wordRemedyForCli(remedy)).toBe(cli);
    expect(wordRemedyPlainly(remedy)).toBe(plain);
  });

  test('a message is worded by the adapter formatError is given; `message` words it plainly', () => {
    const subject = remedyHint`${settingSubject('version')} is ${'"main"'}`;
    const err = new PublishError('VERSION_INVALID', remedyHint`${subject}, which is not a version`, {
      hint: remedyHint`Use ${settingExample('tags', 'main')} instead.`,
    });
    expect(formatError(err, wordRemedyForAction)).toBe(
      'Input "version" is "main", which is not a version. Use tags: main instead. [VERSION_INVALID]',
    );
    expect(formatError(err, wordRemedyForCli)).toBe(
      '--version is "main", which is not a version. Use --tag main instead. [VERSION_INVALID]',
    );
    expect(err.message).toBe('Setting "version" is "main", which is not a version');
    expect(remediesOf(err.hint)).toEqual([settingExample('tags', 'main')]);
  });

  test('a sentence built from another keeps its pieces in order', () => {
    const inner = remedyHint`${settingName('variant')} and ${settingName('alias-variant')}`;
    const outer = remedyHint`both ${inner} hold ${'x'}, ${2} times`;
    expect(wordHint(outer, wordRemedyForCli)).toBe('both --variant and --alias-variant hold x, 2 times');
    expect(wordHint(remedyHint`plain ${'only'}`, wordRemedyForCli)).toBe('plain only');
  });
});
