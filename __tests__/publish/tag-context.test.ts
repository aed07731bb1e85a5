import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readTagContext } from '../../src/publish/tag-context.js';

const SHA = '860C190A1B2C3D4E5F60718293A4B5C6D7E8F901';
const NOW = new Date('2026-12-02T10:00:00Z');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tag-context-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTagContext', () => {
  test('a push to a branch', () => {
    const c = readTagContext({ GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/release/2.x' }, NOW);
    expect(c).toMatchObject({ sha: SHA.toLowerCase(), branch: 'release/2.x', now: NOW });
    expect(c.pr).toBeUndefined();
    expect(c.missing?.pr).toBe('GITHUB_REF is refs/heads/release/2.x, not a pull request');
  });

  test('a pull request: the head branch and the number from the ref', () => {
    const c = readTagContext(
      { GITHUB_SHA: SHA, GITHUB_REF: 'refs/pull/42/merge', GITHUB_HEAD_REF: 'feature/x' },
      NOW,
    );
    expect(c).toMatchObject({ branch: 'feature/x', pr: 42 });
  });

  test('the pull request number from the event payload', async () => {
    const event = join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ pull_request: { number: 7 } }));
    expect(readTagContext({ GITHUB_REF: 'refs/heads/x', GITHUB_EVENT_PATH: event }, NOW).pr).toBe(7);
    expect(readTagContext({ GITHUB_EVENT_PATH: join(dir, 'absent.json') }, NOW).pr).toBeUndefined();
  });

  test('a tag push has no branch; a bad GITHUB_SHA is no commit', () => {
    const c = readTagContext({ GITHUB_SHA: 'HEAD', GITHUB_REF: 'refs/tags/v1.2.3' }, NOW);
    expect(c.branch).toBeUndefined();
    expect(c.sha).toBeUndefined();
    expect(c.missing?.sha).toBe('GITHUB_SHA is "head", not a commit id');
    expect(c.missing?.branch).toBe('GITHUB_REF is refs/tags/v1.2.3, not a branch');
  });

  test('nothing set: everything but the date is unknown, and says so', () => {
    const c = readTagContext({}, NOW);
    expect(c).toEqual({
      now: NOW,
      missing: {
        sha: 'GITHUB_SHA is not set',
        sha_long: 'GITHUB_SHA is not set',
        branch: 'GITHUB_REF and GITHUB_HEAD_REF are not set',
        pr: 'GITHUB_REF is not set',
      },
    });
  });

  test('SOURCE_DATE_EPOCH fixes the date', () => {
    expect(readTagContext({ SOURCE_DATE_EPOCH: '1700000000' }, NOW).now.toISOString()).toBe(
      '2023-11-14T22:13:20.000Z',
    );
  });
});

describe('readAnnotationContext', () => {
  test('created from SOURCE_DATE_EPOCH, else the pushed commit, else absent; source and revision from GITHUB_*', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readAnnotationContext } = await import('../../src/publish/tag-context.js');
    const dir = await mkdtemp(join(tmpdir(), 'annotation-context-'));
    try {
      const event = join(dir, 'event.json');
      await writeFile(event, JSON.stringify({ head_commit: { timestamp: '2026-03-04T05:06:07+00:00' } }));
      const sha = 'b'.repeat(40);
      const base = { GITHUB_SHA: sha, GITHUB_REPOSITORY: 'o/r', GITHUB_EVENT_PATH: event };
      expect(readAnnotationContext(base, 'refs/tags/v1.2.3')).toEqual({
        created: new Date('2026-03-04T05:06:07Z'),
        version: '1.2.3',
        revision: sha,
        source: 'https://github.com/o/r',
      });
      expect(readAnnotationContext({ ...base, SOURCE_DATE_EPOCH: '0' }, undefined).created).toEqual(
        new Date(0),
      );
      expect(readAnnotationContext({}, undefined)).toEqual({
        version: undefined,
        revision: undefined,
        source: undefined,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
