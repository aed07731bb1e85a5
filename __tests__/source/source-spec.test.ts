import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLocalPath } from '../../src/source/local-path.js';
import { parseSourceSpec, type SourceSpec } from '../../src/source/source-spec.js';
import { tempDir } from '../fixtures/image-fixtures.js';
import { expectError, expectSyncError } from './helpers.js';

describe('parseSourceSpec', () => {
  it.each<[string, SourceSpec]>([
    ['docker-daemon:app:1.2', { transport: 'docker-daemon', name: 'app:1.2', text: 'docker-daemon:app:1.2' }],
    ['docker-daemon:app', { transport: 'docker-daemon', name: 'app', text: 'docker-daemon:app' }],
    ['app:1.2', { transport: 'docker-daemon', name: 'app:1.2', text: 'docker-daemon:app:1.2' }],
    [
      'ghcr.io/org/app',
      { transport: 'docker-daemon', name: 'ghcr.io/org/app', text: 'docker-daemon:ghcr.io/org/app' },
    ],
    [
      'localhost:5000/app:1',
      {
        transport: 'docker-daemon',
        name: 'localhost:5000/app:1',
        text: 'docker-daemon:localhost:5000/app:1',
      },
    ],
    [
      '3f2a1b4c5d6e',
      { transport: 'docker-daemon', name: '3f2a1b4c5d6e', text: 'docker-daemon:3f2a1b4c5d6e' },
    ],
    [
      `sha256:${'a'.repeat(64)}`,
      {
        transport: 'docker-daemon',
        name: `sha256:${'a'.repeat(64)}`,
        text: `docker-daemon:sha256:${'a'.repeat(64)}`,
      },
    ],
    [
      'docker-archive:./app.tar',
      { transport: 'docker-archive', path: './app.tar', text: 'docker-archive:./app.tar' },
    ],
    [
      'docker-archive:all.tar:app:1.0',
      {
        transport: 'docker-archive',
        path: 'all.tar',
        ref: 'app:1.0',
        unsplit: 'all.tar:app:1.0',
        text: 'docker-archive:all.tar:app:1.0',
      },
    ],
    [
      'oci-archive:/tmp/x.tar',
      { transport: 'oci-archive', path: '/tmp/x.tar', text: 'oci-archive:/tmp/x.tar' },
    ],
    ['oci:./out', { transport: 'oci', path: './out', text: 'oci:./out' }],
    ['oci:./out:', { transport: 'oci', path: './out', text: 'oci:./out' }],
    [
      'oci:./out:1.0',
      { transport: 'oci', path: './out', ref: '1.0', unsplit: './out:1.0', text: 'oci:./out:1.0' },
    ],
    [
      'docker://ghcr.io/org/app:1',
      { transport: 'docker', reference: 'ghcr.io/org/app:1', text: 'docker://ghcr.io/org/app:1' },
    ],
    ['  oci:dir  ', { transport: 'oci', path: 'dir', text: 'oci:dir' }],
  ])('%s', (input, expected) => {
    expect(parseSourceSpec(input, 'source')).toEqual(expected);
  });

  it.each([
    ['docker-deamon:app', 'docker-daemon:'],
    ['docker-achive:./app.tar', 'docker-archive:'],
    ['oci-archve:./app.tar', 'oci-archive:'],
  ])('takes %s for a typo of a transport, not for an engine image', (spec, meant) => {
    expectSyncError(
      () => parseSourceSpec(spec, 'source'),
      'SOURCE_INVALID',
      '--source',
      `did you mean "${meant}"?`,
    );
  });

  it('still reads a bare engine image whose name is far from every transport', () => {
    expect(parseSourceSpec('docker-app:1', 'source')).toMatchObject({ transport: 'docker-daemon' });
    expect(parseSourceSpec('nginx:1.27', 'source')).toMatchObject({ transport: 'docker-daemon' });
  });

  it('refuses an unknown transport, naming the input and listing the transports', () => {
    const err = expectSyncError(
      () => parseSourceSpec('oci-layout:./out', 'source'),
      'SOURCE_INVALID',
      'Input "source"',
      '"oci-layout:"',
    );
    expect(err.message).toContain('docker-daemon:, docker-archive:, oci-archive:, oci:, docker://');
    expectSyncError(
      () => parseSourceSpec('https://ghcr.io/org/app', 'source'),
      'SOURCE_INVALID',
      '"https://"',
    );
    expectSyncError(() => parseSourceSpec('dir:/tmp/x', 'source'), 'SOURCE_INVALID', '--source', '"dir:"');
    expectSyncError(
      () => parseSourceSpec('containers-storage:app', 'source'),
      'SOURCE_INVALID',
      'containers-storage',
    );
  });

  it('refuses empty and malformed sources', () => {
    expectSyncError(() => parseSourceSpec('  ', 'source'), 'SOURCE_INVALID', 'is empty');
    expectSyncError(() => parseSourceSpec('oci:', 'source'), 'SOURCE_INVALID', 'no path');
    expectSyncError(() => parseSourceSpec('docker-daemon:', 'source'), 'SOURCE_INVALID', 'no image');
    expectSyncError(() => parseSourceSpec('docker:ghcr.io/app', 'source'), 'SOURCE_INVALID', '"//"');
    expectSyncError(() => parseSourceSpec('docker://', 'source'), 'SOURCE_INVALID', 'no image');
    expectSyncError(
      () => parseSourceSpec('docker://Ghcr.io/Org/App', 'source'),
      'SOURCE_INVALID',
      'registry reference',
    );
    expectSyncError(() => parseSourceSpec('my app', 'source'), 'SOURCE_INVALID', '"my app"');
    expectSyncError(() => parseSourceSpec('docker-daemon:a b', 'source'), 'SOURCE_INVALID', 'image name');
  });
});

describe('resolveLocalPath', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await mkdir(join(dir, 'out:v1'));
    await mkdir(join(dir, 'plain'));
    await writeFile(join(dir, 'file.tar'), 'x');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const local = (text: string) => parseSourceSpec(text) as Extract<SourceSpec, { path: string }>;

  it('splits PATH and REF at the first ":" (as skopeo does)', async () => {
    expect(await resolveLocalPath(local(`oci:${dir}/plain:v1`), 'directory')).toEqual({
      path: `${dir}/plain`,
      ref: 'v1',
    });
  });

  it('takes the whole text as the path when only that exists (a directory with ":" in its name)', async () => {
    expect(await resolveLocalPath(local(`oci:${dir}/out:v1`), 'directory')).toEqual({
      path: `${dir}/out:v1`,
    });
  });

  it('names a missing path, and says which transport fits a file or a directory', async () => {
    await expectError(
      resolveLocalPath(local(`oci:${dir}/nope`), 'directory'),
      'SOURCE_NOT_FOUND',
      `${dir}/nope`,
    );
    await expectError(
      resolveLocalPath(local(`oci:${dir}/file.tar`), 'directory'),
      'SOURCE_INVALID',
      'is a file',
    );
    await expectError(
      resolveLocalPath(local(`docker-archive:${dir}/plain`), 'file'),
      'SOURCE_INVALID',
      'is a directory',
    );
  });
});
