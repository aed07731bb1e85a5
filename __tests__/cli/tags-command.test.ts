import { describe, expect, test } from 'vitest';
import { runTagsCommand, TAGS_HELP } from '../../src/cli/tags-command.js';

function run(argv: readonly string[]): { code: number; stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runTagsCommand(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

describe('registry-publish tags', () => {
  test.each<[string, string[], string[], string[]]>([
    [
      'variant alpine',
      ['--version', 'v1.15.12', '--variant', 'alpine'],
      ['1.15.12-alpine', '1.15-alpine', '1-alpine', 'alpine'],
      [],
    ],
    [
      'repeated --variant is the list, and --bare adds the plain set',
      ['--version', '1.29.3', '--variant', 'trixie', '--variant', 'alpine,alpine3.22', '--bare'],
      [
        '1.29.3',
        '1.29',
        '1',
        'latest',
        '1.29.3-trixie',
        '1.29-trixie',
        '1-trixie',
        'trixie',
        '1.29.3-alpine',
        '1.29-alpine',
        '1-alpine',
        'alpine',
        '1.29.3-alpine3.22',
        '1.29-alpine3.22',
        '1-alpine3.22',
        'alpine3.22',
      ],
      [],
    ],
    [
      'the guard per --variant name',
      ['--version', '1.28.1', '--variant', 'perl', '--variant', 'trixie-perl', '--existing', '1.29.3-perl'],
      ['1.28.1-perl', '1.28-perl', '1.28.1-trixie-perl', '1.28-trixie-perl', '1-trixie-perl', 'trixie-perl'],
      ['held back: 1-perl (1.29.3-perl exists)', 'held back: perl (1.29.3-perl exists)'],
    ],
    [
      '--floating-levels 2',
      ['--version', '1.18.4', '--floating-levels', '2'],
      ['1.18.4', '1.18', 'latest'],
      [],
    ],
    ['--floating-levels none', ['--version', '22.04', '--floating-levels=none'], ['22.04', 'latest'], []],
    [
      'repeated and comma-separated --prefix',
      ['--version', '1.2', '--prefix', 'v', '--prefix', 'release-,v'],
      ['1.2', 'v1.2', 'release-1.2', '1', 'v1', 'release-1', 'latest'],
      [],
    ],
    [
      '--prerelease-alias with a variant',
      ['--version', '8.6.0RC1', '--variant', 'cli', '--prerelease-alias', 'rc'],
      ['8.6.0RC1-cli', '8.6-rc-cli'],
      ['notice: 8.6.0RC1 is a prerelease: it gets its own tag and its line tag, no 8.6-cli, 8-cli or cli'],
    ],
    [
      '--alias-variant, repeatable and comma-separated',
      [
        '--version',
        '11.0.32_9',
        '--variant',
        'jdk-noble',
        '--alias-variant',
        'noble,n',
        '--floating-levels',
        '1',
      ],
      ['11.0.32_9-jdk-noble', '11-jdk-noble', 'jdk-noble', '11-noble', 'noble', '11-n', 'n'],
      [],
    ],
    [
      '--bare-alias',
      ['--version', '25.0.4_7', '--variant', 'jdk', '--bare-alias', '--floating-levels', '1'],
      ['25.0.4_7-jdk', '25-jdk', 'jdk', '25', 'latest'],
      [],
    ],
    [
      '--floating-scope image',
      ['--version', '8.2.9', '--variant', 'bookworm', '--floating-scope', 'image', '--existing', '8.10.1'],
      ['8.2.9-bookworm', '8.2-bookworm'],
      ['held back: 8-bookworm (8.10.1 exists)', 'held back: bookworm (8.10.1 exists)'],
    ],
    ['github.ref', ['--version', 'refs/tags/v1.15.12'], ['1.15.12', '1.15', '1', 'latest'], []],
    ['= syntax', ['--version=1.15.12', '--latest=false'], ['1.15.12', '1.15', '1'], []],
    [
      'repeated and comma-separated aliases and tags',
      [
        '--version',
        '1.31.4',
        '--alias',
        'mainline',
        '--alias',
        'lts,current',
        '--tag',
        'nightly,sha-860c190',
        '--tag',
        'edge',
      ],
      ['1.31.4', '1.31', '1', 'mainline', 'lts', 'current', 'latest', 'nightly', 'sha-860c190', 'edge'],
      [],
    ],
    [
      'build metadata notice',
      ['--version', '1.2.3+build.5'],
      ['1.2.3', '1.2', '1', 'latest'],
      ['notice: build metadata "+build.5" dropped: tags cannot contain "+"'],
    ],
    [
      'held back latest',
      ['--version', '1.1.1', '--existing', '2.5.2'],
      ['1.1.1', '1.1', '1'],
      ['held back: latest (2.5.2 exists)'],
    ],
    [
      'existing list with spaces, repeated',
      [
        '--version',
        '1.30.4',
        '--alias',
        'stable',
        '--existing',
        '1.31.4, mainline ,1.31',
        '--existing',
        '1,latest',
      ],
      ['1.30.4', '1.30', 'stable'],
      ['held back: 1 (1.31.4 exists)', 'held back: latest (1.31.4 exists)'],
    ],
    [
      'floating always',
      ['--version', '1.1.1', '--existing', '2.5.2', '--floating', 'always'],
      ['1.1.1', '1.1', '1', 'latest'],
      [],
    ],
    [
      'latest true over the guard',
      ['--version', '1.1.1', '--existing', '2.5.2', '--latest', 'TRUE'],
      ['1.1.1', '1.1', '1', 'latest'],
      ['notice: --latest true moves latest to 1.1.1 although 2.5.2 exists'],
    ],
    [
      'prerelease',
      ['--version', '2.0.0-rc.1'],
      ['2.0.0-rc.1'],
      ['notice: 2.0.0-rc.1 is a prerelease: it gets only its own tag, no 2.0, 2 or latest'],
    ],
    ['plain tags only', ['--tag', 'nightly'], ['nightly'], []],
    [
      'erlang older line',
      ['--version', '28.5.0.5', '--existing', '29.0.5.0,29.0.5,29.0,29,latest'],
      ['28.5.0.5', '28.5.0', '28.5', '28'],
      ['held back: latest (29.0.5.0 exists)'],
    ],
  ])('%s', (_name, argv, stdout, stderr) => {
    expect(run(argv)).toEqual({ code: 0, stdout, stderr });
  });

  test.each<[string, string[], string]>([
    [
      'not a version',
      ['--version', 'main'],
      'error: --version is "main", which is not a version like 1.2.3. To publish a plain tag, use --tag main instead. [VERSION_INVALID]',
    ],
    [
      'empty version',
      ['--version', ''],
      'error: --version is empty, which is not a version like 1.2.3. Set it to a version such as 1.2.3 or v1.2.3 (refs/tags/v1.2.3 works too), or use --tag for plain tags. [VERSION_INVALID]',
    ],
    [
      'unknown flag',
      ['--version', '1.2.3', '--push'],
      'error: Unknown option --push. Run registry-publish tags --help for the options. [INPUT_INVALID]',
    ],
    [
      'unknown short flag',
      ['-x'],
      'error: Unknown option -x. Run registry-publish tags --help for the options. [INPUT_INVALID]',
    ],
    [
      'missing value',
      ['--version'],
      "error: Option '--version <value>' argument missing. Run registry-publish tags --help for the options. [INPUT_INVALID]",
    ],
    [
      'positional argument',
      ['1.2.3'],
      "error: Unexpected argument '1.2.3'. This command does not take positional arguments. Run registry-publish tags --help for the options. [INPUT_INVALID]",
    ],
    [
      'nothing to tag',
      [],
      'error: Nothing to tag: neither --version nor --tag is set. Set --version 1.2.3, or --tag nightly for plain tags. [INPUT_INVALID]',
    ],
    [
      'bad latest',
      ['--version', '1.2.3', '--latest', 'maybe'],
      'error: --latest must be auto, true or false; got "maybe". Use one of auto, true or false (default auto). [INPUT_INVALID]',
    ],
    [
      'bad floating',
      ['--version', '1.2.3', '--floating', 'lowest'],
      'error: --floating must be highest or always; got "lowest". Use one of highest or always (default highest). [INPUT_INVALID]',
    ],
    [
      'bad tag',
      ['--version', '1.2.3', '--tag', 'a/b'],
      'error: --tag has the tag "a/b", which is not a valid tag: it contains "/". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]',
    ],
    [
      'alias latest',
      ['--version', '1.2.3', '--alias', 'latest'],
      'error: --alias has "latest", which is not a channel alias. latest follows --latest (auto, true or false); use --latest true to force it. [INPUT_INVALID]',
    ],
    [
      'variant in the version',
      ['--version', '1.15.12-alpine', '--variant', 'alpine'],
      'error: --version is "1.15.12-alpine", which already ends with the variant "-alpine". Set --version 1.15.12; the variant suffix is added to every tag. [INPUT_INVALID]',
    ],
    [
      'bad floating-levels',
      ['--version', '1.2.3', '--floating-levels', '2,x'],
      'error: --floating-levels must be all, none or numbers of parts such as 2 or 1,2; got "x". Use 2 for 1.15 only, 1 for the major only, none for the full version only (default all). [INPUT_INVALID]',
    ],
    [
      'a floating level the version cannot have',
      ['--version', '1.15.12', '--floating-levels', '7'],
      'error: --floating-levels has 7, more numeric parts than 1.15.12 has (3). Use --floating-levels 2 (1.15), 1 (1) or none (the full version only). [INPUT_INVALID]',
    ],
    [
      '--bare without --variant',
      ['--version', '1.15.12', '--bare'],
      'error: --bare needs --variant: without a variant the unsuffixed tags are the only ones. Add --variant alpine (each name gets its own set), or drop --bare. [INPUT_INVALID]',
    ],
    [
      '--bare-alias without --variant',
      ['--version', '1.15.12', '--bare-alias', '--variant', ''],
      'error: --bare-alias needs --variant: without a variant the unsuffixed tags are the only ones. Add --variant alpine (each name gets its own set), or drop --bare-alias. [INPUT_INVALID]',
    ],
    [
      'bad floating-scope',
      ['--version', '1.2.3', '--floating-scope', 'repo'],
      'error: --floating-scope must be variant or image; got "repo". Use one of variant or image (default variant). [INPUT_INVALID]',
    ],
    [
      'bad prerelease-alias',
      ['--version', '3.15.0a1', '--prerelease-alias', 'a/b'],
      'error: --prerelease-alias is "a/b", which is not a label such as rc, dev or ea. Use a word that starts with a letter, without the dash: --prerelease-alias rc gives 3.15.0a1 the tag 3.15-rc. [INPUT_INVALID]',
    ],
    [
      'bad variant',
      ['--version', '1.2.3', '--variant', 'a/b'],
      'error: --variant has the tag "a/b", which is not a valid tag: it contains "/". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]',
    ],
    [
      'bad prefix',
      ['--version', '1.2.3', '--prefix', 'v,a/b'],
      'error: --prefix has the tag "a/b", which is not a valid tag: it contains "/". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]',
    ],
    [
      'bad alias-variant',
      ['--version', '1.2.3', '--alias-variant', 'a/b'],
      'error: --alias-variant has the tag "a/b", which is not a valid tag: it contains "/". A tag matches [A-Za-z0-9_][A-Za-z0-9._-]{0,127}: letters, digits, "_", "." and "-", not starting with "." or "-", at most 128 characters. [TAG_INVALID]',
    ],
    [
      'a value that starts with a dash',
      ['--version', '1.2.3', '--prefix', '-v'],
      "error: Option '--prefix' argument is ambiguous. Did you forget to specify the option argument for '--prefix'? To specify an option argument starting with a dash use '--prefix=-XYZ'. Run registry-publish tags --help for the options. [INPUT_INVALID]",
    ],
    [
      'a value for a switch',
      ['--version', '1.2.3', '--bare=yes'],
      "error: Option '--bare' does not take an argument. Run registry-publish tags --help for the options. [INPUT_INVALID]",
    ],
    [
      'existing without its list',
      ['--version', '1.2.3', '--existing'],
      "error: Option '--existing <value>' argument missing. Run registry-publish tags --help for the options. [INPUT_INVALID]",
    ],
  ])('%s: one error line, exit 2', (_name, argv, line) => {
    expect(run(argv)).toEqual({ code: 2, stdout: [], stderr: [line] });
  });

  test('--variant with a leading dash is named in one line', () => {
    const result = run(['--version', '1.2.3', '--variant=-alpine']);
    expect(result).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        'error: --variant is "-alpine", which starts with "-". Write the variant without the dash: --variant alpine; "-" is added to every tag. [INPUT_INVALID]',
      ],
    });
  });

  test.each([['--help'], ['-h'], ['--version', 'main', '--help']])(
    '%s prints the help, exit 0',
    (...argv) => {
      expect(run(argv)).toEqual({ code: 0, stdout: [TAGS_HELP], stderr: [] });
      expect(TAGS_HELP).toMatch(/^Usage: registry-publish tags /);
      for (const flag of [
        '--version',
        '--variant',
        '--alias',
        '--tag',
        '--latest',
        '--floating',
        '--existing',
        '--help',
      ]) {
        expect(TAGS_HELP).toContain(flag);
      }
    },
  );
});
