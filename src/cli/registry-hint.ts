import { parseArgs } from 'node:util';
import { PUBLISH_OPTIONS } from './publish-options.js';

/**
 * The registry a `publish` command line names with `--registry`, read before the engine loads so that its
 * connections open meanwhile (early-sockets.ts). Undefined for another command, without `--registry`, and
 * for arguments the command will refuse (bad input contacts no registry).
 */
export function readRegistryHint(
  argv: readonly string[],
): { registry: string; insecure: boolean } | undefined {
  const [first, ...rest] = argv;
  const args = first === 'publish' ? rest : first?.startsWith('-') ? argv : undefined;
  if (!args) return undefined;
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: PUBLISH_OPTIONS,
    });
    if (values.help || !values.registry) return undefined;
    return { registry: values.registry, insecure: values.insecure === true };
  } catch {
    return undefined;
  }
}
