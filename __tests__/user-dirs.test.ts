/** One rule for the user's directories (src/user-dirs.ts): an absolute HOME, else the account's home. */
import { describe, expect, test } from 'vitest';
import { configHome, dockerConfigDir, homeDir, runtimeDir, type Account } from '../src/user-dirs.js';

const account: Account = { uid: 1000, home: '/home/acct' };
const homeless: Account = { uid: 1000, home: undefined };

describe('user directories', () => {
  // [case, env, account, home, config home, Docker config directory]
  test.each<
    [string, Record<string, string>, Account, string | undefined, string | undefined, string | undefined]
  >([
    ['an absolute HOME', { HOME: '/home/u' }, account, '/home/u', '/home/u/.config', '/home/u/.docker'],
    ['HOME unset: the account', {}, account, '/home/acct', '/home/acct/.config', '/home/acct/.docker'],
    [
      'an empty HOME: the account',
      { HOME: '' },
      account,
      '/home/acct',
      '/home/acct/.config',
      '/home/acct/.docker',
    ],
    [
      'a relative HOME: the account',
      { HOME: 'h' },
      account,
      '/home/acct',
      '/home/acct/.config',
      '/home/acct/.docker',
    ],
    ['a relative HOME, no account home', { HOME: 'h' }, homeless, undefined, undefined, undefined],
    ['a relative account home counts as none', {}, { uid: 0, home: 'x' }, undefined, undefined, undefined],
    [
      'XDG_CONFIG_HOME absolute',
      { HOME: '/h', XDG_CONFIG_HOME: '/cfg' },
      account,
      '/h',
      '/cfg',
      '/h/.docker',
    ],
    [
      'XDG_CONFIG_HOME relative is unset',
      { HOME: '/h', XDG_CONFIG_HOME: 'cfg' },
      account,
      '/h',
      '/h/.config',
      '/h/.docker',
    ],
    ['XDG_CONFIG_HOME without a home', { XDG_CONFIG_HOME: '/cfg' }, homeless, undefined, '/cfg', undefined],
    [
      'DOCKER_CONFIG as given',
      { HOME: '/h', DOCKER_CONFIG: 'rel/docker' },
      account,
      '/h',
      '/h/.config',
      'rel/docker',
    ],
    ['DOCKER_CONFIG without a home', { DOCKER_CONFIG: '/d' }, homeless, undefined, undefined, '/d'],
  ])('%s', (_name, env, who, home, config, docker) => {
    expect(homeDir(env, who)).toBe(home);
    expect(configHome(env, who)).toBe(config);
    expect(dockerConfigDir(env, who)).toBe(docker);
  });

  test.each<[Record<string, string>, string | undefined]>([
    [{ XDG_RUNTIME_DIR: '/run/user/1000' }, '/run/user/1000'],
    [{ XDG_RUNTIME_DIR: 'run' }, undefined],
    [{ XDG_RUNTIME_DIR: '' }, undefined],
    [{}, undefined],
  ])('XDG_RUNTIME_DIR %o → %s', (env, dir) => {
    expect(runtimeDir(env)).toBe(dir);
  });
});
