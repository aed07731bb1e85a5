export const id = 729;
export const ids = [729];
export const modules = {

/***/ 5729:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

;// CONCATENATED MODULE: ./src/cli/words.ts
const FLAG_OF = {
    registry: '--registry',
    namespace: '--namespace',
    image: '--image',
    targets: '--target',
    source: '--source',
    sources: '--source',
    version: '--version',
    variant: '--variant',
    aliases: '--alias',
    tags: '--tag',
    latest: '--latest',
    floating: '--floating',
    bare: '--bare',
    'floating-levels': '--floating-levels',
    prefix: '--prefix',
    'alias-variant': '--alias-variant',
    'prerelease-alias': '--prerelease-alias',
    'floating-scope': '--floating-scope',
    username: '--username',
    password: '--password-stdin',
    overwrite: '--overwrite',
    'dry-run': '--dry-run',
    'by-digest': '--by-digest',
    referrers: '--no-referrers',
    annotations: '--annotation',
    base: '--base',
    insecure: '--insecure',
    'ca-file': '--ca-file',
    'cert-dir': '--cert-dir',
    'client-cert': '--client-cert',
    'client-key': '--client-key',
    concurrency: '--concurrency',
    timeout: '--timeout',
};
/** Where the CLI takes a password from (never a `--password` flag: it would show in `ps`). */
const PASSWORD_SOURCES = `${FLAG_OF.password} or REGISTRY_PASSWORD`;
const wordRemedyForCli = (remedy) => {
    // The subject of a message is the flag as typed (`--password-stdin` is set but --username is empty).
    if (remedy.subject)
        return FLAG_OF[remedy.setting];
    // `bare` is two switches here (`bare: alias` is --bare-alias), not a flag with a value.
    if (remedy.setting === 'bare' && typeof remedy.value === 'string')
        return remedy.value === 'alias' ? '--bare-alias' : FLAG_OF.bare;
    if (typeof remedy.value === 'string')
        return `${FLAG_OF[remedy.setting]} ${remedy.value}`;
    switch (remedy.setting) {
        case 'credentials':
            return `${FLAG_OF.username} and a password (${PASSWORD_SOURCES})`;
        case 'password':
            return PASSWORD_SOURCES;
        case 'login':
            return 'docker login';
        case 'ecr-login':
            return '`aws ecr get-login-password | docker login --username AWS --password-stdin HOST`';
        case 'package-write':
            return 'a token with write:packages';
        default:
            return FLAG_OF[remedy.setting];
    }
};

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/domain/reference.ts
var reference = __webpack_require__(8913);
// EXTERNAL MODULE: ./src/domain/digest.ts
var digest = __webpack_require__(7522);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/publish/connect.ts + 13 modules
var connect = __webpack_require__(4899);
// EXTERNAL MODULE: ./src/publish/render.ts
var render = __webpack_require__(975);
// EXTERNAL MODULE: ./src/domain/version.ts
var version = __webpack_require__(3356);
// EXTERNAL MODULE: ./src/domain/tags.ts + 4 modules
var tags = __webpack_require__(3381);
// EXTERNAL MODULE: ./src/map-limited.ts
var map_limited = __webpack_require__(9270);
;// CONCATENATED MODULE: ./src/publish/repository-listing.ts



/**
 * What is truly pushed: every version tag sorted by variant then version, with its digest and the other
 * tags pointing at the same image. Variants are the suffixes `S` of version tags `X.Y-S` for which the
 * repository also has the plain `S` tag or a major tag `N-S`, or the ones named explicitly. A tag that
 * starts with one of `prefixes` is read without it: a prefixed copy of a listed version (`v3.7.11` beside
 * `3.7.11`, same image) is shown among that version's tags, not as a version of its own.
 */
async function listRepository(client, repository, options) {
    const tags = await client.listTags(repository);
    const digests = new Map();
    await (0,map_limited/* mapLimited */.b)(tags, options.concurrency, async (tag) => {
        digests.set(tag, (await client.headManifest(repository, tag))?.digest);
    });
    const variants = new Set([...(options.variants ?? []), ...detectVariants(tags)]);
    const classified = [];
    for (const tag of tags) {
        const prefix = (options.prefixes ?? []).find((p) => p && tag.startsWith(p) && classify(tag.slice(p.length), variants));
        const match = classify(prefix === undefined ? tag : tag.slice(prefix.length), variants);
        if (match)
            classified.push({
                tag,
                variant: match.variant,
                version: match.version,
                digest: digests.get(tag),
                pointers: [],
                prefixed: prefix !== undefined,
            });
    }
    // A shorter version on the same image as a longer one it prefixes (`1.15` beside `1.15.12`) is a floating
    // tag; a prefixed copy of an unprefixed version tag on the same image is one of its tags.
    const versions = classified
        .filter((v) => !classified.some((w) => isFloatingFor(v, w) || isPrefixedCopy(v, w)))
        .map(({ prefixed: _prefixed, ...v }) => v);
    const versionTags = new Set(versions.map((v) => v.tag));
    const pointerTags = tags.filter((t) => !versionTags.has(t));
    const withPointers = versions.map((v) => ({
        ...v,
        pointers: v.digest === undefined ? [] : sortPointers(pointerTags.filter((t) => digests.get(t) === v.digest)),
    }));
    withPointers.sort((a, b) => (a.variant ?? '').localeCompare(b.variant ?? '') ||
        (0,version/* compareVersions */.Zy)(a.version, b.version) ||
        a.tag.localeCompare(b.tag));
    const pointed = new Set(withPointers.flatMap((v) => v.pointers));
    const others = pointerTags.filter((t) => !pointed.has(t)).map((tag) => ({ tag, digest: digests.get(tag) }));
    return { repository, versions: withPointers, others };
}
function classify(tag, variants) {
    for (const variant of variants) {
        const version = (0,tags/* parseVersionTag */._Q)(tag, variant);
        if (version)
            return { version, variant };
    }
    const version = (0,tags/* parseVersionTag */._Q)(tag, undefined);
    return version ? { version, variant: undefined } : undefined;
}
function detectVariants(tags) {
    const all = new Set(tags);
    const found = new Set();
    for (const tag of tags) {
        const m = /^(\d+)(?:\.\d+)*-([A-Za-z][A-Za-z0-9._-]*)$/.exec(tag);
        const major = m?.[1];
        const suffix = m?.[2];
        if (!major || !suffix)
            continue;
        const majorTag = `${major}-${suffix}`;
        if (all.has(suffix) || (majorTag !== tag && all.has(majorTag)))
            found.add(suffix);
    }
    return [...found];
}
function isPrefixedCopy(copy, of) {
    return (copy.prefixed &&
        !of.prefixed &&
        copy.variant === of.variant &&
        copy.digest !== undefined &&
        copy.digest === of.digest &&
        (0,version/* compareVersions */.Zy)(copy.version, of.version) === 0);
}
function isFloatingFor(short, long) {
    return (short.variant === long.variant &&
        short.digest !== undefined &&
        short.digest === long.digest &&
        long.version.parts.length > short.version.parts.length &&
        short.version.parts.every((part, i) => Number(part) === Number(long.version.parts[i])));
}
/** Floating version tags first, most precise first (`1.15`, `1`), then the others by name (`latest`). */
function sortPointers(tags) {
    const precision = (tag) => /^\d+(?:\.\d+)*/.exec(tag)?.[0].split('.').length ?? 0;
    return [...tags].sort((a, b) => precision(b) - precision(a) || a.localeCompare(b));
}

// EXTERNAL MODULE: ./src/secrets.ts
var src_secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/cli/cli-logger.ts
/** Log lines go to standard error so standard output stays parseable (tables, --json). */
function createCliLogger(write, redact, verbose = false) {
    let indent = '';
    const emit = (text) => {
        for (const line of redact(text).split('\n'))
            write(`${indent}${line}`);
    };
    return {
        debug: (m) => {
            if (verbose)
                emit(`debug: ${m}`);
        },
        info: (m) => emit(m),
        warning: (m) => emit(`warning: ${m}`),
        group: async (name, fn) => {
            emit(`» ${name}`);
            indent += '  ';
            try {
                return await fn();
            }
            finally {
                indent = indent.slice(2);
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/flag-lists.ts
/**
 * A repeatable flag that also takes comma-separated lists (`--tag a,b --tag c`): its values as one list,
 * trimmed, empty items dropped. Every command splits its list flags here.
 */
function splitFlagValues(values, separator = /,/) {
    return (values ?? [])
        .flatMap((value) => value.split(separator))
        .map((item) => item.trim())
        .filter(Boolean);
}

// EXTERNAL MODULE: ./src/cli/connection-options.ts
var connection_options = __webpack_require__(9535);
// EXTERNAL MODULE: ./src/domain/edit-distance.ts
var edit_distance = __webpack_require__(8668);
;// CONCATENATED MODULE: ./src/cli/usage-errors.ts
/**
 * node:util parseArgs refusals as one INPUT_INVALID line in the command line's words: the flag as typed,
 * the nearest known flag for a typo, and `--password` pointed at the ways that keep it out of `ps`.
 */


/** parseArgs's error as a PublishError, or undefined when `err` is not a parseArgs refusal. */
function toFlagError(err, flags) {
    if (!isParseArgsError(err))
        return undefined;
    const help = `Run ${flags.command} --help for the options.`;
    const text = err.message;
    const unknown = /^Unknown option '([^']*)'/.exec(text)?.[1];
    if (unknown === undefined)
        return new errors/* PublishError */.S1('INPUT_INVALID', text, { hint: help });
    if (unknown === '--password' && '--password-stdin' in flagSet(flags)) {
        // Never echo the value: `--password=…` carries the secret.
        return new errors/* PublishError */.S1('INPUT_INVALID', 'Unknown option --password: a password in the arguments shows in ps and the shell history', {
            hint: 'Use --password-stdin (echo "$TOKEN" | registry-publish … --password-stdin) or REGISTRY_PASSWORD.',
        });
    }
    // A single-dash letter is too short to guess from.
    const longFlags = Object.keys(flagSet(flags)).filter((f) => f.startsWith('--'));
    const nearest = unknown.startsWith('--') ? findNearestFlag(unknown, longFlags) : undefined;
    return new errors/* PublishError */.S1('INPUT_INVALID', `Unknown option ${unknown}`, {
        hint: nearest ? `Did you mean ${nearest}? ${help}` : help,
    });
}
/** The known flag closest to `typed` (edit distance at most a third of its length, at least 2), if any. */
function findNearestFlag(typed, known) {
    const name = typed.replace(/=.*$/, '');
    const limit = Math.max(2, Math.floor(name.length / 3));
    let best;
    let bestDistance = limit + 1;
    for (const flag of known) {
        const d = (0,edit_distance/* editDistance */.Y)(name, flag);
        if (d < bestDistance)
            [best, bestDistance] = [flag, d];
    }
    return best;
}
function flagSet(flags) {
    const set = {};
    for (const [name, option] of Object.entries(flags.options)) {
        set[`--${name}`] = true;
        if (option.short)
            set[`-${option.short}`] = true;
    }
    return set;
}
/** node:util parseArgs refused the arguments. */
function isParseArgsError(err) {
    const code = err instanceof Error ? err.code : undefined;
    return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

;// CONCATENATED MODULE: ./src/cli/io.ts


/** Exit codes: 0 success, 1 the publish failed, 2 bad input or usage. */
const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const USAGE_CODES = new Set([
    'INPUT_INVALID',
    'VERSION_INVALID',
    'TAG_INVALID',
    'REFERENCE_INVALID',
    'USAGE',
]);
/** Bad input or usage (exit 2): an input error, or node:util parseArgs refusing the arguments. */
function isUsageError(err) {
    return ((0,errors/* isPublishError */.U6)(err) && USAGE_CODES.has(err.code)) || isParseArgsError(err);
}
/** parseArgs errors become one INPUT_INVALID line that points at --help (and at the flag meant). */
function toUsageError(err, flags) {
    return toFlagError(err, flags) ?? err;
}
/**
 * The password from --password-stdin or REGISTRY_PASSWORD. An empty one is refused naming where it was read
 * (a secret that did not resolve is an empty variable), rather than a credentials error in the engine's words.
 */
async function readPassword(io, fromStdin) {
    if (fromStdin) {
        const password = (await io.readStdin()).replace(/\r?\n$/, '');
        if (password === '') {
            throw new errors/* PublishError */.S1('INPUT_INVALID', '--password-stdin read an empty password from standard input', {
                hint: 'Pipe the token in (echo "$TOKEN" | registry-publish … --password-stdin) and check the variable is set.',
            });
        }
        return password;
    }
    const password = io.env.REGISTRY_PASSWORD;
    if (password === '') {
        throw new errors/* PublishError */.S1('INPUT_INVALID', 'REGISTRY_PASSWORD is set but empty', {
            hint: 'Export the token in REGISTRY_PASSWORD (a secret that did not resolve is empty), or unset it to use the Docker config.',
        });
    }
    return password;
}

;// CONCATENATED MODULE: ./src/cli/ls-command.ts













const LS_HELP = `Usage: registry-publish ls REGISTRY/NAMESPACE/IMAGE [options]

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
    ...connection_options/* CONNECTION_OPTIONS */.U,
    json: { type: 'boolean' },
    debug: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};
const LS_FLAGS = { command: 'registry-publish ls', options: LS_OPTIONS };
async function runLsCommand(argv, io) {
    const secrets = (0,src_secrets/* createSecretRegistry */.G)();
    const redact = (text) => secrets.redact(text);
    try {
        const { values, positionals } = (0,external_node_util_.parseArgs)({
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
            throw new errors/* PublishError */.S1('INPUT_INVALID', 'ls takes exactly one repository, e.g. localhost:5000/team/app', { hint: 'Run registry-publish ls --help.' });
        }
        const ref = (0,reference/* parseReference */.F2)(positionals[0]);
        const password = await readPassword(io, values['password-stdin']);
        secrets.add(password);
        const log = createCliLogger(io.stderr, redact, values.debug ?? false);
        const client = await (0,connect/* connectRegistry */.g)({
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
            for (const line of lines)
                io.stdout(redact(line));
        }
        finally {
            await client.close();
        }
        return EXIT_OK;
    }
    catch (err) {
        io.stderr(redact(`error: ${(0,errors/* formatError */.Wk)(toUsageError(err, LS_FLAGS), wordRemedyForCli)}`));
        return isUsageError(err) ? EXIT_USAGE : EXIT_FAILED;
    }
}
function renderListing(listing) {
    const rows = listing.versions.map((v) => [
        v.tag,
        v.variant ?? '-',
        v.digest ? (0,digest/* shortDigest */.VK)(v.digest) : '?',
        v.pointers.join(', '),
    ]);
    const lines = (0,render/* renderTable */.b)(['VERSION', 'VARIANT', 'DIGEST', 'ALSO TAGGED'], rows);
    if (listing.others.length > 0) {
        lines.push('', ...(0,render/* renderTable */.b)(['OTHER TAG', 'DIGEST'], listing.others.map((o) => [o.tag, o.digest ? (0,digest/* shortDigest */.VK)(o.digest) : '?'])));
    }
    return lines;
}
function toJson(listing) {
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

// EXTERNAL MODULE: ./src/cli/publish-options.ts
var publish_options = __webpack_require__(9286);
// EXTERNAL MODULE: ./src/cancellation.ts
var cancellation = __webpack_require__(4632);
// EXTERNAL MODULE: ./src/publish/publish.ts + 36 modules
var publish = __webpack_require__(838);
// EXTERNAL MODULE: ./src/publish/settings.ts
var publish_settings = __webpack_require__(6878);
;// CONCATENATED MODULE: ./src/cli/live-lines.ts
/**
 * Progress on a terminal the way `docker push` shows it: one line per layer, updated in place. A line that
 * starts with a layer's 12-character id and says it is still moving (`3f2a1b4c5d6e: Exporting …`,
 * `…: Pushing …`) replaces that layer's previous line at the bottom of the screen; any other line of that
 * layer (`Pushed`, `Mounted from …`, `Layer already exists`) is its final state, printed once above the
 * live lines, which the layer then leaves. Every other log line is printed above them unchanged.
 *
 * Only for a terminal (CliIo.interactive): a redirected standard error gets every line as it comes, so
 * logs and CI output stay complete.
 */
const LAYER_LINE = /^\s*([0-9a-f]{12}): (\S+)/;
const MOVING = new Set(['Exporting', 'Pushing']);
/** Cursor up N lines, then clear to the end of the screen (ECMA-48 CUU and ED). */
function eraseLines(count) {
    return count > 0 ? `\u001b[${count}A\u001b[J` : '';
}
/** A line writer that keeps each moving layer's latest line in place below the other lines. */
function createLiveLines(write) {
    const live = new Map();
    let shown = 0;
    const render = (above) => {
        const lines = [...above, ...live.values()];
        lines.forEach((line, i) => write(i === 0 ? `${eraseLines(shown)}${line}` : line));
        shown = live.size;
    };
    return (line) => {
        const match = LAYER_LINE.exec(line);
        if (match && MOVING.has(match[2])) {
            live.set(match[1], line);
            render([]);
            return;
        }
        if (match)
            live.delete(match[1]);
        render([line]);
    };
}

// EXTERNAL MODULE: ./src/publish/upload-progress.ts
var upload_progress = __webpack_require__(7192);
// EXTERNAL MODULE: ./src/domain/tag-placeholders.ts
var tag_placeholders = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/publish/tag-context.ts
var tag_context = __webpack_require__(9549);
;// CONCATENATED MODULE: ./src/cli/publish-command.ts


















const PUBLISH_HELP = `Usage: registry-publish [publish] --image NAME (--version V | --tag T) [options]

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
  --timeout DURATION       deadline for the whole run: 90s, 30m, 1h30m (default ${publish_settings/* DEFAULT_TIMEOUT */.cS})
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
const PUBLISH_FLAGS = { command: 'registry-publish', options: publish_options/* PUBLISH_OPTIONS */.d };
async function runPublishCommand(argv, io) {
    const secrets = (0,src_secrets/* createSecretRegistry */.G)();
    const redact = (text) => secrets.redact(text);
    try {
        const { values } = (0,external_node_util_.parseArgs)({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: publish_options/* PUBLISH_OPTIONS */.d,
        });
        if (values.help) {
            io.stdout(PUBLISH_HELP);
            return EXIT_OK;
        }
        const json = values.json ?? false;
        const password = await readPassword(io, values['password-stdin']);
        secrets.add(password);
        const settings = (0,publish_settings/* parseSettings */.P$)({
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
            tags: (0,tag_placeholders/* expandTagTemplates */.MW)(splitFlagValues(values.tag), (0,tag_context/* readTagContext */.g)(io.env), 'tags'),
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
        const progress = io.interactive ? (0,upload_progress/* createUploadProgress */.p1)(stderr, upload_progress/* TERMINAL_PROGRESS_INTERVAL_MS */.YD) : undefined;
        // Ctrl-C (or a CI cancel) stops writing and converges the floating tags written; a second Ctrl-C exits.
        const termination = (0,cancellation/* watchTermination */.ST)((line) => stderr(`warning: ${line}`));
        const report = await (0,publish/* runPublish */.j)(settings, {
            log,
            env: io.env,
            secrets,
            wordRemedy: wordRemedyForCli,
            signal: termination.signal,
            ...(progress ? { onProgress: progress } : {}),
        }).finally(() => termination.dispose());
        if (json)
            io.stdout(redact(JSON.stringify(report, null, 2)));
        // A dry run's plan was printed once already (on standard error, per target).
        else if (!report.dryRun)
            for (const line of renderResults(report))
                io.stdout(redact(line));
        const failed = (0,publish/* failedTargets */.s)(report);
        if (failed.length > 0) {
            for (const t of failed)
                stderr(redact(`error: ${t.target}: ${t.error?.message ?? ''}`));
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }
    catch (err) {
        io.stderr(redact(`error: ${(0,errors/* formatError */.Wk)(toUsageError(err, PUBLISH_FLAGS), wordRemedyForCli)}`));
        return isUsageError(err) ? EXIT_USAGE : EXIT_FAILED;
    }
}
/** The results table: one row per target and tag. */
function renderResults(report) {
    const rows = report.targets.flatMap((t) => t.tags.map((tag) => [
        `${t.target}:${tag.tag}`,
        report.dryRun
            ? `would ${tag.action === 'created' ? 'create' : tag.action === 'updated' ? 'update' : tag.action === 'skipped' ? 'skip' : 'stay unchanged'}`
            : tag.action,
        tag.digest ? (0,digest/* shortDigest */.VK)(tag.digest) : '-',
        tag.reason ?? '',
    ]));
    // No tag reached (a failure before any plan): no bare header.
    if (rows.length === 0)
        return [];
    return (0,render/* renderTable */.b)(['REFERENCE', report.dryRun ? 'PLAN' : 'ACTION', 'DIGEST', 'NOTE'], rows);
}

// EXTERNAL MODULE: ./src/cli/tag-policy-options.ts
var tag_policy_options = __webpack_require__(7234);
;// CONCATENATED MODULE: ./src/cli/tags-command.ts







const TAGS_HELP = `Usage: registry-publish tags --version V [options]

Derives the tags for a version, offline, and prints them one per line, full version first.
Notices and floating tags held back by the guard go to standard error, one per line.

  --version V                 1.15.12, v1.15.12, refs/tags/v1.15.12, 1.15, 29.0.5.0, 2024.05.1,
                              2.0.0-rc.1, 19beta3, 1.2.3+build.5
  --variant NAME              suffix every tag with -NAME; latest becomes NAME (alpine, alpine-perl);
                              repeatable (or comma-separated): the full set under each name
  --bare                      with --variant: also the unsuffixed set, latest included
  --bare-alias                with --variant: only the unsuffixed floating tags and latest (bare: alias)
  --floating-levels LIST      which floating version tags: all (default), 2 (1.15 only), 1 (major only),
                              none (full version only); comma-separated
  --prefix P                  also the version-derived tags with prefix P: v1.15.12 v1.15 v1
                              (repeatable, or comma-separated)
  --alias-variant NAME        a name that gets only the floating tags and NAME itself, no full version:
                              8-alpine, alpine (repeatable, or comma-separated)
  --prerelease-alias LABEL    a prerelease also gets its line tag: 3.15.0a1 with rc gives 3.15-rc
  --floating-scope variant|image  (default variant: only the variant's versions hold its floating tags
                              back; image: every variant's)
  --alias NAME                channel alias such as mainline, stable, lts; gets the suffix too (repeatable)
  --tag NAME                  extra tag added exactly as given, e.g. sha-860c190 (repeatable)
  --latest auto|true|false    (default auto: latest only if no higher stable version exists)
  --floating highest|always   (default highest: 1.15, 1 and latest never move to an older version)
  --existing LIST             tags already in the repository, comma-separated, for the floating guard
  -h, --help                  this help

Example: registry-publish tags --version v1.15.12 --variant alpine --existing 1.16.0-alpine

Exit status: 0 tags printed, 2 bad input.`;
const TAGS_OPTIONS = {
    ...tag_policy_options/* TAG_POLICY_OPTIONS */.T,
    existing: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
};
const TAGS_FLAGS = { command: 'registry-publish tags', options: TAGS_OPTIONS };
/**
 * `registry-publish tags`: prints the derived tags on stdout, then notices and held-back tags on stderr
 * (`notice: …`, `held back: latest (2.5.2 exists)`). Returns the exit code: 0, or 2 for bad input (io.ts).
 */
function runTagsCommand(argv, io) {
    try {
        const { values } = (0,external_node_util_.parseArgs)({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: TAGS_OPTIONS,
        });
        if (values.help) {
            io.stdout(TAGS_HELP);
            return EXIT_OK;
        }
        const derivation = (0,tags/* deriveTags */.hj)({
            version: values.version,
            variant: splitFlagValues(values.variant),
            bare: values['bare-alias'] ? 'alias' : (values.bare ?? false),
            floatingLevels: values['floating-levels'],
            prefixes: splitFlagValues(values.prefix),
            aliasVariants: splitFlagValues(values['alias-variant']),
            prereleaseAlias: values['prerelease-alias'],
            floatingScope: values['floating-scope'],
            aliases: splitFlagValues(values.alias),
            extraTags: splitFlagValues(values.tag),
            latest: (0,tags/* parseLatestPolicy */.RW)(values.latest),
            floating: (0,tags/* parseFloatingPolicy */.CG)(values.floating),
            existing: splitFlagValues(values.existing, /[,\s]+/),
        });
        for (const { tag } of derivation.tags)
            io.stdout(tag);
        for (const notice of derivation.notices)
            io.stderr(`notice: ${(0,errors/* wordHint */.Ut)(notice, wordRemedyForCli)}`);
        for (const held of derivation.heldBack)
            io.stderr(`held back: ${held.tag} (${held.blockedBy} exists)`);
        return EXIT_OK;
    }
    catch (err) {
        // As publish and ls: bad input is 2, anything else (a bug: nothing here is I/O) 1.
        io.stderr(`error: ${(0,errors/* formatError */.Wk)(toUsageError(err, TAGS_FLAGS), wordRemedyForCli)}`);
        return isUsageError(err) ? EXIT_USAGE : EXIT_FAILED;
    }
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./src/cli/tool-version.ts
// Bundled from package.json at build time, so the printed version is the one the bundle was built from.

/** The tool's version, as released. */
const TOOL_VERSION = package_namespaceObject.rE;

;// CONCATENATED MODULE: ./src/cli/main.ts





const HELP = `registry-publish ${TOOL_VERSION}: tag and publish container images to any OCI registry.

Commands:
  registry-publish [publish] [options]   publish an image under a version and its alias tags
  registry-publish ls REPOSITORY         list version tags, digests and the floating tags on each
  registry-publish tags [options]        derive the tags for a version, offline
  registry-publish version               print the version (also -V, or --version alone)

Run registry-publish COMMAND --help for a command's options.

${PUBLISH_HELP}

${LS_HELP}

${TAGS_HELP}`;
/** The command-line adapter: argv in, exit code out. */
async function runCli(argv, io) {
    const [first, ...rest] = argv;
    switch (first) {
        case undefined:
        case '-h':
        case '--help':
        case 'help':
            io.stdout(HELP);
            return first === undefined ? EXIT_USAGE : EXIT_OK;
        case 'version':
        case '-V':
            io.stdout(`registry-publish ${TOOL_VERSION}`);
            return EXIT_OK;
        case 'publish':
            return runPublishCommand(rest, io);
        case 'ls':
            return runLsCommand(rest, io);
        case 'tags':
            return runTagsCommand(rest, { stdout: io.stdout, stderr: io.stderr });
        default:
            // --version alone asks for the tool's version; with a value it is publish's --version V.
            if (first === '--version' && rest.length === 0) {
                io.stdout(`registry-publish ${TOOL_VERSION}`);
                return EXIT_OK;
            }
            if (first.startsWith('-'))
                return runPublishCommand(argv, io);
            io.stderr(`error: unknown command "${first}". Commands: publish, ls, tags, version; see registry-publish --help. [INPUT_INVALID]`);
            return EXIT_USAGE;
    }
}


/***/ })

};
