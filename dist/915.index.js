export const id = 915;
export const ids = [915];
export const modules = {

/***/ 5915:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAction: () => (/* binding */ runAction)
});

// UNUSED EXPORTS: run

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 14 modules
var core = __webpack_require__(6421);
// EXTERNAL MODULE: ./src/domain/tag-placeholders.ts
var tag_placeholders = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/publish/settings.ts
var settings = __webpack_require__(6878);
// EXTERNAL MODULE: ./src/publish/tag-context.ts
var tag_context = __webpack_require__(9549);
;// CONCATENATED MODULE: ./src/action/inputs.ts



/**
 * Reads and validates every action input; errors name the input and the fix. Placeholders in `tags`
 * (`sha-{{sha}}`) expand from `tagContext` (the runner's GITHUB_* variables).
 */
function readActionSettings(inputs, tagContext = (0,tag_context/* readTagContext */.g)({})) {
    const get = (name) => inputs.get(name) || undefined;
    return (0,settings/* parseSettings */.P$)({
        registry: get('registry'),
        namespace: get('namespace'),
        image: get('image'),
        targets: splitLines(inputs.get('targets')),
        source: get('source'),
        sources: splitLines(inputs.get('sources')),
        annotations: splitLines(inputs.get('annotations')),
        base: (0,settings/* splitList */.ry)(inputs.get('base')),
        version: get('version'),
        variant: (0,settings/* splitList */.ry)(inputs.get('variant')),
        bare: get('bare'),
        'floating-levels': get('floating-levels'),
        prefix: (0,settings/* splitList */.ry)(inputs.get('prefix')),
        'alias-variant': (0,settings/* splitList */.ry)(inputs.get('alias-variant')),
        'prerelease-alias': get('prerelease-alias'),
        'floating-scope': get('floating-scope'),
        aliases: (0,settings/* splitList */.ry)(inputs.get('aliases')),
        tags: (0,tag_placeholders/* expandTagTemplates */.MW)((0,settings/* splitList */.ry)(inputs.get('tags')), tagContext, 'tags'),
        latest: get('latest'),
        floating: get('floating'),
        username: get('username'),
        password: get('password'),
        overwrite: get('overwrite'),
        'dry-run': get('dry-run'),
        'by-digest': get('by-digest'),
        referrers: get('referrers'),
        insecure: get('insecure'),
        'ca-file': get('ca-file'),
        'cert-dir': get('cert-dir'),
        'client-cert': get('client-cert'),
        'client-key': get('client-key'),
        concurrency: get('concurrency'),
        timeout: get('timeout'),
    });
}
function splitLines(value) {
    return value
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));
}

// EXTERNAL MODULE: ./src/cancellation.ts
var cancellation = __webpack_require__(4632);
// EXTERNAL MODULE: ./src/domain/reference.ts
var reference = __webpack_require__(8913);
// EXTERNAL MODULE: ./src/publish/report.ts
var publish_report = __webpack_require__(4585);
;// CONCATENATED MODULE: ./src/action/outputs.ts


function buildOutputs(report) {
    // `image` names the first target that holds the image under at least one verified tag, else nothing.
    const first = report.dryRun ? undefined : report.targets.find((t) => (0,publish_report/* tagsAtDigest */.dU)(t).length > 0);
    const digest = report.digest ?? '';
    const tagNames = [];
    const refs = [];
    for (const target of report.targets) {
        // A partially published target counts too: its tags that point at the digest are listed.
        if (report.dryRun)
            continue;
        for (const tag of (0,publish_report/* tagsAtDigest */.dU)(target)) {
            if (!tagNames.includes(tag))
                tagNames.push(tag);
            refs.push((0,reference/* formatReference */.FH)({ registry: target.registry, repository: target.repository, tag }));
        }
    }
    // The platforms of the image (one for a single-platform image), buildx attestation entries left out.
    const platforms = (report.targets[0]?.platforms ?? [])
        .map((p) => p.platform)
        .filter((p) => p !== 'unknown' && p !== 'unknown/unknown');
    return {
        digest,
        platform: [...new Set(platforms)].join(','),
        image: first && digest
            ? (0,reference/* formatReference */.FH)({ registry: first.registry, repository: first.repository, digest })
            : '',
        tags: tagNames.join('\n'),
        refs: refs.join('\n'),
        json: JSON.stringify(report),
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/action/runner-files.ts


/** The files a runner hands the step to write into; outputs and the summary are written after publishing. */
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY'];
/**
 * Checks, before any registry is contacted, that each runner file named in the environment can be
 * appended to, creating a missing one as the runner would. Found only after the tags were pushed, an
 * unwritable output file would fail a step whose registry was already changed.
 */
function ensureRunnerFiles(env) {
    for (const name of RUNNER_FILES) {
        const path = env[name];
        if (!path)
            continue;
        let fd;
        try {
            // Append mode creates a missing file and never truncates what the runner (or an earlier step) wrote.
            fd = (0,external_node_fs_.openSync)(path, 'a');
        }
        catch (err) {
            throw unwritable(name, path, reasonOf(err));
        }
        try {
            if (!(0,external_node_fs_.fstatSync)(fd).isFile())
                throw unwritable(name, path, 'it is not a regular file');
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
}
/** An output or the summary that could not be written after publishing: a clear error, never INTERNAL. */
function runnerFileFailed(name, env, err) {
    const path = env[name] ?? '';
    return unwritable(name, path, reasonOf(err), err);
}
function unwritable(name, path, reason, cause) {
    return new errors/* PublishError */.S1('RUNNER_FILE_UNWRITABLE', `${name} names ${path}, which cannot be written: ${reason}`, {
        hint: `Point ${name} at a writable file (the runner sets it; by hand, e.g. ${name}=$(mktemp)), or unset it.`,
        cause,
    });
}
function reasonOf(err) {
    const code = err?.code;
    switch (code) {
        case 'ENOENT':
            return 'its directory does not exist';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        case 'EISDIR':
            return 'it is a directory';
        case 'ENOTDIR':
            return 'a part of the path is not a directory';
        case 'EROFS':
            return 'the file system is read-only';
        default:
            return err instanceof Error ? err.message : String(err);
    }
}

// EXTERNAL MODULE: ./src/domain/digest.ts
var domain_digest = __webpack_require__(7522);
;// CONCATENATED MODULE: ./src/action/summary.ts


const PLANNED = {
    created: 'would create',
    updated: 'would update',
    unchanged: 'unchanged',
    skipped: 'would skip',
};
/** The job summary (GITHUB_STEP_SUMMARY) as GitHub-flavoured Markdown. */
function renderSummary(report) {
    const lines = [];
    const title = report.dryRun ? 'registry-publish plan (dry run)' : 'registry-publish';
    lines.push(`## ${title}`, '');
    lines.push(`Source: ${code(report.source)}${report.version ? ` · version ${code(report.version)}` : ''}`, '');
    lines.push(statusLine(report), '');
    if (report.digest)
        lines.push(`Digest: ${code(report.digest)}`, '');
    for (const target of report.targets)
        lines.push(...renderTarget(target, report.dryRun), '');
    return lines.join('\n');
}
/** One line first: how many tags landed on how many targets, and which targets failed. */
function statusLine(report) {
    const total = report.targets.length;
    const failed = report.targets.filter((t) => t.error !== null);
    const failures = failed.length
        ? `; ${failed.length} ${failed.length === 1 ? 'target' : 'targets'} failed: ${failed.map((t) => `${code(t.target)} (${t.error?.code ?? 'ERROR'})`).join(', ')}`
        : '';
    if (report.dryRun) {
        const planned = report.targets.reduce((n, t) => n + t.tags.length, 0);
        return `**Plan:** ${planned} tags on ${total} ${total === 1 ? 'target' : 'targets'}, nothing written${failures}`;
    }
    const reached = report.targets.filter((t) => (0,publish_report/* tagsAtDigest */.dU)(t).length > 0);
    const tags = reached.reduce((n, t) => n + (0,publish_report/* tagsAtDigest */.dU)(t).length, 0);
    return `**${failed.length ? '❌' : '✅'} ${tags} ${tags === 1 ? 'tag' : 'tags'} on ${reached.length} of ${total} ${total === 1 ? 'target' : 'targets'}**${failures}`;
}
function renderTarget(target, dryRun) {
    const status = target.error
        ? '❌ failed'
        : dryRun
            ? '📝 planned'
            : target.verified
                ? '✅ verified'
                : '⚠️ not verified';
    const out = [`### ${code(target.target)} — ${status}`, ''];
    if (target.error)
        out.push(`> ${escapeText(target.error.message)}`, '');
    if (target.tags.length > 0) {
        out.push('| Tag | Action | Digest | Previous | Note |', '| --- | --- | --- | --- | --- |');
        for (const t of target.tags) {
            const action = dryRun && t.action in PLANNED ? PLANNED[t.action] : t.action;
            const digest = t.digest ? code((0,domain_digest/* shortDigest */.VK)(t.digest)) : '-';
            const previous = t.previous ? code((0,domain_digest/* shortDigest */.VK)(t.previous)) : '-';
            out.push(`| ${code(t.tag)} | ${action} | ${digest} | ${previous} | ${escapeText(t.reason ?? '')} |`);
        }
        out.push('');
    }
    const { uploaded, present, mounted } = target.blobs;
    if (!dryRun) {
        out.push(`Blobs: ${uploaded.count} pushed (${(0,publish_report/* formatBytes */.z3)(uploaded.bytes)}), ${present.count} already present (${(0,publish_report/* formatBytes */.z3)(present.bytes)}), ${mounted.count} mounted (${(0,publish_report/* formatBytes */.z3)(mounted.bytes)}).`);
    }
    if (target.platforms.length > 1) {
        out.push('', '| Platform | Digest |', '| --- | --- |');
        for (const p of target.platforms)
            out.push(`| ${escapeText(p.platform)} | ${code(p.digest)} |`);
    }
    if (target.referrers.length > 0) {
        out.push('', '| Referrer | Of | Action |', '| --- | --- | --- |');
        for (const r of target.referrers) {
            const what = r.tag
                ? code(r.tag)
                : `${code((0,domain_digest/* shortDigest */.VK)(r.digest))}${r.artifactType ? ` ${escapeText(r.artifactType)}` : ''}`;
            out.push(`| ${what} | ${code((0,domain_digest/* shortDigest */.VK)(r.subject))} | ${r.action} |`);
        }
    }
    return out;
}
/** A code span that survives table cells: `|` escaped, no backticks or line breaks inside. */
function code(text) {
    return `\`${text.replace(/[`\r\n]/g, ' ').replace(/\|/g, '\\|')}\``;
}
/** Plain text for Markdown and table cells: no HTML, no emphasis, no cell breaks. */
function escapeText(text) {
    const entity = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
    return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]|<>&]/g, (c) => entity[c] ?? `\\${c}`);
}

;// CONCATENATED MODULE: ./src/action/words.ts
const wordRemedyForAction = (remedy) => {
    if (remedy.subject)
        return `Input "${remedy.setting}"`;
    switch (remedy.setting) {
        case 'credentials':
            return 'the username and password inputs';
        case 'login':
            return 'docker/login-action';
        case 'ecr-login':
            return 'aws-actions/amazon-ecr-login';
        case 'package-write':
            return 'the job permissions: packages: write';
        default:
            return remedy.value === undefined ? remedy.setting : `${remedy.setting}: ${remedy.value}`;
    }
};

// EXTERNAL MODULE: ./src/publish/publish.ts + 36 modules
var publish = __webpack_require__(838);
// EXTERNAL MODULE: ./src/publish/upload-progress.ts
var upload_progress = __webpack_require__(7192);
// EXTERNAL MODULE: ./src/secrets.ts
var src_secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/main.ts












/**
 * The GitHub Action adapter, and the only module that touches @actions/core: inputs in, engine, outputs,
 * job summary and the step's status out. Every message passes through the secret registry first.
 */
async function runAction(env = process.env) {
    const secrets = (0,src_secrets/* createSecretRegistry */.G)();
    secrets.onAdd((value) => core/* setSecret */.Pq(value));
    const redact = (text) => secrets.redact(text);
    const log = {
        // Step debug logging (a re-run with debug logging, or ACTIONS_STEP_DEBUG) sets RUNNER_DEBUG=1; otherwise
        // no ::debug:: line is written at all (every request would be one).
        debug: (m) => {
            if (core/* isDebug */._o() || env.ACTIONS_STEP_DEBUG === 'true')
                core/* debug */.Yz(redact(m));
        },
        info: (m) => core/* info */.pq(redact(m)),
        warning: (m) => core/* warning */.$e(redact(m)),
        group: (name, fn) => core/* group */.Os(redact(name), fn),
    };
    // A cancelled job (SIGINT, then SIGTERM) stops writing and converges its floating tags first.
    const termination = (0,cancellation/* watchTermination */.ST)((line) => core/* warning */.$e(line));
    try {
        secrets.add(core/* getInput */.V4('password'));
        const settings = readActionSettings({ get: (name) => core/* getInput */.V4(name) }, (0,tag_context/* readTagContext */.g)(env));
        ensureRunnerFiles(env);
        const report = await (0,publish/* runPublish */.j)(settings, {
            log,
            env,
            secrets,
            signal: termination.signal,
            wordRemedy: wordRemedyForAction,
            // The job log keeps every line: upload and export progress at most every 10 s per layer.
            onProgress: (0,upload_progress/* createUploadProgress */.p1)((line) => core/* info */.pq(redact(line)), upload_progress/* LOG_PROGRESS_INTERVAL_MS */.a4),
            progressIntervalMs: upload_progress/* LOG_PROGRESS_INTERVAL_MS */.a4,
        });
        await writeResults(report, redact, env);
        const failed = (0,publish/* failedTargets */.s)(report);
        // One annotation per failed target; with several, a closing line names them (setFailed below).
        if (failed.length > 1)
            for (const t of failed)
                core/* error */.z3(redact(`${t.target}: ${t.error?.message ?? ''}`));
        if (failed.length > 0)
            throw targetsFailed(report);
    }
    catch (err) {
        process.exitCode = 1;
        core/* setFailed */.C1(redact((0,errors/* formatError */.Wk)(err, wordRemedyForAction)));
    }
    finally {
        termination.dispose();
    }
}
/** The entry point `npx @github/local-action run . src/main.ts .env` calls. */
async function run() {
    await runAction();
}
async function writeResults(report, redact, env) {
    const outputs = buildOutputs(report);
    try {
        for (const [name, value] of Object.entries(outputs))
            core/* setOutput */.uH(name, redact(value));
    }
    catch (err) {
        throw runnerFileFailed('GITHUB_OUTPUT', env, err);
    }
    if (env.GITHUB_STEP_SUMMARY) {
        try {
            await core/* summary */.z.addRaw(redact(renderSummary(report)), true).write();
        }
        catch (err) {
            throw runnerFileFailed('GITHUB_STEP_SUMMARY', env, err);
        }
    }
}
/** The first line names the failed targets; with one target its own error is the message. */
function targetsFailed(report) {
    const failed = (0,publish/* failedTargets */.s)(report);
    const [only] = failed;
    if (report.targets.length === 1 && only?.error) {
        return new errors/* PublishError */.S1(only.error.code, stripCode(only.error.message));
    }
    const names = failed.map((t) => `${t.target} (${t.error?.code ?? 'ERROR'})`).join(', ');
    return new errors/* PublishError */.S1('PUBLISH_FAILED', `Publishing failed for ${failed.length} of ${report.targets.length} targets: ${names}`, {
        hint: 'The other targets were published; fix the failed ones and re-run (re-runs skip what is done).',
    });
}
function stripCode(message) {
    return message.replace(/\s*\[[A-Z_]+\]$/, '');
}


/***/ })

};
