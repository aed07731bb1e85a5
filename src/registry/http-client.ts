/**
 * The slice of undici the transport uses, imported module by module: the dispatchers (Agent,
 * EnvHttpProxyAgent) and the dispatcher API (request, and connect for proxy tunnels). undici's index also
 * loads fetch, WebSocket, EventSource, caches, mocks and SQLite support; these modules load in about
 * 45 ms where the index takes about 100 ms (`node` on the 2-core bench machine, no compile cache), which
 * was most of the start-up before the first request.
 */
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import AgentModule from 'undici/lib/dispatcher/agent.js';
import DispatcherModule from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import dispatcherApi from 'undici/lib/api/index.js';

// What undici's index does when it loads: every dispatcher gets request/stream/pipeline/upgrade/connect
// (ProxyAgent opens its CONNECT tunnels with connect()).
Object.assign(DispatcherModule.prototype, dispatcherApi);

export const Agent = AgentModule;
export type Agent = InstanceType<typeof AgentModule>;
export type AgentOptions = UndiciAgent.Options;
export const EnvHttpProxyAgent = EnvHttpProxyAgentModule;
export type { Dispatcher };

export interface HttpRequestOptions {
  readonly method: Dispatcher.HttpMethod;
  readonly headers: Record<string, string>;
  readonly body: Dispatcher.DispatchOptions['body'];
  readonly dispatcher: Dispatcher;
}

/** One HTTP exchange on `dispatcher` (what undici's top-level `request(url, options)` does). */
export function sendHttpRequest(url: URL, options: HttpRequestOptions): Promise<Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  return dispatcher.request({ ...rest, origin: url.origin, path: `${url.pathname}${url.search}` });
}
