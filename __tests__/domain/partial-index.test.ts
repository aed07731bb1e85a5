import { describe, expect, test } from 'vitest';
import { choosePresentChild, type IndexChild } from '../../src/domain/partial-index.js';
import type { Digest } from '../../src/domain/digest.js';
import type { Platform } from '../../src/domain/manifest.js';

const OCI = 'application/vnd.oci.image.manifest.v1+json';
const d = (n: number): Digest => `sha256:${String(n).repeat(64).slice(0, 64)}` as Digest;
const child = (n: number, platform: Platform | undefined, present: boolean): IndexChild => ({
  descriptor: { mediaType: OCI, digest: d(n), size: 100, ...(platform ? { platform } : {}) },
  present,
});
const linux = (architecture: string, variant?: string): Platform => ({
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {}),
});
const attestation = (n: number, present: boolean): IndexChild => ({
  descriptor: {
    mediaType: OCI,
    digest: d(n),
    size: 50,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': d(1) },
  },
  present,
});

describe('choosePresentChild (docker push of an index the engine holds in part)', () => {
  test('the present manifest of the engine’s platform', () => {
    const children = [child(1, linux('amd64'), true), child(2, linux('arm64'), false), attestation(3, false)];
    expect(choosePresentChild(children, linux('amd64'))?.descriptor.digest).toBe(d(1));
  });

  test('none when the engine’s platform is not present, even if another is', () => {
    const children = [child(1, linux('amd64'), false), child(2, linux('arm64'), true)];
    expect(choosePresentChild(children, linux('amd64'))).toBeUndefined();
  });

  test('the exact variant first; arm64 without a variant is v8', () => {
    const children = [child(1, linux('arm', 'v6'), true), child(2, linux('arm', 'v7'), true)];
    expect(choosePresentChild(children, linux('arm', 'v7'))?.descriptor.digest).toBe(d(2));
    expect(
      choosePresentChild([child(4, linux('arm64'), true)], linux('arm64', 'v8'))?.descriptor.digest,
    ).toBe(d(4));
  });

  test('never an attestation; with the platform unknown, only a single present image', () => {
    expect(choosePresentChild([attestation(3, true)], undefined)).toBeUndefined();
    expect(
      choosePresentChild([child(1, linux('amd64'), true), attestation(3, true)], undefined)?.descriptor
        .digest,
    ).toBe(d(1));
    expect(
      choosePresentChild([child(1, linux('amd64'), true), child(2, linux('arm64'), true)], undefined),
    ).toBeUndefined();
  });
});
