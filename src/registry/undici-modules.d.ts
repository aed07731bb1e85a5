/** Types for the undici modules http-client.ts imports one by one (undici ships types for its index only). */
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import { EnvHttpProxyAgent } from 'undici';
  export default EnvHttpProxyAgent;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
  import { Dispatcher } from 'undici';
  export default Dispatcher;
}

declare module 'undici/lib/api/index.js' {
  /** request, stream, pipeline, upgrade and connect, as methods for Dispatcher.prototype. */
  const api: Record<string, (...args: unknown[]) => unknown>;
  export default api;
}
