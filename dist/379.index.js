export const id = 379;
export const ids = [379];
export const modules = {

/***/ 3461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   r: () => (/* binding */ readActionRegistryHint)
/* harmony export */ });
/**
 * The registry the action's `registry` input names, read from the runner's INPUT_ variables before
 * @actions/core and the engine load, so that its connections open meanwhile (early-sockets.ts). Undefined
 * when the input is not set.
 */
function readActionRegistryHint(env) {
    const registry = env.INPUT_REGISTRY?.trim();
    if (!registry)
        return undefined;
    return { registry, insecure: env.INPUT_INSECURE?.trim().toLowerCase() === 'true' };
}


/***/ }),

/***/ 9535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ CONNECTION_OPTIONS)
/* harmony export */ });
/** The parseArgs options of a registry connection, shared by `publish` and `ls` so both accept the same flags. */
const CONNECTION_OPTIONS = {
    username: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    insecure: { type: 'boolean' },
    'ca-file': { type: 'string' },
    'cert-dir': { type: 'string' },
    'client-cert': { type: 'string' },
    'client-key': { type: 'string' },
};


/***/ }),

/***/ 9286:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ PUBLISH_OPTIONS)
/* harmony export */ });
/* harmony import */ var _connection_options_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9535);
/* harmony import */ var _tag_policy_options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7234);
/**
 * The parseArgs options of `publish`, in a module of their own: the entry reads the registry with them
 * before the engine loads (registry-hint.ts), so it must not import the command.
 */


const PUBLISH_OPTIONS = {
    registry: { type: 'string' },
    namespace: { type: 'string' },
    image: { type: 'string' },
    target: { type: 'string', multiple: true },
    source: { type: 'string', multiple: true },
    ..._tag_policy_options_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG_POLICY_OPTIONS */ .T,
    overwrite: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'by-digest': { type: 'boolean' },
    'no-referrers': { type: 'boolean' },
    annotation: { type: 'string', multiple: true },
    base: { type: 'string', multiple: true },
    ..._connection_options_js__WEBPACK_IMPORTED_MODULE_0__/* .CONNECTION_OPTIONS */ .U,
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    debug: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
};


/***/ }),

/***/ 2825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ readRegistryHint)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _publish_options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9286);


/**
 * The registry a `publish` command line names with `--registry`, read before the engine loads so that its
 * connections open meanwhile (early-sockets.ts). Undefined for another command, without `--registry`, and
 * for arguments the command will refuse (bad input contacts no registry).
 */
function readRegistryHint(argv) {
    const [first, ...rest] = argv;
    const args = first === 'publish' ? rest : first?.startsWith('-') ? argv : undefined;
    if (!args)
        return undefined;
    try {
        const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
            args: [...args],
            strict: true,
            allowPositionals: false,
            options: _publish_options_js__WEBPACK_IMPORTED_MODULE_1__/* .PUBLISH_OPTIONS */ .d,
        });
        if (values.help || !values.registry)
            return undefined;
        return { registry: values.registry, insecure: values.insecure === true };
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 7234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ TAG_POLICY_OPTIONS)
/* harmony export */ });
/** The parseArgs options of the tag policy, shared by `publish` and `tags` so both accept the same flags. */
const TAG_POLICY_OPTIONS = {
    version: { type: 'string' },
    variant: { type: 'string', multiple: true },
    bare: { type: 'boolean' },
    'bare-alias': { type: 'boolean' },
    'floating-levels': { type: 'string' },
    prefix: { type: 'string', multiple: true },
    'alias-variant': { type: 'string', multiple: true },
    'prerelease-alias': { type: 'string' },
    'floating-scope': { type: 'string' },
    alias: { type: 'string', multiple: true },
    tag: { type: 'string', multiple: true },
    latest: { type: 'string' },
    floating: { type: 'string' },
};


/***/ }),

/***/ 7522:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   VK: () => (/* binding */ shortDigest),
/* harmony export */   g4: () => (/* binding */ digestAlgorithm),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   sU: () => (/* binding */ digestHex)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

const DIGEST_PATTERN = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
function isDigest(value) {
    return DIGEST_PATTERN.test(value);
}
function sha256Digest(bytes) {
    return `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex')}`;
}
/** The hex part of a digest (what blob paths in OCI layouts use). */
function digestHex(digest) {
    return digest.slice(digest.indexOf(':') + 1);
}
function digestAlgorithm(digest) {
    return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}
/** A short form for logs, like Docker's `3f2a1b4c5d6e`. */
function shortDigest(digest) {
    return digestHex(digest).slice(0, 12);
}


/***/ }),

/***/ 8913:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Qd: () => (/* binding */ apiHostFor),
/* harmony export */   gr: () => (/* binding */ isDockerHub),
/* harmony export */   pA: () => (/* binding */ joinRepository),
/* harmony export */   pQ: () => (/* binding */ findRegistryInName)
/* harmony export */ });
/* unused harmony exports DOCKER_HUB, DOCKER_HUB_API_HOST, NAME_TOTAL_LENGTH_MAX, normalizeRegistry */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7522);
/**
 * Image references, following the distribution reference grammar
 * (github.com/distribution/reference `reference.go`), with Docker Hub normalisation:
 *
 *   reference      := name [ ":" tag ] [ "@" digest ]
 *   name           := [ domain "/" ] path
 *   domain         := host [ ":" port ]          host: DNS name, IPv4, or [IPv6]
 *   path           := component ( "/" component )*
 *   component      := [a-z0-9]+ ( ( [._] | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag            := [\w][\w.-]{0,127}
 *   digest         := sha256:<64 hex> | sha512:<128 hex>
 *
 * The first path segment is a registry when it contains "." or ":" or is "localhost" in any case (Docker's
 * rule, so `LOCALHOST/app` names a host). One deviation: Docker treats a first segment with uppercase letters (`MyOrg/app`) as a registry host; here
 * that is reported as "must be lowercase", which is what the user almost always meant.
 * Pure: no I/O.
 */


const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
]);
const NAME_TOTAL_LENGTH_MAX = 255;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[0-9a-fA-F:.]+\]$/;
const HINT = 'Write it as [registry[:port]/]namespace/name[:tag][@sha256:…], in lowercase, e.g. ghcr.io/org/app:1.2.';
/** Normalises a registry host as written: Docker Hub aliases become `docker.io`; hosts are lowercased. */
function normalizeRegistry(registry) {
    const lower = registry.toLowerCase();
    return isDockerHub(lower) ? DOCKER_HUB : lower;
}
/** Whether a host (any case, no port) is one of Docker Hub's names: the one list of them. */
function isDockerHub(host) {
    return DOCKER_HUB_ALIASES.has(host.toLowerCase());
}
/** The API host for a registry: `docker.io` and `index.docker.io` → `registry-1.docker.io`. */
function apiHostFor(registry) {
    const normal = normalizeRegistry(registry);
    return normal === DOCKER_HUB ? DOCKER_HUB_API_HOST : normal;
}
/** Parses `ghcr.io/org/app:1.2@sha256:…`; throws REFERENCE_INVALID naming the input and the problem. */
function parseReference(input, inputName) {
    const fail = (what) => {
        throw invalid(inputName, `the reference ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(input)}`, what);
    };
    const text = input.trim();
    if (text === '')
        fail('it is empty');
    if (/\s/.test(text))
        fail('it contains whitespace');
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
        fail('it starts with a URL scheme; write the reference without "https://"');
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at !== -1) {
        const value = rest.slice(at + 1);
        if (!(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(value))
            fail(`the digest ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(value)} is not sha256: followed by 64 lowercase hex characters`);
        digest = value;
        rest = rest.slice(0, at);
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.indexOf(':', lastSlash + 1);
    if (colon !== -1) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag))
            fail(`the tag ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(tag)} does not match [A-Za-z0-9_][A-Za-z0-9._-]{0,127}`);
    }
    const name = splitName(rest, fail);
    const repository = checkPath(name.path, fail, name.registry);
    if (rest.length > NAME_TOTAL_LENGTH_MAX) {
        fail(`the name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
    }
    return {
        registry: name.registry,
        apiHost: apiHostFor(name.registry),
        repository,
        ...(tag !== undefined ? { tag } : {}),
        ...(digest !== undefined ? { digest } : {}),
    };
}
/**
 * Joins registry, namespace (`''`, `org`, `org/team`, `com.example.namespace`) and image name into a
 * repository on a registry, validating each part.
 */
function joinRepository(registry, namespace, image, inputName) {
    const host = registry.trim() === '' ? DOCKER_HUB : registry.trim();
    const failRegistry = (what) => {
        throw invalid(inputName, `the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(registry)}`, what);
    };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host))
        failRegistry('it starts with a URL scheme; write only host[:port]');
    if (host.includes('/'))
        failRegistry('it contains "/"; write only host[:port] and put the path in namespace');
    checkHost(host, failRegistry);
    const normal = normalizeRegistry(host);
    const path = [namespace.trim(), image.trim()].filter((p) => p !== '').join('/');
    const failPath = (what) => {
        throw invalid(inputName, `the repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(path)}`, what);
    };
    if (image.trim() === '')
        failPath('the image name is empty');
    if (image.includes(':') || image.includes('@'))
        failPath('the image name carries a tag or digest; give tags separately');
    const repository = checkPath(path, failPath, normal);
    if (`${normal}/${repository}`.length > NAME_TOTAL_LENGTH_MAX) {
        failPath(`the name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
    }
    return { registry: normal, apiHost: apiHostFor(normal), repository };
}
/** `ghcr.io/org/app:1.2`, `docker.io/library/nginx@sha256:…`. */
function formatReference(ref) {
    const tag = ref.tag !== undefined ? `:${ref.tag}` : '';
    const digest = ref.digest !== undefined ? `@${ref.digest}` : '';
    return `${ref.registry}/${ref.repository}${tag}${digest}`;
}
/** Whether the first segment of a name is a registry host (Docker's `splitDockerDomain` rule). */
function looksLikeHost(segment) {
    return (segment.includes('.') ||
        segment.includes(':') ||
        segment.toLowerCase() === 'localhost' ||
        segment.startsWith('['));
}
/**
 * The registry and path inside an image name written as a full reference (`ghcr.io:443/ns/app`), or
 * undefined when its first segment is not a host. Lets the adapters show the split instead of a vaguer error.
 */
function findRegistryInName(name) {
    const slash = name.indexOf('/');
    if (slash === -1)
        return undefined;
    const first = name.slice(0, slash);
    return looksLikeHost(first) ? { registry: first, path: name.slice(slash + 1) } : undefined;
}
function splitName(name, fail) {
    const slash = name.indexOf('/');
    const first = slash === -1 ? name : name.slice(0, slash);
    if (slash !== -1 && looksLikeHost(first)) {
        checkHost(first, fail);
        return { registry: normalizeRegistry(first), path: name.slice(slash + 1) };
    }
    return { registry: DOCKER_HUB, path: name };
}
function checkHost(host, fail) {
    let hostname = host;
    let port;
    if (host.startsWith('[')) {
        const close = host.indexOf(']');
        if (close === -1)
            fail(`the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} has an unclosed "[" (IPv6 addresses are written [::1]:5000)`);
        hostname = host.slice(0, close + 1);
        const after = host.slice(close + 1);
        if (after !== '') {
            if (!after.startsWith(':'))
                fail(`the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} has text after "]"`);
            port = after.slice(1);
        }
        if (!IPV6.test(hostname))
            fail(`the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} is not a valid IPv6 address`);
    }
    else {
        const colon = host.indexOf(':');
        if (colon !== -1) {
            hostname = host.slice(0, colon);
            port = host.slice(colon + 1);
        }
        if (hostname === '')
            fail(`the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} has no host name`);
        for (const part of hostname.split('.')) {
            if (!DOMAIN_COMPONENT.test(part)) {
                fail(part === ''
                    ? `the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} has an empty label ("..")`
                    : `the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} has the invalid label ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(part)}`);
            }
        }
    }
    if (port !== undefined) {
        const n = Number(port);
        if (!/^[0-9]+$/.test(port) || n < 1 || n > 65535)
            fail(`the registry ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(host)} has the invalid port ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(port)}`);
    }
}
/** Validates a repository path; Docker Hub one-part names become `library/NAME`. */
function checkPath(path, fail, registry) {
    if (path === '')
        fail('the repository name is empty');
    if (path.startsWith('/'))
        fail('it starts with "/"');
    if (path.endsWith('/'))
        fail('it ends with "/"');
    if (path.includes('//'))
        fail('it contains an empty path component ("//")');
    if (/[A-Z]/.test(path))
        fail(`the repository ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(path)} must be lowercase`);
    for (const component of path.split('/')) {
        if (COMPONENT.test(component))
            continue;
        if (component.includes('..'))
            fail(`the path component ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(component)} contains ".."`);
        const bad = /[^a-z0-9._-]/.exec(component);
        if (bad)
            fail(`the path component ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(component)} contains ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(bad[0])}`);
        fail(`the path component ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(component)} must start and end with a letter or digit and use only single ".", "_", "__" or "-" runs as separators`);
    }
    return registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
}
function invalid(inputName, subject, what) {
    const message = `${capitalize(subject)} is invalid: ${what}`;
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('REFERENCE_INVALID', inputName === undefined ? message : (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingSubject */ .de)(inputName)}: ${message}`, { hint: HINT });
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}


/***/ }),

/***/ 1379:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _action_registry_hint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3461);
/* harmony import */ var _cli_registry_hint_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2825);
/* harmony import */ var _registry_early_sockets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7675);
/**
 * One bundle, two adapters: started by a GitHub runner (INPUT_* variables, no arguments) it is the action;
 * started with arguments, or outside Actions, it is the `registry-publish` command line.
 */



const argv = process.argv.slice(2);
const isAction = argv.length === 0 &&
    (process.env.GITHUB_ACTIONS === 'true' || Object.keys(process.env).some((k) => k.startsWith('INPUT_')));
// The registry's connections open while the adapter and the engine load (early-sockets.ts).
const hint = isAction ? (0,_action_registry_hint_js__WEBPACK_IMPORTED_MODULE_2__/* .readActionRegistryHint */ .r)(process.env) : (0,_cli_registry_hint_js__WEBPACK_IMPORTED_MODULE_0__/* .readRegistryHint */ .R)(argv);
if (hint)
    (0,_registry_early_sockets_js__WEBPACK_IMPORTED_MODULE_1__/* .openEarlySockets */ .u)(hint, process.env);
// Each adapter is loaded only when used: the command line never loads @actions/core (and its HTTP client).
if (isAction) {
    const { runAction } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(421), __webpack_require__.e(609), __webpack_require__.e(915)]).then(__webpack_require__.bind(__webpack_require__, 5915));
    await runAction();
}
else {
    const { runCli } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(609), __webpack_require__.e(729)]).then(__webpack_require__.bind(__webpack_require__, 5729));
    process.exitCode = await runCli(argv, {
        stdout: (line) => process.stdout.write(`${line}\n`),
        stderr: (line) => process.stderr.write(`${line}\n`),
        readStdin: async () => {
            const chunks = [];
            for await (const chunk of process.stdin)
                chunks.push(chunk);
            return Buffer.concat(chunks).toString('utf8');
        },
        env: process.env,
        interactive: process.stderr.isTTY === true,
    });
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $6: () => (/* binding */ PACKAGE_WRITE),
/* harmony export */   Ge: () => (/* binding */ PASSWORD),
/* harmony export */   HF: () => (/* binding */ USERNAME),
/* harmony export */   QX: () => (/* binding */ settingName),
/* harmony export */   RD: () => (/* binding */ INSECURE),
/* harmony export */   S1: () => (/* binding */ PublishError),
/* harmony export */   S3: () => (/* binding */ LOGIN),
/* harmony export */   S4: () => (/* binding */ CA_FILE),
/* harmony export */   TE: () => (/* binding */ settingExample),
/* harmony export */   U6: () => (/* binding */ isPublishError),
/* harmony export */   Ut: () => (/* binding */ wordHint),
/* harmony export */   Wk: () => (/* binding */ formatError),
/* harmony export */   Wr: () => (/* binding */ OVERWRITE),
/* harmony export */   b3: () => (/* binding */ CLIENT_CERT),
/* harmony export */   bA: () => (/* binding */ ECR_LOGIN),
/* harmony export */   cl: () => (/* binding */ quoteValue),
/* harmony export */   de: () => (/* binding */ settingSubject),
/* harmony export */   o7: () => (/* binding */ remedyHint),
/* harmony export */   tG: () => (/* binding */ CREDENTIALS),
/* harmony export */   u3: () => (/* binding */ CLIENT_KEY),
/* harmony export */   xF: () => (/* binding */ CERT_DIR)
/* harmony export */ });
/* unused harmony exports remediesOf, wordRemedyPlainly, MAX_ERROR_MESSAGE */
/** The remedies hints name, one object each. */
const OVERWRITE = { setting: 'overwrite', value: true };
const INSECURE = { setting: 'insecure', value: true };
const CA_FILE = { setting: 'ca-file' };
const CERT_DIR = { setting: 'cert-dir' };
const CLIENT_CERT = { setting: 'client-cert' };
const CLIENT_KEY = { setting: 'client-key' };
const USERNAME = { setting: 'username' };
const PASSWORD = { setting: 'password' };
const CREDENTIALS = { setting: 'credentials' };
const LOGIN = { setting: 'login' };
const ECR_LOGIN = { setting: 'ecr-login' };
const PACKAGE_WRITE = { setting: 'package-write' };
/** A setting by its name: `latest follows ${settingName('latest')}`. */
function settingName(setting) {
    return { setting };
}
/** A setting given a value, as an example: `use ${settingExample('tags', 'main')}`. */
function settingExample(setting, value) {
    return { setting, value };
}
/** A setting as the subject of a message: `${settingSubject('latest')} must be auto, true or false`. */
function settingSubject(setting) {
    return { setting, subject: true };
}
/**
 * A sentence that names settings: remedyHint`Bump the version, or use ${OVERWRITE} to replace it.`
 * The action shows `overwrite: true` there, the CLI `--overwrite`. Strings are part of the sentence.
 * Messages use it too: remedyHint`${settingSubject('latest')} must be auto, true or false`.
 */
function remedyHint(text, ...parts) {
    const pieces = [text[0] ?? ''];
    const remedies = [];
    parts.forEach((part, i) => {
        const after = text[i + 1] ?? '';
        if (typeof part === 'string' || typeof part === 'number')
            pieces[pieces.length - 1] += `${part}${after}`;
        else if ('remedies' in part) {
            // A sentence built earlier (a message's subject): its pieces and remedies, in place.
            const [first = '', ...rest] = part.text;
            pieces[pieces.length - 1] += first;
            remedies.push(...part.remedies);
            pieces.push(...rest);
            pieces[pieces.length - 1] += after;
        }
        else {
            remedies.push(part);
            pieces.push(after);
        }
    });
    return { text: pieces, remedies };
}
/**
 * The remedies a hint names, in order (none for a plain-text hint). @internal: the tests read a hint's
 * structure with it; the adapters word hints through wordHint.
 */
function remediesOf(hint) {
    return typeof hint === 'object' ? hint.remedies : [];
}
/**
 * Words without either adapter's syntax, for library callers and tests that format an error outside an
 * adapter (`the overwrite setting`). The adapters pass their own (src/action/words.ts,
 * src/cli/words.ts).
 */
const wordRemedyPlainly = (remedy) => {
    if (remedy.subject)
        return `Setting "${remedy.setting}"`;
    if (typeof remedy.value === 'string')
        return `${remedy.setting}=${remedy.value}`;
    return remedy.setting === 'credentials'
        ? 'credentials'
        : remedy.setting === 'login'
            ? 'a registry login'
            : `the ${remedy.setting} setting`;
};
function wordHint(hint, word = wordRemedyPlainly) {
    if (hint === undefined || typeof hint === 'string')
        return hint;
    return hint.text.reduce((out, piece, i) => {
        const remedy = hint.remedies[i - 1];
        return `${out}${remedy ? word(remedy) : ''}${piece}`;
    }, '');
}
class PublishError extends Error {
    name = 'PublishError';
    code;
    /** The message with the settings it names left to the adapter; `message` words them plainly. */
    text;
    hint;
    constructor(code, message, options = {}) {
        super(wordHint(message), options.cause === undefined ? undefined : { cause: options.cause });
        this.code = code;
        this.text = message;
        this.hint = options.hint;
    }
}
function isPublishError(err, code) {
    return err instanceof PublishError && (code === undefined || err.code === code);
}
/**
 * One line for the user: what went wrong, then what to do (remedies in the adapter's words), then the
 * stable code. `Input "latest" must be auto, true or false; got "maybe". Use latest: auto. [INPUT_INVALID]`
 */
function formatError(err, word = wordRemedyPlainly) {
    if (err instanceof PublishError) {
        const message = cutLine(oneLine(wordHint(err.text, word)));
        const worded = wordHint(err.hint, word);
        const hint = worded ? ` ${oneLine(worded)}` : '';
        return `${ensurePeriod(message)}${hint} [${err.code}]`;
    }
    if (err instanceof Error)
        return `Unexpected error: ${cutLine(oneLine(err.message))} [INTERNAL]`;
    return `Unexpected error: ${cutLine(oneLine(String(err)))} [INTERNAL]`;
}
/**
 * An error line stays readable (and within what a runner annotation shows): a message naming 100,000 images
 * is cut, saying how much was left out, and the hint and code still follow.
 */
const MAX_ERROR_MESSAGE = 1_000;
/** A user value quoted for a one-line message: JSON escapes, cut after 140 characters. */
function quoteValue(value) {
    const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
    return JSON.stringify(shown);
}
const MAX_QUOTED = 140;
function cutLine(text) {
    if (text.length <= MAX_ERROR_MESSAGE)
        return text;
    return `${text.slice(0, MAX_ERROR_MESSAGE)}… (${text.length - MAX_ERROR_MESSAGE} more characters)`;
}
function oneLine(text) {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}
function ensurePeriod(text) {
    return /[.!?]$/.test(text) ? text : `${text}.`;
}


/***/ }),

/***/ 7675:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ takeEarlySockets),
/* harmony export */   u: () => (/* binding */ openEarlySockets)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _domain_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8913);
/* harmony import */ var _held_sockets_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7795);
/* harmony import */ var _location_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5384);
/**
 * TCP connections to the destination registry opened at start-up, while the rest of the bundle (undici,
 * the engine) is still loading: the entry knows the registry from the command line or the action's inputs
 * tens of milliseconds before the first request is ready, so over a distant link the TCP handshake is done
 * by then instead of being paid after it (docs/benchmarks.md, "Where the time went (WAN)").
 * connections.ts takes them as connections opened ahead for either scheme (TLS, when the registry speaks
 * it, is set up over the one taken). Only node:net is loaded here.
 */




/** As many as a publish sends at once by default (4 tags, `concurrency` 4), and the TLS attempt's. */
const EARLY_SOCKETS = 5;
/** A handshake that takes longer is given up, as the transport's own (transport.ts, connectTimeout). */
const EARLY_CONNECT_TIMEOUT_MS = 30_000;
/** Sockets opened at start-up, by `hostname:port` as URL spells them. */
const early = new Map();
/**
 * Opens the start-up connections to the hinted registry. None when the request would go through a proxy
 * (HTTPS_PROXY/HTTP_PROXY set and the registry not on loopback), or when the port is not known: a
 * loopback or `insecure` registry without a port may answer on 443 or 80.
 */
function openEarlySockets(hint, env) {
    let url;
    try {
        url = new URL(`https://${(0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .apiHostFor */ .Qd)(hint.registry)}`);
    }
    catch {
        return; // the settings say what is wrong with it
    }
    const loopback = (0,_location_js__WEBPACK_IMPORTED_MODULE_2__/* .isLoopbackHost */ .cW)(url.host);
    const proxied = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => env[k]);
    if (proxied && !loopback)
        return;
    const undecided = loopback || hint.insecure;
    if (undecided && url.port === '')
        return;
    const port = Number(url.port || 443);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const list = [];
    for (let i = 0; i < EARLY_SOCKETS; i++) {
        // As undici's connector makes its sockets (lib/core/connect.js): 64 KiB buffers, no Nagle, keep-alive.
        const options = { host, port, highWaterMark: 64 * 1024 };
        const socket = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.connect)(options).setNoDelay(true).setKeepAlive(true, 60_000);
        // Failed as undici's connector fails one, so that network-errors.ts words it the same way.
        socket.setTimeout(EARLY_CONNECT_TIMEOUT_MS, () => socket.destroy(Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' })));
        const ready = new Promise((resolve) => {
            socket.once('connect', () => {
                socket.setTimeout(0);
                resolve(undefined);
            });
            socket.once('error', resolve);
        });
        (0,_held_sockets_js__WEBPACK_IMPORTED_MODULE_3__/* .holdSocket */ .J)(list, socket, ready, {});
    }
    early.set(`${url.hostname}:${port}`, list);
}
/** The start-up sockets to `hostname:port` still open, handed over once (the caller listens to them now). */
function takeEarlySockets(key) {
    const list = early.get(key);
    if (!list)
        return [];
    early.delete(key);
    // A copy: releasing one takes it out of `list`.
    return [...list].map((held) => ({ socket: (0,_held_sockets_js__WEBPACK_IMPORTED_MODULE_3__/* .releaseSocket */ .l)(held), ready: held.ready }));
}


/***/ }),

/***/ 7795:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ holdSocket),
/* harmony export */   l: () => (/* binding */ releaseSocket)
/* harmony export */ });
/** Holds `socket` in `list` (as the entry `extra` describes it) until releaseSocket takes it. */
function holdSocket(list, socket, ready, extra) {
    const drop = () => {
        const at = list.indexOf(held);
        if (at >= 0)
            list.splice(at, 1);
    };
    const held = { ...extra, socket, ready, drop };
    socket.on('error', drop).on('close', drop).on('end', drop).unref();
    list.push(held);
}
/** Takes `held` out of its list: the caller listens to its socket now. */
function releaseSocket(held) {
    held.drop();
    return held.socket.off('error', held.drop).off('close', held.drop).off('end', held.drop);
}


/***/ }),

/***/ 5384:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KC: () => (/* binding */ resolveLocation),
/* harmony export */   LZ: () => (/* binding */ hostnameOf),
/* harmony export */   Sf: () => (/* binding */ isPrivateHost),
/* harmony export */   VL: () => (/* binding */ withQuery),
/* harmony export */   cW: () => (/* binding */ isLoopbackHost),
/* harmony export */   he: () => (/* binding */ parseLinkNext)
/* harmony export */ });
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/**
 * URLs the registry hands us: upload `Location`s, redirects and pagination `Link`s. They are opaque: resolved
 * against the URL of the response that carried them, never rebuilt from parts.
 */

/**
 * docs/registry-quirks.md#q1-location-anywhere: a `Location` may be relative (`/v2/…`, GHCR), absolute, on
 * another host (S3/GCS presigned), or a non-`/v2` path (GAR `/artifacts-uploads/…`): resolve it against the
 * response URL (after redirects). docs/registry-quirks.md#q3-http-location-behind-tls: an `http://` Location
 * for the same host as an https registry (a TLS-terminating proxy that forgot X-Forwarded-Proto) is upgraded
 * to https rather than followed in plain text.
 */
function resolveLocation(location, responseUrl) {
    const url = new URL(location, responseUrl);
    if (url.protocol === 'http:' &&
        responseUrl.protocol === 'https:' &&
        sameHostIgnoringDefaultPort(url, responseUrl)) {
        url.protocol = 'https:';
        if (url.port === '80')
            url.port = '';
    }
    return url;
}
function sameHostIgnoringDefaultPort(a, b) {
    if (a.hostname !== b.hostname)
        return false;
    const portA = a.port === '' || a.port === '80' ? '' : a.port;
    const portB = b.port === '' || b.port === '443' ? '' : b.port;
    return portA === portB;
}
/**
 * docs/registry-quirks.md#q2-location-query-state: an upload Location may carry critical query parameters
 * (`_state=…`): append `digest=` with `&` and keep every existing parameter (a `digest` already present is
 * replaced).
 */
function withQuery(url, params) {
    const out = new URL(url.href);
    for (const [key, value] of Object.entries(params))
        out.searchParams.set(key, value);
    return out;
}
/** The `rel="next"` target of a `Link` header, resolved against the response URL; undefined when absent. */
function parseLinkNext(header, responseUrl) {
    if (header === undefined)
        return undefined;
    const values = typeof header === 'string' ? [header] : header;
    for (const value of values) {
        for (const match of value.matchAll(/<([^>]*)>\s*((?:;\s*[^;,]+)*)/g)) {
            const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '');
            const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
            if (rels.includes('next'))
                return new URL(match[1] ?? '', responseUrl);
        }
    }
    return undefined;
}
/** `localhost`, 127.0.0.0/8, ::1 — Docker's implicit insecure-registry rule. `host` may carry a port. */
function isLoopbackHost(host) {
    const name = hostnameOf(host);
    if (name === 'localhost' || name.endsWith('.localhost'))
        return true;
    return inList(LOOPBACK, name);
}
/**
 * Loopback, unspecified, RFC 1918, link-local, CGNAT and unique-local literal IPs (the SSRF guard of
 * docs/registry-quirks.md#q4-cross-host-redirects). `net.BlockList` matches IPv4-mapped IPv6
 * (`[::ffff:169.254.169.254]`, which the URL parser rewrites to `[::ffff:a9fe:a9fe]`) against the IPv4
 * rules, which text patterns never saw.
 */
function isPrivateHost(host) {
    if (isLoopbackHost(host))
        return true;
    return inList(PRIVATE, hostnameOf(host));
}
const LOOPBACK = blockList([
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
]);
const PRIVATE = blockList([
    ['0.0.0.0', 8, 'ipv4'],
    ['10.0.0.0', 8, 'ipv4'],
    ['100.64.0.0', 10, 'ipv4'],
    ['169.254.0.0', 16, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['::', 128, 'ipv6'],
    ['fc00::', 7, 'ipv6'],
    ['fe80::', 10, 'ipv6'],
]);
function blockList(subnets) {
    const list = new node_net__WEBPACK_IMPORTED_MODULE_0__.BlockList();
    for (const [network, prefix, family] of subnets)
        list.addSubnet(network, prefix, family);
    return list;
}
function inList(list, name) {
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(name);
    if (family === 0)
        return false;
    return list.check(name, family === 4 ? 'ipv4' : 'ipv6');
}
/** The host name without port and IPv6 brackets, lowercased. */
function hostnameOf(host) {
    let name = host.toLowerCase();
    if (name.startsWith('['))
        return name.slice(1, name.indexOf(']') === -1 ? undefined : name.indexOf(']'));
    const colon = name.lastIndexOf(':');
    if (colon !== -1 && name.indexOf(':') === colon)
        name = name.slice(0, colon);
    return name;
}


/***/ })

};
