/**
 * Hostile and mistaken input, table-driven through dist/index.js started as a GitHub runner starts the
 * action (INPUT_*) and, where the mistake exists there too, as the CLI (the same values as flags, the
 * password in REGISTRY_PASSWORD). Every case must exit non-zero with exactly one error line (`::error::` /
 * `error:`) that names the input or flag (in that adapter's words: no `--flag` in the action, no `Input "…"`
 * or `name: value` in the CLI) or the registry's answer and says what to do (a hint before the `[CODE]`),
 * leave every registry's storage
 * byte-for-byte unchanged, and never show the password, base64(user:password), an identity token or any
 * bearer token anywhere a user can see (stdout, stderr, GITHUB_OUTPUT, the job summary, the JSON report).
 *
 * `::add-mask::VALUE` lines are the one place a secret may appear: they are the workflow command that tells
 * the runner to mask VALUE, which the runner consumes and never displays.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { startRegistry, type TestRegistry } from '../fixtures/registry-harness.js';
import { runActionDist, runCliDist, type ActionRun } from '../fixtures/run-dist.js';
import { makeOciLayout, runSkopeo, type OciLayout } from '../fixtures/skopeo.js';
import { createTestCa } from '../fixtures/test-ca.js';
import { startTokenIssuer, type TokenIssuer } from '../fixtures/token-issuer.js';

const exec = promisify(execFile);

const PASSWORD = 'Hostile-Pa55word-7f3a9c';
const USER = 'alice';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

let work: string;
let htpasswd: TestRegistry;
let issuer: TokenIssuer;
let tokenRegistry: TestRegistry;
let plainFront: FaultProxy | undefined;
/** In front of the htpasswd registry, answering nothing (every request stalls). */
let hanging: FaultProxy;
let good: OciLayout;
let other: OciLayout;
let identityToken: string;
const files: Record<string, string> = {};

/** A non-loopback IPv4 address of this machine, if it has one. */
async function nonLoopbackAddress(): Promise<string | undefined> {
  const { networkInterfaces } = await import('node:os');
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rp-hostile-'));
  [htpasswd, issuer] = await Promise.all([
    startRegistry({ kind: 'tls-htpasswd', users: { [USER]: PASSWORD } }),
    startTokenIssuer({ users: { [USER]: PASSWORD }, refuseScopes: ['repository:hostile/readonly:push'] }),
  ]);
  tokenRegistry = await startRegistry({ kind: 'token', issuer });
  identityToken = issuer.issueRefreshToken(USER);
  hanging = await startFaultProxy({
    upstream: htpasswd.url,
    upstreamCaFile: htpasswd.caFile,
    rate: 1,
    kinds: ['stall'],
    stallMs: 1_500,
  });
  const address = await nonLoopbackAddress();
  if (address) {
    plainFront = await startFaultProxy({
      upstream: htpasswd.url,
      upstreamCaFile: htpasswd.caFile,
      listenHost: address,
    });
  }

  good = await makeOciLayout(join(work, 'good'), {
    seed: 'hostile-good',
    layers: [1024, 20_000],
    refName: 'img',
  });
  other = await makeOciLayout(join(work, 'other'), { seed: 'hostile-other', layers: [1024], refName: 'img' });
  await makeSources();

  // Existing content, so "unchanged" means something and `overwrite` has a tag to refuse.
  for (const [registry, extra] of [
    [htpasswd, { 'ca-file': htpasswd.caFile ?? '' }],
    [tokenRegistry, {}],
  ] as const) {
    const seeded = await runActionDist({
      registry: registry.host,
      namespace: 'hostile',
      image: 'app',
      version: '1.0.0',
      source: good.ref,
      username: USER,
      password: PASSWORD,
      ...extra,
    });
    expect(seeded.code, seeded.stdout + seeded.stderr).toBe(0);
  }
});

afterAll(async () => {
  await plainFront?.stop();
  await hanging?.stop();
  await htpasswd?.stop();
  await tokenRegistry?.stop();
  await issuer?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Every malformed source the table uses, built from the good layout. */
async function makeSources(): Promise<void> {
  const layer = good.layers[1];
  if (!layer) throw new Error('layout without a second layer');
  const variant = async (name: string, change: (dir: string) => Promise<void>): Promise<void> => {
    const dir = join(work, name);
    await cp(good.dir, dir, { recursive: true });
    await change(dir);
    files[name] = dir;
  };
  const blobPath = (dir: string, digest: string): string => join(dir, 'blobs', 'sha256', digest.slice(7));

  await variant('mismatch', async (dir) => {
    const bytes = await readFile(blobPath(dir, layer.digest));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff; // same size, other bytes
    await writeFile(blobPath(dir, layer.digest), bytes);
  });
  await variant('missing-blob', async (dir) => unlink(blobPath(dir, layer.digest)));
  await variant('bad-index', async (dir) =>
    writeFile(join(dir, 'index.json'), '{"schemaVersion": 2, "manif'),
  );
  await variant('huge-manifest', async (dir) => {
    // A 50 MB manifest: valid JSON, referencing real blobs, padded with one enormous annotation.
    const manifest = JSON.parse(good.manifest.bytes.toString('utf8')) as Record<string, unknown>;
    manifest.annotations = { padding: 'x'.repeat(50 * 1024 * 1024) };
    const bytes = Buffer.from(JSON.stringify(manifest));
    const { createHash } = await import('node:crypto');
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(dir, 'blobs', 'sha256', hex), bytes);
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          digest: `sha256:${hex}`,
          size: bytes.length,
          annotations: { 'org.opencontainers.image.ref.name': 'img' },
        },
      ],
    };
    await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  });

  // Archives: a good docker-archive and oci-archive (skopeo and tar), then broken copies.
  files.dockerArchive = join(work, 'good-docker.tar');
  await runSkopeo([
    'copy',
    '--retry-times',
    '0',
    good.ref,
    `docker-archive:${files.dockerArchive}:hostile/app:1`,
  ]);
  files.ociArchive = join(work, 'good-oci.tar');
  await exec('tar', ['-cf', files.ociArchive, '-C', good.dir, '.']);

  files.truncatedDocker = join(work, 'truncated-docker.tar');
  await cp(files.dockerArchive, files.truncatedDocker);
  const size = (await readFile(files.truncatedDocker)).length;
  await truncate(files.truncatedDocker, Math.floor(size / 2) + 100);

  files.corrupt = join(work, 'corrupt.tar');
  await writeFile(files.corrupt, randomBytes(20_000));

  const entries = await readTar(files.ociArchive);
  files.dotdot = join(work, 'dotdot-oci.tar');
  await writeTar(files.dotdot, [
    ...entries,
    { name: '../../escaped.txt', content: Buffer.from('outside\n') },
  ]);

  const dockerEntries = await readTar(files.dockerArchive);
  files.symlink = join(work, 'symlink-docker.tar');
  await writeTar(files.symlink, [
    ...dockerEntries.filter((e) => e.name !== 'manifest.json'),
    { name: 'manifest.json', linkname: '/etc/passwd', type: 'symlink' },
  ]);
  files.hardlink = join(work, 'hardlink-oci.tar');
  await writeTar(files.hardlink, [
    ...entries.filter((e) => !e.name.endsWith(layer.digest.slice(7))),
    { name: `./blobs/sha256/${layer.digest.slice(7)}`, linkname: '/etc/passwd', type: 'link' },
  ]);

  // A CA that did not sign the registry's certificate, and the server's private key given as a CA.
  files.otherCa = (await createTestCa()).caFile;
  files.serverKey = (await createTestCa()).serverKeyFile;

  files.dockerConfig = join(work, 'docker-config-token');
  await mkdir(files.dockerConfig, { recursive: true });
  await writeFile(
    join(files.dockerConfig, 'config.json'),
    JSON.stringify({
      auths: {
        [tokenRegistry.host]: {
          auth: Buffer.from(`${USER}:`).toString('base64'),
          identitytoken: identityToken,
        },
      },
    }),
  );
  files.dockerConfigRevoked = join(work, 'docker-config-revoked');
  await mkdir(files.dockerConfigRevoked, { recursive: true });
  await writeFile(
    join(files.dockerConfigRevoked, 'config.json'),
    JSON.stringify({
      auths: {
        [tokenRegistry.host]: {
          auth: Buffer.from(`${USER}:`).toString('base64'),
          identitytoken: 'revoked-identity-token-0b9e2f',
        },
      },
    }),
  );
}

interface TarEntry {
  name: string;
  content?: Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  linkname?: string;
}

async function readTar(path: string): Promise<TarEntry[]> {
  const extract = tar.extract();
  const entries: TarEntry[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        entries.push({
          name: header.name,
          type: header.type === 'directory' ? 'directory' : 'file',
          ...(header.type === 'directory' ? {} : { content: Buffer.concat(chunks) }),
        });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(await readFile(path));
  await done;
  return entries;
}

async function writeTar(path: string, entries: readonly TarEntry[]): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c) => chunks.push(c as Buffer));
  const finished = new Promise<void>((resolve) => pack.on('end', resolve));
  for (const e of entries) {
    if (e.type === 'symlink' || e.type === 'link')
      pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
    else if (e.type === 'directory') pack.entry({ name: e.name, type: 'directory' });
    else pack.entry({ name: e.name }, e.content ?? Buffer.alloc(0));
  }
  pack.finalize();
  await finished;
  await writeFile(path, Buffer.concat(chunks));
}

interface Case {
  readonly name: string;
  /** Which registry the run talks to (default the TLS htpasswd one). */
  readonly on?: 'htpasswd' | 'token';
  /** Input overrides; `null` removes a base input. */
  readonly inputs: () => Record<string, string | null>;
  readonly env?: () => Record<string, string>;
  /** The first error line must match: it names the input or the answer. */
  readonly names: RegExp | (() => RegExp);
  readonly codes: readonly string[];
  /** The hint must not say this (a wrong fix). */
  readonly wrongHint?: RegExp;
  readonly skip?: () => string | undefined;
  /**
   * The CLI run: `false` when the mistake cannot be made there (a boolean flag has no value), else
   * overrides: `names` when the CLI's line differs beyond `Input "x"` → `--x`, `env` for CLI-only settings.
   */
  readonly cli?:
    | false
    | {
        readonly names?: RegExp | (() => RegExp);
        readonly env?: () => Record<string, string>;
      };
  /** false: a CLI-only mistake (REGISTRY_PASSWORD set but empty). */
  readonly action?: false;
}

/** The CLI flag that carries an action input (src/cli/publish-command.ts FLAG_OF). */
const FLAG: Record<string, string> = { tags: '--tag', targets: '--target', password: '--password-stdin' };
const BOOLEAN_INPUTS = new Set(['overwrite', 'dry-run', 'insecure', 'bare', 'by-digest']);
/** The CLI's own flags: none may appear in the action's words (other tools' flags, `buildx --output`, may). */
const CLI_FLAG =
  /--(registry|namespace|image|target|source|version|variant|alias|tag|latest|floating|bare|floating-levels|prefix|username|password-stdin|password|overwrite|dry-run|by-digest|no-referrers|annotation|insecure|ca-file|cert-dir|client-cert|client-key|concurrency|json)\b/;

/** The inputs as CLI arguments and environment; undefined when one cannot be said with flags. */
function toCli(inputs: Record<string, string>): { args: string[]; env: Record<string, string> } | undefined {
  const args = ['publish'];
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (name === 'password') env.REGISTRY_PASSWORD = value;
    else if (name === 'bare' && value === 'alias') args.push('--bare-alias');
    else if (BOOLEAN_INPUTS.has(name)) {
      if (value !== 'true' && value !== 'false') return undefined;
      if (value === 'true') args.push(`--${name}`);
    } else args.push(`${FLAG[name] ?? `--${name}`}=${value}`); // `=`: a value may start with "-"
  }
  return { args, env };
}

/** The action's words for an input, said the CLI's way: `Input "tags"` → `--tag`. */
function cliWords(names: RegExp): RegExp {
  return new RegExp(
    names.source.replace(/Input "([a-z-]+)"/g, (_m, name: string) => FLAG[name] ?? `--${name}`),
    names.flags,
  );
}

function baseInputs(on: 'htpasswd' | 'token'): Record<string, string> {
  const registry = on === 'token' ? tokenRegistry : htpasswd;
  return {
    registry: registry.host,
    namespace: 'hostile',
    image: 'app',
    version: '9.9.9',
    source: good.ref,
    username: USER,
    password: PASSWORD,
    ...(registry.caFile ? { 'ca-file': registry.caFile } : {}),
  };
}

const INPUT = ['INPUT_INVALID', 'REFERENCE_INVALID', 'VERSION_INVALID', 'TAG_INVALID'];
const SOURCE = ['SOURCE_NOT_FOUND', 'SOURCE_INVALID', 'SOURCE_CORRUPT', 'SOURCE_UNSUPPORTED'];

const CASES: readonly Case[] = [
  // Names
  // Mixed case is lowercased with a notice (tests/e2e action tests); these are still refused.
  {
    name: 'a registry inside the image input',
    inputs: () => ({ image: 'ghcr.io/org/app' }),
    names: /Input "image".*ghcr\.io\/org\/app.*registry/,
    codes: INPUT,
  },
  {
    name: 'a space in the namespace',
    inputs: () => ({ namespace: 'Hostile Team' }),
    names: /Input "namespace".*Hostile Team/i,
    codes: INPUT,
  },
  {
    name: '".." in the namespace',
    inputs: () => ({ namespace: 'hostile/../etc' }),
    names: /Input "namespace".*\.\./,
    codes: INPUT,
  },
  {
    name: '"//" in the namespace',
    inputs: () => ({ namespace: 'org//team' }),
    names: /Input "namespace".*org\/\/team/,
    codes: INPUT,
  },
  {
    name: 'leading slash in the namespace',
    inputs: () => ({ namespace: '/hostile' }),
    names: /Input "namespace".*"\/hostile/,
    codes: INPUT,
  },
  {
    name: 'trailing dash in the image',
    inputs: () => ({ image: 'app-' }),
    names: /Input "image".*app-/,
    codes: INPUT,
  },
  {
    name: 'a tag inside the image name',
    inputs: () => ({ image: 'app:1.0' }),
    names: /Input "image".*app:1\.0/,
    codes: INPUT,
  },
  { name: 'empty image', inputs: () => ({ image: null }), names: /image/i, codes: INPUT },
  {
    name: 'a URL scheme in the registry',
    inputs: () => ({ registry: `https://${htpasswd.host}` }),
    names: /Input "registry".*https:\/\//,
    codes: INPUT,
  },
  {
    name: 'a name over 255 characters',
    inputs: () => ({ namespace: 'n'.repeat(300) }),
    names: /Input "namespace".*255/,
    codes: INPUT,
  },
  {
    name: 'a target line with a tag',
    inputs: () => ({ targets: `${htpasswd.host}/hostile/copy:1.0` }),
    names: /targets.*copy:1\.0|copy:1\.0.*tag/i,
    codes: INPUT,
  },
  // Tags and versions
  {
    name: 'a tag over 128 characters',
    inputs: () => ({ version: '', tags: 't'.repeat(129) }),
    names: /128|tags/i,
    codes: INPUT,
  },
  {
    name: 'a tag starting with "-"',
    inputs: () => ({ version: '', tags: '-nightly' }),
    names: /-nightly/,
    codes: INPUT,
  },
  {
    name: 'a tag with a slash',
    inputs: () => ({ version: '', tags: 'feature/x' }),
    names: /feature\/x/,
    codes: INPUT,
  },
  {
    name: 'a version that is not one',
    inputs: () => ({ version: 'not-a-version' }),
    names: /version.*not-a-version|not-a-version/i,
    codes: INPUT,
  },
  {
    name: 'a branch ref as version',
    inputs: () => ({ version: 'refs/heads/main' }),
    names: /refs\/heads\/main|main/i,
    codes: INPUT,
  },
  {
    name: 'version and tags both empty',
    inputs: () => ({ version: null }),
    names: /version.*tags|Nothing to publish/i,
    codes: INPUT,
  },
  {
    name: 'a variant with a bad character',
    inputs: () => ({ variant: 'alpine!' }),
    names: /variant|alpine!/i,
    codes: INPUT,
  },
  // Values that cannot mean anything (residuals of issue 17): refused, never silently dropped.
  {
    name: 'a floating level the version cannot have',
    inputs: () => ({ 'floating-levels': '7' }),
    names:
      /^::error::Input "floating-levels" has 7, more numeric parts than 9\.9\.9 has \(3\)\. Use floating-levels: 2 \(9\.9\), 1 \(9\) or none/,
    codes: INPUT,
    cli: {
      names:
        /^error: --floating-levels has 7, more numeric parts than 9\.9\.9 has \(3\)\. Use --floating-levels 2 \(9\.9\), 1 \(9\) or none/,
    },
  },
  {
    name: 'bare without a variant',
    inputs: () => ({ bare: 'true' }),
    names: /^::error::bare: true needs variant: .* Add variant: alpine .*, or drop bare: true\./,
    codes: INPUT,
    cli: { names: /^error: --bare needs --variant: .* Add --variant alpine .*, or drop --bare\./ },
  },
  {
    name: 'bare: alias with blank variants',
    inputs: () => ({ bare: 'alias', variant: ' ' }),
    names: /^::error::bare: alias needs variant: .* or drop bare: alias\./,
    codes: INPUT,
    cli: { names: /^error: --bare-alias needs --variant: .* or drop --bare-alias\./ },
  },
  // Choices
  { name: 'latest: maybe', inputs: () => ({ latest: 'maybe' }), names: /latest.*maybe/i, codes: INPUT },
  {
    name: 'floating: sometimes',
    inputs: () => ({ floating: 'sometimes' }),
    names: /floating.*sometimes/i,
    codes: INPUT,
  },
  { name: 'overwrite: yes', inputs: () => ({ overwrite: 'yes' }), names: /overwrite.*yes/i, codes: INPUT },
  { name: 'dry-run: maybe', inputs: () => ({ 'dry-run': 'maybe' }), names: /dry-run.*maybe/i, codes: INPUT },
  {
    name: 'insecure: perhaps',
    inputs: () => ({ insecure: 'perhaps' }),
    names: /insecure.*perhaps/i,
    codes: INPUT,
  },
  { name: 'concurrency: 0', inputs: () => ({ concurrency: '0' }), names: /concurrency.*"0"/i, codes: INPUT },
  { name: 'concurrency: 33', inputs: () => ({ concurrency: '33' }), names: /concurrency.*33/i, codes: INPUT },
  {
    name: 'concurrency: four',
    inputs: () => ({ concurrency: 'four' }),
    names: /concurrency.*four/i,
    codes: INPUT,
  },
  { name: 'concurrency: -1', inputs: () => ({ concurrency: '-1' }), names: /concurrency.*-1/i, codes: INPUT },
  // Credentials and connection settings
  { name: 'password without username', inputs: () => ({ username: null }), names: /username/i, codes: INPUT },
  { name: 'username without password', inputs: () => ({ password: null }), names: /password/i, codes: INPUT },
  {
    name: 'ca-file that does not exist',
    inputs: () => ({ 'ca-file': '/nonexistent/ca.pem' }),
    names: /ca-file.*\/nonexistent\/ca\.pem/i,
    codes: INPUT,
  },
  // Sources
  {
    name: 'unknown source transport',
    inputs: () => ({ source: 'ftp://example.com/app' }),
    names: /source.*ftp/i,
    codes: [...INPUT, ...SOURCE],
  },
  {
    name: 'missing OCI layout',
    inputs: () => ({ source: 'oci:/nonexistent/layout:img' }),
    names: /\/nonexistent\/layout/,
    codes: SOURCE,
  },
  {
    name: 'missing docker-archive',
    inputs: () => ({ source: 'docker-archive:/nonexistent/app.tar' }),
    names: /\/nonexistent\/app\.tar/,
    codes: SOURCE,
  },
  {
    name: 'reference not in the layout',
    inputs: () => ({ source: `oci:${good.dir}:nope` }),
    names: /nope/,
    codes: [...SOURCE, 'IMAGE_NOT_FOUND'],
  },
  {
    name: 'corrupt archive (random bytes)',
    inputs: () => ({ source: `oci-archive:${files.corrupt}` }),
    names: /corrupt\.tar/,
    codes: SOURCE,
  },
  {
    name: 'truncated docker-archive',
    inputs: () => ({ source: `docker-archive:${files.truncatedDocker}` }),
    names: /truncated-docker\.tar/,
    codes: SOURCE,
  },
  {
    name: 'archive with a ../ path',
    inputs: () => ({ source: `oci-archive:${files.dotdot}` }),
    names: /\.\.\/|escaped|outside/i,
    codes: SOURCE,
  },
  {
    name: 'archive with a symlink',
    inputs: () => ({ source: `docker-archive:${files.symlink}` }),
    names: /link|manifest\.json/i,
    codes: SOURCE,
  },
  {
    name: 'archive with a hard link',
    inputs: () => ({ source: `oci-archive:${files.hardlink}` }),
    names: /link/i,
    codes: SOURCE,
  },
  {
    name: 'index.json that is not JSON',
    inputs: () => ({ source: `oci:${files['bad-index']}:img` }),
    names: /index\.json/,
    codes: SOURCE,
  },
  {
    name: 'a blob whose bytes do not match its digest',
    // Its own repository: once another case has published the good image, every tag is unchanged
    // and no blob is read, which is right for a re-run but proves nothing here.
    inputs: () => ({ source: `oci:${files.mismatch}:img`, image: 'mismatch' }),
    names: () => new RegExp(good.layers[1]?.digest.slice(7, 19) ?? 'x'),
    codes: ['DIGEST_MISMATCH', ...SOURCE],
  },
  {
    name: 'a manifest that references a missing blob',
    inputs: () => ({ source: `oci:${files['missing-blob']}:img` }),
    names: () => new RegExp(good.layers[1]?.digest.slice(7, 19) ?? 'x'),
    codes: SOURCE,
  },
  {
    name: 'a 50 MB manifest',
    inputs: () => ({ source: `oci:${files['huge-manifest']}:img` }),
    names: /manifest|MiB|MB/i,
    codes: [...SOURCE, 'MANIFEST_TOO_LARGE'],
  },
  {
    name: 'no source on a machine without a Docker engine',
    inputs: () => ({ source: null }),
    env: () => ({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }),
    names: /docker|engine|daemon/i,
    codes: ['ENGINE_UNAVAILABLE', 'IMAGE_NOT_FOUND', ...SOURCE],
  },
  {
    name: 'docker:// source that does not exist',
    inputs: () => ({ source: `docker://${htpasswd.host}/hostile/missing:1` }),
    names: /hostile\/missing/,
    codes: ['MANIFEST_UNKNOWN', 'NAME_UNKNOWN', 'IMAGE_NOT_FOUND', 'SOURCE_NOT_FOUND'],
  },
  // Registry answers
  {
    name: 'wrong password',
    inputs: () => ({ password: 'wrong-Pa55word-1b2c' }),
    names: /401|unauthori[sz]ed|credentials|password/i,
    codes: ['AUTH_FAILED'],
  },
  {
    name: 'unknown user',
    inputs: () => ({ username: 'mallory' }),
    names: /401|unauthori[sz]ed|credentials/i,
    codes: ['AUTH_FAILED'],
  },
  {
    name: 'wrong password at a token service',
    on: 'token',
    inputs: () => ({ password: 'wrong-Pa55word-1b2c' }),
    names: /token|credentials|password|401/i,
    codes: ['AUTH_FAILED'],
  },
  {
    name: 'push refused by the token service',
    on: 'token',
    inputs: () => ({ image: 'readonly' }),
    names: /hostile\/readonly/,
    codes: ['AUTH_FORBIDDEN'],
    wrongHint: /check the username and password/i,
  },
  {
    name: 'identity token refused (Docker config)',
    on: 'token',
    inputs: () => ({ username: null, password: null }),
    env: () => ({ DOCKER_CONFIG: files.dockerConfigRevoked ?? '' }),
    names: /token|credentials|401/i,
    codes: ['AUTH_FAILED'],
  },
  {
    name: 'push refused, credentials from an identity token (Docker config)',
    on: 'token',
    inputs: () => ({ username: null, password: null, image: 'readonly' }),
    env: () => ({ DOCKER_CONFIG: files.dockerConfig ?? '' }),
    names: /hostile\/readonly/,
    codes: ['AUTH_FORBIDDEN'],
    wrongHint: /check the username and password/i,
  },
  {
    name: 'unknown host (.invalid)',
    inputs: () => ({ registry: 'registry.invalid' }),
    names: /registry\.invalid/,
    codes: ['REGISTRY_UNREACHABLE'],
  },
  {
    name: 'closed port',
    inputs: () => ({ registry: '127.0.0.1:9' }),
    names: /127\.0\.0\.1:9/,
    codes: ['REGISTRY_UNREACHABLE'],
  },
  {
    name: 'TLS without ca-file',
    cli: { names: /TLS.*--ca-file/ },
    inputs: () => ({ 'ca-file': null }),
    names: /TLS|certificate/i,
    codes: ['TLS_FAILED'],
  },
  {
    name: 'plain-HTTP registry on a non-loopback address without insecure',
    cli: { names: /plain HTTP.*--insecure/ },
    inputs: () => ({ registry: plainFront?.host ?? '', 'ca-file': null }),
    names: /plain HTTP|http:/i,
    codes: ['INSECURE_REFUSED'],
    skip: () => (plainFront ? undefined : 'this machine has no non-loopback IPv4 address'),
  },
  {
    name: 'overwrite refused',
    cli: { names: /1\.0\.0.*--overwrite/ },
    inputs: () => ({ version: '1.0.0', source: other.ref }),
    names: /1\.0\.0.*overwrite/i,
    codes: ['TAG_EXISTS'],
  },
  // More common mistakes
  {
    name: 'an http:// scheme in the registry',
    inputs: () => ({ registry: `http://${htpasswd.host}` }),
    names: /Input "registry".*http:\/\//,
    codes: INPUT,
  },
  {
    name: 'uppercase letters in a targets line',
    inputs: () => ({ targets: `${htpasswd.host}/Hostile/Copy` }),
    names: /targets|Hostile\/Copy/,
    codes: INPUT,
  },
  {
    name: 'a tag with ":"',
    inputs: () => ({ version: '', tags: 'app:nightly' }),
    names: /app:nightly/,
    codes: INPUT,
  },
  {
    name: 'REGISTRY_PASSWORD set but empty (a secret that did not resolve)',
    action: false,
    inputs: () => ({ password: '' }),
    names: /REGISTRY_PASSWORD.*empty/,
    codes: INPUT,
  },
  {
    name: 'ca-file of another CA',
    inputs: () => ({ 'ca-file': files.otherCa ?? '' }),
    names: /TLS|certificate/i,
    codes: ['TLS_FAILED'],
  },
  {
    name: 'a private key as ca-file',
    inputs: () => ({ 'ca-file': files.serverKey ?? '' }),
    names: /ca-file.*key|key.*ca-file/i,
    codes: INPUT,
  },
  {
    name: 'a registry that never answers',
    inputs: () => ({ registry: hanging.host, 'ca-file': null }),
    env: () => ({ REGISTRY_PUBLISH_TIMEOUT_MS: '400' }),
    names: () => new RegExp(hanging.host.replace(/\./g, '\\.')),
    codes: ['REGISTRY_UNREACHABLE', 'REGISTRY_UNAVAILABLE'],
  },
  {
    name: 'a typo in the source transport',
    inputs: () => ({ source: 'docker-deamon:app' }),
    names: /source.*docker-deamon/i,
    codes: [...INPUT, ...SOURCE],
  },
  {
    name: 'overwrite refused (token registry)',
    cli: { names: /1\.0\.0.*--overwrite/ },
    on: 'token',
    inputs: () => ({ version: '1.0.0', source: other.ref }),
    names: /1\.0\.0.*overwrite/i,
    codes: ['TAG_EXISTS'],
  },
];

/** What a user can see, minus the runner's `::add-mask::` commands (consumed, never displayed). */
function visible(run: ActionRun): string {
  return run.everything
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** The error line names the mistake, has an expected code and a hint that says what to do. */
function expectOneGoodLine(c: Case, first: string, names: RegExp): void {
  expect(first).toMatch(names);
  const code = /\[([A-Z_]+)\]\s*$/.exec(first)?.[1];
  expect(c.codes, first).toContain(code);
  if (c.wrongHint) expect(first).not.toMatch(c.wrongHint);
  // What to do: a hint sentence between the message and the code.
  expect(first, 'a hint that says what to do').toMatch(/[.!?)]\s+[A-Z(`'"][^]*\S\s+\[[A-Z_]+\]\s*$/);
}

function secretLeaks(text: string): string[] {
  const leaks: string[] = [];
  if (text.includes(PASSWORD)) leaks.push('password');
  if (text.includes(BASIC)) leaks.push('base64(user:password)');
  if (text.includes(identityToken)) leaks.push('identity token');
  if (text.includes('revoked-identity-token-0b9e2f')) leaks.push('revoked identity token');
  if (JWT.test(text)) leaks.push(`bearer token ${JWT.exec(text)?.[0].slice(0, 20)}…`);
  return leaks;
}

describe('hostile and mistaken input', () => {
  test('the table has at least 60 distinct mistakes', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBeGreaterThanOrEqual(60);
  });

  test.for(CASES.map((c) => [c.name, c] as const))('%s', async ([, c], ctx) => {
    // Counted as a skip (with its reason), so CI fails on it unless the workflow expects it.
    const why = c.skip?.();
    if (why) ctx.skip(why);
    const on = c.on ?? 'htpasswd';
    const inputs: Record<string, string> = { ...baseInputs(on) };
    for (const [k, v] of Object.entries(c.inputs())) {
      if (v === null) delete inputs[k];
      else inputs[k] = v;
    }
    const names = typeof c.names === 'function' ? c.names() : c.names;
    const storage = (): Promise<string[]> =>
      Promise.all([htpasswd.snapshotStorage(), tokenRegistry.snapshotStorage()]);

    if (c.action !== false) {
      const before = await storage();
      const run = await runActionDist(inputs, c.env?.() ?? {});
      const after = await storage();
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, output).not.toBe(0);
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error::'));
      expect(errors, output).toHaveLength(1);
      const first = errors[0] ?? '';
      if (process.env.HOSTILE_DEBUG) console.log(`${c.name}\n  ${first}`);
      expectOneGoodLine(c, first, names);
      // The action's words: inputs, never the CLI's flags.
      expect(first, 'no CLI flag in the action').not.toMatch(CLI_FLAG);
      expect(after, `storage changed: ${first}`).toEqual(before);
      expect(secretLeaks(visible(run)), first).toEqual([]);
      // …and the runner is told to mask what was given, so its own logs stay clean too.
      if (inputs.password) expect(run.stdout).toContain(`::add-mask::${inputs.password}`);
    }

    const cli = c.cli === false ? undefined : toCli(inputs);
    if (!cli) return;
    const overrides = c.cli === false ? undefined : c.cli;
    const before = await storage();
    const run = await runCliDist(cli.args, {
      DOCKER_CONFIG: join(work, 'no-docker-config'),
      ...c.env?.(),
      ...cli.env,
      ...overrides?.env?.(),
    });
    const after = await storage();
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.code, output).not.toBe(0);
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors, output).toHaveLength(1);
    const first = errors[0] ?? '';
    if (process.env.HOSTILE_DEBUG) console.log(`  cli: ${first}`);
    const cliNames = overrides?.names;
    expectOneGoodLine(
      c,
      first,
      cliNames ? (typeof cliNames === 'function' ? cliNames() : cliNames) : cliWords(names),
    );
    // The CLI's words: flags, never the action's `Input "x"` or `x: true`.
    expect(first, 'no action input name on the CLI').not.toMatch(/Input "/);
    expect(first, 'no action input syntax on the CLI').not.toMatch(
      /\b(overwrite|insecure|dry-run|latest|floating): (true|false|auto)\b/,
    );
    expect(after, `storage changed: ${first}`).toEqual(before);
    expect(secretLeaks(output), first).toEqual([]);
  });
});
