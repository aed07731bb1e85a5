import { wordRemedyForCli } from './words.js';
import { parseArgs } from 'node:util';
import { parseReference } from '../domain/reference.js';
import { shortDigest } from '../domain/digest.js';
import { formatError, PublishError } from '../errors.js';
import { connectRegistry } from '../publish/connect.js';
import { renderTable } from '../publish/render.js';
import { listRepository, type RepositoryListing } from '../publish/repository-listing.js';
import { createSecretRegistry } from '../secrets.js';
import { createCliLogger } from './cli-logger.js';
import { splitFlagValues } from './flag-lists.js';
import { CONNECTION_OPTIONS } from './connection-options.js';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  isUsageError,
  readPassword,
  toUsageError,
  type CliIo,
} from './io.js';

export const LS_HELP = `Usage: registry-publish ls REGISTRY/NAMESPACE/IMAGE [options]

Lists the repository's version tags sorted by version, with their digests and the floating tags
(1.15, 1, latest, alpine ...) that point at each: proof of what is truly pushed.

  --variant NAME        also treat NAME as a variant suffix (repeatable, or comma-separated; variants
                        are otherwise detected)
  --prefix P            version tags may start with P (v3.7.11, release-3.7.11); a prefixed copy is shown
                        among its version's tags (repeatable, or comma-separated)
  --username USER       or REGISTRY_USERNAME; without it DOCKER_AUTH_CONFIG, the Docker
                        config or auth.json (podman login) is used
  --password-stdin      read the password or token from standard input (or REGISTRY_PASSWORD)
  --insecure            allow plain HTTP or unverified TLS
  --ca-file PATH        extra CA certificates (PEM)
  --cert-dir DIR        certs.d-style directory (default: podman's certs.d order, as for publish)
  --client-cert PATH    client certificate (PEM), with --client-key PATH (its private key)
  --json                print the listing as JSON
  --debug               every registry request and auth step on standard error (secrets redacted)
  -h, --help            this help

Exit status: 0 listed, 1 the registry could not be read, 2 bad input.`;

const LS_OPTIONS = {
  variant: { type: 'string', multiple: true },
  prefix: { type: 'string', multiple: true },
  ...CONNECTION_OPTIONS,
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const LS_FLAGS = { command: 'registry-publish ls', options: LS_OPTIONS };

export async function runLsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = createSecretRegistry();
  const redact = (text: string): string => secrets.redact(text);
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: LS_OPTIONS,
    });
    if (values.help) {
      io.stdout(LS_HELP);
      return EXIT_OK;
    }
    if (positionals.length !== 1 || !positionals[0]) {
      throw new PublishError(
        'INPUT_INVALID',
        'ls takes exactly one repository, e.g. localhost:5000/team/app',
        { hint: 'Run registry-publish ls --help.' },
      );
    }
    const ref = parseReference(positionals[0]);
    const password = await readPassword(io, values['password-stdin']);
    secrets.add(password);
    const log = createCliLogger(io.stderr, redact, values.debug ?? false);
    const client = await connectRegistry({
      apiHost: ref.apiHost,
      repository: ref.repository,
      username: values.username ?? io.env.REGISTRY_USERNAME,
      password,
      insecure: values.insecure ?? false,
      caFile: values['ca-file'],
      certDir: values['cert-dir'],
      clientCert: values['client-cert'],
      clientKey: values['client-key'],
      env: io.env,
      secrets,
      log,
    });
    try {
      client.declareAccess(ref.repository, 'pull');
      const listing = await listRepository(client, ref.repository, {
        concurrency: 8,
        variants: splitFlagValues(values.variant),
        prefixes: splitFlagValues(values.prefix),
      });
      const lines = values.json ? [JSON.stringify(toJson(listing), null, 2)] : renderListing(listing);
      for (const line of lines) io.stdout(redact(line));
    } finally {
      await client.close();
    }
    return EXIT_OK;
  } catch (err) {
    io.stderr(redact(`error: ${formatError(toUsageError(err, LS_FLAGS), wordRemedyForCli)}`));
    return isUsageError(err) ? EXIT_USAGE : EXIT_FAILED;
  }
}

export function renderListing(listing: RepositoryListing): string[] {
  const rows = listing.versions.map((v) => [
    v.tag,
    v.variant ?? '-',
    v.digest ? shortDigest(v.digest) : '?',
    v.pointers.join(', '),
  ]);
  const lines = renderTable(['VERSION', 'VARIANT', 'DIGEST', 'ALSO TAGGED'], rows);
  if (listing.others.length > 0) {
    lines.push(
      '',
      ...renderTable(
        ['OTHER TAG', 'DIGEST'],
        listing.others.map((o) => [o.tag, o.digest ? shortDigest(o.digest) : '?']),
      ),
    );
  }
  return lines;
}

function toJson(listing: RepositoryListing): unknown {
  return {
    repository: listing.repository,
    versions: listing.versions.map((v) => ({
      tag: v.tag,
      variant: v.variant ?? null,
      version: v.version.normalized,
      digest: v.digest ?? null,
      tags: v.pointers,
    })),
    others: listing.others.map((o) => ({ tag: o.tag, digest: o.digest ?? null })),
  };
}
