import { LS_HELP, runLsCommand } from './ls-command.js';
import { PUBLISH_HELP, runPublishCommand } from './publish-command.js';
import { TAGS_HELP, runTagsCommand } from './tags-command.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';
import { TOOL_VERSION } from './tool-version.js';

const HELP = `registry-publish ${TOOL_VERSION}: tag and publish container images to any OCI registry.

Commands:
  registry-publish [publish] [options]   publish an image under a version and its alias tags
  registry-publish ls REPOSITORY         list version tags, digests and the floating tags on each
  registry-publish tags [options]        derive the tags for a version, offline
  registry-publish version               print the version (also -V, or --version alone)

Run registry-publish COMMAND --help for a command's options.

${PUBLISH_HELP}

${LS_HELP}

${TAGS_HELP}`;

/** The command-line adapter: argv in, exit code out. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(HELP);
      return first === undefined ? EXIT_USAGE : EXIT_OK;
    case 'version':
    case '-V':
      io.stdout(`registry-publish ${TOOL_VERSION}`);
      return EXIT_OK;
    case 'publish':
      return runPublishCommand(rest, io);
    case 'ls':
      return runLsCommand(rest, io);
    case 'tags':
      return runTagsCommand(rest, { stdout: io.stdout, stderr: io.stderr });
    default:
      // --version alone asks for the tool's version; with a value it is publish's --version V.
      if (first === '--version' && rest.length === 0) {
        io.stdout(`registry-publish ${TOOL_VERSION}`);
        return EXIT_OK;
      }
      if (first.startsWith('-')) return runPublishCommand(argv, io);
      io.stderr(
        `error: unknown command "${first}". Commands: publish, ls, tags, version; see registry-publish --help. [INPUT_INVALID]`,
      );
      return EXIT_USAGE;
  }
}
