import { describe, expect, test } from 'vitest';
import { buildPlatformIndex, type IndexEntry } from '../../src/domain/platform-index.js';
import type { Digest } from '../../src/domain/digest.js';
import type { Platform } from '../../src/domain/manifest.js';
import { isPublishError } from '../../src/errors.js';

const OCI = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER = 'application/vnd.docker.distribution.manifest.v2+json';
const d = (n: number): Digest => `sha256:${String(n).repeat(64).slice(0, 64)}` as Digest;
const image = (n: number, platform: Platform, mediaType = OCI): IndexEntry => ({
  descriptor: { mediaType, digest: d(n), size: 100 + n },
  platform,
  origin: `src${n}`,
});
const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {}),
});
const attestation = (n: number, of: number): IndexEntry => ({
  descriptor: {
    mediaType: OCI,
    digest: d(n),
    size: 50,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: {
      'vnd.docker.reference.digest': d(of),
      'vnd.docker.reference.type': 'attestation-manifest',
    },
  },
  origin: `src${n}`,
});
const doc = (entries: IndexEntry[]): { mediaType: string; manifests: { digest: string }[] } =>
  JSON.parse(Buffer.from(buildPlatformIndex(entries).manifest.bytes).toString('utf8')) as {
    mediaType: string;
    manifests: { digest: string }[];
  };

describe('buildPlatformIndex', () => {
  test.each([
    {
      name: 'ordered by platform whatever the input order',
      entries: [image(2, linux('arm64')), image(1, linux('amd64'))],
      order: [1, 2],
      mediaType: 'application/vnd.oci.image.index.v1+json',
    },
    {
      name: 'every child Docker schema 2: a Docker manifest list',
      entries: [image(1, linux('amd64'), DOCKER), image(2, linux('arm', 'v7'), DOCKER)],
      order: [1, 2],
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    },
    {
      name: 'one OCI child: an OCI index',
      entries: [image(1, linux('amd64'), DOCKER), image(2, linux('arm64'))],
      order: [1, 2],
      mediaType: 'application/vnd.oci.image.index.v1+json',
    },
    {
      name: 'attestations after the images, in the order of the image they describe',
      entries: [attestation(7, 2), image(2, linux('arm64')), attestation(8, 1), image(1, linux('amd64'))],
      order: [1, 2, 8, 7],
      mediaType: 'application/vnd.oci.image.index.v1+json',
    },
    {
      name: 'variants and os.version are distinct platforms',
      entries: [
        image(1, linux('arm', 'v7')),
        image(2, linux('arm', 'v6')),
        image(3, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1' }),
        image(4, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1' }),
      ],
      order: [2, 1, 4, 3],
      mediaType: 'application/vnd.oci.image.index.v1+json',
    },
    {
      name: 'the same image twice is listed once',
      entries: [image(1, linux('amd64')), image(1, linux('amd64'))],
      order: [1],
      mediaType: 'application/vnd.oci.image.index.v1+json',
    },
  ])('$name', ({ entries, order, mediaType }) => {
    const index = doc(entries);
    expect(index.mediaType).toBe(mediaType);
    expect(index.manifests.map((m) => m.digest)).toEqual(order.map(d));
    expect(buildPlatformIndex([...entries].reverse()).manifest.digest).toBe(
      buildPlatformIndex(entries).manifest.digest,
    );
  });

  test('a second image of one platform is refused, naming both origins', () => {
    let error: unknown;
    try {
      buildPlatformIndex([image(1, linux('amd64')), image(2, linux('arm64')), image(3, linux('amd64'))]);
    } catch (err) {
      error = err;
    }
    expect(isPublishError(error, 'PLATFORM_DUPLICATE')).toBe(true);
    expect((error as Error).message).toBe('src1 and src3 are both linux/amd64');
  });

  test('an image without a platform is refused', () => {
    const entry: IndexEntry = { descriptor: { mediaType: OCI, digest: d(1), size: 1 }, origin: 'oci:x' };
    expect(() => buildPlatformIndex([entry])).toThrow('The platform of oci:x is unknown');
  });
});
