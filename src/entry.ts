/**
 * One bundle, two adapters: started by a GitHub runner (INPUT_* variables, no arguments) it is the action;
 * started with arguments, or outside Actions, it is the `registry-publish` command line.
 */
import { readActionRegistryHint } from './action/registry-hint.js';
import { readRegistryHint } from './cli/registry-hint.js';
import { openEarlySockets } from './registry/early-sockets.js';

const argv = process.argv.slice(2);
const isAction =
  argv.length === 0 &&
  (process.env.GITHUB_ACTIONS === 'true' || Object.keys(process.env).some((k) => k.startsWith('INPUT_')));

// The registry's connections open while the adapter and the engine load (early-sockets.ts).
const hint = isAction ? readActionRegistryHint(process.env) : readRegistryHint(argv);
if (hint) openEarlySockets(hint, process.env);

// Each adapter is loaded only when used: the command line never loads @actions/core (and its HTTP client).
if (isAction) {
  const { runAction } = await import('./main.js');
  await runAction();
} else {
  const { runCli } = await import('./cli/main.js');
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
