/**
 * The workflows under .github/workflows and the examples in the README: every action pinned to a major
 * version that runs on Node 24, least-privilege permissions, and the jobs the project relies on (CI with a
 * registry:2 service for `uses: ./`, check-dist with the expected dist/ as an artifact, end to end against a
 * service registry and GHCR, moving the major tag on a release).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKFLOWS = resolve(ROOT, '.github/workflows');
const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');

const files = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const workflow = (name: string): string => read(`.github/workflows/${name}`);

/** Every `uses:` value in some YAML text (step actions, reusable workflows), comments stripped. */
function usesIn(text: string): string[] {
  return [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)/gm)].map((m) =>
    (m[1] as string).replace(/^['"]|['"]$/g, ''),
  );
}

/** `owner/repo[/path]@vN`, or a local path `./…`. */
const PINNED_TO_MAJOR = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@v\d+$/;
const isLocal = (ref: string): boolean => ref === './' || ref.startsWith('./');

/** The first major of each action whose action.yml declares `runs.using: node24`. */
const NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
  'actions/cache': 5,
  'docker/login-action': 4,
  'aws-actions/configure-aws-credentials': 6,
};

/** The YAML blocks of the README (its workflow examples). */
const readmeBlocks = [...read('README.md').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string);

describe('every uses: is pinned to a major version on Node 24', () => {
  test('there are the four workflows', () => {
    expect(files).toEqual(['check-dist.yml', 'ci.yml', 'e2e.yml', 'release.yml']);
  });

  const sources = [
    ...files.map((f) => [`.github/workflows/${f}`, workflow(f)] as const),
    ['README.md examples', readmeBlocks.join('\n')] as const,
  ];

  test.each(sources)('%s', (_name, text) => {
    const refs = usesIn(text);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(isLocal(ref) || PINNED_TO_MAJOR.test(ref), `${ref} is not pinned to a major (@vN) nor ./`).toBe(
        true,
      );
      const [action, version] = ref.split('@');
      const minimum = NODE24_MAJOR[action ?? ''];
      if (minimum !== undefined) {
        expect(
          Number(version?.slice(1)),
          `${ref}: the first major on node24 is v${minimum}`,
        ).toBeGreaterThanOrEqual(minimum);
      }
    }
  });

  test('the pin check rejects what it should', () => {
    for (const bad of [
      'actions/checkout@main',
      'actions/checkout@v5.0.0',
      'actions/checkout',
      'docker://alpine',
    ])
      expect(PINNED_TO_MAJOR.test(bad), bad).toBe(false);
    for (const good of ['actions/checkout@v5', 'github/codeql-action/init@v3'])
      expect(PINNED_TO_MAJOR.test(good)).toBe(true);
  });
});

describe('every workflow', () => {
  test.each(files)(
    '%s sets top-level permissions, uses .node-version and only existing npm scripts',
    (file) => {
      const text = workflow(file);
      expect(text).toMatch(/^permissions:\n {2}contents: read$/m);
      const setups = text.split('uses: actions/setup-node@').length - 1;
      expect(text.split('node-version-file: .node-version').length - 1).toBe(setups);
      expect(text).not.toMatch(/node-version: /);
      const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: object }).scripts);
      for (const m of text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) expect(scripts).toContain(m[1]);
      expect(text).not.toMatch(/\t/);
    },
  );
});

describe('ci.yml', () => {
  const text = workflow('ci.yml');

  test('runs format, lint, typecheck, unit and integration tests', () => {
    for (const step of [
      'npm run format:check',
      'npm run lint',
      'npm run typecheck',
      'npm run test:unit',
      'npm run test:integration',
    ])
      expect(text).toContain(step);
    expect(text).toContain('run: script/provision');
  });

  test('runs the action with uses: ./ against a registry:2 service container', () => {
    expect(text).toMatch(/services:\n\s+registry:\n\s+image: registry:2\n\s+ports:\n\s+- 5000:5000/);
    expect(usesIn(text)).toContain('./');
    expect(text).toContain('registry: localhost:5000');
  });

  test('publishes what docker build made with source left at its default, then docker pulls every tag', () => {
    const job = text.slice(text.indexOf('\n  engine:\n'));
    expect(job).toContain('docker build -t rp-ci-app');
    const publishes = job.split('uses: ./').slice(1);
    expect(publishes).toHaveLength(2);
    for (const step of publishes) {
      const inputs = step.slice(0, step.indexOf('- name:'));
      expect(inputs).toContain('image: rp-ci-app');
      expect(inputs).not.toMatch(/\bsources?:/);
    }
    expect(job).toMatch(/docker pull -q "\$REPO:\$tag"/);
    // The engine was the source, and the re-run uploaded nothing and left every tag unchanged.
    expect(job).toContain('.source == "docker-daemon:rp-ci-app"');
    expect(job).toContain('.targets[0].blobs.uploaded == {"count": 0, "bytes": 0}');
    expect(job).toContain('"latest=unchanged"');
  });

  test("the engine job compares images by config digest and diff IDs, not .Id (the containerd store's .Id is the manifest's)", () => {
    const job = text.slice(text.indexOf('\n  engine:\n'));
    expect(job).toContain("tar -xO manifest.json | jq -r '.[0].Config'");
    expect(job).toContain('{{json .RootFS.Layers}}');
    expect(job).not.toContain('{{.Id}}');
  });
});

describe('check-dist.yml', () => {
  const text = workflow('check-dist.yml');

  test('rebuilds, fails on a difference and uploads the expected dist/ on failure', () => {
    expect(text).toContain('run: npm run build');
    expect(text).toContain('git status --porcelain --untracked-files=all -- dist/');
    expect(text).toMatch(/exit 1/);
    expect(text).toMatch(
      /if: \$\{\{ failure\(\) && steps\.diff\.outcome == 'failure' \}\}\n\s+uses: actions\/upload-artifact@v\d+\n\s+with:\n\s+name: dist\n\s+path: dist\//,
    );
  });
});

describe('e2e.yml', () => {
  const text = workflow('e2e.yml');

  test('runs uses: ./ against a service registry', () => {
    expect(text).toMatch(/services:\n\s+registry:\n\s+image: registry:2/);
    expect(usesIn(text).filter((u) => u === './').length).toBeGreaterThanOrEqual(10);
  });

  test('publishes to GHCR on the default branch only, with packages: write', () => {
    const ghcr = text.slice(text.indexOf('\n  ghcr:'));
    expect(ghcr).toContain(
      "if: ${{ github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch }}",
    );
    expect(ghcr).toMatch(/permissions:\n\s+contents: read\n\s+packages: write/);
    expect(ghcr).toContain('registry: ghcr.io');
    expect(ghcr).toContain('echo "owner=${GITHUB_REPOSITORY_OWNER,,}"');
    expect(ghcr).toContain('password: ${{ secrets.GITHUB_TOKEN }}');
    // The top of the file grants nothing more than read.
    expect(text.slice(0, text.indexOf('\njobs:'))).not.toContain('packages: write');
  });
});

describe('release.yml and script/release', () => {
  const text = workflow('release.yml');

  test('moves the major tag when a release is published', () => {
    expect(text).toMatch(/on:\n\s+release:\n\s+types: \[published\]/);
    expect(text).toMatch(/permissions:\n\s+contents: write/);
    expect(text).toContain('git push --force origin "refs/tags/$MAJOR"');
    expect(text).toContain('if: ${{ !github.event.release.prerelease }}');
    expect(text).toContain('npm run check-dist');
  });

  test('script/release is an executable bash script that moves the major tag', () => {
    const script = read('script/release');
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain('set -euo pipefail');
    expect(script).toContain('npm run --silent check-dist');
    expect(script).toContain('+refs/tags/$major');
    expect(statSync(resolve(ROOT, 'script/release')).mode & 0o111).not.toBe(0);
  });
});
