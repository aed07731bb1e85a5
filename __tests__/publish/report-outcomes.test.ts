/** Outputs and the summary's status line come from the outcomes, including a partially published target. */
import { describe, expect, test } from 'vitest';
import { buildOutputs } from '../../src/action/outputs.js';
import { renderSummary, statusLine } from '../../src/action/summary.js';
import { renderResults } from '../../src/cli/publish-command.js';
import type { Digest } from '../../src/domain/digest.js';
import { emptyTargetReport, type PublishReport, type TagReport } from '../../src/publish/report.js';

const D = `sha256:${'a'.repeat(64)}` as Digest;

function tag(name: string, action: TagReport['action'], digest: Digest | null): TagReport {
  return { tag: name, action, previous: null, digest, reason: action === 'failed' ? '405 refused' : null };
}

function report(): PublishReport {
  const ok = { ...emptyTargetReport({ name: 'a.test/ns/app', registry: 'a.test', repository: 'ns/app' }) };
  ok.digest = D;
  ok.verified = true;
  ok.tags = [tag('7.17.6', 'created', D), tag('7.17', 'created', D), tag('7', 'created', D)];
  const partial = emptyTargetReport({ name: 'b.test/ns/app', registry: 'b.test', repository: 'ns/app' });
  partial.digest = D;
  partial.tags = [
    tag('7.17.6', 'created', D),
    tag('7', 'failed', null),
    tag('latest', 'not attempted', null),
  ];
  partial.error = { code: 'REGISTRY_REJECTED', message: 'refused [REGISTRY_REJECTED]' };
  const none = emptyTargetReport({ name: 'c.test/ns/app', registry: 'c.test', repository: 'ns/app' });
  none.error = { code: 'REGISTRY_UNREACHABLE', message: 'down [REGISTRY_UNREACHABLE]' };
  return { source: 'oci:x', version: '7.17.6', dryRun: false, digest: D, targets: [partial, ok, none] };
}

describe('report outcomes', () => {
  test('tags and refs list what points at the digest, a partial target included; image names a target that got it', () => {
    const out = buildOutputs(report());
    expect(out.tags.split('\n')).toEqual(['7.17.6', '7.17', '7']);
    expect(out.refs.split('\n')).toEqual([
      'b.test/ns/app:7.17.6',
      'a.test/ns/app:7.17.6',
      'a.test/ns/app:7.17',
      'a.test/ns/app:7',
    ]);
    expect(out.image).toBe(`b.test/ns/app@${D}`);
  });

  test('image is empty when no target got the image', () => {
    const r = report();
    r.targets = r.targets.slice(2);
    expect(buildOutputs(r).image).toBe('');
    expect(buildOutputs(r).tags).toBe('');
  });

  test('the summary opens with one status line; a failed target keeps its rows and error', () => {
    expect(statusLine(report())).toBe(
      '**❌ 4 tags on 2 of 3 targets**; 2 targets failed: `b.test/ns/app` (REGISTRY_REJECTED), `c.test/ns/app` (REGISTRY_UNREACHABLE)',
    );
    const md = renderSummary(report());
    expect(md).toContain('| `7` | failed |');
    expect(md).toContain('| `latest` | not attempted |');
    expect(md).toContain('> down \\[REGISTRY\\_UNREACHABLE\\]');
  });

  test('the CLI table has the failed rows and prints no bare header when nothing was planned', () => {
    const lines = renderResults(report());
    expect(lines.some((l) => /b\.test\/ns\/app:7\s+failed/.test(l))).toBe(true);
    const r = report();
    r.targets = r.targets.slice(2);
    expect(renderResults(r)).toEqual([]);
  });
});
