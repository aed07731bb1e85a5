/**
 * Tag listing (docs/registry-quirks.md#q28-tag-pagination): `GET /v2/<name>/tags/list?n=1000` (ECR rejects
 * n above 1000), following `Link: <…>; rel="next"` resolved against the response URL (ECR's `last` is an
 * opaque token; GCR does not paginate at all), at most MAX_TAG_PAGES pages.
 *
 * `last` is never synthesized while the registry sends Links. Only when a page carries no Link *and* is
 * exactly full (n tags) do we ask once more with `last=<final tag>`, because a registry that paginates
 * without Link would otherwise be cut short; a 4xx to that request, an empty page or a page of tags already
 * seen (the parameter was ignored) ends the list. That costs one extra request only for lists whose size
 * is an exact multiple of n.
 */
import { formatMiB } from '../domain/content-limits.js';
import type { RegistryRequester } from './call.js';
import { RegistryError } from './errors.js';
import { parseLinkNext, withQuery } from './location.js';
import { withRetry } from './retry.js';
import { readBody } from './response-body.js';
import type { SendResponse } from './transport.js';

export const TAG_PAGE_SIZE = 1000;
export const MAX_TAG_PAGES = 1000;
/**
 * Endless pagination (a hostile or broken registry answering every page with fresh tags) must end in an
 * error, not in an out-of-memory abort: at most this many tags, and this many bytes of pages in all.
 */
export const MAX_TAGS = 250_000;
export const MAX_TAG_LIST_BYTES = 64 * 1024 * 1024;

export async function listAllTags(requester: RegistryRequester, repository: string): Promise<string[]> {
  const operation = 'GET tag list';
  let url = withQuery(requester.transport.url(`/v2/${repository}/tags/list`), { n: String(TAG_PAGE_SIZE) });
  const tags: string[] = [];
  const seen = new Set<string>();
  let synthesized = false;
  let bytes = 0;
  const tooMany = (what: string): RegistryError =>
    new RegistryError({
      code: 'REGISTRY_REJECTED',
      message: `${operation} on ${requester.where(repository)} failed (${what})`,
      hint: 'The repository has too many tags to list; delete old tags or report the pagination loop.',
      method: 'GET',
    });
  for (let page = 0; page < MAX_TAG_PAGES; page++) {
    let res: SendResponse;
    let text: string;
    try {
      // A page whose body is cut off (reset, truncated, stalled) is fetched again like a failed request.
      const pageUrl = url;
      ({ res, text } = await withRetry(requester.retry, async () => {
        const page = await requester.call({
          method: 'GET',
          url: pageUrl,
          operation,
          repository,
          accept: [200],
          retry: false,
        });
        return {
          res: page,
          text: await readBody(page, `${operation} on ${requester.where(repository)}`, MAX_TAG_LIST_BYTES),
        };
      }));
    } catch (err) {
      if (synthesized && err instanceof RegistryError && err.status >= 400 && err.status < 500) return tags;
      throw err;
    }
    bytes += text.length;
    if (bytes > MAX_TAG_LIST_BYTES) throw tooMany(`more than ${formatMiB(MAX_TAG_LIST_BYTES)} of tag pages`);
    let pageTags: string[];
    try {
      const json = JSON.parse(text) as { tags?: unknown };
      pageTags = Array.isArray(json.tags) ? json.tags.filter((t): t is string => typeof t === 'string') : [];
    } catch (cause) {
      throw new RegistryError({
        code: 'REGISTRY_REJECTED',
        message: `${operation} on ${requester.where(repository)} failed (the answer is not JSON)`,
        method: 'GET',
        cause,
      });
    }
    let fresh = 0;
    for (const tag of pageTags) {
      if (seen.has(tag)) continue;
      seen.add(tag);
      tags.push(tag);
      fresh++;
    }
    if (tags.length > MAX_TAGS) throw tooMany(`more than ${MAX_TAGS} tags`);
    const next = parseLinkNext(res.headers.link, res.url);
    if (next) {
      // A Link is followed only on the registry's own host: a hostile one cannot aim the runner elsewhere.
      if (!requester.transport.isRegistryUrl(next)) {
        throw new RegistryError({
          code: 'REGISTRY_REJECTED',
          message: `${operation} on ${requester.where(repository)} failed (the next-page Link points to another host, ${next.host})`,
          hint: 'Tag pages must stay on the registry host; report the Link header to the registry operator.',
          method: 'GET',
        });
      }
      if (pageTags.length > 0 && fresh === 0) return tags; // a Link that loops
      url = next;
      synthesized = false;
      continue;
    }
    const last = pageTags[pageTags.length - 1];
    if (pageTags.length === TAG_PAGE_SIZE && fresh > 0 && last !== undefined) {
      url = withQuery(url, { n: String(TAG_PAGE_SIZE), last });
      synthesized = true;
      continue;
    }
    return tags;
  }
  throw tooMany(`more than ${MAX_TAG_PAGES} pages of tags`);
}
