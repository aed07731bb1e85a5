import { LS_HELP, runLsCommand } from './ls-command.js';
import { PUBLISH_HELP, runPublishCommand } from './publish-command.js';
import { TAGS_HELP, runTagsCommand } from './tags-command.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

const HELP = `registry-publish: tag and publish container images to any OCI registry.

Commands:
  registry-publish [publish] [options]   publish an image under a version and its alias tags
  registry-publish ls REPOSITORY         list version tags, digests and the floating tags on each
  registry-publish tags [options]        derive the tags for a version, offline

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
    case 'publish':
      return runPublishCommand(rest, io);
    case 'ls':
      return runLsCommand(rest, io);
    case 'tags':
      return runTagsCommand(rest, { stdout: io.stdout, stderr: io.stderr });
    default:
      if (first.startsWith('-')) return runPublishCommand(argv, io);
      io.stderr(
        `error: unknown command "${first}". Commands: publish, ls, tags; see registry-publish --help. [INPUT_INVALID]`,
      );
      return EXIT_USAGE;
  }
}
