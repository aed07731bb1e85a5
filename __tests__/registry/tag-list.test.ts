/**
 * Endless tag pagination (issue 19, case 6): a server that answers every page with 1000 fresh tags and a
 * `Link` to the next page ends in one REGISTRY_REJECTED error at MAX_TAGS, not in an out-of-memory abort;
 * a server that sends huge pages of fresh tags ends at MAX_TAG_LIST_BYTES.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { isPublishError } from '../../src/errors.js';
import { createRegistryClient } from '../../src/registry/client.js';
import { MAX_TAGS, MAX_TAG_LIST_BYTES } from '../../src/registry/tag-list.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A registry whose tag list never ends: page N holds `perPage` tags named N-i, each `pad` long. */
async function endless(perPage: number, pad: number): Promise<{ host: string; pages: () => number }> {
  let pages = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!url.pathname.endsWith('/tags/list')) return void res.writeHead(200).end('{}');
    const page = Number(url.searchParams.get('page') ?? 0);
    pages++;
    const tags = Array.from({ length: perPage }, (_, i) => `${page}-${i}`.padEnd(pad, 'x'));
    res.writeHead(200, {
      'content-type': 'application/json',
      link: `</v2/org/app/tags/list?n=1000&page=${page + 1}>; rel="next"`,
    });
    res.end(JSON.stringify({ name: 'org/app', tags }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, pages: () => pages };
}

async function listFailure(host: string): Promise<unknown> {
  const client = createRegistryClient({ registry: host, env: {} });
  try {
    await client.listTags('org/app');
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await client.close();
  }
}

test('fresh tags on every page: REGISTRY_REJECTED after MAX_TAGS, with bounded heap', async () => {
  const server = await endless(1000, 8);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  const err = await listFailure(server.host);
  expect(isPublishError(err, 'REGISTRY_REJECTED')).toBe(true);
  expect((err as Error).message).toMatch(new RegExp(`more than ${MAX_TAGS} tags`));
  expect(server.pages()).toBe(MAX_TAGS / 1000 + 1);
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
});

test('huge pages of fresh tags: REGISTRY_REJECTED after MAX_TAG_LIST_BYTES', async () => {
  // 1000 tags of 300 characters: about 300 KB a page; the byte cap hits before MAX_TAGS.
  const server = await endless(1000, 300);
  const err = await listFailure(server.host);
  expect(isPublishError(err, 'REGISTRY_REJECTED')).toBe(true);
  expect((err as Error).message).toMatch(/MiB of tag pages/);
  expect(server.pages()).toBeLessThanOrEqual(Math.ceil(MAX_TAG_LIST_BYTES / 300_000) + 1);
});
