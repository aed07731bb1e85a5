/**
 * One bundle, two adapters: started by a GitHub runner (INPUT_* variables, no arguments) it is the action;
 * started with arguments, or outside Actions, it is the `registry-publish` command line.
 */
import { runAction } from './main.js';
import { runCli } from './cli/main.js';

const argv = process.argv.slice(2);
const isAction =
  argv.length === 0 &&
  (process.env.GITHUB_ACTIONS === 'true' || Object.keys(process.env).some((k) => k.startsWith('INPUT_')));

if (isAction) {
  await runAction();
} else {
  process.exitCode = await runCli(argv, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    interactive: process.stderr.isTTY === true,
  });
}
