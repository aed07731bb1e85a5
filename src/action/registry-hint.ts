/**
 * The registry the action's `registry` input names, read from the runner's INPUT_ variables before
 * @actions/core and the engine load, so that its connections open meanwhile (early-sockets.ts). Undefined
 * when the input is not set.
 */
export function readActionRegistryHint(
  env: Readonly<Record<string, string | undefined>>,
): { registry: string; insecure: boolean } | undefined {
  const registry = env.INPUT_REGISTRY?.trim();
  if (!registry) return undefined;
  return { registry, insecure: env.INPUT_INSECURE?.trim().toLowerCase() === 'true' };
}
