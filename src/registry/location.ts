/**
 * URLs the registry hands us: upload `Location`s, redirects and pagination `Link`s. They are opaque: resolved
 * against the URL of the response that carried them, never rebuilt from parts.
 */
import { BlockList, isIP } from 'node:net';

/**
 * docs/registry-quirks.md#q1-location-anywhere: a `Location` may be relative (`/v2/…`, GHCR), absolute, on
 * another host (S3/GCS presigned), or a non-`/v2` path (GAR `/artifacts-uploads/…`): resolve it against the
 * response URL (after redirects). docs/registry-quirks.md#q3-http-location-behind-tls: an `http://` Location
 * for the same host as an https registry (a TLS-terminating proxy that forgot X-Forwarded-Proto) is upgraded
 * to https rather than followed in plain text.
 */
export function resolveLocation(location: string, responseUrl: URL): URL {
  const url = new URL(location, responseUrl);
  if (
    url.protocol === 'http:' &&
    responseUrl.protocol === 'https:' &&
    sameHostIgnoringDefaultPort(url, responseUrl)
  ) {
    url.protocol = 'https:';
    if (url.port === '80') url.port = '';
  }
  return url;
}

function sameHostIgnoringDefaultPort(a: URL, b: URL): boolean {
  if (a.hostname !== b.hostname) return false;
  const portA = a.port === '' || a.port === '80' ? '' : a.port;
  const portB = b.port === '' || b.port === '443' ? '' : b.port;
  return portA === portB;
}

/**
 * docs/registry-quirks.md#q2-location-query-state: an upload Location may carry critical query parameters
 * (`_state=…`): append `digest=` with `&` and keep every existing parameter (a `digest` already present is
 * replaced).
 */
export function withQuery(url: URL, params: Readonly<Record<string, string>>): URL {
  const out = new URL(url.href);
  for (const [key, value] of Object.entries(params)) out.searchParams.set(key, value);
  return out;
}

/** The `rel="next"` target of a `Link` header, resolved against the response URL; undefined when absent. */
export function parseLinkNext(
  header: string | readonly string[] | undefined,
  responseUrl: URL,
): URL | undefined {
  if (header === undefined) return undefined;
  const values = typeof header === 'string' ? [header] : header;
  for (const value of values) {
    for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
      const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
      const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
      if (rels.includes('next')) return new URL(match[1] ?? '', responseUrl);
    }
  }
  return undefined;
}

/** `localhost`, 127.0.0.0/8, ::1 — Docker's implicit insecure-registry rule. `host` may carry a port. */
export function isLoopbackHost(host: string): boolean {
  const name = hostnameOf(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return inList(LOOPBACK, name);
}

/**
 * Loopback, unspecified, RFC 1918, link-local, CGNAT and unique-local literal IPs (the SSRF guard of
 * docs/registry-quirks.md#q4-cross-host-redirects). `net.BlockList` matches IPv4-mapped IPv6
 * (`[::ffff:169.254.169.254]`, which the URL parser rewrites to `[::ffff:a9fe:a9fe]`) against the IPv4
 * rules, which text patterns never saw.
 */
export function isPrivateHost(host: string): boolean {
  if (isLoopbackHost(host)) return true;
  return inList(PRIVATE, hostnameOf(host));
}

const LOOPBACK = blockList([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);

const PRIVATE = blockList([
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
]);

function blockList(subnets: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of subnets) list.addSubnet(network, prefix, family);
  return list;
}

function inList(list: BlockList, name: string): boolean {
  const family = isIP(name);
  if (family === 0) return false;
  return list.check(name, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host name without port and IPv6 brackets, lowercased. */
export function hostnameOf(host: string): string {
  let name = host.toLowerCase();
  if (name.startsWith('[')) return name.slice(1, name.indexOf(']') === -1 ? undefined : name.indexOf(']'));
  const colon = name.lastIndexOf(':');
  if (colon !== -1 && name.indexOf(':') === colon) name = name.slice(0, colon);
  return name;
}
