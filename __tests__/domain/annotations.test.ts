import { describe, expect, test } from 'vitest';
import { annotateManifest, parseAnnotations, resolveAnnotations } from '../../src/domain/annotations.js';
import { toRawManifest, type RawManifest } from '../../src/domain/manifest.js';
import { wordRemedyForCli } from '../../src/cli/words.js';
import { messageOf } from '../fixtures/adapter-words.js';

const created = new Date('2026-01-02T03:04:05.678Z');

describe('annotations', () => {
  test.each([
    { lines: [], context: {}, out: {} },
    { lines: ['b=2', 'a=x=y'], context: {}, out: { a: 'x=y', b: '2' } },
    {
      lines: ['auto'],
      context: { version: '1.2.3', revision: 'abc', source: 'https://github.com/o/r' },
      out: {
        'org.opencontainers.image.created': '2026-01-02T03:04:05Z',
        'org.opencontainers.image.revision': 'abc',
        'org.opencontainers.image.source': 'https://github.com/o/r',
        'org.opencontainers.image.version': '1.2.3',
      },
    },
    {
      lines: ['auto', 'org.opencontainers.image.version=custom'],
      context: {},
      out: {
        'org.opencontainers.image.created': '2026-01-02T03:04:05Z',
        'org.opencontainers.image.version': 'custom',
      },
    },
    {
      lines: ['auto'],
      context: { created: undefined, revision: 'abc' },
      out: { 'org.opencontainers.image.revision': 'abc' },
    },
  ])('$lines', ({ lines, context, out }) => {
    const resolved = resolveAnnotations(parseAnnotations(lines), {
      created,
      ...context,
    });
    expect(resolved).toEqual(out);
    expect(Object.keys(resolved)).toEqual(Object.keys(out).sort());
  });

  test.each(['novalue', '=x', 'a key=v'])('"%s" is refused naming the input', (line) => {
    let error: unknown;
    try {
      parseAnnotations([line]);
    } catch (err) {
      error = err;
    }
    expect(messageOf(error, wordRemedyForCli)).toBe(`--annotation line "${line}" is not key=value`);
    expect(messageOf(error)).toBe(`Input "annotations" line "${line}" is not key=value`);
  });
});

describe('annotateManifest', () => {
  const raw = (doc: object, mediaType: string) => toRawManifest(Buffer.from(JSON.stringify(doc)), mediaType);
  const parse = (m: RawManifest) =>
    JSON.parse(Buffer.from(m.bytes).toString('utf8')) as Record<string, unknown>;
  const DOCKER = 'application/vnd.docker.distribution.manifest.v2+json';
  const docker = raw(
    {
      schemaVersion: 2,
      mediaType: DOCKER,
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 2, digest: 'sha256:c' },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 3, digest: 'sha256:l' },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', size: 4, digest: 'sha256:z' },
      ],
    },
    DOCKER,
  );

  test('no annotations: the same manifest, byte for byte', () => {
    expect(annotateManifest(docker, {})).toBe(docker);
  });

  test('a Docker schema 2 manifest becomes its OCI equivalent with the annotations', () => {
    const out = annotateManifest(docker, { b: '2', a: '1' });
    expect(out.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(out.digest).not.toBe(docker.digest);
    const doc = parse(out);
    expect(doc).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 2, digest: 'sha256:c' },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 3, digest: 'sha256:l' },
        { mediaType: 'application/vnd.oci.image.layer.v1.tar+zstd', size: 4, digest: 'sha256:z' },
      ],
      annotations: { a: '1', b: '2' },
    });
    expect(Object.keys(doc.annotations as object)).toEqual(['a', 'b']);
    // Deterministic: the same input gives the same digest.
    expect(annotateManifest(docker, { a: '1', b: '2' }).digest).toBe(out.digest);
  });

  test('an OCI manifest keeps its types; new annotations win over existing ones', () => {
    const OCI = 'application/vnd.oci.image.manifest.v1+json';
    const oci = raw(
      { schemaVersion: 2, mediaType: OCI, config: {}, layers: [], annotations: { a: 'old', z: 'kept' } },
      OCI,
    );
    expect(parse(annotateManifest(oci, { a: 'new' })).annotations).toEqual({ a: 'new', z: 'kept' });
  });

  test('a Docker manifest list becomes an OCI index; its children keep their types', () => {
    const LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
    const child = {
      mediaType: DOCKER,
      size: 5,
      digest: 'sha256:m',
      platform: { os: 'linux', architecture: 'amd64' },
    };
    const out = annotateManifest(raw({ schemaVersion: 2, mediaType: LIST, manifests: [child] }, LIST), {
      a: '1',
    });
    expect(out.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(parse(out).manifests).toEqual([child]);
  });
});
