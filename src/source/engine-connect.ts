/** The engine client for where the engine is: its API on a socket, or the docker CLI (ssh://). */
import { engineAddress } from './engine-address.js';
import { EngineApiClient, type EngineClient } from './engine-api.js';
import { EngineCliClient } from './engine-cli.js';

export function connectEngine(env: Readonly<Record<string, string | undefined>>): EngineClient {
  const address = engineAddress(env);
  return address.endpoint.kind === 'cli'
    ? new EngineCliClient(address, address.endpoint.args, env)
    : new EngineApiClient(address);
}
