import { PUBLISH_OPTIONS } from './publish-options.js';
import { parseArgs } from 'node:util';
import { watchTermination } from '../cancellation.js';
import { formatError } from '../errors.js';
import { failedTargets, runPublish } from '../publish/publish.js';
import { renderTable } from '../publish/render.js';
import { DEFAULT_TIMEOUT, parseSettings } from '../publish/settings.js';
import { createLiveLines } from './live-lines.js';
import { createUploadProgress, TERMINAL_PROGRESS_INTERVAL_MS } from '../publish/upload-progress.js';
import { wordRemedyForCli } from './words.js';
import { shortDigest } from '../domain/digest.js';
import { expandTagTemplates } from '../domain/tag-placeholders.js';
import { readTagContext } from '../publish/tag-context.js';
import { type PublishReport } from '../publish/report.js';
import { createSecretRegistry } from '../secrets.js';
import { createCliLogger } from './cli-logger.js';
import { splitFlagValues } from './flag-lists.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  isUsageError,
  readPassword,
  toUsageError,
  type CliIo,
} from './io.js';

export const PUBLISH_HELP = `Usage: registry-publish [publish] --image NAME (--version V | --tag T) [options]

Publishes an image under a version and its alias tags (1.15.12, 1.15, 1, latest), uploading each blob once,
never moving a floating tag to an older version, and reading every written tag back.

Destination:
  --registry HOST[:PORT]   registry (default docker.io)
  --namespace NS           namespace, may be nested: com.example.namespace, org/team
  --image NAME             image name (required)
  --target REF             another destination registry/namespace/image (repeatable)
Source:
  --source SPEC            docker-daemon:NAME[:TAG] (default: the local image named by --image),
                           docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF], docker://REF;
                           repeated: merge the images (one per platform) into one index
Tags:
  --version V              1.15.12, v1.15.12, refs/tags/v1.15.12, 29.0.5.0, 2.0.0-rc.1 ...
  --variant NAME           suffix every derived tag: 1.15.12-alpine ... alpine; repeatable (or
                           comma-separated): the full set under each name
  --bare                   with --variant: also the unsuffixed set, latest included
  --bare-alias             with --variant: only the unsuffixed floating tags and latest (bare: alias)
  --floating-levels LIST   which floating version tags: all (default), 2 (1.15 only), 1 (major only),
                           none (full version only); comma-separated
  --prefix P               also publish the version-derived tags with prefix P: v1.15.12 v1.15 v1
                           (repeatable, or comma-separated)
  --alias-variant NAME     a name that gets only the floating tags and NAME itself, no full version:
                           8-alpine, alpine (repeatable, or comma-separated)
  --prerelease-alias LABEL a prerelease also gets its line tag: 3.15.0a1 with rc gives 3.15-rc
  --floating-scope variant|image  (default variant: only the variant's versions hold its floating tags
                           back; image: every variant's)
  --alias NAME             channel alias such as mainline, stable, lts (repeatable)
  --tag NAME               extra raw tag such as nightly, sha-860c190 (repeatable); placeholders
                           {{sha}} {{sha_long}} {{branch}} {{pr}} {{date}} from GITHUB_SHA, GITHUB_REF,
                           GITHUB_HEAD_REF (and SOURCE_DATE_EPOCH for the date)
  --latest auto|true|false     (default auto)
  --floating highest|always    (default highest: floating tags never move to an older version)
Behaviour:
  --overwrite              allow replacing an existing full-version tag
  --dry-run                read the registry and print the plan; write nothing
  --by-digest              push the image by digest only, no tag (no --version or --tag needed)
  --no-referrers           leave a registry source's signatures, SBOMs and attestations behind
  --annotation KEY=VALUE   annotation on the index --source (repeated) creates, or on the manifest built
                           for a docker-daemon: or docker-archive: source (repeatable); --annotation
                           auto fills org.opencontainers.image.{created,version,revision,source}
  --base IMAGE             base image (node:24-slim, ghcr.io/org/base:1.2) whose compressed layers an
                           engine image reuses instead of compressing them (repeatable)
  --concurrency N          parallel blob uploads (default 4)
  --timeout DURATION       deadline for the whole run: 90s, 30m, 1h30m (default ${DEFAULT_TIMEOUT})
Connection:
  --username USER          or REGISTRY_USERNAME; without it DOCKER_AUTH_CONFIG, the Docker
                           config or auth.json (podman login) is used
  --password-stdin         read the password or token from standard input (or REGISTRY_PASSWORD)
  --insecure               allow plain HTTP or unverified TLS
  --ca-file PATH           extra CA certificates (PEM)
  --cert-dir DIR           certs.d-style directory (*.crt CAs, *.cert + *.key client certificate);
                           default HOST:PORT under ~/.config/containers/certs.d, /etc/containers/
                           certs.rootful.d (root) or certs.rootless.d, /etc/containers/certs.d, the
                           same under /usr/share/containers, then /etc/docker/certs.d
  --client-cert PATH       client certificate (PEM) for registries that require one (with --client-key)
  --client-key PATH        its private key (PEM)
Output:
  --json                   print the full report as JSON on standard output
  --debug                  every registry request, retry, auth challenge and token request, and where the
                           credentials came from, on standard error (secrets redacted)
  -h, --help               this help

Exit status: 0 published, 1 failed, 2 bad input.`;

const PUBLISH_FLAGS = { command: 'registry-publish', options: PUBLISH_OPTIONS };

export async function runPublishCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = createSecretRegistry();
  const redact = (text: string): string => secrets.redact(text);
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: PUBLISH_OPTIONS,
    });
    if (values.help) {
      io.stdout(PUBLISH_HELP);
      return EXIT_OK;
    }
    const json = values.json ?? false;
    const password = await readPassword(io, values['password-stdin']);
    secrets.add(password);
    const settings = parseSettings({
      registry: values.registry,
      namespace: values.namespace,
      image: values.image,
      targets: values.target ?? [],
      // --source once: that image; repeated: the images to merge into one index.
      source: values.source?.length === 1 ? values.source[0] : undefined,
      sources: (values.source?.length ?? 0) > 1 ? values.source : [],
      version: values.version,
      variant: splitFlagValues(values.variant),
      bare: values['bare-alias'] ? 'alias' : String(values.bare ?? false),
      'floating-levels': values['floating-levels'],
      prefix: splitFlagValues(values.prefix),
      'alias-variant': splitFlagValues(values['alias-variant']),
      'prerelease-alias': values['prerelease-alias'],
      'floating-scope': values['floating-scope'],
      aliases: splitFlagValues(values.alias),
      tags: expandTagTemplates(splitFlagValues(values.tag), readTagContext(io.env), 'tags'),
      latest: values.latest,
      floating: values.floating,
      username: values.username ?? io.env.REGISTRY_USERNAME,
      password,
      overwrite: String(values.overwrite ?? false),
      'dry-run': String(values['dry-run'] ?? false),
      'by-digest': String(values['by-digest'] ?? false),
      annotations: values.annotation ?? [],
      base: values.base ?? [],
      referrers: String(!(values['no-referrers'] ?? false)),
      insecure: String(values.insecure ?? false),
      'ca-file': values['ca-file'],
      'cert-dir': values['cert-dir'],
      'client-cert': values['client-cert'],
      'client-key': values['client-key'],
      concurrency: values.concurrency,
      timeout: values.timeout,
    });
    // On a terminal each moving layer keeps one line, updated in place (live-lines.ts).
    const stderr = io.interactive ? createLiveLines(io.stderr) : io.stderr;
    const log = createCliLogger(stderr, redact, values.debug ?? false);
    const progress = io.interactive ? createUploadProgress(stderr, TERMINAL_PROGRESS_INTERVAL_MS) : undefined;
    // Ctrl-C (or a CI cancel) stops writing and converges the floating tags written; a second Ctrl-C exits.
    const termination = watchTermination((line) => stderr(`warning: ${line}`));
    const report = await runPublish(settings, {
      log,
      env: io.env,
      secrets,
      wordRemedy: wordRemedyForCli,
      signal: termination.signal,
      ...(progress ? { onProgress: progress } : {}),
    }).finally(() => termination.dispose());
    if (json) io.stdout(redact(JSON.stringify(report, null, 2)));
    // A dry run's plan was printed once already (on standard error, per target).
    else if (!report.dryRun) for (const line of renderResults(report)) io.stdout(redact(line));
    const failed = failedTargets(report);
    if (failed.length > 0) {
      for (const t of failed) stderr(redact(`error: ${t.target}: ${t.error?.message ?? ''}`));
      return EXIT_FAILED;
    }
    return EXIT_OK;
  } catch (err) {
    io.stderr(redact(`error: ${formatError(toUsageError(err, PUBLISH_FLAGS), wordRemedyForCli)}`));
    return isUsageError(err) ? EXIT_USAGE : EXIT_FAILED;
  }
}

/** The results table: one row per target and tag. */
export function renderResults(report: PublishReport): string[] {
  const rows = report.targets.flatMap((t) =>
    t.tags.map((tag) => [
      `${t.target}:${tag.tag}`,
      report.dryRun
        ? `would ${tag.action === 'created' ? 'create' : tag.action === 'updated' ? 'update' : tag.action === 'skipped' ? 'skip' : 'stay unchanged'}`
        : tag.action,
      tag.digest ? shortDigest(tag.digest) : '-',
      tag.reason ?? '',
    ]),
  );
  // No tag reached (a failure before any plan): no bare header.
  if (rows.length === 0) return [];
  return renderTable(['REFERENCE', report.dryRun ? 'PLAN' : 'ACTION', 'DIGEST', 'NOTE'], rows);
}
