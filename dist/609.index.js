export const id = 609;
export const ids = [609];
export const modules = {

/***/ 8568:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ BinPool),
/* harmony export */   l: () => (/* binding */ BinQueue)
/* harmony export */ });
/**
 * Bytes held for long, copied into fixed-size buffers ("bins") that are reused once their bytes have gone
 * out, instead of the pieces they arrived in.
 *
 * Why: a piece a queue holds across several young-generation collections (memory.ts) is promoted, and once
 * sent it is garbage V8 frees only in a full collection, which external memory triggers only after about
 * 64 MB more of it. The staged engine layers (blob-stager.ts: up to STAGE_BUFFER_BYTES queued, each byte
 * until its PATCH is answered) made that garbage the bulk of the 2 GiB image's peak (docs/benchmarks.md,
 * the S8 paragraph). Copied into bins, the pieces die young, and the bins are few, live and reused.
 */
/** Free bins, shared by the queues of one owner; at most `keep` are kept. */
class BinPool {
    binBytes;
    keep;
    free = [];
    constructor(binBytes, keep) {
        this.binBytes = binBytes;
        this.keep = keep;
    }
    /** Bins kept free right now (tests). */
    get idle() {
        return this.free.length;
    }
    take() {
        return this.free.pop() ?? Buffer.allocUnsafeSlow(this.binBytes);
    }
    /** Takes bins back whose bytes nothing reads any more. */
    give(bins) {
        for (const bin of bins)
            if (this.free.length < this.keep)
                this.free.push(bin);
    }
    /** Keeps no more free bins (the owner is done writing): those given back from now on are dropped. */
    drain() {
        this.keep = 0;
        this.free.length = 0;
    }
}
/** Bytes in arrival order, held in bins of a BinPool and taken out as views of them. */
class BinQueue {
    pool;
    /** The bins holding queued bytes, oldest first; the last one is filled up to `fill`. */
    bins = [];
    /** The first queued byte in bins[0]. */
    start = 0;
    fill = 0;
    queued = 0;
    constructor(pool) {
        this.pool = pool;
    }
    /** Bytes queued. */
    get length() {
        return this.queued;
    }
    /** Copies `chunk` in: the caller may reuse or drop it. */
    push(chunk) {
        let at = 0;
        while (at < chunk.length) {
            let last = this.bins[this.bins.length - 1];
            if (last === undefined || this.fill === last.length) {
                last = this.pool.take();
                this.bins.push(last);
                this.fill = 0;
            }
            const n = Math.min(chunk.length - at, last.length - this.fill);
            last.set(chunk.subarray(at, at + n), this.fill);
            this.fill += n;
            at += n;
        }
        this.queued += chunk.length;
    }
    /**
     * The first `n` bytes (all of them when fewer are queued) as views of the bins, removed from the queue,
     * and the bins that hold no queued byte any more: give `spent` back to the pool (BinPool.give) only once
     * nothing reads `parts` (their request was answered). `final`: nothing will be pushed again, so a last
     * bin emptied now is spent too.
     */
    take(n, final = false) {
        const parts = [];
        const spent = [];
        let want = Math.min(n, this.queued);
        this.queued -= want;
        while (want > 0) {
            const bin = this.bins[0];
            const end = this.bins.length === 1 ? this.fill : bin.length;
            const k = Math.min(want, end - this.start);
            parts.push(bin.subarray(this.start, this.start + k));
            this.start += k;
            want -= k;
            if (this.start === bin.length) {
                spent.push(this.bins.shift());
                this.start = 0;
            }
        }
        if (final && this.queued === 0 && this.bins.length > 0) {
            spent.push(...this.bins.splice(0));
            this.start = 0;
            this.fill = 0;
        }
        return { parts, spent };
    }
    /** Forgets every byte; the bins are not given back (a request may still read them) and become garbage. */
    clear() {
        this.bins.length = 0;
        this.start = 0;
        this.fill = 0;
        this.queued = 0;
    }
}


/***/ }),

/***/ 4472:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ readBounded),
/* harmony export */   d: () => (/* binding */ byteLength)
/* harmony export */ });
/**
 * Reading a whole body or stream into memory with a cap, so that a hostile or broken peer (a registry, the
 * Docker engine) cannot make us hold more than we expect. The one reader behind the registry's response
 * bodies (registry/response-body.ts) and the engine API's answers (source/engine-api.ts).
 */
/**
 * Collects `body` until it ends or passes `limit` bytes, then destroys it and stops. The chunks that
 * arrived are appended to `received` as they come, so a caller still has them when the stream fails (the
 * failure is rethrown as it is).
 */
async function readBounded(body, limit, received = []) {
    let size = 0;
    for await (const chunk of body) {
        received.push(chunk);
        size += chunk.length;
        if (size > limit) {
            body.destroy();
            return { bytes: Buffer.concat(received).subarray(0, limit), overflowed: true };
        }
    }
    return { bytes: Buffer.concat(received), overflowed: false };
}
/** The bytes in `chunks`. */
function byteLength(chunks) {
    return chunks.reduce((n, c) => n + c.length, 0);
}


/***/ }),

/***/ 431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ ByteQueue)
/* harmony export */ });
/** Bytes in arrival order, taken back out in pieces of a chosen length (streamed data cut into blocks). */
class ByteQueue {
    parts = [];
    queued = 0;
    /** Bytes queued. */
    get length() {
        return this.queued;
    }
    push(chunk) {
        if (chunk.length === 0)
            return;
        this.parts.push(chunk);
        this.queued += chunk.length;
    }
    /**
     * The first `n` bytes (all of them when fewer are queued), removed from the queue. Only the pieces that
     * make up those bytes are joined (none when the first piece covers them): the rest stays as pushed.
     */
    take(n) {
        let taken = 0;
        let whole = 0;
        while (whole < this.parts.length && taken + this.parts[whole].length <= n)
            taken += this.parts[whole++].length;
        const pieces = this.parts.splice(0, whole);
        const next = this.parts[0];
        if (taken < n && next !== undefined) {
            pieces.push(next.subarray(0, n - taken));
            this.parts[0] = next.subarray(n - taken);
            taken = n;
        }
        this.queued -= taken;
        return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, taken);
    }
    /**
     * Copies the first `target.length` bytes (all of them when fewer are queued) into `target` and removes
     * them; returns the view of `target` they fill. Nothing is joined or allocated.
     */
    takeInto(target) {
        let filled = 0;
        while (filled < target.length && this.parts.length > 0) {
            const part = this.parts[0];
            const n = Math.min(part.length, target.length - filled);
            part.copy(target, filled, 0, n);
            filled += n;
            if (n === part.length)
                this.parts.shift();
            else
                this.parts[0] = part.subarray(n);
        }
        this.queued -= filled;
        return target.subarray(0, filled);
    }
    clear() {
        this.parts = [];
        this.queued = 0;
    }
}


/***/ }),

/***/ 4632:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AN: () => (/* binding */ startRunDeadline),
/* harmony export */   Eu: () => (/* binding */ untilAborted),
/* harmony export */   ST: () => (/* binding */ watchTermination),
/* harmony export */   dZ: () => (/* binding */ throwIfCancelled),
/* harmony export */   kQ: () => (/* binding */ destroyOnAbort)
/* harmony export */ });
/* unused harmony exports cancelledError, CONVERGE_GRACE_MS, timedOutError */
/* harmony import */ var _domain_duration_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4678);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);


const SIGNALS = ['SIGINT', 'SIGTERM'];
/** Installs SIGINT/SIGTERM handlers for one run; `notify` gets one line to show when a signal arrives. */
function watchTermination(notify) {
    const controller = new AbortController();
    const seen = new Set();
    const handler = (name) => {
        if (seen.has(name))
            process.exit(name === 'SIGINT' ? 130 : 143);
        seen.add(name);
        if (controller.signal.aborted)
            return;
        notify(`${name} received: no further writes; converging the floating tags this run wrote, then stopping`);
        controller.abort(cancelledError(name));
    };
    for (const name of SIGNALS)
        process.on(name, handler);
    return {
        signal: controller.signal,
        dispose: () => {
            for (const name of SIGNALS)
                process.off(name, handler);
        },
    };
}
function cancelledError(signal) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('CANCELLED', `The run was cancelled (${signal}) before it finished`, {
        hint: 'Re-run the job: it writes only what is missing and repairs floating tags left behind.',
    });
}
/** Throws the cancellation error when `signal` is aborted (checked before each write). */
function throwIfCancelled(signal) {
    if (!signal?.aborted)
        return;
    throw abortError(signal);
}
/** Why an aborted signal stopped the run: its PublishError (CANCELLED, TIMED_OUT), else CANCELLED. */
function abortError(signal) {
    return signal.reason instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1 ? signal.reason : cancelledError('abort');
}
/** Time the converge step gets after the run's deadline before every request in flight is cut. */
const CONVERGE_GRACE_MS = 30_000;
/**
 * The whole run's absolute deadline (input `timeout`, flag `--timeout`): at `ms` the run stops like a
 * cancelled one; min(ms, CONVERGE_GRACE_MS) later the requests still running are aborted, so a run ends
 * within about twice its timeout at worst whatever a registry does. Timers never keep the process alive.
 */
function startRunDeadline(ms, parent) {
    const soft = new AbortController();
    const hard = new AbortController();
    const error = timedOutError(ms);
    const timers = [];
    const later = (delay, fn) => {
        const timer = setTimeout(fn, delay);
        timer.unref();
        timers.push(timer);
    };
    later(ms, () => {
        soft.abort(error);
        later(Math.min(ms, CONVERGE_GRACE_MS), () => hard.abort(error));
    });
    const onParent = () => soft.abort(parent?.reason);
    if (parent?.aborted)
        onParent();
    else
        parent?.addEventListener('abort', onParent, { once: true });
    return {
        signal: soft.signal,
        hard: hard.signal,
        abort: (reason) => {
            const error = reason instanceof _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1
                ? reason
                : new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('CANCELLED', 'The run stopped on an unexpected error', { cause: reason });
            soft.abort(error);
            hard.abort(error);
        },
        dispose: () => {
            for (const timer of timers)
                clearTimeout(timer);
            parent?.removeEventListener('abort', onParent);
        },
    };
}
function timedOutError(ms) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('TIMED_OUT', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('timeout')} (${(0,_domain_duration_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(ms)}) ran out before the run finished: it stopped writing and converged the floating tags it wrote`, {
        hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Raise ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('timeout')} if the images are large or the link slow, or check the registry; a re-run writes only what is missing.`,
    });
}
/**
 * Settles as `work` does, or rejects with the signal's reason as soon as it aborts: local work that cannot
 * take a signal (reading an archive, an engine's save stream) does not hold the run past its deadline or a
 * cancel. The caller's cleanup (the source's close()) then ends that work.
 */
function untilAborted(work, signal) {
    if (!signal)
        return work;
    if (signal.aborted) {
        work.catch(() => undefined);
        return Promise.reject(abortError(signal));
    }
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(abortError(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}
/**
 * Destroys `stream` with the run's error once `signal` aborts. A cancelled run abandons the upload bodies
 * still being sent: a body cut short cannot be committed (the registry stores a blob only once the closing
 * PUT's body is complete), the upload fails and cancels its session, so no blob of the cancelled run
 * appears. A body already sent whole is left to its answer (the registry may have stored it; it is the
 * right bytes).
 */
function destroyOnAbort(stream, signal) {
    if (!signal)
        return stream;
    const destroy = () => {
        stream.destroy(abortError(signal));
    };
    if (signal.aborted)
        destroy();
    else {
        signal.addEventListener('abort', destroy, { once: true });
        stream.once('close', () => signal.removeEventListener('abort', destroy));
    }
    return stream;
}


/***/ }),

/***/ 4370:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   j: () => (/* binding */ createDigestVerifier),
/* harmony export */   s: () => (/* binding */ createDigestMeter)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _domain_digest_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7522);
/**
 * Verify-while-streaming, the one implementation: bytes pass through unchanged while their digest and size
 * are computed; on a mismatch the stream is destroyed with the caller's error, so a consumer (an upload, a
 * reader) never completes with corrupt bytes. The last chunk is held back until the check passed: an
 * upload body with a Content-Length never reaches its end with wrong bytes, so the registry cannot commit
 * it (the one-pass upload of a layer relies on this, docs/reliability.md). The registry client and the
 * image sources word the error.
 */



/** A passthrough that fails with `fail(mismatch)` when the bytes do not match `expected`. */
function createDigestVerifier(expected, fail) {
    return measure(expected, fail, 'fail').stream;
}
/**
 * A passthrough for an upload that sends into a session first and commits only after the check (the
 * one-pass upload of a large layer, blob-upload.ts): bytes of the declared size all pass, and `verdict`
 * rejects with `fail(mismatch)` after the end when their digest differs, so the upload can still cancel
 * its session cleanly (the request that carried them completed). A wrong size fails the stream as
 * createDigestVerifier does: the request is cut, and nothing of it can be committed either.
 */
function createDigestMeter(expected, fail) {
    return measure(expected, fail, 'report');
}
function measure(expected, fail, onDigestMismatch) {
    const algorithm = (0,_domain_digest_js__WEBPACK_IMPORTED_MODULE_2__/* .digestAlgorithm */ .g4)(expected.digest);
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
    const limit = expected.size !== undefined && expected.size >= 0 ? expected.size : undefined;
    let size = 0;
    let settle;
    const verdict = new Promise((resolve, reject) => {
        settle = (error) => (error ? reject(error) : resolve());
    });
    // Observed by the caller; a stream abandoned midway leaves a verdict nobody awaits.
    verdict.catch(() => undefined);
    // The chunk not passed on yet: sent once the next one arrives, the last one only after the check.
    let held;
    const failWith = (mismatch) => {
        const error = fail(mismatch);
        settle(error);
        return error;
    };
    const stream = new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
        transform(chunk, _encoding, callback) {
            size += chunk.length;
            if (limit !== undefined && size > limit) {
                callback(failWith({ kind: 'too-long', limit }));
                return;
            }
            hash.update(chunk);
            const previous = held;
            held = chunk;
            callback(null, previous);
        },
        flush(callback) {
            const last = held;
            held = undefined;
            if (limit !== undefined && size !== limit) {
                callback(failWith({ kind: 'size', limit, size }));
                return;
            }
            const actual = `${algorithm}:${hash.digest('hex')}`;
            if (actual === expected.digest) {
                settle(undefined);
                callback(null, last);
            }
            else if (onDigestMismatch === 'report') {
                settle(fail({ kind: 'digest', actual }));
                callback(null, last);
            }
            else
                callback(failWith({ kind: 'digest', actual }));
        },
    });
    return { stream, verdict };
}


/***/ }),

/***/ 4546:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cw: () => (/* binding */ annotateManifest),
/* harmony export */   KX: () => (/* binding */ parseAnnotations),
/* harmony export */   Rn: () => (/* binding */ resolveAnnotations)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2359);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4648);



/** Parses one `key=value` a line (the value may hold `=`); a line `auto` asks for the standard keys. */
function parseAnnotations(lines) {
    const entries = {};
    let auto = false;
    for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
        if (line === 'auto') {
            auto = true;
            continue;
        }
        const eq = line.indexOf('=');
        const key = eq > 0 ? line.slice(0, eq).trim() : '';
        if (!key || /\s/.test(key)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingSubject */ .de)('annotations')} line "${line}" is not key=value`, {
                hint: 'Write one annotation a line, e.g. org.opencontainers.image.title=app, or the line auto.',
            });
        }
        entries[key] = line.slice(eq + 1).trim();
    }
    return { entries, auto };
}
/** The annotations to write: the standard ones when asked for, then the explicit ones (which win). */
function resolveAnnotations(request, context) {
    const standard = request.auto
        ? {
            'org.opencontainers.image.created': context.created?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
            'org.opencontainers.image.version': context.version,
            'org.opencontainers.image.revision': context.revision,
            'org.opencontainers.image.source': context.source,
        }
        : {};
    const out = {};
    for (const [key, value] of Object.entries({ ...standard, ...request.entries }))
        if (value !== undefined)
            out[key] = value;
    // Keys sorted: the same annotations always give the same manifest bytes.
    return sortKeys(out);
}
const OCI_EQUIVALENT = {
    [_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_MANIFEST */ .P]: _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_MANIFEST */ .yF,
    [_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_MANIFEST_LIST */ .SK]: _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_INDEX */ .vX,
    [_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_CONFIG */ .ei]: _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_CONFIG */ .vv,
    [_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_LAYER_GZIP */ .qs]: _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_LAYER_GZIP */ .F_,
};
/**
 * A manifest or index registry-publish writes itself, with `annotations` added (they win over the ones it
 * has; keys sorted). Docker schema 2 has no annotations field, so a Docker manifest or manifest list becomes
 * its OCI equivalent, with the config and layer media types mapped the same way (the blobs are unchanged:
 * Docker's gzip layer and config are byte-compatible with OCI's). Children of an index keep their types.
 */
function annotateManifest(raw, annotations) {
    if (Object.keys(annotations).length === 0)
        return raw;
    const doc = JSON.parse(Buffer.from(raw.bytes).toString('utf8'));
    const mediaType = OCI_EQUIVALENT[raw.mediaType] ?? raw.mediaType;
    const retype = (d) => typeof d === 'object' && d !== null && typeof d.mediaType === 'string'
        ? {
            ...d,
            mediaType: OCI_EQUIVALENT[d.mediaType] ?? d.mediaType,
        }
        : d;
    const out = { ...doc, mediaType };
    if (mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_MANIFEST */ .yF && raw.mediaType === _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_MANIFEST */ .P) {
        out.config = retype(doc.config);
        out.layers = Array.isArray(doc.layers) ? doc.layers.map(retype) : doc.layers;
    }
    const existing = typeof doc.annotations === 'object' && doc.annotations !== null ? doc.annotations : {};
    out.annotations = sortKeys({ ...existing, ...annotations });
    return (0,_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .toRawManifest */ .rG)(Buffer.from(JSON.stringify(out)), mediaType);
}
function sortKeys(entries) {
    return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}


/***/ }),

/***/ 7614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   av: () => (/* binding */ formatMiB),
/* harmony export */   gn: () => (/* binding */ MANIFEST_SIZE_LIMIT),
/* harmony export */   j$: () => (/* binding */ CONFIG_SIZE_LIMIT)
/* harmony export */ });
/**
 * The sizes past which image metadata is refused, wherever it is read (sources, registry answers, the
 * publisher). One owner, so a layout, an archive and a registry agree on what is too large.
 */
/** Manifests, indexes, index.json, manifest.json: registries SHOULD accept manifests of at least 4 MiB; we read no more. */
const MANIFEST_SIZE_LIMIT = 4 * 1024 * 1024;
/** Image configs: the limit skopeo applies (containers/image iolimits, 4 MiB). */
const CONFIG_SIZE_LIMIT = 4 * 1024 * 1024;
/** `4 MiB`, for messages. */
function formatMiB(bytes) {
    return `${bytes / (1024 * 1024)} MiB`;
}


/***/ }),

/***/ 4678:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   Xo: () => (/* binding */ formatSeconds),
/* harmony export */   a3: () => (/* binding */ formatDuration)
/* harmony export */ });
/**
 * Durations, one module for both directions: the run's `timeout` is written `90s`, `30m`, `1h30m` or as
 * whole minutes (`45`, like a workflow's `timeout-minutes`), and messages state durations as `30 s`.
 * The range a setting allows and its wording belong to the caller (publish/settings.ts).
 */
const UNIT_MS = { h: 3600_000, m: 60_000, s: 1000 };
/** `90s`, `30m`, `2h`, `1h30m` or whole minutes → milliseconds; undefined when `text` is none of them. */
function parseDuration(text) {
    if (/^\d+$/.test(text))
        return Number(text) * 60_000;
    if (text === '' || !/^(\d+h)?(\d+m)?(\d+s)?$/.test(text))
        return undefined;
    return [...text.matchAll(/(\d+)([hms])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * (UNIT_MS[unit ?? 's'] ?? 0), 0);
}
/** Milliseconds in the form `parseDuration` reads (`90s` → `1m30s`, `1h30m`), rounded to the second. */
function formatDuration(ms) {
    const s = Math.round(ms / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = s % 60;
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest || s === 0 ? `${rest}s` : ''}`;
}
/** Milliseconds as message text: `30 s`, `0.7 s` (to a tenth of a second). */
function formatSeconds(ms) {
    return `${Math.round(ms / 100) / 10} s`;
}


/***/ }),

/***/ 8668:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ editDistance)
/* harmony export */ });
/** Levenshtein distance, two rows: for near-miss names (flags, transports), which are short. */
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
        }
        previous = current;
    }
    return previous[b.length] ?? 0;
}


/***/ }),

/***/ 2359:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FK: () => (/* binding */ describeManifest),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   rG: () => (/* binding */ toRawManifest)
/* harmony export */ });
/* unused harmony export readDescriptor */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7522);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4648);



/** Wraps bytes as a RawManifest, computing the digest. */
function toRawManifest(bytes, mediaType) {
    return { bytes, mediaType, digest: (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .sha256Digest */ .sI)(bytes) };
}
/** The descriptor that points at a manifest. */
function describeManifest(raw, extra = {}) {
    return { ...extra, mediaType: raw.mediaType, digest: raw.digest, size: raw.bytes.byteLength };
}
/**
 * Parses manifest or index bytes. The media type comes from the document's `mediaType`, else from
 * `fallbackMediaType` (a Content-Type header or descriptor), else from its shape. Schema 1 is refused.
 */
function parseManifest(bytes, fallbackMediaType, where = 'manifest') {
    let json;
    try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch (cause) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_CORRUPT', `The ${where} is not valid JSON`, { hint: CORRUPT_HINT, cause });
    }
    if (!isObject(json))
        throw corrupt(where, 'not a JSON object');
    const declared = typeof json.mediaType === 'string' ? json.mediaType : undefined;
    if (json.schemaVersion === 1 ||
        declared === _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_SCHEMA1 */ .uK ||
        declared === _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_DOCKER_SCHEMA1_SIGNED */ .z$) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_UNSUPPORTED', `The ${where} is a Docker schema 1 manifest, which registries no longer accept`, {
            hint: 'Rebuild or re-pull the image with a current Docker or buildx to get a schema 2 or OCI manifest.',
        });
    }
    const shapeType = Array.isArray(json.manifests) ? _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_INDEX */ .vX : _media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .MEDIA_TYPE_OCI_MANIFEST */ .yF;
    const mediaType = declared ?? fallbackMediaType ?? shapeType;
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(mediaType)) {
        if (!Array.isArray(json.manifests))
            throw corrupt(where, 'an index without "manifests"');
        return {
            kind: 'index',
            mediaType,
            manifests: json.manifests.map((d, i) => readDescriptor(d, `${where} manifests[${i}]`)),
        };
    }
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_2__/* .isImageManifestMediaType */ .d6)(mediaType)) {
        if (!isObject(json.config))
            throw corrupt(where, 'a manifest without "config"');
        const layers = Array.isArray(json.layers) ? json.layers : [];
        return {
            kind: 'image',
            mediaType,
            config: readDescriptor(json.config, `${where} config`),
            layers: layers.map((d, i) => readDescriptor(d, `${where} layers[${i}]`)),
        };
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_UNSUPPORTED', `The ${where} has the unsupported media type "${mediaType}"`, {
        hint: 'Publish an OCI image manifest or index, or a Docker schema 2 manifest or manifest list.',
    });
}
function readDescriptor(value, where) {
    if (!isObject(value))
        throw corrupt(where, 'a descriptor that is not an object');
    const { mediaType, digest, size } = value;
    if (typeof mediaType !== 'string' || mediaType === '')
        throw corrupt(where, 'a descriptor without "mediaType"');
    if (typeof digest !== 'string' || !(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(digest))
        throw corrupt(where, `a descriptor with the invalid digest "${String(digest)}"`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        throw corrupt(where, `a descriptor with the invalid size "${String(size)}"`);
    const out = { mediaType, digest, size };
    if (isObject(value.annotations))
        out.annotations = value.annotations;
    if (isObject(value.platform))
        out.platform = value.platform;
    if (typeof value.artifactType === 'string')
        out.artifactType = value.artifactType;
    return out;
}
function formatPlatform(platform) {
    if (!platform)
        return 'unknown';
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
const CORRUPT_HINT = 'The image is damaged or not an OCI/Docker image; rebuild or re-export it.';
function corrupt(where, what) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_CORRUPT', `The ${where} is ${what}`, { hint: CORRUPT_HINT });
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ }),

/***/ 4648:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   CM: () => (/* binding */ isManifestMediaType),
/* harmony export */   F_: () => (/* binding */ MEDIA_TYPE_OCI_LAYER_GZIP),
/* harmony export */   ML: () => (/* binding */ MEDIA_TYPE_OCI_LAYER),
/* harmony export */   P: () => (/* binding */ MEDIA_TYPE_DOCKER_MANIFEST),
/* harmony export */   SK: () => (/* binding */ MEDIA_TYPE_DOCKER_MANIFEST_LIST),
/* harmony export */   d6: () => (/* binding */ isImageManifestMediaType),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   ei: () => (/* binding */ MEDIA_TYPE_DOCKER_CONFIG),
/* harmony export */   qs: () => (/* binding */ MEDIA_TYPE_DOCKER_LAYER_GZIP),
/* harmony export */   uK: () => (/* binding */ MEDIA_TYPE_DOCKER_SCHEMA1),
/* harmony export */   vX: () => (/* binding */ MEDIA_TYPE_OCI_INDEX),
/* harmony export */   vv: () => (/* binding */ MEDIA_TYPE_OCI_CONFIG),
/* harmony export */   yF: () => (/* binding */ MEDIA_TYPE_OCI_MANIFEST),
/* harmony export */   z$: () => (/* binding */ MEDIA_TYPE_DOCKER_SCHEMA1_SIGNED)
/* harmony export */ });
/** Media types of the OCI image spec and Docker's schema 2. */
const MEDIA_TYPE_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const MEDIA_TYPE_OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const MEDIA_TYPE_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const MEDIA_TYPE_OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar';
const MEDIA_TYPE_OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const MEDIA_TYPE_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const MEDIA_TYPE_DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MEDIA_TYPE_DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const MEDIA_TYPE_DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
const MEDIA_TYPE_DOCKER_SCHEMA1 = 'application/vnd.docker.distribution.manifest.v1+json';
const MEDIA_TYPE_DOCKER_SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
/**
 * The Accept list for manifest HEAD/GET: every type we can publish
 * (docs/registry-quirks.md#q16-manifest-accept).
 */
const MANIFEST_ACCEPT = [
    MEDIA_TYPE_OCI_INDEX,
    MEDIA_TYPE_OCI_MANIFEST,
    MEDIA_TYPE_DOCKER_MANIFEST_LIST,
    MEDIA_TYPE_DOCKER_MANIFEST,
];
function isIndexMediaType(mediaType) {
    return mediaType === MEDIA_TYPE_OCI_INDEX || mediaType === MEDIA_TYPE_DOCKER_MANIFEST_LIST;
}
function isImageManifestMediaType(mediaType) {
    return mediaType === MEDIA_TYPE_OCI_MANIFEST || mediaType === MEDIA_TYPE_DOCKER_MANIFEST;
}
function isManifestMediaType(mediaType) {
    return isIndexMediaType(mediaType) || isImageManifestMediaType(mediaType);
}


/***/ }),

/***/ 3968:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ps: () => (/* binding */ trailingVariantOf),
/* harmony export */   VT: () => (/* binding */ comparePrereleases),
/* harmony export */   Yh: () => (/* binding */ looksLikePrereleaseLabel),
/* harmony export */   oY: () => (/* binding */ compareDigits)
/* harmony export */ });
/**
 * Prerelease labels (`rc.1`, `beta3`, `rc1`): ordering, and telling them apart from variant suffixes in
 * existing tags (`1.2.3-rc.1` is a prerelease, `1.2.3-alpine` is the alpine variant).
 */
/**
 * A label chunk that starts with a digit or with a usual prerelease word (not followed by another letter):
 * `rc.1`, `beta3`, `alpha-2`, `b1`, `pre`, `preview.4`, `dev`, `next`. `alpine`, `perl`, `bookworm` are not.
 */
const PRERELEASE_CHUNK = /^(?:\d|(?:alpha|beta|rc|pre|preview|dev|snapshot|canary|nightly|next|milestone|ea|a|b|m)(?![A-Za-z]))/i;
/**
 * Whether a label reads as a prerelease rather than a variant name: every `-`-separated chunk must read
 * as one (`rc.1`, `alpha-2`); `rc.1-alpine` is a prerelease followed by the alpine variant.
 */
function looksLikePrereleaseLabel(label) {
    return findVariantChunk(label) === undefined;
}
/** The trailing part of a label that reads as a variant: `alpine` in `rc.1-alpine` and in `alpine`. */
function trailingVariantOf(label) {
    const start = findVariantChunk(label);
    return start === undefined ? undefined : label.split('-').slice(start).join('-');
}
function findVariantChunk(label) {
    const index = label.split('-').findIndex((chunk) => !PRERELEASE_CHUNK.test(chunk));
    return index === -1 ? undefined : index;
}
/**
 * Orders prerelease labels like semver, generalised: identifiers split at `.`, `-` and digit/letter
 * boundaries (`beta10` → `beta`, `10`, so beta3 < beta10 and rc1 = rc.1); numbers compare numerically and
 * sort before words; a shorter label that is a prefix sorts first. No label (a release) sorts last.
 */
function comparePrereleases(a, b) {
    if (a === undefined)
        return b === undefined ? 0 : 1;
    if (b === undefined)
        return -1;
    const x = splitIdentifiers(a);
    const y = splitIdentifiers(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const order = compareIdentifiers(x[i] ?? '', y[i] ?? '');
        if (order !== 0)
            return order;
    }
    return Math.sign(x.length - y.length);
}
/** Compares two strings of decimal digits by value, whatever their length or leading zeros. */
function compareDigits(a, b) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length)
        return Math.sign(x.length - y.length);
    return x < y ? -1 : x > y ? 1 : 0;
}
function splitIdentifiers(label) {
    return label.split(/[.-]/).flatMap((id) => id.match(/\d+|\D+/g) ?? []);
}
function compareIdentifiers(a, b) {
    const aNumeric = /^\d+$/.test(a);
    const bNumeric = /^\d+$/.test(b);
    if (aNumeric && bNumeric)
        return compareDigits(a, b);
    if (aNumeric !== bNumeric)
        return aNumeric ? -1 : 1;
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
}


/***/ }),

/***/ 2380:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b5: () => (/* binding */ assertValidTag),
/* harmony export */   iP: () => (/* binding */ sanitizeTag),
/* harmony export */   r_: () => (/* binding */ isValidTag)
/* harmony export */ });
/* unused harmony exports TAG_GRAMMAR, MAX_TAG_LENGTH */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

/** The OCI distribution-spec tag grammar. */
const TAG_GRAMMAR = '[A-Za-z0-9_][A-Za-z0-9._-]{0,127}';
const MAX_TAG_LENGTH = 128;
const TAG_PATTERN = new RegExp(`^${TAG_GRAMMAR}$`);
const TAG_CHAR = /[A-Za-z0-9._-]/;
const TAG_FIRST_CHAR = /[A-Za-z0-9_]/;
/** Whether `tag` matches the tag grammar `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`. */
function isValidTag(tag) {
    return TAG_PATTERN.test(tag);
}
/**
 * Returns `tag` when it matches the tag grammar; otherwise throws TAG_INVALID naming the input, what is
 * wrong (`it contains "/"`) and the grammar.
 */
function assertValidTag(tag, inputName) {
    if (isValidTag(tag))
        return tag;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('TAG_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingSubject */ .de)(inputName)} has the tag ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(tag)}, which is not a valid tag: ${explainInvalidTag(tag)}`, {
        hint: `A tag matches ${TAG_GRAMMAR}: letters, digits, "_", "." and "-", not starting with "." or "-", at most ${MAX_TAG_LENGTH} characters.`,
    });
}
/** Turns arbitrary text into a valid tag for suggestions (`feature/x` → `feature-x`); may return ''. */
function sanitizeTag(text) {
    return text
        .replace(/[^A-Za-z0-9._-]/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, MAX_TAG_LENGTH);
}
function explainInvalidTag(tag) {
    if (tag === '')
        return 'it is empty';
    if (tag.length > MAX_TAG_LENGTH)
        return `it is ${tag.length} characters long`;
    const first = tag.charAt(0);
    if (!TAG_FIRST_CHAR.test(first)) {
        return TAG_CHAR.test(first) ? `it starts with "${first}"` : `it contains ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(first)}`;
    }
    const bad = [...tag].find((c) => !TAG_CHAR.test(c)) ?? '';
    return `it contains ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(bad)}`;
}


/***/ }),

/***/ 9575:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MW: () => (/* binding */ expandTagTemplates)
/* harmony export */ });
/* unused harmony exports TAG_PLACEHOLDERS, expandTagTemplate, formatTagDate */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _tag_grammar_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2380);


const TAG_PLACEHOLDERS = ['sha', 'sha_long', 'branch', 'pr', 'date'];
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SHORT_SHA = 7;
/**
 * Expands `{{sha}}`, `{{sha_long}}`, `{{branch}}`, `{{pr}}` and `{{date}}` in one tag template
 * (`sha-{{sha}}` → `sha-860c190`). An unknown placeholder, or one whose value this run does not have,
 * throws INPUT_INVALID naming the input, the template and the placeholder. The result is not yet checked
 * against the tag grammar: the tag engine does that with the other tags.
 */
function expandTagTemplate(template, context, inputName) {
    return template.replace(PLACEHOLDER, (_match, name) => valueOf(name, template, context, inputName));
}
/** Expands every template of a list input. */
function expandTagTemplates(templates, context, inputName) {
    return templates.map((t) => expandTagTemplate(t, context, inputName));
}
/** `20261202`: the UTC day of `now`. */
function formatTagDate(now) {
    return now.toISOString().slice(0, 10).replaceAll('-', '');
}
function valueOf(name, template, context, inputName) {
    const subject = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingSubject */ .de)(inputName)} has ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(template)}`;
    const unknown = (placeholder, fallback) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${subject}, but {{${placeholder}}} is unknown in this run: ${context.missing?.[placeholder] ?? fallback}`, { hint: HINTS[placeholder] });
    };
    switch (name) {
        case 'sha':
        case 'sha_long': {
            const sha = context.sha ?? unknown(name, 'no commit id is known');
            return name === 'sha' ? sha.slice(0, SHORT_SHA) : sha;
        }
        case 'branch': {
            const branch = context.branch ?? unknown('branch', 'this run is not on a branch');
            // `feature/login` → `feature-login`; a name with no tag character at all cannot be a tag.
            const tag = (0,_tag_grammar_js__WEBPACK_IMPORTED_MODULE_1__/* .sanitizeTag */ .iP)(branch);
            return tag === '' ? unknown('branch', `the branch ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(branch)} has no tag characters`) : tag;
        }
        case 'pr':
            return String(context.pr ?? unknown('pr', 'this run is not a pull request'));
        case 'date':
            return formatTagDate(context.now);
        default:
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${subject}, whose placeholder {{${name}}} is not known`, {
                hint: `The placeholders are ${TAG_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`,
            });
    }
}
const HINTS = {
    sha: 'The commit comes from GITHUB_SHA; set it, or drop {{sha}} from the tag.',
    sha_long: 'The commit comes from GITHUB_SHA; set it, or drop {{sha_long}} from the tag.',
    branch: 'The branch comes from GITHUB_HEAD_REF (pull requests) or GITHUB_REF=refs/heads/<branch>; use {{branch}} only in branch or pull-request runs.',
    pr: 'The number comes from GITHUB_REF=refs/pull/<n>/merge or the pull_request event; use {{pr}} only in pull-request runs.',
};


/***/ }),

/***/ 3381:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  hj: () => (/* binding */ deriveTags),
  CG: () => (/* reexport */ parseFloatingPolicy),
  RW: () => (/* reexport */ parseLatestPolicy),
  _Q: () => (/* reexport */ version_tag/* parseVersionTag */._),
  Ge: () => (/* binding */ readFloatingGuard),
  T8: () => (/* reexport */ resolveFloatingTag)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/domain/prerelease.ts
var prerelease = __webpack_require__(3968);
// EXTERNAL MODULE: ./src/domain/version.ts
var domain_version = __webpack_require__(3356);
// EXTERNAL MODULE: ./src/domain/version-tag.ts
var version_tag = __webpack_require__(6937);
;// CONCATENATED MODULE: ./src/domain/floating-guard.ts



/**
 * The floating tags of a stable version without any guard, longest line first, then `latest` (or, for a
 * variant, its plain name): 1.15.12 + alpine → `1.15-alpine`, `1-alpine`, `alpine`. None for a prerelease.
 */
function listFloatingCandidates(version, variant, levels) {
    if ((0,domain_version/* isPrerelease */.V1)(version))
        return [];
    const suffix = variant ? `-${variant}` : '';
    const candidates = [];
    for (let depth = version.parts.length - 1; depth >= 1; depth--) {
        // Levels pick which lines get a tag (`2`: `1.15` only); `latest` is the latest policy's business.
        if (levels && !levels.includes(depth))
            continue;
        candidates.push({ tag: `${(0,domain_version/* formatLine */.IL)(version, depth)}${suffix}`, kind: 'floating', depth });
    }
    candidates.push({ tag: variant || 'latest', kind: 'latest', depth: 0 });
    return candidates;
}
/**
 * The floating guard. With policy `highest`, a floating tag moves to `version` only if no existing stable
 * version of the same variant on its line is higher: `1.15` needs version ≥ every `1.15.x`, `1` ≥ every
 * `1.x.y`, `latest` ≥ every version. Equal counts as ≥, so re-runs keep their tags.
 *
 * Which existing tags count: every stable version-like tag of the same variant (see {@link parseVersionTag}),
 * whatever its number of parts. A shorter tag is a version of at least that value: `18` is 18 or a floating
 * tag of some 18.x, so it holds back `latest` for 17.10 (missing parts = 0, so it never blocks its own line).
 * Dates count too (alpine's `20240501` edge holds back `latest`). Policy `always` turns the guard off. A
 * prerelease gets no floating tags at all (only its line tag, see {@link decidePrereleaseLine}). Scope
 * `image` counts the versions of every variant, not only this one's. An existing tag that starts with one of
 * `prefixes` counts with the prefix removed too (`release-3.7.11` is 3.7.11), as does an unprefixed one. An
 * alias name also counts the versions of the release's `fullNames`.
 */
function decideFloatingTags(version, variant, existing, guard = {}) {
    const candidates = listFloatingCandidates(version, variant || undefined, guard.levels);
    if (guard.policy === 'always')
        return { granted: candidates.map(toPlanned), heldBack: [] };
    const rivals = listRivals(variant || undefined, existing, guard).filter((r) => !(0,domain_version/* isPrerelease */.V1)(r.version));
    return splitByBlocker(version, candidates, rivals);
}
/**
 * The line tag of a prerelease (`3.15.0a1` + `rc` → `3.15-rc`, `28-ea-12` + `ea` → `28-ea`, with the
 * variant suffix after it): the first two numeric parts (or the single one) and the label. It moves only
 * forward: held back when an existing version of that line, prerelease or release, is higher. Existing
 * line tags themselves (`3.15-rc`) are not versions. None for a release.
 */
function decidePrereleaseLine(version, variant, label, existing, guard = {}) {
    if (!(0,domain_version/* isPrerelease */.V1)(version))
        return { granted: [], heldBack: [] };
    const depth = Math.min(2, version.parts.length);
    const suffix = variant ? `-${variant}` : '';
    const candidate = {
        tag: `${(0,domain_version/* formatLine */.IL)(version, depth)}-${label}${suffix}`,
        kind: 'floating',
        depth,
    };
    if (guard.policy === 'always')
        return { granted: [toPlanned(candidate)], heldBack: [] };
    const rivals = listRivals(variant || undefined, existing, guard).filter((r) => r.version.prerelease?.toLowerCase() !== label.toLowerCase());
    return splitByBlocker(version, [candidate], rivals);
}
function splitByBlocker(version, candidates, rivals) {
    const granted = [];
    const heldBack = [];
    for (const candidate of candidates) {
        const blocker = findHighest(rivals.filter((r) => sharesLine(r.version, version, candidate.depth)));
        if (blocker && (0,domain_version/* compareVersions */.Zy)(blocker.version, version) > 0) {
            heldBack.push({
                tag: candidate.tag,
                kind: candidate.kind,
                reason: `held back: ${blocker.tag} exists`,
                blockedBy: blocker.tag,
            });
        }
        else {
            granted.push(toPlanned(candidate));
        }
    }
    return { granted, heldBack };
}
/**
 * The floating tags (`1.15`, `1`, `latest`/`alpine`) of one name that should point at `version` given the
 * tags in the repository: the guard of {@link deriveTags} with the same options (levels, scope, prefixes,
 * an alias name's full names), without the `latest` policy and without prefixed copies.
 */
function floatingTagsFor(version, variant, existing, guard = {}) {
    return decideFloatingTags(version, variant, existing, guard).granted.map((t) => t.tag);
}
/**
 * Which of the names a release is tagged under owns the floating tag (`1-alpine` of 1.15.12 belongs to
 * `alpine`, `1` to the plain set), prefixed copies included; only the levels the release has. Undefined when
 * none does.
 */
function findFloatingOwner(tag, version, names, guard) {
    const all = [
        ...names.full.map((variant) => ({ variant, alias: false })),
        ...names.alias.map((variant) => ({ variant, alias: true })),
    ];
    for (const prefix of ['', ...(guard.prefixes ?? [])]) {
        if (!tag.startsWith(prefix))
            continue;
        const unprefixed = tag.slice(prefix.length);
        for (const { variant, alias } of all) {
            const candidate = listFloatingCandidates(version, variant, guard.levels).find((c) => c.tag === unprefixed);
            if (candidate)
                return { variant, alias, candidate };
        }
    }
    return undefined;
}
/**
 * Where one of a release's floating tags belongs now, for convergence after a race (the tags listed again
 * after writing): `ours` when the guard, with the plan's options, still grants it to `version`; `higher`
 * when a higher version of its line exists under its own name (an alias name: also under the release's full
 * names), whose tag it is to point at, the highest (of equal versions, the one with more parts: a version
 * tag before a floating one); `held` when the only higher versions are under other names (scope `image`):
 * there is no image of its name to move it to, and moving it back would move it to an older version, so it
 * stays where it is. Undefined when `tag` is none of the release's floating tags.
 */
function resolveFloatingTag(tag, version, names, existing, guard = {}) {
    if ((0,domain_version/* isPrerelease */.V1)(version))
        return undefined;
    const owned = findFloatingOwner(tag, version, names, guard);
    if (!owned)
        return undefined;
    const nameGuard = { ...guard, fullNames: owned.alias ? names.full : undefined };
    const above = (rivals) => rivals.filter((r) => !(0,domain_version/* isPrerelease */.V1)(r.version) &&
        sharesLine(r.version, version, owned.candidate.depth) &&
        (0,domain_version/* compareVersions */.Zy)(r.version, version) > 0);
    // The plan's own judgement decides whether it is still ours; the rest says where it goes instead.
    const granted = floatingTagsFor(version, owned.variant, existing, nameGuard);
    const blocker = findHighest(above(listRivals(owned.variant, existing, nameGuard)));
    if (granted.includes(owned.candidate.tag) || !blocker)
        return { kind: 'ours' };
    const own = above(listRivals(owned.variant, existing, { ...nameGuard, scope: 'variant' }));
    const target = findHighest(own);
    if (target)
        return { kind: 'higher', tag: target.tag, version: target.version };
    return { kind: 'held', tag: blocker.tag, version: blocker.version };
}
/**
 * The existing version-like tags of the variant (and, for an alias name, of the release's full names) with
 * scope `variant`, or of any variant with scope `image`.
 */
function listRivals(variant, existing, guard) {
    const names = [variant, ...(guard.fullNames ?? [])];
    const prefixes = guard.prefixes ?? [];
    const read = (tag) => guard.scope === 'image'
        ? (0,version_tag/* variantOfTag */.J)(tag)?.version
        : names.map((name) => (0,version_tag/* parseVersionTag */._)(tag, name)).find((v) => v !== undefined);
    const rivals = [];
    for (const tag of existing) {
        const unprefixed = prefixes.filter((p) => tag.startsWith(p)).map((p) => tag.slice(p.length));
        const other = [tag, ...unprefixed].map(read).find((v) => v !== undefined);
        if (other)
            rivals.push({ tag, version: other });
    }
    return rivals;
}
function sharesLine(a, b, depth) {
    for (let i = 0; i < depth; i++) {
        if ((0,prerelease/* compareDigits */.oY)(a.parts[i] ?? '0', b.parts[i] ?? '0') !== 0)
            return false;
    }
    return true;
}
/** The highest; of equal versions the first with the most parts (`1.16.0` before the floating `1.16`). */
function findHighest(rivals) {
    let best;
    for (const rival of rivals) {
        const order = best ? (0,domain_version/* compareVersions */.Zy)(rival.version, best.version) : 1;
        if (!best || order > 0 || (order === 0 && rival.version.parts.length > best.version.parts.length))
            best = rival;
    }
    return best;
}
function toPlanned(candidate) {
    return { tag: candidate.tag, kind: candidate.kind };
}

// EXTERNAL MODULE: ./src/domain/tag-grammar.ts
var tag_grammar = __webpack_require__(2380);
;// CONCATENATED MODULE: ./src/domain/tag-input.ts



/**
 * Reads the version prefixes (`v`): blanks and duplicates dropped; each must be able to start a tag and
 * must not end in a digit (it would run into the version). Throws TAG_INVALID or INPUT_INVALID.
 */
function readPrefixes(values) {
    const prefixes = [];
    for (const prefix of readTagList(values, 'prefix')) {
        if (/\d$/.test(prefix)) {
            throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('prefix')} has ${(0,errors/* quoteValue */.cl)(prefix)}, which ends in a digit and would run into the version`, {
                hint: (0,errors/* remedyHint */.o7) `Use a prefix such as v or release-; ${(0,errors/* settingExample */.TE)('prefix', 'v')} gives v1.2.3.`,
            });
        }
        if (!prefixes.includes(prefix))
            prefixes.push(prefix);
    }
    return prefixes;
}
/**
 * Reads the variant names: blanks dropped, duplicates kept once, each checked by {@link readVariant}.
 * Throws TAG_INVALID or INPUT_INVALID naming the input.
 */
function readVariants(values, inputName = 'variant') {
    const list = typeof values === 'string' ? [values] : (values ?? []);
    const variants = [];
    for (const value of list) {
        const variant = readVariant(value, inputName);
        if (variant !== undefined && !variants.includes(variant))
            variants.push(variant);
    }
    return variants;
}
/**
 * The names a release is tagged under: each variant, after the plain (unsuffixed) set when there are no
 * variants or `bare` asks for it as well. `undefined` stands for the plain set.
 */
function listTagNames(variants, bare) {
    if (variants.length === 0)
        return [undefined];
    return bare ? [undefined, ...variants] : [...variants];
}
/**
 * The names that get only floating tags: the plain set first when `bare` is `alias` (with variants; without
 * any, the plain set is the full one), then the alias variants. `undefined` stands for the plain set.
 */
function listAliasNames(variants, aliasVariants, bare) {
    return bare === 'alias' && variants.length > 0 ? [undefined, ...aliasVariants] : [...aliasVariants];
}
/**
 * Refuses `bare` without a variant: the unsuffixed set is then the only set, so `bare` could not add
 * anything, and silently accepting it would hide a missing or misspelt variant. Throws INPUT_INVALID.
 */
function checkBare(bare, variants) {
    if (bare === undefined || bare === false || variants.length > 0)
        return;
    const given = (0,errors/* settingExample */.TE)('bare', bare === 'alias' ? 'alias' : 'true');
    throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${given} needs ${(0,errors/* settingName */.QX)('variant')}: without a variant the unsuffixed tags are the only ones`, {
        hint: (0,errors/* remedyHint */.o7) `Add ${(0,errors/* settingExample */.TE)('variant', 'alpine')} (each name gets its own set), or drop ${given}.`,
    });
}
/**
 * Reads the variant: blank → none; otherwise a valid tag that neither starts with `-`, nor is `latest`, nor
 * reads as a version (its plain tag stands for latest). Throws TAG_INVALID or INPUT_INVALID.
 */
function readVariant(value, inputName = 'variant') {
    const variant = value?.trim();
    if (!variant)
        return undefined;
    const subject = (0,errors/* settingSubject */.de)(inputName);
    const shown = (0,errors/* quoteValue */.cl)(variant);
    if (variant.startsWith('-')) {
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${subject} is ${shown}, which starts with "-"`, {
            hint: (0,errors/* remedyHint */.o7) `Write the variant without the dash: ${(0,errors/* settingExample */.TE)(inputName, variant.replace(/^-+/, '') || 'alpine')}; "-" is added to every tag.`,
        });
    }
    (0,tag_grammar/* assertValidTag */.b5)(variant, inputName);
    if (variant === 'latest' || (0,domain_version/* tryParseVersion */.z0)(variant)) {
        const readsAs = variant === 'latest' ? 'latest' : 'a version';
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${subject} is ${shown}, which cannot be a variant: its plain tag would read as ${readsAs}`, {
            hint: (0,errors/* remedyHint */.o7) `A variant is a name such as alpine, bookworm or alpine3.20; ${variant === 'latest'
                ? 'leave it empty for the default image'
                : (0,errors/* remedyHint */.o7) `put the version in ${(0,errors/* settingName */.QX)('version')}`}.`,
        });
    }
    return variant;
}
/**
 * Reads the alias variants (names that get only the floating tags and their plain name): checked like
 * variants, and none may also be a variant (it would get the full set anyway). Throws INPUT_INVALID.
 */
function readAliasVariants(values, variants) {
    const aliasVariants = readVariants(values, 'alias-variant');
    const both = aliasVariants.find((name) => variants.includes(name));
    if (both !== undefined) {
        const [variant, aliasVariant] = [(0,errors/* settingName */.QX)('variant'), (0,errors/* settingName */.QX)('alias-variant')];
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('alias-variant')} has ${(0,errors/* quoteValue */.cl)(both)}, which is also in ${variant}`, {
            hint: (0,errors/* remedyHint */.o7) `Keep ${(0,errors/* quoteValue */.cl)(both)} in one of them: ${variant} for the full set, ${aliasVariant} for the floating tags only.`,
        });
    }
    return aliasVariants;
}
/**
 * Reads the prerelease line label (`rc` gives 3.15.0a1 the tag 3.15-rc): blank → none; otherwise a word of
 * letters, digits, `.`, `_` or `-` that starts with a letter. Throws INPUT_INVALID naming the input.
 */
function readPrereleaseAlias(value) {
    const label = value?.trim();
    if (!label)
        return undefined;
    if (!/^[A-Za-z][A-Za-z0-9._-]{0,63}$/.test(label)) {
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('prerelease-alias')} is ${(0,errors/* quoteValue */.cl)(label)}, which is not a label such as rc, dev or ea`, {
            hint: (0,errors/* remedyHint */.o7) `Use a word that starts with a letter, without the dash: ${(0,errors/* settingExample */.TE)('prerelease-alias', 'rc')} gives 3.15.0a1 the tag 3.15-rc.`,
        });
    }
    return label;
}
/** Trims a list input, drops blank items and checks each against the tag grammar. */
function readTagList(values, inputName) {
    return (values ?? [])
        .map((value) => value.trim())
        .filter(Boolean)
        .map((value) => (0,tag_grammar/* assertValidTag */.b5)(value, inputName));
}
/** Refuses the alias `latest` (that is the latest policy) and aliases that already carry the variant. */
function checkAlias(alias, variant) {
    if (alias === 'latest') {
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('aliases')} has "latest", which is not a channel alias`, {
            hint: (0,errors/* remedyHint */.o7) `latest follows ${(0,errors/* settingName */.QX)('latest')} (auto, true or false); use ${(0,errors/* settingExample */.TE)('latest', 'true')} to force it.`,
        });
    }
    if (variant && alias.endsWith(`-${variant}`)) {
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('aliases')} has ${(0,errors/* quoteValue */.cl)(alias)}, which already ends with the variant "-${variant}"`, {
            hint: `Write the alias without the variant (${alias.slice(0, -variant.length - 1)}); the variant suffix is added to every alias.`,
        });
    }
    return alias;
}
/** Refuses `version: 1.15.12-alpine` with `variant: alpine`, which would give `1.15.12-alpine-alpine`. */
function checkVersionSuffix(version, variant) {
    const pre = version.prerelease;
    if (!variant || pre === undefined || (pre !== variant && !pre.endsWith(`-${variant}`)))
        return;
    const bare = version.normalized.slice(0, -variant.length - 1);
    throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('version')} is ${(0,errors/* quoteValue */.cl)(version.normalized)}, which already ends with the variant "-${variant}"`, {
        hint: (0,errors/* remedyHint */.o7) `Set ${(0,errors/* settingExample */.TE)('version', bare)}; the variant suffix is added to every tag.`,
    });
}

;// CONCATENATED MODULE: ./src/domain/tag-policy.ts


/**
 * Reads floating levels: blank or `all` → every level; `none` → the full version only; otherwise numbers of
 * parts (`2`, `1,2`). Throws INPUT_INVALID naming the input.
 */
function parseFloatingLevels(value) {
    const items = (typeof value === 'string' ? [value] : (value ?? []))
        .flatMap((v) => v.split(/[\s,]+/))
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean);
    if (items.length === 0 || (items.length === 1 && items[0] === 'all'))
        return undefined;
    if (items.length === 1 && items[0] === 'none')
        return [];
    const bad = items.find((item) => !/^[1-9]\d?$/.test(item));
    if (bad !== undefined) {
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('floating-levels')} must be all, none or numbers of parts such as 2 or 1,2; got ${(0,errors/* quoteValue */.cl)(bad)}`, { hint: 'Use 2 for 1.15 only, 1 for the major only, none for the full version only (default all).' });
    }
    return [...new Set(items.map(Number))];
}
/**
 * Refuses a level the version cannot have: a floating tag has fewer numeric parts than the version, so
 * `7` for 1.15.12 could never mean a tag (silently giving nothing would hide the mistake). A level equal to
 * the number of parts is the full version itself (`2` for 18.6), which a release always gets: accepted, so
 * one setting serves versions of two and three parts. Throws INPUT_INVALID naming the input.
 */
function checkFloatingLevels(levels, version) {
    const parts = version.parts.length;
    const deeper = levels?.find((level) => level > parts);
    if (deeper === undefined)
        return;
    const lines = [];
    for (let depth = parts - 1; depth >= 1; depth--)
        lines.push(`${depth} (${(0,domain_version/* formatLine */.IL)(version, depth)})`);
    const shown = version.normalized;
    throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)('floating-levels')} has ${deeper}, more numeric parts than ${shown} has (${parts})`, {
        hint: lines.length > 0
            ? (0,errors/* remedyHint */.o7) `Use ${(0,errors/* settingExample */.TE)('floating-levels', lines.join(', '))} or none (the full version only).`
            : (0,errors/* remedyHint */.o7) `Use ${(0,errors/* settingExample */.TE)('floating-levels', 'none')}: ${shown} has no shorter version tag.`,
    });
}
const LATEST_POLICIES = ['auto', 'true', 'false'];
const FLOATING_POLICIES = ['highest', 'always'];
const FLOATING_SCOPES = ['variant', 'image'];
/** Reads a `latest` policy (case-insensitive; empty → `auto`) or throws INPUT_INVALID naming the input. */
function parseLatestPolicy(value) {
    return parseChoice(value, LATEST_POLICIES, 'latest');
}
/** Reads a `floating` policy (case-insensitive; empty → `highest`) or throws INPUT_INVALID naming the input. */
function parseFloatingPolicy(value) {
    return parseChoice(value, FLOATING_POLICIES, 'floating');
}
/** Reads a floating scope (case-insensitive; empty → `variant`) or throws INPUT_INVALID naming the input. */
function parseFloatingScope(value) {
    return parseChoice(value, FLOATING_SCOPES, 'floating-scope');
}
function parseChoice(value, choices, inputName) {
    const [fallback] = choices;
    const wanted = value?.trim().toLowerCase() ?? '';
    if (wanted === '' && fallback !== undefined)
        return fallback;
    const found = choices.find((c) => c === wanted);
    if (found !== undefined)
        return found;
    const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}`;
    throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `${(0,errors/* settingSubject */.de)(inputName)} must be ${listed}; got ${(0,errors/* quoteValue */.cl)(value ?? '')}`, {
        hint: `Use one of ${listed} (default ${fallback ?? ''}).`,
    });
}

;// CONCATENATED MODULE: ./src/domain/version-notice.ts



/**
 * What the user should know about a version before its tags are published: dropped build metadata, a
 * prerelease that gets only its own tag, a prerelease label that reads like a variant, an ignored
 * `latest: true`. One sentence each, without a trailing period.
 */
function listVersionNotices(version, variant, policy) {
    const { latest } = policy;
    const notices = [];
    if (version.build !== undefined)
        notices.push(`build metadata "+${version.build}" dropped: tags cannot contain "+"`);
    const pre = version.prerelease;
    if (pre === undefined)
        return notices;
    const guess = (0,prerelease/* trailingVariantOf */.Ps)(pre);
    if (guess !== undefined && /^[A-Za-z]/.test(guess) && version.normalized.endsWith(`-${guess}`)) {
        const bare = version.normalized.slice(0, -guess.length - 1);
        notices.push((0,errors/* remedyHint */.o7) `${version.normalized} is published as a prerelease; if "${guess}" is a variant, use ${(0,errors/* settingExample */.TE)('version', bare)} with ${(0,errors/* settingExample */.TE)('variant', guess)}`);
    }
    // Only the tags a release would get under the same floating levels (none: no 1.15 to miss).
    const skipped = listFloatingCandidates({ ...version, prerelease: undefined }, variant, policy.levels)
        .filter((c) => c.kind === 'floating' || latest !== 'false')
        .map((c) => c.tag);
    const gets = policy.prereleaseAlias ? 'its own tag and its line tag' : 'only its own tag';
    if (skipped.length > 0) {
        notices.push(`${version.normalized} is a prerelease: it gets ${gets}, no ${joinOr(skipped)}`);
    }
    if (latest === 'true') {
        const latestTag = variant ?? 'latest';
        notices.push((0,errors/* remedyHint */.o7) `${(0,errors/* settingExample */.TE)('latest', 'true')} ignored: a prerelease never gets ${latestTag}; to move it anyway, add ${(0,errors/* settingExample */.TE)('tags', latestTag)}`);
    }
    return notices;
}
function joinOr(items) {
    return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

;// CONCATENATED MODULE: ./src/domain/tags.ts










/**
 * Derives the tags for a release, offline and deterministically. Order, per name (the plain set when
 * `bare` or no variant, then each variant): the full version, shorter versions (`1.15`, `1`), channel
 * aliases, `latest` (or the variant's plain name); then extra tags; duplicates keep their first place. Floating tags pass the floating guard against `existing`; those held back are reported.
 * Throws PublishError: VERSION_INVALID, TAG_INVALID, INPUT_INVALID (also when neither a version nor extra
 * tags are given).
 */
function deriveTags(request) {
    const latest = parseLatestPolicy(request.latest);
    const { names, guard } = readFloatingGuard(request);
    const variants = readVariants(request.variant);
    const prereleaseAlias = readPrereleaseAlias(request.prereleaseAlias);
    const aliases = readTagList(request.aliases, 'aliases');
    for (const alias of aliases) {
        checkAlias(alias, undefined);
        for (const variant of variants)
            checkAlias(alias, variant);
    }
    const extraTags = readTagList(request.extraTags, 'tags');
    if (request.version === undefined && extraTags.length === 0) {
        throw new errors/* PublishError */.S1('INPUT_INVALID', (0,errors/* remedyHint */.o7) `Nothing to tag: neither ${(0,errors/* settingName */.QX)('version')} nor ${(0,errors/* settingName */.QX)('tags')} is set`, {
            hint: (0,errors/* remedyHint */.o7) `Set ${(0,errors/* settingExample */.TE)('version', '1.2.3')}, or ${(0,errors/* settingExample */.TE)('tags', 'nightly')} for plain tags.`,
        });
    }
    const version = request.version === undefined ? undefined : (0,domain_version/* parseVersion */.ot)(request.version);
    if (version)
        checkFloatingLevels(guard.levels, version);
    const context = {
        version,
        aliases,
        latest,
        guard,
        prereleaseAlias,
        existing: request.existing ?? [],
    };
    const sets = [
        ...names.full.map((variant) => deriveNameTags(variant, context, undefined)),
        // An alias name's floating tags follow the versions of the full names (8-alpine is jdk-alpine's).
        ...names.alias.map((variant) => deriveNameTags(variant, context, names.full)),
    ];
    const tags = collapse([
        ...sets.flatMap((set) => set.tags),
        ...extraTags.map((tag) => ({ tag, kind: 'extra' })),
    ]);
    const placed = new Set(tags.map((t) => t.tag));
    const heldBack = sets.flatMap((set) => set.heldBack).filter((t) => !placed.has(t.tag));
    // The same notice from several variants is shown once (compared in plain words: it is structured).
    const notices = [...new Map(sets.flatMap((set) => set.notices).map((n) => [(0,errors/* wordHint */.Ut)(n), n])).values()];
    return { version, tags, heldBack, notices };
}
/**
 * The names a request tags a release under and the floating guard's options, read and checked as
 * {@link deriveTags} reads them: convergence after a race judges the floating tags with exactly these.
 * Throws PublishError INPUT_INVALID or TAG_INVALID naming the input.
 */
function readFloatingGuard(request) {
    const guard = {
        policy: parseFloatingPolicy(request.floating),
        levels: parseFloatingLevels(request.floatingLevels),
        scope: parseFloatingScope(request.floatingScope),
        prefixes: readPrefixes(request.prefixes),
    };
    const variants = readVariants(request.variant);
    const aliasVariants = readAliasVariants(request.aliasVariants, variants);
    checkBare(request.bare, variants);
    const names = {
        full: listTagNames(variants, request.bare === true),
        alias: listAliasNames(variants, aliasVariants, request.bare),
    };
    return { names, guard };
}
/**
 * The tags of one name (a variant, or the plain set): version, floating tags, aliases, latest. An alias
 * name (`fullNames` given: the release's full names, whose versions it follows) gets the floating tags and
 * its plain name only.
 */
function deriveNameTags(variant, context, fullNames) {
    const { version, latest } = context;
    const full = fullNames === undefined;
    const suffix = variant ? `-${variant}` : '';
    const versionTags = [];
    const latestTags = [];
    const notices = [];
    let heldBack = [];
    if (version !== undefined) {
        checkVersionSuffix(version, variant);
        if (full)
            notices.push(...listVersionNotices(version, variant, { ...context, levels: context.guard.levels }));
        if (full)
            versionTags.push({ tag: `${version.normalized}${suffix}`, kind: 'version' });
        const { existing, prereleaseAlias } = context;
        const guard = { ...context.guard, fullNames };
        const decision = decideFloatingTags(version, variant, existing, guard);
        const line = prereleaseAlias
            ? decidePrereleaseLine(version, variant, prereleaseAlias, existing, guard)
            : { granted: [], heldBack: [] };
        versionTags.push(...[...line.granted, ...decision.granted].filter((t) => t.kind === 'floating'));
        heldBack = [...line.heldBack, ...decision.heldBack].filter((t) => t.kind === 'floating');
        // Prefixed copies share the decision of the tag they copy.
        versionTags.splice(0, versionTags.length, ...withPrefixes(versionTags, guard.prefixes ?? []));
        heldBack = withPrefixes(heldBack, guard.prefixes ?? []);
        const grantedLatest = decision.granted.filter((t) => t.kind === 'latest');
        const heldLatest = decision.heldBack.filter((t) => t.kind === 'latest');
        if (latest !== 'false')
            latestTags.push(...grantedLatest);
        if (latest === 'auto')
            heldBack.push(...heldLatest);
        for (const held of latest === 'true' ? heldLatest : []) {
            latestTags.push({ tag: held.tag, kind: 'latest' });
            notices.push((0,errors/* remedyHint */.o7) `${(0,errors/* settingExample */.TE)('latest', 'true')} moves ${held.tag} to ${version.normalized}${suffix} although ${held.blockedBy} exists`);
        }
    }
    else if (latest === 'true') {
        latestTags.push({ tag: variant ?? 'latest', kind: 'latest' });
    }
    const tags = [
        ...versionTags.map((t) => ({ tag: (0,tag_grammar/* assertValidTag */.b5)(t.tag, 'version'), kind: t.kind })),
        ...(full ? context.aliases : []).map((alias) => ({
            tag: (0,tag_grammar/* assertValidTag */.b5)(`${alias}${suffix}`, 'aliases'),
            kind: 'alias',
        })),
        ...latestTags,
    ];
    return { tags, heldBack, notices };
}
/** Each tag, followed by its copy under every prefix: `1.15`, `v1.15`. */
function withPrefixes(tags, prefixes) {
    return tags.flatMap((t) => [t, ...prefixes.map((prefix) => ({ ...t, tag: `${prefix}${t.tag}` }))]);
}
function collapse(tags) {
    const byTag = new Map();
    for (const planned of tags)
        if (!byTag.has(planned.tag))
            byTag.set(planned.tag, planned);
    return [...byTag.values()];
}


/***/ }),

/***/ 6937:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ variantOfTag),
/* harmony export */   _: () => (/* binding */ parseVersionTag)
/* harmony export */ });
/* harmony import */ var _prerelease_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3968);
/* harmony import */ var _version_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3356);


/**
 * Reads an existing tag as a version of `variant`: `1.15.12-alpine` with variant `alpine` → 1.15.12,
 * `2.0.0-rc.1-alpine` → 2.0.0-rc.1. Undefined for other variants (`1.2.3-alpine-perl` is not alpine;
 * `1.2.3-alpine` is not plain), for non-versions and for `latest`/`alpine`. A `-label` after the numbers
 * counts as a prerelease only if it reads like one (`rc.1`, `beta3`, `1`), not like a variant (`alpine`).
 * A leading `v` is accepted (`v2.0.0` written by other tools still counts).
 */
function parseVersionTag(tag, variant) {
    let core = tag;
    if (variant) {
        const suffix = `-${variant}`;
        if (!tag.endsWith(suffix))
            return undefined;
        core = tag.slice(0, -suffix.length);
    }
    const version = (0,_version_js__WEBPACK_IMPORTED_MODULE_0__/* .tryParseVersion */ .z0)(core);
    if (!version || version.build !== undefined || core.replace(/^[vV]/, '') !== version.normalized)
        return undefined;
    if (version.prerelease !== undefined && !(0,_prerelease_js__WEBPACK_IMPORTED_MODULE_1__/* .looksLikePrereleaseLabel */ .Yh)(version.prerelease))
        return undefined;
    return { ...version, raw: tag };
}
/**
 * Finds the version and variant of an existing tag: first the known variants (longest first), then the
 * plain variant, then any suffix that starts with a letter, shortest first (`1.2.3-alpine-perl` →
 * alpine-perl, `2.0.0-rc.1-alpine` → 2.0.0-rc.1 of alpine). Undefined for non-version tags.
 */
function variantOfTag(tag, knownVariants = []) {
    const known = knownVariants.filter(Boolean).toSorted((a, b) => b.length - a.length);
    for (const variant of known) {
        const version = parseVersionTag(tag, variant);
        if (version)
            return { version, variant };
    }
    const plain = parseVersionTag(tag);
    if (plain)
        return { version: plain, variant: undefined };
    for (let dash = tag.lastIndexOf('-'); dash > 0; dash = tag.lastIndexOf('-', dash - 1)) {
        const variant = tag.slice(dash + 1);
        if (!/^[A-Za-z_]/.test(variant))
            continue;
        const version = parseVersionTag(tag, variant);
        if (version)
            return { version, variant };
    }
    return undefined;
}


/***/ }),

/***/ 3356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IL: () => (/* binding */ formatLine),
/* harmony export */   V1: () => (/* binding */ isPrerelease),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   z0: () => (/* binding */ tryParseVersion)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _prerelease_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3968);
/* harmony import */ var _tag_grammar_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2380);



const IDENTIFIERS = String.raw `[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`;
const VERSION_PATTERN = new RegExp(String.raw `^(?<core>\d+(?:\.\d+)*)` +
    String.raw `(?:(?<dash>-)(?<pre>${IDENTIFIERS})|(?<word>[A-Za-z][0-9A-Za-z-]*(?:\.[0-9A-Za-z-]+)*))?` +
    String.raw `(?:\+(?<build>${IDENTIFIERS}))?$`);
/** JVM forms: `11.0.32_9` (Temurin, build after `_`) and `8u502-b07` (Java 8: update 502, build 07). */
const JVM_PATTERN = /^(?:(?<update>(?<major>\d+)u(?<minor>\d+))(?<b>-b\d+)?|(?<core>\d+(?:\.\d+)*)(?<u>_\d+))$/;
const REF_TAGS = 'refs/tags/';
const REF_HEADS = 'refs/heads/';
/** Parses a version, or returns undefined when `input` is not one (see {@link Version} for the forms). */
function tryParseVersion(input) {
    let text = input.trim();
    if (text.startsWith(REF_TAGS))
        text = text.slice(REF_TAGS.length);
    if (/^[vV]\d/.test(text))
        text = text.slice(1);
    const jvm = parseJvmVersion(input, text);
    if (jvm)
        return jvm;
    const groups = VERSION_PATTERN.exec(text)?.groups;
    const core = groups?.core;
    if (!groups || core === undefined)
        return undefined;
    const prerelease = groups.pre ?? groups.word;
    const normalized = `${core}${groups.dash ?? ''}${prerelease ?? ''}`;
    return {
        raw: input,
        normalized,
        parts: core.split('.'),
        ...(prerelease === undefined ? {} : { prerelease }),
        ...(groups.build === undefined ? {} : { build: groups.build }),
    };
}
function parseJvmVersion(raw, text) {
    const groups = JVM_PATTERN.exec(text)?.groups;
    if (!groups)
        return undefined;
    if (groups.update !== undefined && groups.major !== undefined && groups.minor !== undefined) {
        const jvmBuild = groups.b;
        return {
            raw,
            normalized: `${groups.update}${jvmBuild ?? ''}`,
            parts: [groups.major, groups.minor],
            separators: ['u'],
            ...(jvmBuild === undefined ? {} : { jvmBuild }),
        };
    }
    const core = groups.core ?? '';
    return { raw, normalized: text, parts: core.split('.'), jvmBuild: groups.u ?? '' };
}
/** The first `depth` parts as written: `1.15` of 1.15.12, `8u502` of 8u502-b07. */
function formatLine(version, depth) {
    return version.parts
        .slice(0, depth)
        .map((part, i) => (i === 0 ? part : `${version.separators?.[i - 1] ?? '.'}${part}`))
        .join('');
}
/**
 * Parses a version or throws VERSION_INVALID naming the setting and, for text such as `main`, pointing at
 * plain tags (the action says `… use tags: main instead.`).
 */
function parseVersion(input) {
    const version = tryParseVersion(input);
    if (version)
        return version;
    throw invalidVersion(input);
}
/**
 * Orders versions: numeric components by value, part by part, missing parts = 0 (`1.15` = `1.15.0`, `2024.05`
 * = `2024.5`, `8u502` = 8.502); then a prerelease before its release, prereleases compared semver-like;
 * then the JVM build number (`11.0.32_9` < `11.0.32_10`); `+build` ignored.
 */
function compareVersions(a, b) {
    const length = Math.max(a.parts.length, b.parts.length);
    for (let i = 0; i < length; i++) {
        const order = (0,_prerelease_js__WEBPACK_IMPORTED_MODULE_2__/* .compareDigits */ .oY)(a.parts[i] ?? '0', b.parts[i] ?? '0');
        if (order !== 0)
            return order;
    }
    const order = (0,_prerelease_js__WEBPACK_IMPORTED_MODULE_2__/* .comparePrereleases */ .VT)(a.prerelease, b.prerelease);
    if (order !== 0)
        return order;
    return (0,_prerelease_js__WEBPACK_IMPORTED_MODULE_2__/* .compareDigits */ .oY)(buildNumber(a), buildNumber(b));
}
function buildNumber(v) {
    return v.jvmBuild?.replace(/\D/g, '') || '0';
}
/** Whether the version is a prerelease (`2.0.0-rc.1`, `19beta3`). */
function isPrerelease(v) {
    return v.prerelease !== undefined;
}
function invalidVersion(input) {
    const text = input.trim();
    const subject = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingSubject */ .de)('version');
    const tagsName = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingName */ .QX)('tags');
    const invalid = (message, hint) => new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('VERSION_INVALID', message, { hint });
    if (text === '') {
        return invalid((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${subject} is empty, which is not a version like 1.2.3`, (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `Set it to a version such as 1.2.3 or v1.2.3 (refs/tags/v1.2.3 works too), or use ${tagsName} for plain tags.`);
    }
    const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${subject} is ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(text)}, which is not a version like 1.2.3`;
    const isBranch = text.startsWith(REF_HEADS);
    const bare = isBranch ? text.slice(REF_HEADS.length) : text;
    const plainTag = (0,_tag_grammar_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidTag */ .r_)(bare) ? bare : (0,_tag_grammar_js__WEBPACK_IMPORTED_MODULE_1__/* .sanitizeTag */ .iP)(bare);
    if (plainTag === 'latest') {
        return invalid(message, (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `latest is added by itself for the highest stable version; to publish only latest, use ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingExample */ .TE)('tags', 'latest')} instead.`);
    }
    if (plainTag === '' || /^[vV]?(\d|$)/.test(text)) {
        // Looks like a mistyped version (`1..2`, `v`): explain the form first.
        const asTag = /^[vV]?$/.test(plainTag)
            ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `, or use ${tagsName} for plain tags`
            : (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `; to publish it as a plain tag, use ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingExample */ .TE)('tags', plainTag)}`;
        return invalid(message, (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `Use numbers separated by dots, like 1.2.3, v1.2.3, 1.2, 2024.05.1 or 2.0.0-rc.1${asTag}.`);
    }
    const use = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `publish a plain tag, use ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .settingExample */ .TE)('tags', plainTag)} instead.`;
    return invalid(message, isBranch ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteValue */ .cl)(text)} is a branch; to ${use}` : (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `To ${use}`);
}


/***/ }),

/***/ 9270:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ mapLimited)
/* harmony export */ });
/**
 * Maps with at most `limit` tasks running, keeping order, started in item order. A failure rejects once
 * every running task has settled. Two failure policies, because callers need both:
 * - `'settle-all'` (default): every item is still tried; the failure of the lowest index is thrown (a tag
 *   write refused must not keep the other tags from being written and reported).
 * - `'stop'`: no new item starts after a failure; the first failure is thrown (a source whose blob is
 *   corrupt need not read the rest).
 */
async function mapLimited(items, limit, fn, onFailure = 'settle-all') {
    if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (next < items.length && (failure === undefined || onFailure === 'settle-all')) {
            const index = next++;
            try {
                results[index] = await fn(items[index], index);
            }
            catch (error) {
                if (failure === undefined || (onFailure === 'settle-all' && index < failure.index))
                    failure = { index, error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
    return results;
}


/***/ }),

/***/ 8820:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IB: () => (/* binding */ streamed),
/* harmony export */   v9: () => (/* binding */ releasingStream)
/* harmony export */ });
/* unused harmony export RELEASE_EVERY_BYTES */
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8877);
/* harmony import */ var node_v8__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_v8__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_vm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(714);
/* harmony import */ var node_vm__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_vm__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Prompt release of streamed chunks. A blob streams to the registry as 1 MiB Buffers that are garbage as
 * soon as the socket has taken them, but V8 keeps Buffer memory outside its heap and collects it only
 * after about 64 MB have piled up, so any large upload raised peak RSS by ~70 MB whatever the layer size
 * (a 64 MiB layer: 155 MB peak, heap 12 MB). A young-generation collection after every 8 MiB streamed
 * frees those chunks while they are still young (about 1 ms each on this process's small heap): the same
 * upload then peaks near 100 MB. `gc` is exposed at run time (node:v8 + node:vm), so no Node flag is
 * needed where the runner starts `node dist/index.js`. The benchmark that keeps it is bench/ scenario S6
 * (`npm run bench -- --only S6`; with and without it: docs/benchmarks.md, "young-generation collection").
 *
 * The count is one for the whole process, not one per stream: with one per stream, four uploads at once
 * collected every 2 MiB, so chunks still in flight (a few MiB per stream) lived through two collections,
 * were moved to the old generation and piled up there until V8's own full collection, ~64 MB later (S7: a
 * 2 GiB image of 12 layers from an OCI layout peaked at 143–146 MB, 131–134 MB with one count).
 *
 * Every 4 MiB rather than 8, and the young generation kept at its start-up size (semi-space growth factor
 * 1): the forced collections' survivors otherwise grew it to 64 MB on a 2 GiB engine image (V8 heap 80 MB
 * committed, 12 MB used), so memory grew with the image (docs/benchmarks.md, the S8 row and paragraph).
 */



const RELEASE_EVERY_BYTES = 4 * 1024 * 1024;
let collect;
/** Runs a young-generation collection; a no-op where `gc` cannot be exposed. */
function releaseGarbage() {
    if (collect === undefined) {
        try {
            (0,node_v8__WEBPACK_IMPORTED_MODULE_1__.setFlagsFromString)('--expose-gc');
            (0,node_v8__WEBPACK_IMPORTED_MODULE_1__.setFlagsFromString)('--semi-space-growth-factor=1');
            collect = (0,node_vm__WEBPACK_IMPORTED_MODULE_2__.runInNewContext)('gc');
        }
        catch {
            collect = null;
        }
    }
    collect?.({ type: 'minor' });
}
let sinceRelease = 0;
/** Counts `bytes` streamed anywhere in the process; a young-generation collection per RELEASE_EVERY_BYTES. */
function streamed(bytes) {
    sinceRelease += bytes;
    if (sinceRelease < RELEASE_EVERY_BYTES)
        return;
    sinceRelease = 0;
    releaseGarbage();
}
/**
 * `stream` passed through unchanged, counted by streamed(), and reporting the running byte count to
 * `onBytes` (progress) when given. Destroying the result destroys `stream`.
 */
function releasingStream(stream, onBytes) {
    let total = 0;
    const passThrough = new node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform({
        transform(chunk, _encoding, callback) {
            total += chunk.length;
            onBytes?.(total);
            callback(null, chunk);
            streamed(chunk.length);
        },
    });
    // As verify-stream.ts chain(): an error anywhere reaches the result; destroying it destroys `stream`.
    (0,node_stream__WEBPACK_IMPORTED_MODULE_0__.pipeline)(stream, passThrough, () => undefined);
    return passThrough;
}


/***/ }),

/***/ 4899:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  g: () => (/* binding */ connectRegistry)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/domain/content-limits.ts
var content_limits = __webpack_require__(7614);
// EXTERNAL MODULE: ./src/domain/digest.ts
var domain_digest = __webpack_require__(7522);
// EXTERNAL MODULE: ./src/domain/media-types.ts
var media_types = __webpack_require__(4648);
;// CONCATENATED MODULE: ./src/registry/challenge.ts
function parseWwwAuthenticate(header) {
    if (header === undefined)
        return [];
    const values = typeof header === 'string' ? [header] : header;
    const out = [];
    for (const value of values)
        out.push(...parseOne(value));
    return out;
}
function parseOne(text) {
    const challenges = [];
    let i = 0;
    let current;
    const skipSpaces = () => {
        while (i < text.length && /[\s,]/.test(text[i] ?? ''))
            i++;
    };
    while (i < text.length) {
        skipSpaces();
        const tokenStart = i;
        while (i < text.length && /[^\s,=]/.test(text[i] ?? ''))
            i++;
        const token = text.slice(tokenStart, i);
        if (token === '')
            break;
        let j = i;
        while (j < text.length && text[j] === ' ')
            j++;
        if (text[j] === '=' && current) {
            // A parameter of the current challenge (token68 forms end with "=" and are not used by registries).
            i = j + 1;
            while (i < text.length && text[i] === ' ')
                i++;
            let value = '';
            if (text[i] === '"') {
                i++;
                while (i < text.length && text[i] !== '"') {
                    if (text[i] === '\\' && i + 1 < text.length)
                        i++;
                    value += text[i];
                    i++;
                }
                i++;
            }
            else {
                const start = i;
                while (i < text.length && text[i] !== ',')
                    i++;
                value = text.slice(start, i).trim();
            }
            current.params[token.toLowerCase()] = value;
        }
        else {
            current = { scheme: token.toLowerCase(), params: {} };
            challenges.push(current);
        }
    }
    return challenges;
}
/** The challenge we act on: Bearer before Basic. */
function pickChallenge(challenges) {
    return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}

// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/location.ts
var registry_location = __webpack_require__(5384);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/domain/duration.ts
var duration = __webpack_require__(4678);
;// CONCATENATED MODULE: ./src/registry/retry.ts
/**
 * Retries, in one place. Network errors and 408/429/500/502/503/504 are retried with exponential backoff
 * and jitter, honouring `Retry-After` (delta-seconds or HTTP-date), bounded by the number of attempts and
 * the total time. Every other failure (401 is handled by auth, other 4xx) is thrown at once.
 *
 * Backoff for retry n (1-based): d = min(maxDelay, base · 2^(n-1)); wait = d/2 + random() · d/2
 * ("equal jitter": never less than half the nominal delay, never more than maxDelay).
 * A `Retry-After` is used as given (no jitter); if waiting that long would exceed the total-time budget we
 * give up at once rather than sleep in vain.
 */




const DEFAULT_RETRY = {
    attempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    maxTotalMs: 120_000,
};
function resolveRetryPolicy(policy = {}) {
    return {
        attempts: Math.max(1, policy.attempts ?? DEFAULT_RETRY.attempts),
        baseDelayMs: policy.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
        maxDelayMs: policy.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
        maxTotalMs: policy.maxTotalMs ?? DEFAULT_RETRY.maxTotalMs,
        sleep: policy.sleep ?? ((ms, signal) => (0,promises_.setTimeout)(ms, undefined, { signal })),
        now: policy.now ?? Date.now,
        random: policy.random ?? Math.random,
    };
}
/** The jittered delay before retry `n` (1 = first retry). */
function backoffDelay(policy, n) {
    const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
    return Math.round(nominal / 2 + policy.random() * (nominal / 2));
}
/**
 * `Retry-After` as milliseconds from now: delta-seconds or an HTTP-date; undefined when absent/invalid
 * (docs/registry-quirks.md#q29-rate-limits).
 */
function parseRetryAfter(value, now) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
function isRetryable(err) {
    return (0,registry_errors/* isRegistryError */.IP)(err) && err.retryable;
}
/**
 * Runs `fn` until it succeeds, fails with a non-retryable error, or the attempts/time run out. The final
 * error says how many attempts were made. `fn` gets the attempt number (1-based).
 */
async function withRetry(policy, fn) {
    const start = policy.now();
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (!isRetryable(err))
                throw err;
            const error = err;
            if (attempt >= policy.attempts)
                throw exhausted(error, attempt, `after ${attempt} attempts`);
            const delay = error.retryAfterMs ?? backoffDelay(policy, attempt);
            const elapsed = policy.now() - start;
            if (elapsed + delay > policy.maxTotalMs) {
                const why = error.retryAfterMs !== undefined
                    ? `after ${attempt} attempts (the registry asked to retry in ${(0,duration/* formatSeconds */.Xo)(delay)}, beyond the ${(0,duration/* formatSeconds */.Xo)(policy.maxTotalMs)} limit)`
                    : `after ${attempt} attempts in ${(0,duration/* formatSeconds */.Xo)(elapsed)}`;
                throw exhausted(error, attempt, why);
            }
            if (policy.signal?.aborted)
                throw stopped(policy.signal, error);
            policy.onRetry?.({ attempt, attempts: policy.attempts, delayMs: delay, reason: error.message });
            try {
                await policy.sleep(delay, policy.signal);
            }
            catch (cause) {
                if (policy.signal?.aborted)
                    throw stopped(policy.signal, error);
                throw cause;
            }
            if (policy.signal?.aborted)
                throw stopped(policy.signal, error);
        }
    }
}
/** The run's own error when it was stopped (a fatal error, the hard deadline), else the last failure. */
function stopped(signal, last) {
    return signal.reason instanceof errors/* PublishError */.S1 ? signal.reason : last;
}
function exhausted(last, attempts, why) {
    if (attempts <= 1 && !why.includes('asked'))
        return last;
    const reason = last.reason ? ` (last: ${last.reason})` : '';
    return new registry_errors/* RegistryError */.gl({
        code: last.code,
        message: `${last.summary} ${why}${reason}`,
        summary: `${last.summary} ${why}`,
        reason: last.reason,
        hint: last.hint,
        status: last.status,
        method: last.method,
        url: last.url,
        diagnostics: last.diagnostics,
        retryable: false,
        cause: last,
    });
}

// EXTERNAL MODULE: ./src/bounded-read.ts
var bounded_read = __webpack_require__(4472);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/registry/tls-errors.ts
/**
 * Which TLS failure a handshake error is, so each gets its own reason and hint: no CA configured for a
 * certificate from an unknown CA, a configured CA that did not sign the server's certificate, a host name
 * the certificate is not for, a registry that requires a client certificate or refused the one sent, an
 * expired certificate. Node's own advice (`--use-system-ca`) is dropped: it is about flags of Node, not of
 * this tool.
 */



const UNKNOWN_CA = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_SIGNATURE_FAILURE)$/;
/** Set by `probeHandshake` when a registry closed the connection right after taking our client certificate. */
const CLIENT_CERT_CLOSED = 'ERR_TLS_CLIENT_CERT_CLOSED';
// Alerts a server sends about the client's certificate (OpenSSL's names for them).
const CLIENT_CERT_ALERT = /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|CERTIFICATE_EXPIRED|ACCESS_DENIED|DECRYPT_ERROR)$/;
/** Whether the chain could not be verified against the trusted roots (a probe can name subject and issuer). */
function isUnknownCa(code) {
    return UNKNOWN_CA.test(code);
}
function classifyTlsFailure(code, trust, text) {
    if (isUnknownCa(code))
        return trust.ca.length > 0 ? 'wrong-ca' : 'no-ca';
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH')
        return 'name-mismatch';
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
        return 'expired';
    if (code === CLIENT_CERT_CLOSED ||
        CLIENT_CERT_ALERT.test(code) ||
        /alert (certificate required|bad certificate)/i.test(text))
        return trust.cert === undefined ? 'client-cert-required' : 'client-cert-refused';
    return 'other';
}
/** The reason (after `TLS with HOST failed: `) and the hint for one failure. */
function describeTlsFailure(kind, context, detail, err) {
    const { host, hostname, trust, peer } = context;
    const certificate = peer ? ` (subject "${peer.subject}", issuer "${peer.issuer}")` : '';
    const hostDir = certsDirsFor(trust, host);
    const selfSigned = peer !== undefined && peer.subject === peer.issuer;
    switch (kind) {
        case 'no-ca':
            return {
                reason: `the server certificate${certificate} is ${selfSigned ? 'self-signed' : 'signed by a CA this runner does not trust'}, and no CA is configured for ${host}`,
                hint: (0,errors/* remedyHint */.o7) `Point ${errors/* CA_FILE */.S4} at the registry's CA certificate (PEM), or put it as ca.crt in ${hostDir} (or ${errors/* CERT_DIR */.xF}); ${errors/* INSECURE */.RD} skips verification (test registries only).`,
            };
        case 'wrong-ca':
            return {
                reason: `the server certificate${certificate} is not signed by the configured CA (${trust.caSources.join(', ')})`,
                hint: peer
                    ? `Configure the CA that issued the server certificate ("${peer.issuer}") instead.`
                    : 'Configure the CA that issued the server certificate instead.',
            };
        case 'name-mismatch': {
            const names = altNames(err);
            return {
                reason: `the server certificate is not for ${hostname}${names ? ` (it is for ${names})` : ''}`,
                hint: `Use a registry name the certificate lists, or have the certificate re-issued with ${hostname} among its subject alternative names.`,
            };
        }
        case 'client-cert-required':
            return {
                reason: `${host} requires a client certificate and none is configured`,
                hint: (0,errors/* remedyHint */.o7) `Set ${errors/* CLIENT_CERT */.b3} and ${errors/* CLIENT_KEY */.u3} (PEM), or put client.cert and client.key in ${hostDir} (or ${errors/* CERT_DIR */.xF}).`,
            };
        case 'client-cert-refused':
            return {
                reason: `${host} refused the client certificate "${trust.certSource ?? ''}" (${detail})`,
                hint: 'Use a client certificate issued by a CA the registry accepts for clients, and check that it has not expired.',
            };
        case 'expired':
            return {
                reason: `the server certificate${certificate} ${/NOT_YET/.test(detail) ? 'is not valid yet' : 'has expired'} (${detail})`,
                hint: 'Renew the registry certificate, or check the runner clock.',
            };
        case 'other':
            return {
                reason: detail,
                hint: (0,errors/* remedyHint */.o7) `Check the registry certificate (expiry, host name) or point ${errors/* CA_FILE */.S4} at its CA; ${errors/* INSECURE */.RD} skips verification.`,
            };
    }
}
/**
 * Where trust material for the host would be read: the certs.d directory in use, else every one looked for
 * (trust.ts, containers-certs.d(5)'s order), so the hint names a directory that is actually read.
 */
function certsDirsFor(trust, host) {
    if (trust.certDir !== undefined)
        return `${trust.certDir}/`;
    const dirs = trust.hostDirs.map((d) => `${d}/`);
    if (dirs.length === 0)
        return `/etc/docker/certs.d/${host}/`;
    return dirs.length === 1 ? dirs[0] : `one of ${dirs.join(', ')}`;
}
/** Node appends advice about its own flags to some verification errors; it does not apply here. */
function dropNodeAdvice(text) {
    return text.replace(/[;,]?\s*if the root CA is installed locally.*$/i, '').trim();
}
/**
 * Why a connection closed without an answer: in TLS 1.3 a server checks the client certificate after the
 * client has finished its handshake, so the request is already written when the alert (`certificate
 * required`) arrives, and the HTTP client reports only "other side closed". One separate connection with the
 * same TLS options, sending a bare request, reads the alert. Bounded by `timeoutMs`.
 */
function probeHandshake(hostname, port, options, timeoutMs = 5_000) {
    return new Promise((resolve) => {
        const host = hostname.replace(/^\[|\]$/g, '');
        const socket = external_node_tls_.connect({ ...options, host, port, ...((0,external_node_net_.isIP)(host) === 0 ? { servername: host } : {}) });
        let secure = false;
        let answered = false;
        const done = (probe) => {
            clearTimeout(timer);
            socket.destroy();
            resolve(probe);
        };
        const timer = setTimeout(() => done({ closedSilently: false }), timeoutMs);
        socket.once('secureConnect', () => {
            secure = true;
            socket.write(`GET /v2/ HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
        });
        socket.on('data', () => {
            answered = true;
            done({ closedSilently: false });
        });
        socket.once('error', (err) => {
            const code = err.code ?? '';
            if (/ALERT/.test(code))
                done({ alert: { code, message: dropNodeAdvice(err.message) }, closedSilently: false });
            else
                done({ closedSilently: false });
        });
        socket.once('close', () => done({ closedSilently: secure && !answered }));
    });
}
/**
 * The server certificate's subject and issuer, read over a separate unverified connection after a failed
 * handshake (Node does not expose the rejected certificate). Bounded by `timeoutMs`; undefined on failure.
 */
function probePeer(hostname, port, timeoutMs = 5_000) {
    return new Promise((resolve) => {
        const host = hostname.replace(/^\[|\]$/g, '');
        const socket = external_node_tls_.connect({
            host,
            port,
            ...((0,external_node_net_.isIP)(host) === 0 ? { servername: host } : {}),
            rejectUnauthorized: false,
        });
        const done = (peer) => {
            clearTimeout(timer);
            socket.destroy();
            resolve(peer);
        };
        const timer = setTimeout(() => done(undefined), timeoutMs);
        socket.once('secureConnect', () => {
            const cert = socket.getPeerCertificate();
            if (!cert || Object.keys(cert).length === 0)
                return done(undefined);
            done({ subject: distinguishedName(cert.subject), issuer: distinguishedName(cert.issuer) });
        });
        socket.once('error', () => done(undefined));
    });
}
function distinguishedName(name) {
    if (!name)
        return '';
    return Object.entries(name)
        .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
        .join(', ');
}
function altNames(err) {
    let current = err;
    for (let depth = 0; depth < 5 && current; depth++) {
        const cert = current.cert;
        if (typeof cert?.subjectaltname === 'string' && cert.subjectaltname)
            return cert.subjectaltname;
        current = current.cause;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/registry/network-errors.ts
/**
 * Network failures (no HTTP answer) classified into coded errors: TLS problems are TLS_FAILED, each kind
 * with its own reason and hint (tls-errors.ts), everything else REGISTRY_UNREACHABLE (retryable unless it cannot get better: an unknown
 * host, an invalid URL), and a body cut off mid-way is a retryable REGISTRY_UNREACHABLE.
 */



const NO_TRUST = { ca: [], caSources: [], hostDirs: [] };
/**
 * The coded error for a request that got no answer; `registry` is named in the host-not-found hint, `trust`
 * and `peer` (the server certificate, when a probe read it) tell the TLS failures apart.
 */
function networkError(err, req, registry, trust = NO_TRUST, peer) {
    if (err instanceof registry_errors/* RegistryError */.gl)
        return err;
    const stopped = stoppedError(err, req.method);
    if (stopped)
        return stopped;
    const code = errorCode(err);
    const detail = `${describeNetworkError(err)}${code ? ` (${code})` : ''}`;
    if (isTlsError(code, err)) {
        const kind = classifyTlsFailure(code, trust, messages(err));
        const { reason, hint } = describeTlsFailure(kind, { trust, host: req.url.host, hostname: req.url.hostname, peer }, detail, err);
        return new registry_errors/* RegistryError */.gl({
            code: 'TLS_FAILED',
            message: `${req.operation} on ${req.where} failed: TLS with ${req.url.host} failed: ${reason}`,
            summary: `${req.operation} on ${req.where} failed`,
            reason,
            hint,
            method: req.method,
            url: (0,registry_errors/* redactUrl */.BO)(req.url),
            cause: err,
        });
    }
    const retryable = ![
        'ENOTFOUND',
        'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
        'ERR_INVALID_URL',
        'UND_ERR_INVALID_ARG',
    ].includes(code);
    return new registry_errors/* RegistryError */.gl({
        code: 'REGISTRY_UNREACHABLE',
        message: `${req.operation} on ${req.where} failed (${detail})`,
        summary: `${req.operation} on ${req.where} failed`,
        reason: detail,
        hint: code === 'ENOTFOUND'
            ? `Check the registry host name ${registry}.`
            : 'Check the network, the registry address and HTTPS_PROXY/NO_PROXY; re-run if the registry was briefly down.',
        method: req.method,
        url: (0,registry_errors/* redactUrl */.BO)(req.url),
        retryable,
        cause: err,
    });
}
/** A body that ended early (reset, closed before Content-Length, stalled): retryable, never INTERNAL. */
function cutOffError(what, size, method, cause) {
    const stopped = stoppedError(cause, method);
    if (stopped)
        return stopped;
    const deadline = findDeadline(cause);
    const reason = deadline
        ? `the response ${deadline.message}: ${size} bytes arrived`
        : `the response was cut off after ${size} bytes`;
    return new registry_errors/* RegistryError */.gl({
        code: 'REGISTRY_UNREACHABLE',
        message: `${what} failed (${reason})`,
        summary: `${what} failed`,
        reason,
        hint: 'Check the network and HTTPS_PROXY/NO_PROXY; re-run if the registry was briefly down.',
        method,
        retryable: true,
        cause,
    });
}
/** The run's own coded error (its hard deadline aborted the exchange): passed on as it is, never retried. */
function stoppedError(err, method) {
    if (!(err instanceof errors/* PublishError */.S1))
        return undefined;
    return new registry_errors/* RegistryError */.gl({ code: err.code, message: err.text, hint: err.hint, method, cause: err });
}
function findDeadline(err) {
    let current = err;
    for (let depth = 0; depth < 5 && current; depth++) {
        if (current.code === 'REQUEST_DEADLINE')
            return current;
        current = current.cause;
    }
    return undefined;
}
function errorCode(err) {
    let current = err;
    for (let depth = 0; depth < 5 && current; depth++) {
        const code = current.code;
        if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR')
            return code;
        current = current.cause;
    }
    const code = err?.code;
    return typeof code === 'string' ? code : '';
}
function messages(err) {
    const out = [];
    let current = err;
    for (let depth = 0; depth < 5 && current; depth++) {
        const message = current.message;
        if (typeof message === 'string')
            out.push(message);
        current = current.cause;
    }
    return out.join(' | ');
}
function describeNetworkError(err) {
    const code = errorCode(err);
    switch (code) {
        case 'ECONNREFUSED':
            return 'connection refused';
        case 'ECONNRESET':
            return 'connection reset';
        case 'EPIPE':
            return 'connection closed while sending';
        case 'ENOTFOUND':
            return 'host not found';
        case 'EAI_AGAIN':
            return 'DNS lookup failed temporarily';
        case 'ETIMEDOUT':
        case 'UND_ERR_CONNECT_TIMEOUT':
            return 'connection timed out';
        case 'UND_ERR_HEADERS_TIMEOUT':
            return 'no response in time';
        case 'UND_ERR_BODY_TIMEOUT':
            return 'the response stalled';
        case 'REQUEST_DEADLINE':
            return err.message ?? 'did not finish in time';
        default: {
            const text = err?.message;
            return typeof text === 'string' && text
                ? dropNodeAdvice(text.replace(/\s+/g, ' ')).slice(0, 160)
                : 'network error';
        }
    }
}
function isTlsError(code, err) {
    if (/^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/.test(code))
        return true;
    return code === 'EPROTO' || /certificate|ssl routines|tls/i.test(messages(err));
}
/** The TLS handshake met a plain-HTTP server (or a connection reset right away during it). */
function speaksPlainHttp(err) {
    const code = errorCode(err);
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
        code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
        code === 'ERR_SSL_HTTP_REQUEST')
        return true;
    const text = messages(err);
    if (/wrong version number|packet length too long|http request/i.test(text))
        return true;
    return code === 'ECONNRESET' && /TLS|secure|socket disconnected/i.test(text);
}

;// CONCATENATED MODULE: ./src/registry/response-body.ts
/**
 * Reading registry response bodies: drained, as bounded text (error bodies, token answers), whole with a
 * limit and a retryable error when cut off (tag pages, token answers inside a retry), or as bounded bytes.
 */




function firstHeader(value) {
    return Array.isArray(value) ? value[0] : value;
}
/** Drains and discards a response body (keeps the connection reusable). */
async function discard(res) {
    try {
        await res.body.dump({ limit: 256 * 1024 });
    }
    catch {
        // ignore
    }
}
/** Reads a body as text, at most `limit` bytes (error bodies, token responses). */
async function readText(res, limit = 64 * 1024) {
    const chunks = [];
    try {
        return (await (0,bounded_read/* readBounded */.C)(res.body, limit, chunks)).bytes.toString('utf8');
    }
    catch {
        // a broken error body is still an error
        return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
    }
}
/**
 * Reads a whole body as text (at most `limit` bytes; the rest is dropped, as readText does). Unlike readText,
 * a body that ends early (connection reset, closed before Content-Length, stalled past the timeout) throws a
 * retryable REGISTRY_UNREACHABLE naming `what`, so a caller reading inside its retry loop fetches it again
 * instead of parsing half a document.
 */
async function readBody(res, what, limit = 64 * 1024) {
    const chunks = [];
    try {
        return (await (0,bounded_read/* readBounded */.C)(res.body, limit, chunks)).bytes.toString('utf8');
    }
    catch (cause) {
        throw cutOffError(what, (0,bounded_read/* byteLength */.d)(chunks), '', cause);
    }
}
/** A whole manifest-sized body as bytes: MANIFEST_TOO_LARGE past `limit`, cut off → retryable. */
async function readLimited(res, limit, what) {
    const declared = Number(firstHeader(res.headers['content-length']));
    const tooLarge = () => new registry_errors/* RegistryError */.gl({
        code: 'MANIFEST_TOO_LARGE',
        message: `${what} returned more than ${(0,content_limits/* formatMiB */.av)(limit)}`,
        hint: 'Registries accept manifests up to 4 MiB; this is not a manifest this tool can handle.',
    });
    if (Number.isFinite(declared) && declared > limit) {
        res.body.destroy();
        throw tooLarge();
    }
    const chunks = [];
    let body;
    try {
        body = await (0,bounded_read/* readBounded */.C)(res.body, limit, chunks);
    }
    catch (cause) {
        // The connection broke (reset, closed before Content-Length, stalled): retryable, not INTERNAL.
        throw cutOffError(what, (0,bounded_read/* byteLength */.d)(chunks), 'GET', cause);
    }
    if (body.overflowed)
        throw tooLarge();
    return new Uint8Array(body.bytes);
}

;// CONCATENATED MODULE: ./src/registry/auth.ts
/**
 * Authentication for one registry host, reactive: the first request goes out as it is; a 401 carries the
 * challenge, which is cached for the host (docs/registry-quirks.md#q27-gcr-missing-challenge: gcr.io may
 * later answer 401 without `WWW-Authenticate`), the credential is exchanged, and the request is retried once.
 *
 * - Basic challenge: `Authorization: Basic` on every request from then on.
 * - Bearer challenge: a token from the realm for the whole declared scope set, push scopes first
 *   (docs/registry-quirks.md#q10-token-scopes), cached per scope set and renewed before `expires_in` runs out
 *   (min 60 s) and again on a 401 mid-run (docs/registry-quirks.md#q23-token-expiry).
 *   - GET `realm?service=…&scope=…&scope=…` with Basic credentials if any (the default,
 *     docs/registry-quirks.md#q24-oauth-post-broken).
 *   - OAuth2 POST (`grant_type=refresh_token`, `client_id=registry-publish`, space-separated `scope`) for
 *     identity tokens (Docker config `identitytoken`, ACR's zero-GUID user —
 *     docs/registry-quirks.md#q25-acr-identity-token) and for refresh tokens the server handed out, falling
 *     back to GET on 400/401/404/405 (docs/registry-quirks.md#q24-oauth-post-broken).
 *   - `grant_type=password` POST only when the token endpoint refuses GET with 405.
 *   - `token` or `access_token` are accepted.
 * - A pre-issued registry token (`registrytoken`) is sent as `Bearer` on every request.
 * GHCR rejects Basic on API calls (docs/registry-quirks.md#q26-ghcr-no-basic); it challenges Bearer, so the
 * exchange above handles it.
 */






const CLIENT_ID = 'registry-publish';
/** Token lifetime when the server says nothing, and the floor (distribution token spec). */
const MIN_TOKEN_LIFETIME_S = 60;
class Authenticator {
    options;
    challenge;
    /** Declared repositories and actions, in declaration order. */
    declared = new Map();
    tokens = new Map();
    inflight = new Map();
    refreshToken;
    constructor(options) {
        this.options = options;
    }
    declare(repository, actions) {
        const set = this.declared.get(repository) ?? new Set();
        for (const action of actions)
            set.add(action);
        if (set.has('push'))
            set.add('pull');
        this.declared.set(repository, set);
    }
    /**
     * The scope strings for a request: every declared scope, merged with what the request needs; push scopes
     * first (docs/registry-quirks.md#q10-token-scopes: "a few registries just look at the first scope"), then
     * pull-only scopes.
     */
    scopesFor(needs) {
        for (const need of needs)
            this.declare(need.repository, need.actions);
        const entries = [...this.declared.entries()];
        const push = entries.filter(([, a]) => a.has('push'));
        const pull = entries.filter(([, a]) => !a.has('push'));
        return [...push, ...pull].map(([repo, actions]) => `repository:${repo}:${[...actions].sort().join(',')}`);
    }
    /** The Authorization value for a request on the registry host, or undefined (anonymous). */
    async authorization(needs, extraScopes = []) {
        const { credentials } = this.options;
        if (credentials.kind === 'registry-token')
            return `Bearer ${credentials.token}`;
        const challenge = this.challenge;
        if (!challenge)
            return undefined; // reactive: no ping before the first real request
        // docs/registry-quirks.md#q26-ghcr-no-basic: Basic goes out only after a Basic challenge; GHCR challenges
        // Bearer and rejects Basic on API calls.
        if (challenge.scheme === 'basic')
            return this.basicHeader();
        if (challenge.scheme !== 'bearer')
            return undefined;
        const scopes = mergeScopes(this.scopesFor(needs), extraScopes);
        const token = await this.token(challenge, scopes, false);
        return `Bearer ${token.token}`;
    }
    /**
     * Handles a 401: learns the challenge (or reuses the cached one), fetches a fresh token. Returns the extra
     * scopes the challenge asked for, or undefined when retrying cannot help (no credentials for Basic, a
     * pre-issued token, an unknown scheme).
     */
    async onUnauthorized(res, needs, sentAuthorization = true) {
        const { credentials } = this.options;
        if (credentials.kind === 'registry-token')
            return undefined;
        // docs/registry-quirks.md#q27-gcr-missing-challenge: a 401 without WWW-Authenticate (gcr.io) reuses the
        // challenge cached for this host.
        const offered = pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
        const challenge = offered ?? this.challenge;
        if (!challenge)
            return undefined;
        this.challenge = challenge;
        this.options.events?.onDebug?.({
            kind: 'challenge',
            registry: this.options.transport.registry,
            scheme: offered ? challenge.scheme : `${challenge.scheme} (none sent; the one cached)`,
            params: challenge.params,
        });
        if (challenge.scheme === 'basic')
            return this.basicHeader() !== undefined ? [] : undefined;
        if (challenge.scheme !== 'bearer')
            return undefined;
        // A scope named by the challenge (insufficient_scope) is added to the request's set.
        const extra = (challenge.params.scope ?? '').split(' ').filter((s) => s !== '');
        const scopes = mergeScopes(this.scopesFor(needs), extra);
        // A request sent before any challenge was known (a read alongside the first) takes the token the
        // first one fetched meanwhile; a token the registry refused is fetched afresh.
        await this.token(challenge, scopes, sentAuthorization);
        return extra;
    }
    /** Whether a Bearer challenge said the token lacks scope (as opposed to invalid credentials). */
    static insufficientScope(res) {
        const challenge = pickChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
        return challenge?.params.error === 'insufficient_scope';
    }
    get anonymous() {
        return this.options.credentials.kind === 'anonymous';
    }
    basicHeader() {
        const c = this.options.credentials;
        if (c.kind === 'basic')
            return basic(c.username, c.password, this.options.secret);
        if (c.kind === 'identity-token')
            return basic(c.username, c.token, this.options.secret);
        return undefined;
    }
    async token(challenge, scopes, force) {
        const key = `${challenge.params.realm ?? ''} ${challenge.params.service ?? ''} ${scopes.join(' ')}`;
        const now = this.options.now();
        const cached = this.tokens.get(key);
        if (!force && cached && now < cached.renewAt)
            return cached;
        const pending = this.inflight.get(key);
        if (pending)
            return pending;
        const promise = this.fetchToken(challenge, scopes).finally(() => this.inflight.delete(key));
        this.inflight.set(key, promise);
        const token = await promise;
        this.tokens.set(key, token);
        return token;
    }
    async fetchToken(challenge, scopes) {
        const { transport, credentials } = this.options;
        const realmText = challenge.params.realm;
        const where = transport.registry;
        let realm;
        try {
            realm = new URL(realmText ?? '');
        }
        catch {
            throw new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FAILED',
                message: `Authentication with ${where} failed: the Bearer challenge has no valid realm`,
                hint: 'The registry sent a malformed WWW-Authenticate header; report it to the registry operator.',
            });
        }
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
            throw new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FAILED',
                message: `Authentication with ${where} failed: the token realm uses ${realm.protocol}, not http(s)`,
            });
        }
        // The realm passes the redirect guard: a public registry cannot aim the runner at an internal address.
        if (!transport.isRegistryUrl(realm) &&
            (0,registry_location/* isPrivateHost */.Sf)(realm.host) &&
            !(0,registry_location/* isPrivateHost */.Sf)(where) &&
            !transport.insecure) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FAILED',
                message: `Authentication with ${where} refused: the token realm is the private address ${realm.host}`,
                hint: 'A public registry must not name an internal token service; report it to the registry operator.',
            });
        }
        const hasSecret = credentials.kind !== 'anonymous';
        // Credentials cross plain HTTP only to the registry's own machine, and only when the registry itself is
        // spoken to over plain HTTP: an https registry never downgrades them.
        if (realm.protocol === 'http:' && hasSecret && !plainRealmAllowed(realm, transport)) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'INSECURE_REFUSED',
                message: `Authentication with ${where} refused: the token realm ${realm.host} is plain HTTP and would receive the credentials`,
                hint: 'Configure the registry token service on https.',
            });
        }
        const service = challenge.params.service;
        const refresh = credentials.kind === 'identity-token' ? credentials.token : this.refreshToken;
        if (refresh !== undefined) {
            const viaPost = await this.postToken(realm, service, scopes, {
                grant_type: 'refresh_token',
                refresh_token: refresh,
            });
            if (viaPost)
                return viaPost;
        }
        const got = await this.getToken(realm, service, scopes);
        if (got !== 'method-not-allowed')
            return got;
        if (credentials.kind === 'basic') {
            const viaPassword = await this.postToken(realm, service, scopes, {
                grant_type: 'password',
                username: credentials.username,
                password: credentials.password,
            });
            if (viaPassword)
                return viaPassword;
        }
        throw new registry_errors/* RegistryError */.gl({
            code: 'AUTH_FAILED',
            message: `GET token on ${realm.host} for ${where} failed (405 Method Not Allowed)`,
            hint: 'The token service accepts neither GET nor the OAuth2 POST; report it to the registry operator.',
        });
    }
    /**
     * OAuth2 POST; undefined means "fall back to GET" (400/401/404/405,
     * docs/registry-quirks.md#q24-oauth-post-broken).
     */
    async postToken(realm, service, scopes, grant) {
        const form = new URLSearchParams({ ...grant, client_id: CLIENT_ID });
        if (service !== undefined)
            form.set('service', service);
        // docs/registry-quirks.md#q10-token-scopes: POST takes one space-separated scope field.
        if (scopes.length > 0)
            form.set('scope', scopes.join(' '));
        if (grant.grant_type === 'password')
            form.set('access_type', 'offline');
        const body = form.toString();
        this.debugTokenRequest('POST', realm, service, scopes, `grant_type=${grant.grant_type ?? ''}`);
        const { res, text } = await this.tokenRequest('POST', realm, {
            headers: {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': String(Buffer.byteLength(body)),
            },
            body,
        });
        if ([400, 401, 404, 405].includes(res.status))
            return undefined;
        return this.readToken(res, text, 'POST', realm, scopes);
    }
    async getToken(realm, service, scopes) {
        const { credentials } = this.options;
        const url = new URL(realm.href);
        if (service !== undefined)
            url.searchParams.set('service', service);
        // docs/registry-quirks.md#q10-token-scopes: GET takes repeated scope parameters.
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const headers = {};
        if (credentials.kind === 'basic') {
            url.searchParams.set('account', credentials.username);
            headers.authorization = basic(credentials.username, credentials.password, this.options.secret);
        }
        else if (credentials.kind === 'identity-token') {
            headers.authorization = basic(credentials.username, credentials.token, this.options.secret);
        }
        this.debugTokenRequest('GET', realm, service, scopes, credentials.kind === 'basic'
            ? `with basic credentials of ${credentials.username}`
            : credentials.kind === 'identity-token'
                ? 'with the identity token as basic credentials'
                : 'anonymous');
        const { res, text } = await this.tokenRequest('GET', url, { headers });
        if (res.status === 405)
            return 'method-not-allowed';
        return this.readToken(res, text, 'GET', realm, scopes);
    }
    debugTokenRequest(method, realm, service, scopes, identity) {
        this.options.events?.onDebug?.({
            kind: 'token-request',
            method,
            realm: (0,registry_errors/* redactUrl */.BO)(realm),
            service,
            scopes,
            identity,
        });
    }
    async tokenRequest(method, url, init) {
        const { transport } = this.options;
        const { authorization, ...headers } = init.headers;
        const operation = `${method} token`;
        return withRetry(this.options.retry, async () => {
            // The token endpoint is usually another host; send the credentials explicitly to the realm only.
            const res = await transport.send({
                method,
                url,
                headers,
                authorization,
                authorizationHost: url.host,
                body: init.body !== undefined ? async () => init.body ?? '' : undefined,
                operation,
                where: url.host,
                followRedirects: method === 'GET',
            });
            if (res.status >= 500 || res.status === 429 || res.status === 408) {
                const text = await readText(res);
                throw (0,registry_errors/* errorFromResponse */.a5)({
                    operation,
                    where: `${url.host} for ${transport.registry}`,
                    registry: transport.registry,
                    method,
                    url,
                    status: res.status,
                    diagnostics: this.quotable(url) ? (0,registry_errors/* parseErrorBody */.kW)(text) : [],
                });
            }
            // Read inside the retry: a token answer cut off mid-body is fetched again, not parsed in halves.
            const text = await readBody(res, `${operation} on ${url.host} for ${transport.registry}`, 1024 * 1024);
            return { res, text };
        });
    }
    /** An internal address's answer (reachable only with insecure) is never quoted for a public registry. */
    quotable(url) {
        const { transport } = this.options;
        return transport.isRegistryUrl(url) || !(0,registry_location/* isPrivateHost */.Sf)(url.host) || (0,registry_location/* isPrivateHost */.Sf)(transport.registry);
    }
    async readToken(res, text, method, realm, scopes) {
        const registry = this.options.transport.registry;
        if (res.status !== 200) {
            const diagnostics = this.quotable(realm) ? (0,registry_errors/* parseErrorBody */.kW)(text) : [];
            const forbidden = res.status === 403;
            const code = forbidden ? 'AUTH_FORBIDDEN' : 'AUTH_FAILED';
            const first = diagnostics[0];
            const reason = `${res.status}${first ? `${first.code === 'UNKNOWN' ? '' : ` ${first.code}`}: ${first.message}` : ''}`;
            throw new registry_errors/* RegistryError */.gl({
                code,
                message: `${method} token on ${realm.host} for ${registry} ${forbidden ? 'denied' : 'refused the credentials'} (${reason})`,
                hint: this.anonymous
                    ? (0,errors/* remedyHint */.o7) `The registry needs credentials: use ${errors/* CREDENTIALS */.tG}, or log in with ${errors/* LOGIN */.S3} first.`
                    : (0,registry_errors/* hintFor */.JR)(code, registry, res.status),
                status: res.status,
                method,
                url: (0,registry_errors/* redactUrl */.BO)(realm),
                diagnostics,
            });
        }
        let json;
        try {
            json = JSON.parse(text);
        }
        catch {
            throw new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FAILED',
                message: `${method} token on ${realm.host} for ${registry} failed (the answer is not JSON)`,
                method,
                url: (0,registry_errors/* redactUrl */.BO)(realm),
            });
        }
        const token = typeof json.token === 'string' && json.token
            ? json.token
            : typeof json.access_token === 'string'
                ? json.access_token
                : '';
        if (!token) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FAILED',
                message: `${method} token on ${realm.host} for ${registry} failed (the answer has neither "token" nor "access_token")`,
                method,
                url: (0,registry_errors/* redactUrl */.BO)(realm),
            });
        }
        this.options.secret(token);
        if (typeof json.refresh_token === 'string' && json.refresh_token) {
            this.refreshToken = json.refresh_token;
            this.options.secret(json.refresh_token);
        }
        const lifetime = Math.max(MIN_TOKEN_LIFETIME_S, typeof json.expires_in === 'number' ? json.expires_in : 0) * 1000;
        this.options.events?.onDebug?.({
            kind: 'token-granted',
            realm: (0,registry_errors/* redactUrl */.BO)(realm),
            requested: scopes,
            granted: grantedScopes(json, token),
            expiresInS: lifetime / 1000,
        });
        const now = this.options.now();
        // docs/registry-quirks.md#q23-token-expiry: renew before expiry with a safety margin: a fifth of the
        // lifetime, at most 30 s (60 s token → renew after 48 s).
        const margin = Math.min(30_000, lifetime / 5);
        return { token, expiresAt: now + lifetime, renewAt: now + lifetime - margin };
    }
}
function plainRealmAllowed(realm, transport) {
    if (transport.base().protocol !== 'http:')
        return false;
    if ((0,registry_location/* isLoopbackHost */.cW)(realm.host) && (0,registry_location/* isLoopbackHost */.cW)(transport.registry))
        return true;
    return transport.insecure && (0,registry_location/* hostnameOf */.LZ)(realm.host) === (0,registry_location/* hostnameOf */.LZ)(transport.registry);
}
function basic(username, password, secret) {
    const encoded = Buffer.from(`${username}:${password}`).toString('base64');
    secret(encoded);
    return `Basic ${encoded}`;
}
/**
 * The scopes a token answer says it grants: the OAuth2 `scope` field, else the `access` claim of a JWT
 * (distribution's token format); undefined when neither says.
 */
function grantedScopes(json, token) {
    if (typeof json.scope === 'string')
        return json.scope.split(' ').filter((s) => s !== '');
    const payload = token.split('.')[1];
    if (token.split('.').length !== 3 || !payload)
        return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        if (!Array.isArray(claims.access))
            return undefined;
        return claims.access.map((entry) => {
            const actions = Array.isArray(entry.actions) ? entry.actions.join(',') : '';
            return `${String(entry.type)}:${String(entry.name)}:${actions || '(no actions)'}`;
        });
    }
    catch {
        return undefined;
    }
}
/**
 * The scopes of `base` with those of `extra` added, one entry per resource (`type:name`) with the union of
 * its actions, sorted, in first-seen order. A challenge's `repository:app:pull` is already inside a declared
 * `repository:app:pull,push`: merged as strings, the two made a second scope set, hence a second token
 * (cached under another key) for the very next request without the challenge's scope. `base` is in that
 * form already (scopesFor: one entry per repository, its actions sorted), so with nothing to add, the usual
 * case, it is the answer.
 */
function mergeScopes(base, extra) {
    if (extra.length === 0)
        return base;
    const resources = new Map();
    const opaque = [];
    for (const scope of [...base, ...extra]) {
        // `type:name:actions`, the name may hold `:` (a `host:port/` prefix): split at the first and last colon
        const first = scope.indexOf(':');
        const last = scope.lastIndexOf(':');
        if (first < 0 || last <= first) {
            if (!opaque.includes(scope))
                opaque.push(scope);
            continue;
        }
        const resource = scope.slice(0, last);
        const actions = resources.get(resource) ?? new Set();
        for (const action of scope.slice(last + 1).split(','))
            if (action !== '')
                actions.add(action);
        resources.set(resource, actions);
    }
    return [
        ...[...resources].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`),
        ...opaque,
    ];
}

// EXTERNAL MODULE: ./src/byte-queue.ts
var byte_queue = __webpack_require__(431);
;// CONCATENATED MODULE: ./src/registry/blob-upload.ts
/**
 * Blob uploads. Monolithic by default (docs/registry-quirks.md#q11-gar-no-chunks: GAR has no chunked uploads;
 * docs/registry-quirks.md#q15-no-single-post: never a speculative single-POST body):
 * `POST /v2/<name>/blobs/uploads/` → `PUT <location>&digest=` with the streamed body and
 * its Content-Length (docs/registry-quirks.md#q14-content-length). A chunked PATCH path serves registries
 * that need it (docs/registry-quirks.md#q33-patch-uploads), chosen by `uploadMode: 'chunked'` or switched to
 * automatically when a monolithic PUT is refused the way such registries refuse it. The whole POST→PUT unit
 * is retried from a fresh POST, re-opening the source.
 */








const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
const MIB = 1024 * 1024;
const MAX_RANGE_RECOVERIES = 10;
class BlobUploader {
    requester;
    options;
    chunked;
    /**
     * Sessions opened by a mount answered 202 (docs/registry-quirks.md#q5-mount-opens-session), reused by the
     * next upload of that digest.
     */
    sessions = new Map();
    constructor(requester, options) {
        this.requester = requester;
        this.options = options;
        // docs/registry-quirks.md#q11-gar-no-chunks: monolithic unless asked (GAR has no chunked uploads).
        this.chunked = options.uploadMode === 'chunked';
    }
    /** Keeps a session opened by a 202 mount for the next upload of `digest` to `repository`. */
    keepSession(repository, digest, res) {
        const session = this.sessionFrom(res);
        if (!session)
            return;
        const key = `${repository}@${digest}`;
        const previous = this.sessions.get(key);
        if (previous)
            this.cancel(repository, previous.url);
        this.sessions.set(key, session);
    }
    async upload(repository, blob) {
        const streams = [];
        // The verdict on the bytes of the stream opened last (blobs checked while sent: openChecked).
        let verdict = Promise.resolve();
        const open = async () => {
            if (!blob.openChecked) {
                const stream = await blob.open();
                streams.push(stream);
                return stream;
            }
            const checked = await blob.openChecked();
            streams.push(checked.stream);
            verdict = checked.verdict;
            return checked.stream;
        };
        const checked = () => verdict;
        // Monolithic unless the bytes are checked while sent: those go into the session first (PATCH) and are
        // committed after their verdict.
        const put = blob.openChecked ? this.putStreamed.bind(this) : this.putMonolithic.bind(this);
        try {
            await withRetry(this.requester.retry, async () => {
                for (const s of streams.splice(0))
                    s.destroy();
                // docs/registry-quirks.md#q5-mount-opens-session: a session a 202 mount opened is used for this
                // upload (once; a retry starts fresh).
                const key = `${repository}@${blob.digest}`;
                const reused = this.sessions.get(key);
                this.sessions.delete(key);
                // The session in use, its newest Location (a PATCH answer moves it): what a failure cancels.
                const session = { ...(reused ?? (await this.start(repository, blob.digest))) };
                try {
                    if (this.chunked)
                        return await this.putChunked(repository, blob, session, open, checked);
                    try {
                        try {
                            await put(repository, blob, session, open, checked);
                        }
                        catch (err) {
                            // A mount session that expired before we used it (BLOB_UPLOAD_UNKNOWN): start a fresh one.
                            if (!reused || !(0,registry_errors/* isRegistryError */.IP)(err) || err.status !== 404)
                                throw err;
                            for (const s of streams.splice(0))
                                s.destroy();
                            Object.assign(session, await this.start(repository, blob.digest));
                            await put(repository, blob, session, open, checked);
                        }
                    }
                    catch (err) {
                        if (!needsChunked(err))
                            throw err;
                        // docs/registry-quirks.md#q33-patch-uploads: Artifactory-style registries (or proxies in front of
                        // them) refuse a monolithic PUT body; switch to the PATCH path for this client and redo this blob
                        // from a fresh POST.
                        this.chunked = true;
                        this.requester.events?.onWarning?.(`${this.requester.registry} refused a monolithic blob upload (${err.status}); using chunked uploads`);
                        this.cancel(repository, session.url);
                        for (const s of streams.splice(0))
                            s.destroy();
                        Object.assign(session, await this.start(repository, blob.digest));
                        await this.putChunked(repository, blob, session, open, checked);
                    }
                }
                catch (err) {
                    // The registry stores a blob only on the closing `PUT …?digest=`, which a failed attempt never
                    // completed: the session holds some bytes at most and is cancelled, so nothing of it stays (a
                    // registry refuses to cancel a session whose request was cut midway, distribution with
                    // BLOB_UPLOAD_INVALID, and purges it later). Awaited when the upload gives up (the process may
                    // end next); a retry does not wait.
                    for (const s of streams.splice(0))
                        s.destroy();
                    if (isRetryable(err))
                        this.cancel(repository, session.url);
                    else
                        await this.deleteSession(repository, session.url);
                    throw err;
                }
            });
        }
        finally {
            for (const s of streams)
                s.destroy();
        }
    }
    /**
     * POST /v2/<name>/blobs/uploads/ → 202 + Location. docs/registry-quirks.md#q15-no-single-post: never a
     * speculative single-POST body.
     */
    async start(repository, digest) {
        const spec = {
            method: 'POST',
            url: this.requester.transport.url(`/v2/${repository}/blobs/uploads/`),
            headers: { 'content-length': '0' },
            operation: digest ? `POST blob upload ${(0,domain_digest/* shortDigest */.VK)(digest)}` : 'POST blob upload',
            repository,
            accept: [202, 201],
            retry: false,
        };
        const res = await this.requester.call(spec);
        await discard(res);
        const session = this.sessionFrom(res);
        if (!session) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'REGISTRY_REJECTED',
                message: `${spec.operation} on ${this.requester.where(repository)} failed (${res.status} without a Location header)`,
                status: res.status,
                method: 'POST',
            });
        }
        return session;
    }
    /** PUT <location>&digest=<d> with the whole streamed body and its Content-Length. */
    async putMonolithic(repository, blob, session, open) {
        const res = await this.requester.call({
            method: 'PUT',
            // docs/registry-quirks.md#q2-location-query-state: keep `_state` and every other parameter; `digest` is
            // appended with `&`.
            url: (0,registry_location/* withQuery */.VL)(session.url, { digest: blob.digest }),
            // docs/registry-quirks.md#q14-content-length: proxies reject chunked transfer-encoding (411); the
            // streamed body has a Content-Length.
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
            body: open,
            operation: `PUT blob ${(0,domain_digest/* shortDigest */.VK)(blob.digest)}`,
            repository,
            accept: [201, 204, 200],
            retry: false,
        });
        await discard(res);
    }
    /**
     * The one-pass upload of bytes checked while they are sent: one PATCH with the whole body and its
     * Content-Length (docs/registry-quirks.md#q14-content-length) but no Content-Range, the streamed upload
     * `docker push` sends, which registries without chunked uploads take too
     * (docs/registry-quirks.md#q11-gar-no-chunks, docs/registry-quirks.md#q13-chunk-sizes: no chunk size
     * applies); then, only once the bytes checked out, `PUT <location>&digest=` with no body commits it. A
     * failed check is thrown with the session still valid (the PATCH completed), so upload() cancels it.
     */
    async putStreamed(repository, blob, session, open, checked) {
        const res = await this.requester.call({
            method: 'PATCH',
            url: session.url,
            headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
            body: open,
            operation: `PATCH blob ${(0,domain_digest/* shortDigest */.VK)(blob.digest)}`,
            repository,
            accept: [202, 201, 204],
            retry: false,
        });
        await discard(res);
        session.url = this.nextUrl(res, session.url);
        await checked();
        blob.onCommit?.();
        await this.commitSession(repository, session.url, blob.digest);
    }
    /**
     * PATCH chunks with `Content-Range: start-end` (inclusive, no `bytes ` prefix) and Content-Length, always
     * following the newest Location, then `PUT <location>&digest=` with no body. A 416 is recovered by
     * `GET <location>` (204 + `Range: 0-<end>`) and resuming from end+1 (re-opening the source if needed).
     */
    async putChunked(repository, blob, session, open, checked) {
        const where = this.requester.where(repository);
        const chunkSize = this.chunkSize(session.minChunk);
        let offset = 0;
        let reader = new ChunkReader(await open(), chunkSize, 0);
        let pending;
        let recoveries = 0;
        while (offset < blob.size) {
            const chunk = pending ?? (await reader.next());
            if (!chunk || chunk.length === 0) {
                throw new registry_errors/* RegistryError */.gl({
                    code: 'DIGEST_MISMATCH',
                    message: `Blob ${blob.digest} ended after ${offset} of ${blob.size} bytes while uploading to ${where}`,
                    hint: 'The source changed while it was being read; rebuild it.',
                });
            }
            const res = await this.patch(repository, session.url, offset, chunk, `blob ${(0,domain_digest/* shortDigest */.VK)(blob.digest)}`, [416]);
            if (res.status === 416) {
                if (++recoveries > MAX_RANGE_RECOVERIES) {
                    throw new registry_errors/* RegistryError */.gl({
                        code: 'REGISTRY_REJECTED',
                        message: `PATCH blob ${(0,domain_digest/* shortDigest */.VK)(blob.digest)} on ${where} rejected (416 Range Not Satisfiable ${recoveries} times)`,
                        hint: 'The registry keeps refusing the chunk ranges; try uploadMode monolithic.',
                        status: 416,
                        method: 'PATCH',
                    });
                }
                const status = await this.status(repository, blob.digest, session.url);
                session.url = status.url;
                const resume = status.next;
                if (resume === offset + chunk.length) {
                    offset = resume;
                    pending = undefined;
                }
                else if (resume >= offset && resume < offset + chunk.length) {
                    pending = chunk.subarray(resume - offset);
                    offset = resume;
                }
                else if (resume < offset) {
                    reader.destroy();
                    reader = new ChunkReader(await open(), chunkSize, resume);
                    offset = resume;
                    pending = undefined;
                }
                else {
                    throw new registry_errors/* RegistryError */.gl({
                        code: 'REGISTRY_REJECTED',
                        message: `PATCH blob ${(0,domain_digest/* shortDigest */.VK)(blob.digest)} on ${where} failed (the registry claims ${resume} bytes, more than the ${offset + chunk.length} sent)`,
                        status: 416,
                        method: 'PATCH',
                    });
                }
                continue;
            }
            // docs/registry-quirks.md#q12-ecr-chunk-status: ECR's Range can stick at the first chunk; on success we
            // trust our own offset.
            offset += chunk.length;
            pending = undefined;
            session.url = this.nextUrl(res, session.url);
        }
        reader.destroy();
        await checked();
        blob.onCommit?.();
        await this.commitSession(repository, session.url, blob.digest);
    }
    /**
     * PATCH one chunk at `offset`: `Content-Range: start-end` (inclusive, no `bytes ` prefix) and always a
     * Content-Length (docs/registry-quirks.md#q14-content-length).
     * docs/registry-quirks.md#q12-ecr-chunk-status: ECR answers a chunk with 201, not 202. `alsoAccept`:
     * statuses the caller handles itself (416).
     */
    async patch(repository, url, offset, chunk, what, alsoAccept = []) {
        const length = chunkLength(chunk);
        const end = offset + length - 1;
        const res = await this.requester.call({
            method: 'PATCH',
            url,
            headers: {
                'content-type': 'application/octet-stream',
                'content-range': `${offset}-${end}`,
                'content-length': String(length),
            },
            // Pieces go out one after another, never joined: a PATCH of queued pieces costs no copy of its bytes.
            body: async () => (chunk instanceof Uint8Array ? chunk : external_node_stream_.Readable.from(chunk)),
            operation: `PATCH ${what} bytes ${offset}-${end}`,
            repository,
            accept: [202, 201, 204, ...alsoAccept],
            retry: false,
        });
        await discard(res);
        return res;
    }
    /** PUT `<location>&digest=` with no body: the registry checks what it received and stores the blob. */
    async commitSession(repository, url, digest) {
        const res = await this.requester.call({
            method: 'PUT',
            url: (0,registry_location/* withQuery */.VL)(url, { digest }),
            headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
            operation: `PUT blob ${(0,domain_digest/* shortDigest */.VK)(digest)}`,
            repository,
            accept: [201, 204, 200],
            retry: false,
        });
        await discard(res);
    }
    /**
     * An upload whose digest is learned while sending (a source that compresses as it reads): POST now, then
     * `send` streams the whole blob in one PATCH as it is produced, with no Content-Range and no
     * Content-Length (`Transfer-Encoding: chunked`: its size is not known until its last byte), as `docker
     * push` sends a layer, so every registry `docker push` works with takes it
     * (docs/registry-quirks.md#q14-content-length); `commit` PUTs `<location>&digest=` with no body once the
     * digest is known; the registry checks it. Nothing is retried: the caller uploads the blob the normal way
     * if this fails.
     */
    async beginStreamed(repository) {
        const session = await this.start(repository, undefined);
        let url = session.url;
        let opened = false;
        return {
            send: async (body) => {
                const res = await this.requester.call({
                    method: 'PATCH',
                    url,
                    headers: { 'content-type': 'application/octet-stream' },
                    // Read once: a second open (a re-sent request after a 401) fails the upload instead of sending a
                    // body already gone.
                    body: async () => {
                        if (opened)
                            throw new Error('internal: a streamed upload body is read once');
                        opened = true;
                        return body;
                    },
                    operation: 'PATCH blob upload',
                    repository,
                    accept: [202, 201, 204],
                    retry: false,
                });
                await discard(res);
                url = this.nextUrl(res, url);
            },
            commit: (digest) => this.commitSession(repository, url, digest),
            cancel: () => this.deleteSession(repository, url),
        };
    }
    /** GET <location> → 204 + `Range: 0-<end>`: the offset to resume from. */
    async status(repository, digest, url) {
        const res = await this.requester.call({
            method: 'GET',
            url,
            operation: `GET blob upload status ${(0,domain_digest/* shortDigest */.VK)(digest)}`,
            repository,
            scopes: [{ repository, actions: ['pull', 'push'] }],
            accept: [204, 200, 202],
            retry: false,
        });
        await discard(res);
        const range = firstHeader(res.headers.range);
        const match = range ? /^(?:bytes=)?0-(\d+)$/.exec(range.trim()) : null;
        const next = match ? Number(match[1]) + 1 : 0;
        return { next, url: this.nextUrl(res, url) };
    }
    /** Fire-and-forget `DELETE <location>`. */
    cancel(repository, url) {
        void this.deleteSession(repository, url);
    }
    /**
     * `DELETE <location>` (docs/registry-quirks.md#q32-upload-cancel: needs delete scope, never granted on
     * Quay: errors are ignored).
     */
    async deleteSession(repository, url) {
        await this.requester
            .call({
            method: 'DELETE',
            url,
            operation: 'DELETE blob upload',
            repository,
            accept: [204, 200, 202, 404],
            retry: false,
        })
            .then(discard, () => undefined);
    }
    /** Cancels every session a 202 mount opened that no upload used. */
    async cancelAll() {
        const pending = [...this.sessions.entries()];
        this.sessions.clear();
        await Promise.allSettled(pending.map(([key, session]) => this.deleteSession(key.slice(0, key.lastIndexOf('@')), session.url)));
    }
    sessionFrom(res) {
        const location = firstHeader(res.headers.location);
        if (!location)
            return undefined;
        const min = Number(firstHeader(res.headers['oci-chunk-min-length']));
        // docs/registry-quirks.md#q1-location-anywhere and docs/registry-quirks.md#q3-http-location-behind-tls:
        // resolved against the response URL; http→https for the same host.
        const url = (0,registry_location/* resolveLocation */.KC)(location, res.url);
        this.requester.transport.checkTarget(url, {
            operation: 'blob upload',
            where: this.requester.registry,
            method: 'POST',
        });
        return { url, minChunk: Number.isFinite(min) && min > 0 ? min : undefined };
    }
    nextUrl(res, current) {
        const location = firstHeader(res.headers.location);
        if (!location)
            return current;
        const url = (0,registry_location/* resolveLocation */.KC)(location, res.url);
        this.requester.transport.checkTarget(url, {
            operation: 'blob upload',
            where: this.requester.registry,
            method: 'PATCH',
        });
        return url;
    }
    /**
     * docs/registry-quirks.md#q13-chunk-sizes: chunk sizes are per registry: at least `OCI-Chunk-Min-Length`;
     * GHCR refuses chunks over 4 MiB; ECR parts are S3 multipart parts (≥ 5 MiB except the last, ≤ 20 MiB).
     * A configured size is kept as set (within those bounds), DEFAULT_CHUNK_SIZE otherwise.
     */
    chunkSize(minChunk) {
        let size = this.options.chunkSize ?? DEFAULT_CHUNK_SIZE;
        const kind = (0,registry_errors/* registryKind */.IL)(this.requester.registry);
        if (kind === 'ghcr')
            size = Math.min(size, 4 * MIB);
        if (kind === 'ecr')
            size = Math.min(Math.max(size, 5 * MIB), 20 * MIB);
        if (minChunk !== undefined)
            size = Math.max(size, minChunk);
        return size;
    }
}
function chunkLength(chunk) {
    if (chunk instanceof Uint8Array)
        return chunk.length;
    let length = 0;
    for (const piece of chunk)
        length += piece.length;
    return length;
}
/**
 * docs/registry-quirks.md#q33-patch-uploads: the refusals a registry that wants PATCH uploads gives to a
 * monolithic PUT.
 */
function needsChunked(err) {
    if (!(0,registry_errors/* isRegistryError */.IP)(err))
        return false;
    if ([405, 411, 501].includes(err.status))
        return true;
    return (err.status === 400 &&
        err.diagnostics.some((d) => d.code === 'BLOB_UPLOAD_INVALID' || d.code === 'UNSUPPORTED'));
}
/** Reads a stream as chunks of exactly `size` bytes (the last may be shorter), after skipping `skip` bytes. */
class ChunkReader {
    stream;
    size;
    skip;
    iterator;
    queue = new byte_queue/* ByteQueue */.y();
    done = false;
    constructor(stream, size, skip) {
        this.stream = stream;
        this.size = size;
        this.skip = skip;
        this.iterator = stream[Symbol.asyncIterator]();
    }
    async next() {
        while (!this.done && this.queue.length < this.size) {
            const { value, done } = await this.iterator.next();
            if (done) {
                this.done = true;
                break;
            }
            let chunk = Buffer.isBuffer(value) ? value : Buffer.from(value);
            if (this.skip > 0) {
                const dropped = Math.min(this.skip, chunk.length);
                chunk = chunk.subarray(dropped);
                this.skip -= dropped;
            }
            this.queue.push(chunk);
        }
        return this.queue.length === 0 ? undefined : this.queue.take(this.size);
    }
    destroy() {
        this.stream.destroy();
    }
}

// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
;// CONCATENATED MODULE: ./src/registry/call.ts
/**
 * One registry request with everything around it: the Authorization header (reactive auth, one re-auth and
 * retry on 401, re-opening a streamed body), retries of 408/429/5xx/network errors (optional: blob uploads
 * retry as a whole unit instead), `Warning` headers reported once, and errors that keep the registry's
 * diagnostics and never contain a secret.
 */






/** Sends registry requests for one registry: authorizes, retries, reports warnings and words the errors. */
class RegistryRequester {
    transport;
    auth;
    retry;
    events;
    secrets = (0,secrets/* createSecretRegistry */.G)();
    warned = new Set();
    /** Auth discovery: the first registry request goes alone; concurrent ones wait for its challenge. */
    discovery;
    discovered = false;
    endDiscovery;
    constructor(transport, auth, retry, events) {
        this.transport = transport;
        this.auth = auth;
        this.retry = retry;
        this.events = events;
        this.secrets.onAdd((value) => this.events?.onSecret?.(value));
    }
    get registry() {
        return this.transport.registry;
    }
    /** Records a secret: reported through onSecret and scrubbed from every message. */
    secret(value) {
        this.secrets.add(value);
    }
    scrub(text) {
        return this.secrets.redact(text);
    }
    where(repository) {
        return repository ? `${this.registry}/${repository}` : this.registry;
    }
    async call(spec) {
        if (spec.retry === false)
            return this.callOnce(spec);
        return withRetry(this.retry, () => this.callOnce(spec));
    }
    async callOnce(spec) {
        const needs = spec.scopes ?? defaultScopes(spec);
        const onRegistry = this.transport.isRegistryUrl(spec.url);
        let first = false;
        if (onRegistry && !this.discovered) {
            // Reactive auth without a ping: while the first request learns the challenge (401 + token),
            // parallel writes wait instead of each sending its body for a 401 (request budget). Anonymous reads
            // go along: on an open registry that saves a round trip (a promotion's source manifest with the tag
            // list). With credentials the registry all but surely challenges: a read sent along collects its own
            // 401 and comes back for the token when it is in, no sooner than a read sent with the token, so it
            // waits too (one request fewer each; over an undecided loopback registry's TLS its plain-HTTP copy
            // no longer takes a connection opened ahead; docs/benchmarks.md, "Token auth and htpasswd").
            if (!this.discovery) {
                first = true;
                this.discovery = new Promise((resolve) => (this.endDiscovery = resolve));
            }
            else if ((spec.method !== 'GET' && spec.method !== 'HEAD') || !this.auth.anonymous)
                await this.discovery;
        }
        try {
            return await this.exchangeAuthorized(spec, needs, onRegistry, first);
        }
        finally {
            if (first)
                this.discoveryEnded();
        }
    }
    /** The first request's challenge is answered (or there was none): the requests waiting for it go. */
    discoveryEnded() {
        this.discovered = true;
        this.endDiscovery?.();
    }
    async exchangeAuthorized(spec, needs, onRegistry, first = false) {
        let extra = [];
        for (let reauth = 0;; reauth++) {
            const authorization = onRegistry ? await this.auth.authorization(needs, extra) : undefined;
            const res = await this.transport.send({
                method: spec.method,
                url: spec.url,
                headers: spec.headers,
                authorization,
                body: spec.body,
                operation: spec.operation,
                where: this.where(spec.repository),
                followRedirects: spec.followRedirects,
            });
            this.reportWarnings(res);
            if (res.status === 401 && reauth === 0 && onRegistry) {
                await discard(res);
                // docs/registry-quirks.md#q23-token-expiry: a token can expire mid-run and the 401 may come after a
                // large body. One re-auth (fresh token, or Basic after a Basic challenge), then the request once
                // more, re-opening `spec.body`.
                const more = await this.auth.onUnauthorized(res, needs, authorization !== undefined);
                if (more !== undefined) {
                    extra = more;
                    // The token (or Basic) is known: the requests waiting go with it now, alongside this retry.
                    if (first)
                        this.discoveryEnded();
                    continue;
                }
                throw this.unauthorized(spec, res, needs, false);
            }
            if (spec.accept.includes(res.status))
                return res;
            if (res.status === 401) {
                await discard(res);
                throw this.unauthorized(spec, res, needs, reauth > 0);
            }
            throw await this.errorFor(spec, res, needs);
        }
    }
    /** The error for an unexpected response (reads the body, keeps the diagnostics, scrubs secrets). */
    async errorFor(spec, res, needs = defaultScopes(spec)) {
        // Bodies are quoted only from the registry host: another host's answer (blob storage, or an internal
        // address behind a redirect of an insecure registry) never reaches the log.
        const quoted = spec.method !== 'HEAD' && this.transport.isRegistryUrl(res.url);
        const text = quoted ? await readText(res) : '';
        if (!quoted)
            await discard(res);
        return (0,registry_errors/* errorFromResponse */.a5)({
            operation: spec.operation,
            where: this.where(spec.repository),
            registry: this.registry,
            repository: spec.repository,
            method: spec.method,
            url: res.url,
            status: res.status,
            diagnostics: (0,registry_errors/* parseErrorBody */.kW)(this.scrub(text)),
            // docs/registry-quirks.md#q29-rate-limits: Retry-After as delta-seconds or HTTP-date.
            retryAfterMs: parseRetryAfter(firstHeader(res.headers['retry-after']), this.retry.now()),
            action: mainAction(needs),
        });
    }
    /**
     * A 401 that survived a fresh token: with an `insufficient_scope` challenge (the token issuer granted
     * fewer actions than asked) it is AUTH_FORBIDDEN naming the repository and action; otherwise AUTH_FAILED.
     */
    unauthorized(spec, res, needs, afterToken) {
        const base = (0,registry_errors/* errorFromResponse */.a5)({
            operation: spec.operation,
            where: this.where(spec.repository),
            registry: this.registry,
            repository: spec.repository,
            method: spec.method,
            url: res.url,
            status: 401,
            statusText: 'Unauthorized',
            diagnostics: [],
            action: mainAction(needs),
        });
        const action = mainAction(needs) ?? 'pull';
        const repos = needs.map((n) => n.repository).join(', ') || this.registry;
        if (afterToken && !this.auth.anonymous && Authenticator.insufficientScope(res)) {
            return new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FORBIDDEN',
                message: `${spec.operation} on ${this.where(spec.repository)} denied: the token service did not grant ${action} access to ${repos} (401 insufficient_scope)`,
                summary: `${spec.operation} on ${this.where(spec.repository)} denied`,
                reason: '401 insufficient_scope',
                // The credentials were accepted; they lack the permission (not "check the password").
                hint: (0,registry_errors/* hintFor */.JR)('AUTH_FORBIDDEN', this.registry, 401),
                status: 401,
                method: spec.method,
                url: base.url,
            });
        }
        if (this.auth.anonymous) {
            return new registry_errors/* RegistryError */.gl({
                code: 'AUTH_FAILED',
                message: `${spec.operation} on ${this.where(spec.repository)} needs credentials (401 Unauthorized)`,
                summary: `${spec.operation} on ${this.where(spec.repository)} needs credentials`,
                reason: '401 Unauthorized',
                hint: (0,errors/* remedyHint */.o7) `Use ${errors/* CREDENTIALS */.tG} for ${this.registry}, or log in with ${errors/* LOGIN */.S3} first.`,
                status: 401,
                method: spec.method,
                url: base.url,
            });
        }
        return base;
    }
    /** Spec §warnings: `Warning: 299 - "text"` headers are reported once each and never acted on. */
    reportWarnings(res) {
        const header = res.headers.warning;
        if (header === undefined || !this.events?.onWarning)
            return;
        for (const value of Array.isArray(header) ? header : [header]) {
            const match = /^\s*299\s+\S+\s+"((?:[^"\\]|\\.)*)"/.exec(value);
            const text = match?.[1];
            if (text && !this.warned.has(text)) {
                this.warned.add(text);
                this.events.onWarning(this.scrub(text));
            }
        }
    }
}
function defaultScopes(spec) {
    if (!spec.repository)
        return [];
    const actions = spec.method === 'GET' || spec.method === 'HEAD' ? ['pull'] : ['pull', 'push'];
    return [{ repository: spec.repository, actions }];
}
function mainAction(needs) {
    if (needs.length === 0)
        return undefined;
    return needs.some((n) => n.actions.includes('push')) ? 'push' : 'pull';
}

;// CONCATENATED MODULE: ./src/registry/tag-list.ts
/**
 * Tag listing (docs/registry-quirks.md#q28-tag-pagination): `GET /v2/<name>/tags/list?n=1000` (ECR rejects
 * n above 1000), following `Link: <…>; rel="next"` resolved against the response URL (ECR's `last` is an
 * opaque token; GCR does not paginate at all), at most MAX_TAG_PAGES pages.
 *
 * `last` is never synthesized while the registry sends Links. Only when a page carries no Link *and* is
 * exactly full (n tags) do we ask once more with `last=<final tag>`, because a registry that paginates
 * without Link would otherwise be cut short; a 4xx to that request, an empty page or a page of tags already
 * seen (the parameter was ignored) ends the list. That costs one extra request only for lists whose size
 * is an exact multiple of n.
 */





const TAG_PAGE_SIZE = 1000;
const MAX_TAG_PAGES = 1000;
/**
 * Endless pagination (a hostile or broken registry answering every page with fresh tags) must end in an
 * error, not in an out-of-memory abort: at most this many tags, and this many bytes of pages in all.
 */
const MAX_TAGS = 250_000;
const MAX_TAG_LIST_BYTES = 64 * 1024 * 1024;
async function listAllTags(requester, repository) {
    const operation = 'GET tag list';
    let url = (0,registry_location/* withQuery */.VL)(requester.transport.url(`/v2/${repository}/tags/list`), { n: String(TAG_PAGE_SIZE) });
    const tags = [];
    const seen = new Set();
    let synthesized = false;
    let bytes = 0;
    const tooMany = (what) => new registry_errors/* RegistryError */.gl({
        code: 'REGISTRY_REJECTED',
        message: `${operation} on ${requester.where(repository)} failed (${what})`,
        hint: 'The repository has too many tags to list; delete old tags or report the pagination loop.',
        method: 'GET',
    });
    for (let page = 0; page < MAX_TAG_PAGES; page++) {
        let res;
        let text;
        try {
            // A page whose body is cut off (reset, truncated, stalled) is fetched again like a failed request.
            const pageUrl = url;
            ({ res, text } = await withRetry(requester.retry, async () => {
                const page = await requester.call({
                    method: 'GET',
                    url: pageUrl,
                    operation,
                    repository,
                    accept: [200],
                    retry: false,
                });
                return {
                    res: page,
                    text: await readBody(page, `${operation} on ${requester.where(repository)}`, MAX_TAG_LIST_BYTES),
                };
            }));
        }
        catch (err) {
            if (synthesized && err instanceof registry_errors/* RegistryError */.gl && err.status >= 400 && err.status < 500)
                return tags;
            throw err;
        }
        bytes += text.length;
        if (bytes > MAX_TAG_LIST_BYTES)
            throw tooMany(`more than ${(0,content_limits/* formatMiB */.av)(MAX_TAG_LIST_BYTES)} of tag pages`);
        let pageTags;
        try {
            const json = JSON.parse(text);
            pageTags = Array.isArray(json.tags) ? json.tags.filter((t) => typeof t === 'string') : [];
        }
        catch (cause) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'REGISTRY_REJECTED',
                message: `${operation} on ${requester.where(repository)} failed (the answer is not JSON)`,
                method: 'GET',
                cause,
            });
        }
        let fresh = 0;
        for (const tag of pageTags) {
            if (seen.has(tag))
                continue;
            seen.add(tag);
            tags.push(tag);
            fresh++;
        }
        if (tags.length > MAX_TAGS)
            throw tooMany(`more than ${MAX_TAGS} tags`);
        const next = (0,registry_location/* parseLinkNext */.he)(res.headers.link, res.url);
        if (next) {
            // A Link is followed only on the registry's own host: a hostile one cannot aim the runner elsewhere.
            if (!requester.transport.isRegistryUrl(next)) {
                throw new registry_errors/* RegistryError */.gl({
                    code: 'REGISTRY_REJECTED',
                    message: `${operation} on ${requester.where(repository)} failed (the next-page Link points to another host, ${next.host})`,
                    hint: 'Tag pages must stay on the registry host; report the Link header to the registry operator.',
                    method: 'GET',
                });
            }
            if (pageTags.length > 0 && fresh === 0)
                return tags; // a Link that loops
            url = next;
            synthesized = false;
            continue;
        }
        const last = pageTags[pageTags.length - 1];
        if (pageTags.length === TAG_PAGE_SIZE && fresh > 0 && last !== undefined) {
            url = (0,registry_location/* withQuery */.VL)(url, { n: String(TAG_PAGE_SIZE), last });
            synthesized = true;
            continue;
        }
        return tags;
    }
    throw tooMany(`more than ${MAX_TAG_PAGES} pages of tags`);
}

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/registry/trust.ts
var trust = __webpack_require__(2401);
// EXTERNAL MODULE: ./src/registry/early-sockets.ts
var early_sockets = __webpack_require__(7675);
// EXTERNAL MODULE: ./src/registry/held-sockets.ts
var held_sockets = __webpack_require__(7795);
;// CONCATENATED MODULE: ./src/registry/connections.ts



class OpenFirstConnections extends undici/* Dispatcher */.mk {
    onSecure;
    origins = new Map();
    /** Each origin as a caller spells it (`opts.origin`), so that a spelling is parsed once, not per request. */
    spellings = new Map();
    /** Sockets opened ahead, by `hostname:port`, oldest first. */
    warm = new Map();
    connector;
    options;
    closing = false;
    /**
     * `onSecure`: told the origin (`https://host[:port]`) of every TLS connection set up, as it is set up: a
     * registry whose scheme is undecided speaks TLS from then on (transport.ts, `race`).
     */
    constructor(options, onSecure) {
        super();
        this.onSecure = onSecure;
        // As undici's Client builds its connector from these options, so a socket made here is the same.
        this.connector = (0,undici/* buildConnector */.gU)({
            ...options.connect,
            ...(options.connectTimeout !== undefined ? { timeout: options.connectTimeout } : {}),
        });
        this.options = { ...options, connect: (opts, callback) => this.connectSocket(opts, callback) };
    }
    /**
     * Opens connections to `origin` until it has `count` (the ones it has and those opened ahead included).
     * `eitherScheme`: plain TCP connections to its host and port, for the http or the https origin there.
     */
    preconnect(origin, count, eitherScheme = false) {
        if (this.closing)
            return;
        const url = new URL(origin);
        const port = url.port || (url.protocol === 'https:' ? '443' : '80');
        const key = `${url.hostname}:${port}`;
        const list = this.warmList(key);
        const origins = eitherScheme ? [`http://${key}`, `https://${key}`] : [url.origin];
        const have = list.length + origins.reduce((n, o) => n + (this.origins.get(new URL(o).origin)?.slots.length ?? 0), 0);
        const opts = {
            hostname: url.hostname,
            host: url.host,
            protocol: eitherScheme ? 'http:' : url.protocol,
            port,
        };
        for (let i = have; i < count; i++)
            this.connectAhead(list, opts, eitherScheme ? 'tcp:' : url.protocol);
    }
    /**
     * The sockets opened ahead to `hostname:port`, with those the entry opened at start-up to it
     * (early-sockets.ts) taken in as plain TCP connections for either scheme.
     */
    warmList(key) {
        let list = this.warm.get(key);
        if (!list)
            this.warm.set(key, (list = []));
        for (const { socket, ready } of (0,early_sockets/* takeEarlySockets */.j)(key))
            (0,held_sockets/* holdSocket */.J)(list, socket, ready, { protocol: 'tcp:' });
        return list;
    }
    /**
     * Sets up TLS now over the plain TCP connections opened ahead to `origin`'s host and port for either
     * scheme: the registry there speaks TLS (transport.ts), and a request taking one finds TLS done instead of
     * paying its round trip first.
     */
    secureAhead(origin) {
        if (this.closing)
            return;
        const url = new URL(origin);
        const port = url.port || '443';
        const list = this.warmList(`${url.hostname}:${port}`);
        for (const tcp of list.filter((w) => w.protocol === 'tcp:')) {
            const httpSocket = (0,held_sockets/* releaseSocket */.l)(tcp);
            this.connectAhead(list, { hostname: url.hostname, host: url.host, protocol: 'https:', port, httpSocket }, 'https:');
        }
    }
    /** Opens a connection with undici's connector and holds it in `list` until a request takes it. */
    connectAhead(list, opts, protocol) {
        let socket;
        const ready = new Promise((resolve) => {
            socket = this.connector(opts, (...args) => resolve(args[0] ?? undefined));
        });
        if (socket)
            (0,held_sockets/* holdSocket */.J)(list, socket, ready, { protocol });
    }
    /** undici's connector, handing out a socket opened ahead when one fits the origin. */
    connectSocket(opts, done) {
        const secure = opts.protocol === 'https:' ? this.onSecure : undefined;
        const callback = !secure
            ? done
            : (...args) => {
                if (args[0] === null)
                    secure(`https://${opts.host ?? opts.hostname}`);
                done(...args);
            };
        const port = opts.port || (opts.protocol === 'https:' ? '443' : '80');
        const list = this.warmList(`${opts.hostname}:${port}`);
        const warm = list.find((w) => w.protocol === opts.protocol || w.protocol === 'tcp:');
        if (!warm)
            return this.connector(opts, callback);
        (0,held_sockets/* releaseSocket */.l)(warm).ref();
        if (warm.protocol === 'tcp:' && opts.protocol === 'https:') {
            // TLS over the connection opened ahead (undici's own way of upgrading a socket).
            return this.connector({ ...opts, httpSocket: warm.socket }, callback);
        }
        void warm.ready.then((err) => (err ? callback(err, null) : callback(null, warm.socket)));
    }
    dispatch(opts, handler) {
        if (this.closing)
            throw new Error('internal: request sent after the transport was closed');
        const spelling = String(opts.origin);
        let target = this.spellings.get(spelling);
        if (!target) {
            const origin = new URL(spelling).origin;
            target = this.origins.get(origin);
            if (!target)
                this.origins.set(origin, (target = { origin, slots: [] }));
            this.spellings.set(spelling, target);
        }
        const slot = pick(target.slots) ?? this.open(target);
        slot.inFlight++;
        // false: this connection takes no more until its 'drain' (an HTTP/1.1 request in flight).
        if (!slot.client.dispatch(opts, new EndingHandler(handler, slot)))
            slot.busy = true;
        return true;
    }
    open({ origin, slots }) {
        const client = new undici/* Client */.Kj(origin, this.options);
        const slot = { client, busy: false, connected: false, inFlight: 0 };
        const remove = () => {
            const i = slots.indexOf(slot);
            if (i >= 0)
                slots.splice(i, 1);
        };
        client
            .on('connect', () => (slot.connected = true))
            .on('disconnect', () => (slot.connected = false))
            .on('drain', () => (slot.busy = false))
            // A connection that could not be made is not tried again for the next request (as undici's Pool).
            .on('connectionError', () => {
            remove();
            void client.close().catch(() => undefined);
        });
        slots.push(slot);
        return slot;
    }
    all() {
        return [...this.origins.values()].flatMap((o) => o.slots.map((s) => s.client));
    }
    dropWarm() {
        for (const list of this.warm.values())
            for (const w of list.splice(0))
                w.socket.destroy();
    }
    close(callback) {
        this.closing = true;
        this.dropWarm();
        const done = Promise.allSettled(this.all().map((c) => c.close())).then(() => undefined);
        if (!callback)
            return done;
        void done.then(callback);
    }
    destroy(errOrCallback, callback) {
        this.closing = true;
        this.dropWarm();
        const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
        const cb = typeof errOrCallback === 'function' ? errOrCallback : callback;
        const done = Promise.allSettled(this.all().map((c) => c.destroy(err))).then(() => undefined);
        if (!cb)
            return done;
        void done.then(cb);
    }
}
/**
 * In order: a free open connection; an open one whose answer has ended; a free closed one (the first of
 * each kind); none (open a new one). One pass, no array built per request.
 */
function pick(slots) {
    let answered;
    let free;
    for (const s of slots) {
        if (!s.busy && s.connected)
            return s;
        if (!answered && s.connected && s.inFlight === 0)
            answered = s;
        if (!free && !s.busy)
            free = s;
    }
    return answered ?? free;
}
/**
 * The handler's calls passed on as they are (`this` is the handler), its slot told once when its answer
 * ended. These are all the calls undici 8 makes on a handler (types/dispatcher.d.ts; lib/core/request.js
 * calls the optional `onResponseStarted`, `onBodySent` and `onRequestSent` only if present, and none of
 * undici's request, stream, pipeline, connect or upgrade handlers has them).
 */
class EndingHandler {
    handler;
    slot;
    ended = false;
    constructor(handler, slot) {
        this.handler = handler;
        this.slot = slot;
    }
    end() {
        if (this.ended)
            return;
        this.ended = true;
        this.slot.inFlight--;
    }
    onRequestStart(controller, context) {
        this.handler.onRequestStart?.(controller, context);
    }
    onRequestUpgrade(controller, statusCode, headers, socket) {
        this.handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
    }
    onResponseStart(controller, statusCode, headers, statusMessage) {
        this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
    }
    onResponseData(controller, chunk) {
        this.handler.onResponseData?.(controller, chunk);
    }
    onResponseEnd(controller, trailers) {
        this.end();
        this.handler.onResponseEnd?.(controller, trailers);
    }
    onResponseError(controller, error) {
        this.end();
        this.handler.onResponseError?.(controller, error);
    }
}

;// CONCATENATED MODULE: ./src/registry/transport.ts











const DEFAULT_TIMEOUT_MS = 60_000;
/**
 * The slowest average transfer a request may have: an exchange must finish (headers and the whole body,
 * both ways) within the timeout plus its bytes at this rate, so a body trickled a byte at a time under the
 * idle timeout still ends (1 GiB gets 9 h; the run's own deadline, `timeout`, is the tighter bound).
 */
const MIN_TRANSFER_BYTES_PER_S = 32 * 1024;
const DEFAULT_USER_AGENT = 'registry-publish';
const MAX_REDIRECTS = 5;
/** A connection that ended without an answer (in TLS 1.3 also how a refused client certificate looks). */
const CLOSED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Errors of exchanges aborted by their own signal (the deadline, the run's stop, a lost race). */
const abortedErrors = new WeakSet();
class Transport {
    registry;
    /** `host[:port]` as URL.host spells it. */
    registryHost;
    loopback;
    insecure;
    scheme;
    /**
     * The first read's TLS attempt while the scheme is undecided: undefined once a TLS handshake with the
     * registry worked (or the attempt did), else the attempt's error.
     */
    tlsVerdict;
    /** Settles `tlsVerdict` when a TLS connection to the registry is set up. */
    secured;
    /** Connections asked for ahead while the scheme was undecided. */
    ahead = 0;
    direct;
    proxied;
    userAgent;
    events;
    timeoutMs;
    stop;
    trust;
    tlsOptions;
    /** Whether the registry has answered once: a refused client certificate fails the very first request. */
    answered = false;
    constructor(config) {
        this.registry = config.registry;
        this.registryHost = new URL(`https://${config.registry}`).host;
        this.loopback = (0,registry_location/* isLoopbackHost */.cW)(config.registry);
        this.insecure = config.insecure === true;
        this.scheme = this.loopback || this.insecure ? undefined : 'https:';
        this.userAgent = config.userAgent ?? DEFAULT_USER_AGENT;
        this.events = config.events;
        const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.timeoutMs = timeout;
        this.stop = config.signal;
        this.trust = (0,trust/* loadTrust */.Vc)(config.registry, {
            ...config,
            certsDirs: config.certsDirs ?? (0,trust/* defaultCertsDirs */.VY)(config.env ?? process.env),
        });
        const tlsOptions = { rejectUnauthorized: !this.insecure };
        if (this.insecure) {
            // Unverified TLS checks no certificate: an empty trust store spares building Node's root store (and
            // parsing NODE_EXTRA_CA_CERTS) on the first connection, which for a loopback registry is the https
            // probe of every run.
            tlsOptions.ca = [];
        }
        else if (this.trust.ca.length > 0)
            tlsOptions.ca = [...defaultRoots(), ...this.trust.ca];
        if (this.trust.cert !== undefined && this.trust.key !== undefined) {
            tlsOptions.cert = this.trust.cert;
            tlsOptions.key = this.trust.key;
        }
        this.tlsOptions = withSharedContext(tlsOptions);
        const agentOptions = {
            headersTimeout: timeout,
            bodyTimeout: timeout,
            connectTimeout: Math.min(timeout, 30_000),
            connect: this.tlsOptions,
        };
        // Not undici's Agent: its Pool may reconnect a closed connection while an open one is free.
        this.direct = new OpenFirstConnections(agentOptions, (origin) => {
            if (origin !== `https://${this.registryHost}` || this.scheme !== undefined)
                return;
            this.scheme = 'https:';
            this.secured?.();
            // The plain-HTTP copies of the first reads (`race`) took sockets opened ahead, and a TLS server
            // closes them: as many TLS connections are opened now, for the step they were opened for.
            this.direct.secureAhead(origin);
            if (this.ahead > 0)
                this.direct.preconnect(origin, this.ahead);
        });
        const env = config.env ?? process.env;
        const httpProxy = env.HTTP_PROXY ?? env.http_proxy ?? '';
        const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy ?? '';
        if (httpProxy || httpsProxy) {
            this.proxied = new undici/* EnvHttpProxyAgent */.J2({
                ...agentOptions,
                requestTls: this.tlsOptions,
                httpProxy,
                httpsProxy,
                noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
            });
        }
    }
    /** The registry base URL (`https://host/`), or `http://` once decided. */
    base() {
        return new URL(`${this.scheme ?? 'https:'}//${this.registry}/`);
    }
    /** A URL on the registry: `/v2/…`. */
    url(path) {
        return new URL(path, this.base());
    }
    isRegistryUrl(url) {
        return url.host === this.registryHost;
    }
    /**
     * Opens direct connections ahead (connections.ts) until `count` are open or opening. While the scheme is
     * undecided they are plain TCP connections, one more than asked: the TLS attempt of the first read takes
     * one. Not for a registry reached through a proxy, nor an undecided one without a port (https and http
     * would be different ports).
     */
    preconnect(count) {
        const base = this.base();
        if (this.dispatcherFor(base) !== this.direct)
            return;
        if (this.scheme !== undefined)
            this.direct.preconnect(base.origin, count);
        else if (base.port !== '') {
            this.direct.preconnect(base.origin, count + 1, true);
            this.ahead = Math.max(this.ahead, count);
        }
    }
    /** One request, following redirects without leaking Authorization to another host. */
    async send(req) {
        let current = req;
        for (let hop = 0;; hop++) {
            const res = await this.exchange(current);
            const location = firstHeader(res.headers.location);
            // Registries MAY redirect any request (spec §api); a body is re-opened from its factory on 307/308.
            const follow = req.followRedirects ?? true;
            if (!follow || !REDIRECT_STATUSES.has(res.status) || location === undefined)
                return res;
            await discard(res);
            if (hop >= MAX_REDIRECTS) {
                throw new registry_errors/* RegistryError */.gl({
                    code: 'REGISTRY_REJECTED',
                    message: `${req.operation} on ${req.where} failed (more than ${MAX_REDIRECTS} redirects)`,
                    method: req.method,
                    url: (0,registry_errors/* redactUrl */.BO)(req.url),
                });
            }
            const next = (0,registry_location/* resolveLocation */.KC)(location, res.url);
            this.checkTarget(next, req);
            const method = res.status === 303 ? 'GET' : current.method;
            current = {
                ...current,
                method,
                url: next,
                body: res.status === 303 ? undefined : current.body,
                // docs/registry-quirks.md#q4-cross-host-redirects: blob storage redirects (S3/GCS/Azure presigned)
                // never get the registry's credentials.
                authorization: next.host === (current.authorizationHost ?? this.registryHost) ? current.authorization : undefined,
            };
        }
    }
    /**
     * docs/registry-quirks.md#q4-cross-host-redirects: a Location or redirect to another host is followed
     * without credentials, but not to a private or loopback address when the registry itself is public (SSRF
     * guard), and not downgraded to plain HTTP unless `insecure` or loopback.
     */
    checkTarget(url, req) {
        if (url.protocol !== 'https:' && url.protocol !== 'http:') {
            throw new registry_errors/* RegistryError */.gl({
                code: 'REGISTRY_REJECTED',
                message: `${req.operation} on ${req.where} failed (the registry sent a ${url.protocol} URL)`,
                method: req.method,
            });
        }
        if (this.isRegistryUrl(url))
            return;
        if ((0,registry_location/* isPrivateHost */.Sf)(url.host) && !(0,registry_location/* isPrivateHost */.Sf)(this.registry) && !this.insecure) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'REGISTRY_REJECTED',
                message: `${req.operation} on ${req.where} failed (the registry sent the client to the private address ${url.host})`,
                hint: (0,errors/* remedyHint */.o7) `Use ${errors/* INSECURE */.RD} only if this registry really stores blobs on a private network.`,
                method: req.method,
            });
        }
        if (url.protocol === 'http:' && !this.insecure && !(0,registry_location/* isLoopbackHost */.cW)(url.host)) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'INSECURE_REFUSED',
                message: `${req.operation} on ${req.where} refused: the registry sent the client to plain-HTTP ${url.host}`,
                hint: (0,errors/* remedyHint */.o7) `Use ${errors/* INSECURE */.RD} to allow plain HTTP for this registry.`,
                method: req.method,
            });
        }
    }
    /** One HTTP exchange, with the https→http fallback for loopback/insecure registries. */
    async exchange(req) {
        const onRegistry = this.isRegistryUrl(req.url);
        if (onRegistry && this.scheme !== undefined && req.url.protocol !== this.scheme) {
            req = { ...req, url: withProtocol(req.url, this.scheme) };
        }
        if (onRegistry && this.scheme === undefined && req.url.protocol === 'https:' && this.mayRace(req))
            return this.race(req);
        try {
            const res = await this.exchangeOnce(req);
            if (onRegistry && this.scheme === undefined && req.url.protocol === 'https:')
                this.scheme = 'https:';
            return res;
        }
        catch (err) {
            if (!onRegistry || req.url.protocol !== 'https:' || !speaksPlainHttp(err))
                throw await this.failure(err, req);
            // A read sent alongside the first request (call.ts) may meet its answer: http was decided meanwhile.
            // Only a loopback/insecure registry is ever undecided or on http (https once TLS worked): fall back.
            if (this.scheme !== 'https:') {
                this.scheme = 'http:';
                return this.exchangeOnce({ ...req, url: withProtocol(req.url, 'http:') }).catch((e) => {
                    throw networkError(e, req, this.registry, this.trust);
                });
            }
            throw this.plainRefused(req, err);
        }
    }
    plainRefused(req, err) {
        return new registry_errors/* RegistryError */.gl({
            code: 'INSECURE_REFUSED',
            message: `${req.operation} on ${req.where} refused: ${this.registry} speaks plain HTTP, not HTTPS`,
            hint: (0,errors/* remedyHint */.o7) `Use ${errors/* INSECURE */.RD} to allow plain HTTP for this registry (only for registries on a trusted network).`,
            method: req.method,
            url: (0,registry_errors/* redactUrl */.BO)(req.url),
            cause: err,
        });
    }
    /**
     * A read the plain-HTTP answer of which may be taken without asking twice: no body, no credentials (a
     * registry that turns out to speak TLS never saw a secret in clear), and sent directly (not through a
     * proxy, which could answer it itself).
     */
    mayRace(req) {
        return ((req.method === 'GET' || req.method === 'HEAD') &&
            req.body === undefined &&
            req.authorization === undefined &&
            this.dispatcherFor(req.url) === this.direct);
    }
    /**
     * The first reads of an undecided loopback/insecure registry: over https and, at the same time, over
     * http. https wins whenever its handshake works (the http attempt is cancelled, its answer dropped
     * unreported); the http answer is taken only when TLS failed because the server speaks plain HTTP,
     * exactly the case the serial fallback would have repeated the request over http.
     */
    async race(req) {
        const cancel = new AbortController();
        const plain = { ...req, url: withProtocol(req.url, 'http:') };
        const started = performance.now();
        const http = this.dispatchOnce(plain, cancel.signal);
        // It may fail before the TLS attempt ends (a TLS server closes on plain HTTP): handled from the start.
        http.catch(() => undefined);
        const drop = () => {
            cancel.abort();
            void http.then((sent) => sent.res.body.destroy(), () => undefined);
        };
        // One TLS attempt per registry: a read sent while another's attempt is under way waits for its verdict
        // (its own plain-HTTP copy already on the way) instead of opening a TLS connection of its own.
        const shared = this.tlsVerdict;
        let tlsError;
        if (shared) {
            tlsError = await shared;
            if (tlsError === undefined || this.scheme === 'https:') {
                drop();
                return this.exchange(req);
            }
        }
        else {
            // The verdict is in as soon as the handshake works, not only with the answer: the reads waiting for it
            // go out a round trip sooner (over the bench's link, a token registry's source manifest and claim
            // check went with the first 401 instead of after it; docs/benchmarks.md, "Token auth and htpasswd").
            const secured = new Promise((resolve) => (this.secured = () => resolve(undefined)));
            const attempt = this.exchangeOnce(req);
            this.tlsVerdict = Promise.race([
                secured,
                attempt.then(() => undefined, (err) => err ?? new Error('TLS attempt failed')),
            ]);
            try {
                const res = await attempt;
                if (this.scheme === undefined)
                    this.scheme = 'https:';
                drop();
                return res;
            }
            catch (err) {
                tlsError = err;
            }
        }
        if (!speaksPlainHttp(tlsError) || this.scheme === 'https:') {
            drop();
            throw speaksPlainHttp(tlsError) ? this.plainRefused(req, tlsError) : await this.failure(tlsError, req);
        }
        this.scheme = 'http:';
        try {
            return this.reported(plain, await http);
        }
        catch (e) {
            this.reportFailure(plain, e, started);
            throw networkError(e, req, this.registry, this.trust);
        }
    }
    /**
     * The coded error. Over a direct TLS connection, an unverifiable certificate is read once more, unverified,
     * to name its subject and issuer; a connection closed without an answer is tried once more by hand to read
     * the server's TLS alert (a client certificate required or refused).
     */
    async failure(err, req) {
        const direct = !(this.proxied && !(0,registry_location/* isLoopbackHost */.cW)(req.url.host));
        if (!direct || req.url.protocol !== 'https:' || err instanceof registry_errors/* RegistryError */.gl)
            return networkError(err, req, this.registry, this.trust);
        const code = errorCode(err);
        const port = Number(req.url.port || 443);
        if (isUnknownCa(code)) {
            const peer = await probePeer(req.url.hostname, port);
            return networkError(err, req, this.registry, this.trust, peer);
        }
        if (!this.answered && this.isRegistryUrl(req.url) && CLOSED.has(code)) {
            const probe = await probeHandshake(req.url.hostname, port, this.tlsOptions);
            if (probe.alert)
                return networkError(Object.assign(new Error(probe.alert.message), { code: probe.alert.code, cause: err }), req, this.registry, this.trust);
            if (probe.closedSilently && this.trust.cert !== undefined) {
                const closed = Object.assign(new Error('the registry closed the connection right after the TLS handshake'), { code: CLIENT_CERT_CLOSED, cause: err });
                return networkError(closed, req, this.registry, this.trust);
            }
        }
        return networkError(err, req, this.registry, this.trust);
    }
    async exchangeOnce(req) {
        const started = performance.now();
        let sent;
        try {
            sent = await this.dispatchOnce(req);
        }
        catch (err) {
            this.reportFailure(req, err, started);
            throw err;
        }
        return this.reported(req, sent);
    }
    dispatcherFor(url) {
        return this.proxied && !(0,registry_location/* isLoopbackHost */.cW)(url.host) ? this.proxied : this.direct;
    }
    /** One exchange on the wire, reported by the caller (a lost race's is not reported at all). */
    async dispatchOnce(req, cancel) {
        const headers = { 'user-agent': this.userAgent, ...req.headers };
        if (req.authorization !== undefined && req.url.host === (req.authorizationHost ?? this.registryHost)) {
            headers.authorization = req.authorization;
        }
        const dispatcher = this.dispatcherFor(req.url);
        // Through the proxy agent (undici's Pool), a connection is free for the next request only an event-loop
        // turn after its answer ended (setImmediate in its HTTP/1.1 client); a request sent sooner, as the one
        // that follows an answer is, opens a new connection and pays another handshake round trip
        // (docs/benchmarks.md, "Where the time went (WAN)"). One turn first lets it reuse the connection just
        // freed. The direct connections (connections.ts) take an answered connection at once.
        if (dispatcher !== this.direct)
            await new Promise((resolve) => setImmediate(resolve));
        const body = req.body ? await req.body() : undefined;
        const started = performance.now();
        const stop = cancel && this.stop ? AbortSignal.any([this.stop, cancel]) : (cancel ?? this.stop);
        const deadline = new RequestDeadline(this.timeoutMs, Number(headers['content-length']) || 0, stop);
        // A body of unknown length (a streamed upload) earns its time as its bytes go out.
        const sent = isProduced(body) ? counted(body, deadline) : body;
        try {
            const res = await dispatcher.request({
                origin: req.url.origin,
                path: `${req.url.pathname}${req.url.search}`,
                method: req.method,
                headers,
                // undici sends an async iterable body as it is read (its types list only Readable among streams).
                body: (sent ?? null),
                signal: deadline.signal,
                // undici closes the connection after every HEAD (for servers that send a body with it); a registry
                // answers HEAD without one, so the connection stays open for the next request instead of costing a
                // new handshake per existence check (docs/benchmarks.md, "Where the time went (WAN)").
                ...(req.method === 'HEAD' ? { reset: false } : {}),
            });
            deadline.answered(Number(firstHeader(res.headers['content-length'])) || 0, res.body);
            return { res, started };
        }
        catch (err) {
            if (deadline.signal.aborted && typeof err === 'object' && err !== null)
                abortedErrors.add(err);
            throw err;
        }
    }
    reportFailure(req, err, started) {
        const aborted = typeof err === 'object' && err !== null && abortedErrors.has(err);
        this.events?.onDebug?.({
            kind: 'request',
            method: req.method,
            url: (0,registry_errors/* redactUrl */.BO)(req.url),
            outcome: aborted ? 'aborted' : (err.code ?? err.name),
            durationMs: performance.now() - started,
        });
    }
    reported(req, { res, started }) {
        this.events?.onDebug?.({
            kind: 'request',
            method: req.method,
            url: (0,registry_errors/* redactUrl */.BO)(req.url),
            outcome: res.statusCode,
            durationMs: performance.now() - started,
        });
        if (this.isRegistryUrl(req.url))
            this.answered = true;
        this.events?.onRequest?.({ method: req.method, url: eventUrl(req.url), status: res.statusCode });
        return { status: res.statusCode, headers: res.headers, url: req.url, body: res.body };
    }
    async close() {
        await Promise.allSettled([this.direct.close(), this.proxied?.close()]);
    }
}
/** The reason a request is aborted at its absolute deadline (networkError and cutOffError word it). */
class DeadlineExceeded extends Error {
    code = 'REQUEST_DEADLINE';
    constructor(ms) {
        super(`did not finish within ${(0,duration/* formatSeconds */.Xo)(ms)}`);
    }
}
/**
 * An absolute deadline for one exchange (the undici timeouts are idle timeouts only): the timeout plus the
 * request body's bytes at MIN_TRANSFER_BYTES_PER_S, extended by the response's Content-Length once the
 * headers arrive. Cleared when the response body closes; the timer never keeps the process alive.
 */
class RequestDeadline {
    timeoutMs;
    sentBytes;
    controller = new AbortController();
    started = Date.now();
    timer;
    constructor(timeoutMs, sentBytes, stop) {
        this.timeoutMs = timeoutMs;
        this.sentBytes = sentBytes;
        this.arm(0);
        if (!stop)
            return;
        // The run's hard deadline ends this exchange too, with the run's own coded error.
        const onStop = () => this.controller.abort(stop.reason);
        if (stop.aborted)
            onStop();
        else {
            stop.addEventListener('abort', onStop, { once: true });
            this.controller.signal.addEventListener('abort', () => stop.removeEventListener('abort', onStop), {
                once: true,
            });
            this.release = () => stop.removeEventListener('abort', onStop);
        }
    }
    release;
    received = 0;
    get signal() {
        return this.controller.signal;
    }
    /** More bytes of a body of unknown length went out: the exchange may take longer. */
    sending(bytes) {
        this.sentBytes += bytes;
        this.arm(this.received);
    }
    answered(declaredBytes, body) {
        this.received = declaredBytes;
        this.arm(declaredBytes);
        if (body.closed || body.destroyed)
            this.done();
        else
            body.once('close', () => this.done());
    }
    done() {
        this.clear();
        this.release?.();
    }
    arm(receivedBytes) {
        this.clear();
        const allowed = this.timeoutMs + Math.ceil(((this.sentBytes + receivedBytes) / MIN_TRANSFER_BYTES_PER_S) * 1000);
        // Stated in whole seconds, rounded up: the request had at least that long.
        const stated = Math.ceil(allowed / 1000) * 1000;
        this.timer = setTimeout(() => this.controller.abort(new DeadlineExceeded(stated)), Math.max(0, this.started + allowed - Date.now()));
        this.timer.unref();
    }
    clear() {
        if (this.timer)
            clearTimeout(this.timer);
        this.timer = undefined;
    }
}
function isProduced(body) {
    return typeof body === 'object' && !(body instanceof Uint8Array) && !('pipe' in body);
}
/** The bytes of `body` as they are read, each counted into the exchange's deadline. */
async function* counted(body, deadline) {
    for await (const chunk of body) {
        deadline.sending(chunk.length);
        yield chunk;
    }
}
function eventUrl(url) {
    return `${url.protocol}//${url.host}${url.pathname}`;
}
function withProtocol(url, protocol) {
    const out = new URL(url.href);
    out.protocol = protocol;
    return out;
}
/**
 * The options with one secure context built from their `ca`, `cert` and `key`, for every connection:
 * tls.connect otherwise builds a context per connection, and with a CA file that parses Node's ~150 roots
 * each time (about 20 ms of CPU per connection on the 2-core bench machine, most of a round trip of the
 * bench's link when a parallel step opens several; docs/benchmarks.md, "Token auth and htpasswd over TLS").
 * Material the context refuses (a key that does not match its certificate) is left to tls.connect, which
 * fails the connection with the error it always did.
 */
function withSharedContext(options) {
    const { ca, cert, key, ...rest } = options;
    if (ca === undefined && cert === undefined)
        return options;
    try {
        return { ...rest, secureContext: external_node_tls_.createSecureContext({ ca, cert, key }) };
    }
    catch {
        return options;
    }
}
function defaultRoots() {
    const get = external_node_tls_.getCACertificates;
    try {
        if (get)
            return get('default');
    }
    catch {
        // older Node
    }
    return [...external_node_tls_.rootCertificates];
}

// EXTERNAL MODULE: ./src/digest-verifier.ts
var digest_verifier = __webpack_require__(4370);
;// CONCATENATED MODULE: ./src/registry/client.ts
/**
 * The OCI distribution client for one registry host (`createRegistryClient`). See transport.ts (https/http,
 * proxies, redirects), auth.ts (reactive Basic/Bearer), call.ts (retries, errors), blob-upload.ts and
 * tag-list.ts. Request budget: reactive auth costs the 401'd request + one token request + the retry; the
 * token is reused for every later request until it nears expiry; nothing is HEADed unless asked.
 */
















function createRegistryClient(options) {
    return new DistributionClient(options);
}
class DistributionClient {
    registry;
    requester;
    uploader;
    auth;
    transport;
    constructor(options) {
        this.registry = options.registry;
        const retry = {
            ...resolveRetryPolicy(options.retry),
            onRetry: (notice) => options.events?.onDebug?.({ kind: 'retry', ...notice }),
            signal: options.signal,
        };
        this.transport = new Transport({ ...options, events: options.events });
        const secret = (value) => this.requester.secret(value);
        this.auth = new Authenticator({
            transport: this.transport,
            credentials: options.credentials ?? { kind: 'anonymous' },
            events: options.events,
            retry,
            now: options.now ?? options.retry?.now ?? Date.now,
            secret,
        });
        this.requester = new RegistryRequester(this.transport, this.auth, retry, options.events);
        const c = options.credentials;
        if (c?.kind === 'basic')
            this.requester.secret(c.password);
        if (c?.kind === 'identity-token' || c?.kind === 'registry-token')
            this.requester.secret(c.token);
        this.uploader = new BlobUploader(this.requester, {
            chunkSize: options.chunkSize,
            uploadMode: options.uploadMode,
        });
    }
    declareAccess(repository, actions) {
        this.auth.declare(repository, actions === 'push' ? ['pull', 'push'] : ['pull']);
    }
    preconnect(count) {
        this.transport.preconnect(count);
    }
    async ping() {
        const res = await this.requester.call({
            method: 'GET',
            url: this.url('/v2/'),
            operation: 'GET /v2/',
            accept: [200],
        });
        await discard(res);
    }
    async headBlob(repository, digest) {
        const spec = {
            method: 'HEAD',
            url: this.url(`/v2/${repository}/blobs/${digest}`),
            operation: `HEAD blob ${(0,domain_digest/* shortDigest */.VK)(digest)}`,
            repository,
            accept: [200, 404, 403, 405],
        };
        let res = await this.requester.call(spec);
        if (res.status === 405) {
            // docs/registry-quirks.md#q18-head-405 (as for manifests): no HEAD; GET and drop the body after the
            // headers.
            res = await this.requester.call({ ...spec, method: 'GET', accept: [200, 404, 403] });
            res.body.destroy();
        }
        if (res.status === 404)
            return undefined;
        if (res.status === 403) {
            // docs/registry-quirks.md#q17-artifactory-403: Artifactory answers 403 for absent content.
            if (isArtifactory(res))
                return undefined;
            throw await this.requester.errorFor(spec, res);
        }
        await discard(res);
        const length = Number(firstHeader(res.headers['content-length']));
        return Number.isFinite(length) ? length : 0;
    }
    async mountBlob(repository, digest, fromRepository) {
        if (fromRepository === repository)
            return (await this.headBlob(repository, digest)) !== undefined;
        // docs/registry-quirks.md#q8-mount-needs-from and docs/registry-quirks.md#q9-mount-extra-params: only
        // `mount` and `from` (never a from-less mount, never `origin=`).
        const url = (0,registry_location/* withQuery */.VL)(this.url(`/v2/${repository}/blobs/uploads/`), {
            mount: digest,
            from: fromRepository,
        });
        const spec = {
            method: 'POST',
            url,
            headers: { 'content-length': '0' },
            operation: `POST blob mount ${(0,domain_digest/* shortDigest */.VK)(digest)} from ${fromRepository}`,
            repository,
            // docs/registry-quirks.md#q10-token-scopes: one token for repository:<dst>:pull,push and
            // repository:<src>:pull.
            scopes: [
                { repository, actions: ['pull', 'push'] },
                { repository: fromRepository, actions: ['pull'] },
            ],
            accept: [201, 202],
        };
        let res;
        try {
            res = await this.requester.call(spec);
        }
        catch (err) {
            // docs/registry-quirks.md#q7-mount-refused: Docker Hub/GitLab/Harbor refuse a mount from an
            // inaccessible or unknown source with 401/400/403/404 instead of 202: fall back to a plain upload.
            if ((0,registry_errors/* isRegistryError */.IP)(err) &&
                err.status >= 400 &&
                err.status < 500 &&
                err.status !== 429 &&
                err.status !== 408) {
                return false;
            }
            throw err;
        }
        await discard(res);
        if (res.status === 201)
            return true;
        // docs/registry-quirks.md#q5-mount-opens-session and docs/registry-quirks.md#q6-ecr-partial-mounts: 202
        // means an upload session was opened instead (ECR mounts are opt-in and partial): never success; the
        // session is reused by the next upload of this digest or cancelled on close.
        this.uploader.keepSession(repository, digest, res);
        return false;
    }
    uploadBlob(repository, blob) {
        return this.uploader.upload(repository, blob);
    }
    beginStreamedUpload(repository) {
        return this.uploader.beginStreamed(repository);
    }
    async getBlob(repository, digest) {
        const res = await this.requester.call({
            method: 'GET',
            url: this.url(`/v2/${repository}/blobs/${digest}`),
            operation: `GET blob ${(0,domain_digest/* shortDigest */.VK)(digest)}`,
            repository,
            accept: [200],
            // docs/registry-quirks.md#q4-cross-host-redirects: redirects to blob storage are followed without
            // Authorization (transport.send).
            followRedirects: true,
        });
        const length = Number(firstHeader(res.headers['content-length']));
        const where = this.requester.where(repository);
        const verify = (0,digest_verifier/* createDigestVerifier */.j)({ digest, size: Number.isFinite(length) && length >= 0 ? length : undefined }, (m) => blobMismatch(digest, where, m));
        // A body cut off or past its deadline is the coded, retryable error readLimited gives, not undici's own.
        let received = 0;
        res.body.on('data', (chunk) => (received += chunk.length));
        res.body.once('error', (cause) => verify.destroy(cutOffError(`GET blob ${(0,domain_digest/* shortDigest */.VK)(digest)} on ${where}`, received, 'GET', cause)));
        (0,external_node_stream_.pipeline)(res.body, verify, () => undefined);
        return verify;
    }
    async headManifest(repository, reference) {
        const spec = {
            method: 'HEAD',
            url: this.url(`/v2/${repository}/manifests/${reference}`),
            // docs/registry-quirks.md#q16-manifest-accept: the full Accept list, or registries answer 404, convert
            // to schema 1, or give another digest.
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY.join(', ') },
            operation: `HEAD manifest ${reference}`,
            repository,
            accept: [200, 404, 403, 405],
        };
        const res = await this.requester.call(spec);
        if (res.status === 404)
            return undefined;
        if (res.status === 403) {
            // docs/registry-quirks.md#q17-artifactory-403: Artifactory virtual repositories answer 403 for a
            // missing manifest; elsewhere a 403 is a real permission problem.
            if (isArtifactory(res))
                return undefined;
            throw await this.requester.errorFor(spec, res);
        }
        const digestHeader = firstHeader(res.headers['docker-content-digest']);
        const mediaType = contentType(res);
        const size = Number(firstHeader(res.headers['content-length']));
        if (res.status === 200 && digestHeader && (0,domain_digest/* isDigest */.Bc)(digestHeader) && mediaType && Number.isFinite(size)) {
            return { digest: digestHeader, mediaType, size };
        }
        if (res.status === 200 && (0,domain_digest/* isDigest */.Bc)(reference) && mediaType && Number.isFinite(size)) {
            return { digest: reference, mediaType, size };
        }
        // docs/registry-quirks.md#q18-head-405: HEAD answered 405 (or without Docker-Content-Digest): GET and
        // hash the bytes.
        try {
            const manifest = await this.getManifest(repository, reference);
            return { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.byteLength };
        }
        catch (err) {
            if ((0,registry_errors/* isRegistryError */.IP)(err) && (err.code === 'MANIFEST_UNKNOWN' || err.code === 'NAME_UNKNOWN'))
                return undefined;
            throw err;
        }
    }
    async getManifest(repository, reference) {
        const where = this.requester.where(repository);
        // A body cut off mid-way is retried like a failed request (readLimited makes it retryable).
        const { res, bytes } = await withRetry(this.requester.retry, async () => {
            const answer = await this.requester.call({
                method: 'GET',
                url: this.url(`/v2/${repository}/manifests/${reference}`),
                headers: { accept: media_types/* MANIFEST_ACCEPT */.dY.join(', ') },
                operation: `GET manifest ${reference}`,
                repository,
                accept: [200],
                retry: false,
            });
            const body = await readLimited(answer, content_limits/* MANIFEST_SIZE_LIMIT */.gn, `GET manifest ${reference} on ${where}`);
            return { res: answer, bytes: body };
        });
        const digest = (0,domain_digest/* sha256Digest */.sI)(bytes);
        const expected = (0,domain_digest/* isDigest */.Bc)(reference) ? reference : undefined;
        const header = firstHeader(res.headers['docker-content-digest']);
        for (const claimed of [expected, header && (0,domain_digest/* isDigest */.Bc)(header) ? header : undefined]) {
            if (claimed === undefined)
                continue;
            const actual = (0,domain_digest/* digestAlgorithm */.g4)(claimed) === 'sha256'
                ? digest
                : `sha512:${(0,external_node_crypto_.createHash)('sha512').update(bytes).digest('hex')}`;
            if (actual !== claimed) {
                throw new registry_errors/* RegistryError */.gl({
                    code: 'DIGEST_MISMATCH',
                    message: `GET manifest ${reference} on ${where} returned content hashing to ${actual}, not ${claimed}`,
                    hint: 'The registry or a proxy served a different manifest than it claims; re-run, and report it if it persists.',
                });
            }
        }
        let mediaType = contentType(res);
        if (!mediaType || !(0,media_types/* isManifestMediaType */.CM)(mediaType)) {
            try {
                const json = JSON.parse(Buffer.from(bytes).toString('utf8'));
                if (typeof json.mediaType === 'string')
                    mediaType = json.mediaType;
                else if (!mediaType)
                    mediaType = Array.isArray(json.manifests)
                        ? media_types/* MEDIA_TYPE_OCI_INDEX */.vX
                        : 'application/vnd.oci.image.manifest.v1+json';
            }
            catch {
                // leave the header's type
            }
        }
        return {
            bytes,
            mediaType: mediaType ?? 'application/octet-stream',
            digest: expected && (0,domain_digest/* digestAlgorithm */.g4)(expected) === 'sha512' ? expected : digest,
        };
    }
    async putManifest(repository, reference, manifest) {
        const local = (0,domain_digest/* sha256Digest */.sI)(manifest.bytes);
        const where = this.requester.where(repository);
        const url = this.url(`/v2/${repository}/manifests/${reference}`);
        let res;
        try {
            res = await this.requester.call({
                method: 'PUT',
                url,
                // docs/registry-quirks.md#q19-manifest-content-type and
                // docs/registry-quirks.md#q21-exact-manifest-bytes: the exact bytes, Content-Type equal to their
                // mediaType, no parameters.
                headers: { 'content-type': manifest.mediaType, 'content-length': String(manifest.bytes.byteLength) },
                body: async () => manifest.bytes,
                operation: `PUT manifest ${reference}`,
                repository,
                accept: [201, 200, 202, 204],
            });
        }
        catch (err) {
            // docs/registry-quirks.md#q30-immutable-tags: immutable tags refuse re-pushing a tag even with the same
            // digest: fine if it already is ours.
            if (!(0,domain_digest/* isDigest */.Bc)(reference) && isImmutableTagError(err)) {
                const head = await this.headManifest(repository, reference).catch(() => undefined);
                if (head?.digest === local)
                    return local;
            }
            throw err;
        }
        await discard(res);
        const returned = firstHeader(res.headers['docker-content-digest']);
        // docs/registry-quirks.md#q21-exact-manifest-bytes: a registry that omits Docker-Content-Digest is fine;
        // a different one is not.
        if (returned && (0,domain_digest/* digestAlgorithm */.g4)(returned) === 'sha256' && returned !== local) {
            throw new registry_errors/* RegistryError */.gl({
                code: 'DIGEST_MISMATCH',
                message: `PUT manifest ${reference} on ${where} stored ${returned}, not the pushed ${local}`,
                hint: 'The registry rewrote the manifest (a proxy or an old registry converting media types); push to a registry that stores manifests verbatim.',
                method: 'PUT',
                url: (0,registry_errors/* redactUrl */.BO)(res.url),
            });
        }
        return local;
    }
    // docs/registry-quirks.md#q31-no-referrers-api: 404 (or 400/405) means no referrers API, not an error.
    async getReferrers(repository, digest) {
        const res = await this.requester.call({
            method: 'GET',
            url: this.url(`/v2/${repository}/referrers/${digest}`),
            headers: { accept: media_types/* MEDIA_TYPE_OCI_INDEX */.vX },
            operation: `GET referrers of ${(0,domain_digest/* shortDigest */.VK)(digest)}`,
            repository,
            accept: [200, 404, 400, 405],
        });
        if (res.status !== 200) {
            await discard(res);
            return undefined;
        }
        const bytes = await readLimited(res, content_limits/* MANIFEST_SIZE_LIMIT */.gn, `GET referrers of ${digest} on ${this.requester.where(repository)}`);
        return { bytes, mediaType: contentType(res) ?? media_types/* MEDIA_TYPE_OCI_INDEX */.vX, digest: (0,domain_digest/* sha256Digest */.sI)(bytes) };
    }
    listTags(repository) {
        return listAllTags(this.requester, repository);
    }
    async close() {
        await this.uploader.cancelAll();
        await this.transport.close();
    }
    url(path) {
        return this.transport.url(path);
    }
}
function contentType(res) {
    const value = firstHeader(res.headers['content-type']);
    if (!value)
        return undefined;
    return value.split(';')[0]?.trim() || undefined;
}
/** docs/registry-quirks.md#q17-artifactory-403: Artifactory identifies itself in these headers. */
function isArtifactory(res) {
    const server = firstHeader(res.headers.server) ?? '';
    return (/artifactory/i.test(server) ||
        res.headers['x-artifactory-id'] !== undefined ||
        res.headers['x-jfrog-version'] !== undefined);
}
function isImmutableTagError(err) {
    if (!(0,registry_errors/* isRegistryError */.IP)(err) || err.status < 400 || err.status >= 500)
        return false;
    return err.diagnostics.some((d) => d.code === 'TAG_INVALID' ||
        /immutable|already exists|cannot be overwritten/i.test(`${d.message} ${String(d.detail ?? '')}`));
}
/** Reads a body up to `limit` bytes; larger is MANIFEST_TOO_LARGE (checked on Content-Length first). */
/** DIGEST_MISMATCH for a blob GET whose bytes do not match: the registry or a proxy served corrupt data. */
function blobMismatch(expected, where, mismatch) {
    const what = mismatch.kind === 'too-long'
        ? `more than the expected ${mismatch.limit} bytes`
        : mismatch.kind === 'size'
            ? `${mismatch.size} bytes instead of ${mismatch.limit}`
            : `content hashing to ${mismatch.actual}`;
    return new registry_errors/* RegistryError */.gl({
        code: 'DIGEST_MISMATCH',
        message: `GET blob ${expected} on ${where} returned ${what}`,
        hint: 'The registry or a proxy served corrupt data; re-run, and report it to the registry operator if it persists.',
    });
}

// EXTERNAL MODULE: ./src/registry/credentials.ts + 2 modules
var registry_credentials = __webpack_require__(9420);
;// CONCATENATED MODULE: ./src/registry/debug-events.ts

function describeDebugEvent(event) {
    switch (event.kind) {
        case 'request':
            return `HTTP ${event.method} ${event.url} → ${event.outcome} (${Math.round(event.durationMs)} ms)`;
        case 'retry':
            return `retry after attempt ${event.attempt} of ${event.attempts}, in ${(0,duration/* formatSeconds */.Xo)(event.delayMs)}: ${event.reason}`;
        case 'challenge': {
            const params = Object.entries(event.params)
                .map(([name, value]) => `${name}="${value}"`)
                .join(' ');
            return `auth challenge from ${event.registry}: ${event.scheme}${params ? ` ${params}` : ''}`;
        }
        case 'token-request':
            return `token request: ${event.method} ${event.realm} service=${event.service ?? '(none)'} scopes=${listOf(event.scopes)} ${event.identity}`;
        case 'token-granted':
            return `token granted by ${event.realm}: ${event.granted ? listOf(event.granted) : '(scopes not stated)'} (requested ${listOf(event.requested)}), expires in ${event.expiresInS} s`;
    }
}
/** Which credential the client uses for `registry` and where it came from (never the secret). */
function describeCredentialSource(registry, source, credentials) {
    const what = describeKind(credentials);
    switch (source.kind) {
        case 'explicit':
            return `credentials for ${registry}: the username and password given (${what})`;
        case 'config-entry':
            return `credentials for ${registry}: auths["${source.key}"] in ${source.file} (${what})`;
        case 'helper':
            return `credentials for ${registry}: docker-credential-${source.helper}, from ${source.key !== undefined ? `credHelpers["${source.key}"]` : 'credsStore'} in ${source.file} (${what})`;
        case 'none':
            return `credentials for ${registry}: anonymous (${source.read.length > 0 ? `no entry for ${registry} in ${source.read.join(', ')}` : `no Docker config or auth.json: none of ${source.missing.join(', ')} exists`})`;
    }
}
function describeKind(credentials) {
    switch (credentials.kind) {
        case 'anonymous':
            return 'anonymous';
        case 'basic':
            return `basic, user ${credentials.username}`;
        case 'identity-token':
            return `identity token${credentials.username ? `, user ${credentials.username}` : ''}`;
        case 'registry-token':
            return 'registry token';
    }
}
function listOf(scopes) {
    return scopes.length > 0 ? scopes.join(' ') : '(none)';
}

;// CONCATENATED MODULE: ./src/publish/connect.ts





/** A client for one registry host, with credentials resolved and every secret registered for masking. */
async function connectRegistry(options) {
    const { apiHost, secrets, log } = options;
    const timeoutMs = parseRequestTimeout(options.env.REGISTRY_PUBLISH_TIMEOUT_MS);
    const explicit = options.username ? { username: options.username, password: options.password ?? '' } : {};
    const { credentials, source } = await (0,registry_credentials/* findCredentials */.gD)(apiHost, explicit, options.env, {
        ...(options.repository ? { repository: options.repository } : {}),
        redact: (text) => secrets.redact(text),
        ...(options.signal ? { signal: options.signal } : {}),
    });
    log.debug(describeCredentialSource(apiHost, source, credentials));
    if (credentials.kind === 'basic')
        secrets.add(credentials.password);
    if (credentials.kind === 'identity-token' || credentials.kind === 'registry-token')
        secrets.add(credentials.token);
    const create = options.createClient ?? createRegistryClient;
    return create({
        ...(timeoutMs ? { timeoutMs } : {}),
        registry: apiHost,
        credentials,
        insecure: options.insecure,
        ...(options.caFile ? { caFile: options.caFile } : {}),
        ...(options.certDir ? { certDir: options.certDir } : {}),
        ...(options.clientCert ? { clientCert: options.clientCert } : {}),
        ...(options.clientKey ? { clientKey: options.clientKey } : {}),
        env: options.env,
        ...(options.signal ? { signal: options.signal } : {}),
        events: {
            onSecret: (value) => secrets.add(value),
            onWarning: (message) => log.warning(`${apiHost}: ${secrets.redact(message)}`),
            onDebug: (event) => log.debug(secrets.redact(describeDebugEvent(event))),
            ...(options.onRequest ? { onRequest: options.onRequest } : {}),
        },
    });
}
/**
 * `REGISTRY_PUBLISH_TIMEOUT_MS`: how long one registry request may go without progress (the transport's
 * idle timeouts, default 60 s), for slow or stalling registries. A separate setting from the run's
 * `timeout` (settings.ts), the whole run's deadline: a 2-hour run still cuts a request silent for a minute.
 * Read here, where both publish and `ls` connect, before any credential lookup or request.
 */
function parseRequestTimeout(value) {
    if (!value)
        return undefined;
    const ms = Number(value);
    if (!Number.isSafeInteger(ms) || ms < 100) {
        throw new errors/* PublishError */.S1('INPUT_INVALID', `REGISTRY_PUBLISH_TIMEOUT_MS must be a whole number of milliseconds (at least 100); got "${value}"`, {
            hint: `Unset it for the default of ${DEFAULT_TIMEOUT_MS}, or set e.g. REGISTRY_PUBLISH_TIMEOUT_MS=120000.`,
        });
    }
    return ms;
}


/***/ }),

/***/ 1358:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ createProgressGate)
/* harmony export */ });
/**
 * When a progress line is worth printing, per item (a blob, an archive entry): its first report, then at
 * most one per interval, and its last (`done`). The export and upload progress lines share it.
 */
function createProgressGate(intervalMs, now, 
/** The last report only for an item already shown (small items stay silent from start to end). */
lastOnlyIfShown) {
    const shown = new Map();
    return (key, done) => {
        const previous = shown.get(key);
        if (done) {
            shown.delete(key);
            return previous !== undefined || !lastOnlyIfShown;
        }
        const time = now();
        if (previous !== undefined && time - previous < intervalMs)
            return false;
        shown.set(key, time);
        return true;
    };
}


/***/ }),

/***/ 838:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  s: () => (/* binding */ failedTargets),
  j: () => (/* binding */ runPublish)
});

// EXTERNAL MODULE: ./src/domain/reference.ts
var domain_reference = __webpack_require__(8913);
// EXTERNAL MODULE: ./src/cancellation.ts
var cancellation = __webpack_require__(4632);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/bin-queue.ts
var bin_queue = __webpack_require__(8568);
// EXTERNAL MODULE: ./src/domain/digest.ts
var domain_digest = __webpack_require__(7522);
;// CONCATENATED MODULE: ./src/publish/blob-stager.ts
/**
 * Staged uploads: a source that learns a blob's digest only by producing its bytes (the engine's layers,
 * gzip-compressed as the save stream is read) sends those bytes into an upload session as it goes, so a
 * layer is compressed and sent once, the way `docker push` does, instead of compressed once to learn the
 * digest and again to upload it.
 *
 * Offered only for a repository with no tags yet (nothing there to compare with or skip). Each staged blob
 * is POST (opened ahead, StagerOptions.expected), then one PATCH whose body is the blob's bytes as they are
 * produced (chunked transfer encoding, as `docker push` sends a layer: no round trip between chunks, and
 * the link carries bytes from the first compressed block on; docs/registry-quirks.md#q14-content-length),
 * and stays uncommitted until `commit`. The source does not wait for a blob's bytes to go out before it
 * reads on (up to STAGE_BUFFER_BYTES held in all), so the next layers upload alongside. The publisher
 * commits (`PUT ?digest=`, no body) only the blobs of the loaded image, after the source has been read and
 * checked, right where it would otherwise upload them, each once its PATCH is answered. Anything that goes
 * wrong on the way only drops the stage (the blob is then uploaded the normal way); every session not
 * committed is cancelled with DELETE.
 */



/**
 * Compressed bytes the stages may hold, all together, before the source waits for uploads (bytes queued,
 * not yet read by their PATCH): the source moving on to the next layers while the earlier ones drain keeps
 * several sessions, hence the link, busy; the bound keeps memory flat.
 */
const STAGE_BUFFER_BYTES = 32 * 1024 * 1024;
/**
 * The queued bytes are copied into reusable bins of this size (bin-queue.ts: the pieces the compressor
 * gave die young instead of piling up as promoted garbage; docs/benchmarks.md, the S8 paragraph).
 */
const STAGE_BIN_BYTES = 1024 * 1024;
/**
 * Bytes a PATCH's body must have read past a bin's last byte before the bin is reused: more than a socket
 * can hold without undici waiting for its 'drain' (its high-water mark, 16 KiB).
 */
const SAFE_REUSE_BYTES = STAGE_BIN_BYTES;
/** Free bins kept beyond the budget's worth: the partly filled last bin of each stage. */
const SPARE_BINS = 16;
function createRegistryStager(client, repository, log, options = {}) {
    const stages = [];
    /** Cancels started by commit(), awaited by cancelAll(). */
    const background = [];
    const budget = new Budget(options.bufferBytes ?? STAGE_BUFFER_BYTES);
    const bins = new bin_queue/* BinPool */.E(STAGE_BIN_BYTES, Math.ceil(budget.limit / STAGE_BIN_BYTES) + SPARE_BINS);
    const sent = new Map();
    const open = () => {
        const opening = client.beginStreamedUpload(repository);
        opening.catch(() => undefined);
        return opening;
    };
    const ready = [];
    let begun = 0;
    const openAhead = () => {
        if (ready.length === 0 && begun < (options.expected ?? 0))
            ready.push(open());
    };
    openAhead();
    const cancelReady = async () => {
        await Promise.all(ready.splice(0).map(async (opening) => (await opening.catch(() => undefined))?.cancel()));
    };
    return {
        repository,
        begin() {
            const stage = new Stage(ready.shift() ?? open(), log, budget, bins);
            stages.push(stage);
            begun += 1;
            openAhead();
            return stage;
        },
        commit(wanted) {
            const committing = new Map();
            background.push(cancelReady());
            // The source has been read: no stage takes a bin again, so none is kept for later.
            bins.drain();
            for (const stage of stages.splice(0)) {
                const digest = stage.measured;
                if (digest !== undefined && wanted.has(digest) && !committing.has(digest)) {
                    committing.set(digest, stage.commitWhenSent(digest));
                    sent.set(digest, stage.settled().then((settled) => settled === digest, () => false));
                }
                else
                    background.push(stage.cancel());
            }
            return committing;
        },
        whenSent: (digest) => sent.get(digest),
        async cancelAll() {
            await Promise.all([
                cancelReady(),
                ...stages.splice(0).map((stage) => stage.cancel()),
                ...background.splice(0),
            ]);
        },
    };
}
/** The bytes all stages hold (queued or in a PATCH not answered yet), and the writers waiting for room. */
class Budget {
    limit;
    used = 0;
    waiters = [];
    constructor(limit) {
        this.limit = limit;
    }
    add(n) {
        this.used += n;
    }
    release(n) {
        this.used -= n;
        this.wake();
    }
    /** Resolves on the next release (or wake): the waiter checks again. */
    changed() {
        return new Promise((resolve) => this.waiters.push(resolve));
    }
    wake() {
        for (const resolve of this.waiters.splice(0))
            resolve();
    }
}
class Stage {
    opening;
    log;
    budget;
    bins;
    upload;
    failed = false;
    digest;
    queue;
    /** The PATCH that streams the blob (from when its session is open), settled once answered or failed. */
    sending;
    /** Bins the PATCH has read from and the position it must read up to before they are reused (body()). */
    held = [];
    /** Wakes the PATCH's body when bytes were queued or the stage ended or failed. */
    wakeBody;
    ended = false;
    closed = false;
    constructor(opening, log, budget, bins) {
        this.opening = opening;
        this.log = log;
        this.budget = budget;
        this.bins = bins;
        this.queue = new bin_queue/* BinQueue */.l(bins);
        this.sending = opening.then(async (upload) => {
            this.upload = upload;
            budget.wake();
            if (this.failed)
                return;
            try {
                await upload.send(this.body());
                // Answered: the registry has every byte, nothing reads the bins still held.
                this.bins.give(this.held.splice(0).map((h) => h.bin));
            }
            catch (err) {
                // A failed PATCH may leave a write pending: its bins are left to the garbage collector.
                this.fail(err);
            }
        }, (err) => this.fail(err));
    }
    async write(chunk) {
        if (this.failed || chunk.length === 0)
            return;
        this.queue.push(chunk);
        this.budget.add(chunk.length);
        this.wake();
        // Past the budget the source waits while the bytes held go out (every queued byte can go once the
        // session is open, so the wait always ends: with the PATCH's progress or the stage's failure).
        while (!this.failed && this.budget.used > this.budget.limit)
            await this.budget.changed();
    }
    /**
     * Lets the PATCH's body end after the bytes queued and returns: the source goes on to its next entry
     * while this one drains (settled() waits for it).
     */
    end(measured) {
        this.ended = true;
        if (!this.failed)
            this.digest = measured.digest;
        this.wake();
        return Promise.resolve();
    }
    abandon() {
        this.failed = true;
        this.budget.release(this.queue.length);
        this.queue.clear();
        this.wake();
    }
    /** The digest of a complete stage, or undefined when it failed or was abandoned. */
    async settled() {
        await this.sending;
        return this.ended && !this.failed ? this.digest : undefined;
    }
    /** The digest the source measured, once it ended the stage (its bytes may still be going out). */
    get measured() {
        return this.failed ? undefined : this.digest;
    }
    /** Waits for the PATCH's answer, then commits; a stage that failed meanwhile is cancelled (false). */
    async commitWhenSent(digest) {
        if ((await this.settled()) === digest && (await this.commit(digest)))
            return true;
        await this.cancel();
        return false;
    }
    async commit(digest) {
        try {
            await this.upload?.commit(digest);
            this.closed = this.upload !== undefined;
            return this.closed;
        }
        catch (err) {
            this.fail(err, digest);
            return false;
        }
    }
    async cancel() {
        this.abandon();
        await this.sending;
        if (this.closed)
            return;
        this.closed = true;
        const upload = this.upload ?? (await this.opening.catch(() => undefined));
        await upload?.cancel();
    }
    wake() {
        const wake = this.wakeBody;
        this.wakeBody = undefined;
        wake?.();
    }
    /**
     * The PATCH's body: the queued bytes as views of the bins, as they come, until the stage ends (or fails:
     * the body ends early, and the session is cancelled, never committed). A bin goes back to the pool only
     * once SAFE_REUSE_BYTES more have been read after its last byte: undici reads the next piece only after
     * its socket took the last one, waiting for 'drain' when the socket holds more than its high-water mark
     * (16 KiB), so the bytes still held by the socket are fewer than that and lie at the end of what was read.
     */
    async *body() {
        let read = 0;
        for (;;) {
            if (this.failed)
                return;
            if (this.queue.length === 0) {
                if (this.ended)
                    return;
                await new Promise((resolve) => (this.wakeBody = resolve));
                continue;
            }
            const { parts, spent } = this.queue.take(STAGE_BIN_BYTES, this.ended);
            for (const part of parts) {
                read += part.length;
                yield part;
                this.budget.release(part.length);
            }
            for (const bin of spent)
                this.held.push({ bin, until: read + SAFE_REUSE_BYTES });
            while (this.held.length > 0 && this.held[0].until <= read)
                this.bins.give([this.held.shift().bin]);
        }
    }
    fail(err, digest) {
        if (!this.failed)
            this.log.debug(`staged upload${digest ? ` of ${(0,domain_digest/* shortDigest */.VK)(digest)}` : ''} dropped, the blob will be uploaded again: ${(0,errors/* formatError */.Wk)(err)}`);
        this.abandon();
    }
}

// EXTERNAL MODULE: ./src/publish/connect.ts + 13 modules
var connect = __webpack_require__(4899);
// EXTERNAL MODULE: ./src/bounded-read.ts
var bounded_read = __webpack_require__(4472);
// EXTERNAL MODULE: ./src/domain/content-limits.ts
var content_limits = __webpack_require__(7614);
// EXTERNAL MODULE: ./src/domain/version.ts
var domain_version = __webpack_require__(3356);
// EXTERNAL MODULE: ./src/domain/version-tag.ts
var version_tag = __webpack_require__(6937);
;// CONCATENATED MODULE: ./src/domain/known-image-tags.ts


/** At most this many existing images are read per target to find layers it already holds. */
const KNOWN_IMAGE_TAGS_MAX = 3;
/**
 * The existing tags whose images are read before an engine image is exported, most useful first: the tag
 * of the version being published (a re-run), the highest release of the variant (the previous release),
 * then `latest`. Bounded, so a repository with thousands of tags costs the same few reads.
 */
function chooseKnownImageTags(existing, version, variant) {
    const wanted = version === undefined ? undefined : (0,domain_version/* tryParseVersion */.z0)(version)?.normalized;
    let same;
    let highest;
    for (const tag of existing) {
        const parsed = (0,version_tag/* parseVersionTag */._)(tag, variant);
        if (!parsed)
            continue;
        if (wanted !== undefined && parsed.normalized === wanted)
            same ??= tag;
        if ((0,domain_version/* isPrerelease */.V1)(parsed))
            continue;
        if (!highest || (0,domain_version/* compareVersions */.Zy)(parsed, highest.version) > 0)
            highest = { tag, version: parsed };
    }
    const latest = variant ? variant : 'latest';
    const picks = [same, highest?.tag, existing.includes(latest) ? latest : undefined];
    return [...new Set(picks.filter((t) => t !== undefined))].slice(0, KNOWN_IMAGE_TAGS_MAX);
}

// EXTERNAL MODULE: ./src/domain/manifest.ts
var domain_manifest = __webpack_require__(2359);
// EXTERNAL MODULE: ./src/domain/media-types.ts
var media_types = __webpack_require__(4648);
;// CONCATENATED MODULE: ./src/domain/platform-index.ts



/** buildx marks the manifest of a platform's provenance/SBOM this way, pointing at the platform's digest. */
const ATTESTATION_TYPE_ANNOTATION = 'vnd.docker.reference.type';
const ATTESTATION_REFERENCE_ANNOTATION = 'vnd.docker.reference.digest';
/**
 * Builds the index of several platforms: one image per platform (a second one for the same platform is
 * refused, naming both origins), images ordered by platform and attestation manifests after them in the
 * order of the image they describe, so the same children always give the same bytes. A Docker manifest
 * list when every child is a Docker schema 2 manifest and there are no annotations (as
 * `docker buildx imagetools create` does).
 */
function buildPlatformIndex(entries, annotations) {
    const images = new Map();
    const attestations = new Map();
    for (const entry of entries) {
        if (isAttestation(entry.descriptor)) {
            attestations.set(entry.descriptor.digest, entry);
            continue;
        }
        const platform = entry.platform ?? entry.descriptor.platform;
        if (!platform) {
            throw new errors/* PublishError */.S1('SOURCE_INVALID', `The platform of ${entry.origin} is unknown`, {
                hint: 'Its config names no os and architecture; rebuild the image with a platform set.',
            });
        }
        const key = platformKey(platform);
        const other = images.get(key);
        if (other && other.descriptor.digest !== entry.descriptor.digest) {
            throw new errors/* PublishError */.S1('PLATFORM_DUPLICATE', `${other.origin} and ${entry.origin} are both ${formatFullPlatform(platform)}`, { hint: 'List one image per platform; a merged index has one child per platform.' });
        }
        images.set(key, {
            ...entry,
            descriptor: {
                mediaType: entry.descriptor.mediaType,
                digest: entry.descriptor.digest,
                size: entry.descriptor.size,
                platform: normalizePlatform(platform),
            },
        });
    }
    const ordered = [...images.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    const position = new Map(ordered.map((e, i) => [e.descriptor.digest, i]));
    const rank = (e) => position.get(e.descriptor.annotations?.[ATTESTATION_REFERENCE_ANNOTATION] ?? '') ?? ordered.length;
    const attached = [...attestations.values()].sort((a, b) => rank(a) - rank(b) || (a.descriptor.digest < b.descriptor.digest ? -1 : 1));
    const all = [...ordered, ...attached];
    // A Docker manifest list has no annotations: with annotations the result is an OCI index.
    const annotated = annotations !== undefined && Object.keys(annotations).length > 0;
    const docker = !annotated && all.every((e) => e.descriptor.mediaType === media_types/* MEDIA_TYPE_DOCKER_MANIFEST */.P);
    const mediaType = docker ? media_types/* MEDIA_TYPE_DOCKER_MANIFEST_LIST */.SK : media_types/* MEDIA_TYPE_OCI_INDEX */.vX;
    const document = {
        schemaVersion: 2,
        mediaType,
        manifests: all.map((e) => e.descriptor),
        ...(annotated ? { annotations } : {}),
    };
    return { manifest: (0,domain_manifest/* toRawManifest */.rG)(Buffer.from(JSON.stringify(document)), mediaType), entries: all };
}
function isAttestation(descriptor) {
    return descriptor.annotations?.[ATTESTATION_TYPE_ANNOTATION] === 'attestation-manifest';
}
/** os/architecture/variant, with the os.version when there is one (Windows images). */
function formatFullPlatform(platform) {
    const base = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    return platform['os.version'] ? `${base} (os.version ${platform['os.version']})` : base;
}
function platformKey(platform) {
    return [platform.os, platform.architecture, platform.variant ?? '', platform['os.version'] ?? ''].join('\0');
}
/** Fields in one fixed order, empty ones dropped: the same platform always serialises the same way. */
function normalizePlatform(platform) {
    return {
        architecture: platform.architecture,
        os: platform.os,
        ...(platform['os.version'] ? { 'os.version': platform['os.version'] } : {}),
        ...(platform.variant ? { variant: platform.variant } : {}),
    };
}

;// CONCATENATED MODULE: ./src/domain/partial-index.ts

/**
 * The child to publish instead of an incomplete index: a present image manifest (not an attestation) of
 * `platform` (the engine's platform for the image; when unknown, the only present one), the exact variant
 * first. Undefined when there is none.
 */
function choosePresentChild(children, platform) {
    const present = children.filter((c) => c.present && !isAttestation(c.descriptor));
    if (!platform)
        return present.length === 1 ? present[0] : undefined;
    const matching = present.filter((c) => c.descriptor.platform && samePlatform(c.descriptor.platform, platform));
    return (matching.find((c) => normalizeVariant(c.descriptor.platform) === normalizeVariant(platform)) ??
        matching[0]);
}
/** Same os and architecture; variants agree where both are given (arm64's empty variant is v8). */
function samePlatform(a, b) {
    if (a.os !== b.os || a.architecture !== b.architecture)
        return false;
    const va = normalizeVariant(a);
    const vb = normalizeVariant(b);
    return va === undefined || vb === undefined || va === vb;
}
function normalizeVariant(platform) {
    if (!platform)
        return undefined;
    if (platform.architecture === 'arm64' && (platform.variant ?? '') === '')
        return 'v8';
    return platform.variant || undefined;
}

// EXTERNAL MODULE: ./src/source/source-errors.ts
var source_errors = __webpack_require__(5742);
;// CONCATENATED MODULE: ./src/source/image-selection.ts



/**
 * The entry to load: the only one, or the one the selection names. IMAGE_NOT_FOUND when the selection
 * names none, SOURCE_AMBIGUOUS when more than one image is left, SOURCE_INVALID when there is none at all.
 */
async function selectImage(entries, selection, format) {
    const { ref, imageId } = selection;
    const { description } = format;
    if (entries.length === 0) {
        throw (0,source_errors/* sourceInvalid */.DA)(`${description} lists no images${format.emptyDetail ?? ''}`, 'Export the image again.');
    }
    let candidates;
    if (imageId !== undefined) {
        candidates = await format.matchImageId(entries, imageId);
        if (candidates.length === 0 && distinct(entries, format).length === 1)
            candidates = [...entries];
        if (candidates.length === 0) {
            throw new errors/* PublishError */.S1('IMAGE_NOT_FOUND', `The image ${imageId} is not in ${description}`, {
                hint: 'The engine changed while reading; run again.',
            });
        }
    }
    else if (ref !== undefined) {
        candidates = format.matchRef(entries, ref);
        if (candidates.length === 0) {
            throw new errors/* PublishError */.S1('IMAGE_NOT_FOUND', `${description} has no image ${JSON.stringify(ref)}; it holds ${listEntries(entries, entries, format)}`, { hint: `Name one of them after the path, e.g. ${format.refExample(format.refFor(entries[0]))}.` });
        }
    }
    else {
        candidates = [...entries];
    }
    const unique = distinct(candidates, format);
    if (unique.length > 1) {
        throw new errors/* PublishError */.S1('SOURCE_AMBIGUOUS', `${description} holds ${unique.length} images: ${listEntries(candidates, entries, format)}`, {
            hint: `Say which one to publish after the path, e.g. ${format.refExample(format.refFor(unique[0]))}.`,
        });
    }
    return unique[0];
}
/** The `@N` form of a REF: the entry at that position. */
function matchPosition(entries, ref) {
    const position = /^@(\d+)$/.exec(ref);
    if (!position)
        return undefined;
    const entry = entries[Number(position[1])];
    return entry ? [entry] : [];
}
/** `app` → `docker.io/library/app:latest`; unparsable names stay as they are. */
function normalizeImageName(name) {
    try {
        const r = (0,domain_reference/* parseReference */.F2)(name);
        return `${r.registry}/${r.repository}${r.digest && !r.tag ? '' : `:${r.tag ?? 'latest'}`}${r.digest ? `@${r.digest}` : ''}`;
    }
    catch {
        return name;
    }
}
/** Whether an image name a tool recorded (a RepoTag, a containerd name) is the one the user wrote. */
function sameImageName(recorded, wanted) {
    return recorded === wanted || normalizeImageName(recorded) === normalizeImageName(wanted);
}
function distinct(entries, format) {
    return [...new Map(entries.map((e) => [format.identity(e), e])).values()];
}
const LISTED_MAX = 20;
function listEntries(shown, all, format) {
    const names = shown.map((e) => format.describe(e, all));
    const listed = names.slice(0, LISTED_MAX).join(', ');
    return names.length > LISTED_MAX ? `${listed} and ${names.length - LISTED_MAX} more` : listed;
}

// EXTERNAL MODULE: ./src/source/gzip-layer.ts
var gzip_layer = __webpack_require__(6245);
// EXTERNAL MODULE: ./src/source/verify-stream.ts
var verify_stream = __webpack_require__(8417);
;// CONCATENATED MODULE: ./src/source/layer-conversion.ts




const MEDIA_TYPE_DOCKER_LAYER_UNCOMPRESSED = 'application/vnd.docker.image.rootfs.diff.tar';
const MEDIA_TYPE_OCI_LAYER_NONDISTRIBUTABLE = 'application/vnd.oci.image.layer.nondistributable.v1.tar';
const COMPRESSED_TYPE = {
    [media_types/* MEDIA_TYPE_OCI_LAYER */.ML]: media_types/* MEDIA_TYPE_OCI_LAYER_GZIP */.F_,
    [MEDIA_TYPE_OCI_LAYER_NONDISTRIBUTABLE]: `${MEDIA_TYPE_OCI_LAYER_NONDISTRIBUTABLE}+gzip`,
    [MEDIA_TYPE_DOCKER_LAYER_UNCOMPRESSED]: media_types/* MEDIA_TYPE_DOCKER_LAYER_GZIP */.qs,
};
/** The gzip media type for an uncompressed layer type, else undefined (the layer is kept as it is). */
function gzipMediaTypeFor(mediaType) {
    return COMPRESSED_TYPE[mediaType];
}
/** Compresses a layer once and returns the compressed digest and size (DIGEST_MISMATCH if the input changed). */
async function measureLayer(layer, data) {
    const { compressed, uncompressed } = await (0,gzip_layer/* measureCompression */.Pg)(data);
    if (uncompressed.digest !== layer.digest)
        throw (0,source_errors/* digestMismatch */.H3)(layer.where, layer.digest, uncompressed.digest);
    return compressed;
}
/**
 * The BlobSource of a converted layer: the uncompressed bytes are verified against the diff ID, compressed
 * and verified against the compressed digest measured by load().
 */
function gzipBlobSource(layer, compressed, mediaType, label, annotations) {
    const descriptor = {
        mediaType,
        digest: compressed.digest,
        size: compressed.size,
        ...(annotations ? { annotations } : {}),
    };
    return {
        descriptor,
        label,
        async open() {
            const input = await layer.open();
            const compressedStream = (0,gzip_layer/* compressLayer */.ww)(input, (0,verify_stream/* createVerifyStream */.Ih)(layer, layer.where));
            return (0,verify_stream/* chain */.cy)(compressedStream, (0,verify_stream/* createVerifyStream */.Ih)(descriptor, `the gzip-compressed ${layer.where} (compressed differently than when it was loaded)`));
        },
    };
}

;// CONCATENATED MODULE: ./src/source/traversal-bounds.ts
/**
 * Bounds on the shape of an image tree, the same for every source (layouts, archives, registries), so a
 * hostile index cannot cost unbounded time, memory or requests: an 84 KB layout of one index listing the
 * same child 100 × 100 × 100 times expands to a million manifests. Each distinct manifest is read once
 * (repeats share the bytes), every index is checked for its entry count before any child is
 * read, the manifests read per load are budgeted (for `docker://` sources that is the request budget),
 * and the expanded tree, which the publisher walks, is bounded too. Real images are far inside: a Docker
 * Official Image index lists about 16 manifests (8 platforms and their attestations), one level deep.
 */

/** Index nesting below the top manifest. */
const MAX_INDEX_DEPTH = 8;
/** Entries one index may list. */
const MAX_INDEX_ENTRIES = 512;
/** Manifests read (fetched) per load, distinct ones: the request budget of a remote source. */
const MAX_MANIFEST_READS = 1024;
/** Manifests in the expanded tree (repeats counted every time they are listed). */
const MAX_TREE_MANIFESTS = 1024;
const HINT = 'Real images stay far inside these bounds; publish the image by its platform manifests, or rebuild the index.';
/** One budget per load(). */
class TraversalBudget {
    description;
    visited = 0;
    memo = new Map();
    constructor(description) {
        this.description = description;
    }
    /** Each time a manifest is placed in the tree (repeats included), before it is read or expanded. */
    enter(depth) {
        if (depth > MAX_INDEX_DEPTH)
            throw (0,source_errors/* sourceUnsupported */.Jl)(`${this.description} nests indexes more than ${MAX_INDEX_DEPTH} deep (a cycle?)`, HINT);
        if (++this.visited > MAX_TREE_MANIFESTS)
            throw (0,source_errors/* sourceUnsupported */.Jl)(`${this.description} expands to more than ${MAX_TREE_MANIFESTS} manifests (an index listing the same children over and over?)`, HINT);
    }
    /** `read` once per digest (and budgeted); later calls share the result. */
    once(digest, read) {
        let result = this.memo.get(digest);
        if (!result) {
            if (this.memo.size >= MAX_MANIFEST_READS)
                throw (0,source_errors/* sourceUnsupported */.Jl)(`${this.description} has more than ${MAX_MANIFEST_READS} distinct manifests to read`, HINT);
            result = read();
            this.memo.set(digest, result);
        }
        return result;
    }
    /** Before reading an index's children. */
    checkEntries(count, where) {
        if (count > MAX_INDEX_ENTRIES)
            throw (0,source_errors/* sourceUnsupported */.Jl)(`${where} lists ${count} manifests, more than the ${MAX_INDEX_ENTRIES} one index may list`, HINT);
    }
}

;// CONCATENATED MODULE: ./src/source/layout-loader.ts











const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
const IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';
/** Parses the layout's `index.json` (an OCI image index). */
function parseIndexJson(bytes, where) {
    const doc = (0,domain_manifest/* parseManifest */.Ng)(bytes, media_types/* MEDIA_TYPE_OCI_INDEX */.vX, where);
    if (doc.kind !== 'index')
        throw (0,source_errors/* sourceInvalid */.DA)(`${where} is not an image index`, "An OCI layout's index.json lists images; re-export the image.");
    return [...doc.manifests];
}
async function loadFromLayout(store, entries, options) {
    const chosen = await selectEntry(store, entries, options);
    const engine = options.engine;
    const read = await readNode(store, chosen, '', 0, new TraversalBudget(store.description), !!engine);
    const root = read.absent?.length ? choosePresent(read, engine?.platform, store.description) : read;
    const images = collectImages(root);
    // Every blob present with its declared size. Contents are checked by BlobSource.verify(), which the
    // publisher calls before its first write (a run that writes nothing reads no layer).
    const blobs = new Map();
    for (const image of images) {
        if (image.doc.kind !== 'image')
            continue;
        image.doc.layers.forEach((layer, i) => {
            if (!blobs.has(layer.digest))
                blobs.set(layer.digest, {
                    descriptor: layer,
                    what: `layer ${i + 1}${image.path ? ` of ${image.path}` : ''}`,
                });
        });
    }
    for (const [digest, { descriptor, what }] of blobs) {
        const size = await store.size(digest);
        if (size === undefined)
            throw (0,source_errors/* blobMissing */._5)(digest, what, store.description);
        if (size !== descriptor.size)
            throw (0,source_errors/* sizeMismatch */.sf)(store.where(digest), digest, descriptor.size, `${size} bytes`);
    }
    // Engine output: compress uncompressed layers once to learn their compressed digests.
    const compressed = new Map();
    const known = options.convertUncompressed ? (options.knownLayers ?? new Map()) : new Map();
    if (options.convertUncompressed) {
        const toCompress = [...blobs.values()]
            .map((b) => b.descriptor)
            .filter((d) => gzipMediaTypeFor(d.mediaType) !== undefined)
            .filter((d) => !known.has(d.digest))
            .filter((d) => {
            const measured = store.measuredGzip(d);
            if (measured)
                compressed.set(d.digest, measured);
            return measured === undefined;
        });
        checkDiffIds(images, store);
        // A reused layer is never read again: the scan's hash of the engine's bytes must match its name.
        for (const { descriptor } of blobs.values())
            if (known.has(descriptor.digest) && gzipMediaTypeFor(descriptor.mediaType) !== undefined)
                await store.verify(descriptor);
        await store.visit(toCompress, options.concurrency, async (descriptor, data) => {
            compressed.set(descriptor.digest, await measureLayer(uncompressedLayer(store, descriptor), data));
        });
    }
    return build(store, root, compressed, known, engine?.origin);
}
/** The manifest `docker push` would push of an index the engine holds only in part (its platform's). */
function choosePresent(node, platform, description) {
    const doc = node.doc;
    if (doc.kind !== 'index')
        return node;
    const byDigest = new Map(node.children.map((c) => [c.descriptor.digest, c]));
    const chosen = choosePresentChild(doc.manifests.map((descriptor) => ({ descriptor, present: byDigest.has(descriptor.digest) })), platform);
    const child = chosen && byDigest.get(chosen.descriptor.digest);
    if (child)
        return child;
    throw new errors/* PublishError */.S1('IMAGE_NOT_FOUND', `${description} holds the content of no ${platform ? (0,domain_manifest/* formatPlatform */.Bq)(platform) : 'single'} image of the multi-platform image ${node.descriptor.digest} (incomplete there: ${node.absent?.length ?? 0} of its ${doc.manifests.length} manifests)`, {
        hint: 'Pull the image for this platform (docker pull --platform os/arch NAME), or build it here, then run again.',
    });
}
/** Whether the layout holds an image manifest, its config and every layer (an index: its manifest). */
async function isPresent(store, descriptor) {
    if ((await store.size(descriptor.digest)) === undefined)
        return false;
    const doc = (0,domain_manifest/* parseManifest */.Ng)(await store.read(descriptor, content_limits/* MANIFEST_SIZE_LIMIT */.gn), descriptor.mediaType, store.where(descriptor.digest));
    if (doc.kind === 'index')
        return true;
    for (const blob of [doc.config, ...doc.layers])
        if ((await store.size(blob.digest)) === undefined)
            return false;
    return true;
}
function collectImages(node) {
    return node.doc.kind === 'image' ? [node] : node.children.flatMap(collectImages);
}
function selectEntry(store, entries, options) {
    return selectImage(entries, options.selection, {
        description: store.description,
        emptyDetail: ' (index.json is empty)',
        async matchImageId(all, imageId) {
            const byDigest = all.filter((e) => e.digest === imageId);
            if (byDigest.length > 0)
                return byDigest;
            const byConfig = [];
            for (const entry of all)
                if ((await configDigestOf(store, entry)) === imageId)
                    byConfig.push(entry);
            return byConfig;
        },
        matchRef,
        identity: (e) => e.digest,
        describe: describeEntry,
        refFor: entryRef,
        refExample: options.refExample,
    });
}
/** A REF that names the entry: its ref name, else its digest. */
function entryRef(entry) {
    if (!entry)
        return 'latest';
    return (entry.annotations?.[REF_NAME_ANNOTATION] ?? entry.annotations?.[IMAGE_NAME_ANNOTATION] ?? entry.digest);
}
async function configDigestOf(store, entry) {
    if ((await store.size(entry.digest)) === undefined)
        return undefined;
    const bytes = await store.read(entry, content_limits/* MANIFEST_SIZE_LIMIT */.gn);
    const doc = (0,domain_manifest/* parseManifest */.Ng)(bytes, entry.mediaType, store.where(entry.digest));
    return doc.kind === 'image' ? doc.config.digest : undefined;
}
/** Entries matching a REF: `@N`, a digest, a ref name, or an image name (normalised as Docker does). */
function matchRef(entries, ref) {
    const atPosition = matchPosition(entries, ref);
    if (atPosition)
        return atPosition;
    if ((0,domain_digest/* isDigest */.Bc)(ref))
        return entries.filter((e) => e.digest === ref);
    const byRefName = entries.filter((e) => e.annotations?.[REF_NAME_ANNOTATION] === ref);
    if (byRefName.length > 0)
        return byRefName;
    return entries.filter((e) => {
        const name = e.annotations?.[IMAGE_NAME_ANNOTATION];
        return name !== undefined && sameImageName(name, ref);
    });
}
function describeEntry(e) {
    const name = e.annotations?.[REF_NAME_ANNOTATION] ?? e.annotations?.[IMAGE_NAME_ANNOTATION];
    const platform = e.platform ? ` (${(0,domain_manifest/* formatPlatform */.Bq)(e.platform)})` : '';
    return name !== undefined
        ? `${JSON.stringify(name)} (${e.digest.slice(0, 19)}…)${platform}`
        : `${e.digest}${platform}`;
}
async function readNode(store, descriptor, path, depth, budget, 
/** The engine's export: the top index's incomplete children are noted (`absent`), not an error. */
lenient = false) {
    budget.enter(depth);
    const where = store.where(descriptor.digest);
    const { raw, doc, configBytes } = await budget.once(descriptor.digest, async () => {
        const what = depth === 0 ? 'manifest' : `manifest of ${path || 'a child'}`;
        if ((await store.size(descriptor.digest)) === undefined)
            throw (0,source_errors/* blobMissing */._5)(descriptor.digest, what, store.description);
        const bytes = await store.read(descriptor, content_limits/* MANIFEST_SIZE_LIMIT */.gn);
        const doc = (0,domain_manifest/* parseManifest */.Ng)(bytes, descriptor.mediaType, where);
        const raw = (0,domain_manifest/* toRawManifest */.rG)(bytes, doc.mediaType);
        if (doc.kind === 'index')
            return { raw, doc, configBytes: undefined };
        const configWhat = `config${path ? ` of ${path}` : ''}`;
        if ((await store.size(doc.config.digest)) === undefined)
            throw (0,source_errors/* blobMissing */._5)(doc.config.digest, configWhat, store.description);
        return { raw, doc, configBytes: await store.read(doc.config, content_limits/* CONFIG_SIZE_LIMIT */.j$) };
    });
    if (doc.kind !== 'index')
        return { descriptor, raw, doc, path, children: [], configBytes };
    budget.checkEntries(doc.manifests.length, where);
    const children = [];
    const absent = [];
    for (const child of doc.manifests) {
        if (lenient && depth === 0 && !(await isPresent(store, child))) {
            absent.push(child);
            continue;
        }
        const childPath = [path, child.platform ? (0,domain_manifest/* formatPlatform */.Bq)(child.platform) : child.digest.slice(7, 19)]
            .filter(Boolean)
            .join(' > ');
        children.push(await readNode(store, child, childPath, depth + 1, budget));
    }
    return { descriptor, raw, doc, path, children, ...(absent.length > 0 ? { absent } : {}) };
}
/** For converted images: each uncompressed layer's digest must be the config's diff ID at its position. */
function checkDiffIds(images, store) {
    for (const image of images) {
        if (image.doc.kind !== 'image' || !image.configBytes)
            continue;
        const layers = image.doc.layers;
        if (!layers.some((l) => gzipMediaTypeFor(l.mediaType) !== undefined))
            continue;
        const diffIds = readDiffIds(image.configBytes);
        if (diffIds === undefined || diffIds.length !== layers.length)
            continue;
        layers.forEach((layer, i) => {
            if (gzipMediaTypeFor(layer.mediaType) !== undefined && diffIds[i] !== layer.digest) {
                throw (0,source_errors/* digestMismatch */.H3)(`${store.where(layer.digest)} (layer ${i + 1}; the config's rootfs.diff_ids[${i}] disagrees)`, diffIds[i], layer.digest);
            }
        });
    }
}
function readDiffIds(configBytes) {
    try {
        const config = JSON.parse(configBytes.toString('utf8'));
        const ids = config.rootfs?.diff_ids;
        return Array.isArray(ids) && ids.every((x) => typeof x === 'string') ? ids : undefined;
    }
    catch {
        return undefined;
    }
}
function uncompressedLayer(store, descriptor) {
    return {
        digest: descriptor.digest,
        size: descriptor.size,
        where: store.where(descriptor.digest),
        open: () => store.openRaw(descriptor.digest),
    };
}
/**
 * A layer or config of the layout. open() hashes while streaming until verify() has checked the whole
 * blob; after that it streams the bytes as they are (sha256 of a 1 GiB layer is about a second of CPU that
 * would compete with the upload), since the registry checks the digest again before it commits the
 * upload (`PUT …?digest=`; a blob changed on disk in between is refused as DIGEST_INVALID, never stored).
 * A directory's blob also has openChecked(): its one-pass upload, hashed as it is sent.
 */
function blobSource(store, descriptor, label) {
    let verification;
    let checked = false;
    return {
        descriptor,
        label,
        ...(store.verifyReads
            ? {
                openChecked: async () => (0,verify_stream/* measured */.jh)(await store.openRaw(descriptor.digest), descriptor, store.where(descriptor.digest)),
            }
            : {}),
        verify: () => (verification ??= store.verify(descriptor).then(() => {
            checked = true;
        })),
        async open() {
            const raw = await store.openRaw(descriptor.digest);
            return checked ? raw : (0,verify_stream/* verified */.zr)(raw, descriptor, store.where(descriptor.digest));
        },
    };
}
/** Builds the Artifact; rewrites manifests whose layers were compressed and the indexes above them. */
function build(store, node, compressed, known, engineOrigin) {
    const of = `${node.path ? `${node.path} in ` : ''}${store.description}`;
    if (node.doc.kind === 'index') {
        const children = node.children.map((child) => build(store, child, compressed, known, engineOrigin));
        const changed = children.some((c, i) => c.manifest.digest !== node.children[i]?.raw.digest);
        const manifest = changed ? rewriteIndex(node.raw, children) : node.raw;
        const index = {
            kind: 'index',
            manifest,
            descriptor: withManifest(node.descriptor, manifest),
            children,
        };
        return index;
    }
    const doc = node.doc;
    const config = blobSource(store, doc.config, `config of ${of}`);
    const layers = doc.layers.map((layer, i) => {
        const label = `layer ${i + 1} of ${of}`;
        const gzipType = gzipMediaTypeFor(layer.mediaType);
        const reused = gzipType === undefined ? undefined : known.get(layer.digest);
        // The registry's gzip bytes under this manifest's own media type family (OCI here).
        if (reused && gzipType)
            return reusedLayer(reused, gzipType, layer);
        // Already compressed in the engine's export: the engine's own blob, published byte for byte.
        if (gzipType === undefined)
            return engineOrigin
                ? { ...blobSource(store, layer, label), foundIn: engineOrigin }
                : blobSource(store, layer, label);
        const measured = compressed.get(layer.digest);
        if (measured === undefined)
            return blobSource(store, layer, label);
        return gzipBlobSource(uncompressedLayer(store, layer), measured, gzipType, label, layer.annotations);
    });
    const changed = layers.some((l, i) => l.descriptor.digest !== doc.layers[i]?.digest);
    const manifest = changed ? rewriteManifest(node.raw, layers) : node.raw;
    const image = {
        kind: 'image',
        manifest,
        descriptor: withManifest(node.descriptor, manifest),
        config,
        layers,
    };
    return image;
}
function reusedLayer(known, mediaType, layer) {
    const { digest, size } = known.descriptor;
    return {
        ...known,
        descriptor: { mediaType, digest, size, ...(layer.annotations ? { annotations: layer.annotations } : {}) },
    };
}
function withManifest(descriptor, manifest) {
    return {
        ...descriptor,
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.bytes.byteLength,
    };
}
function rewriteManifest(raw, layers) {
    const json = JSON.parse(Buffer.from(raw.bytes).toString('utf8'));
    json.layers = json.layers.map((layer, i) => {
        const d = layers[i]?.descriptor;
        return d ? { ...layer, mediaType: d.mediaType, digest: d.digest, size: d.size } : layer;
    });
    return (0,domain_manifest/* toRawManifest */.rG)(Buffer.from(JSON.stringify(json)), raw.mediaType);
}
function rewriteIndex(raw, children) {
    const json = JSON.parse(Buffer.from(raw.bytes).toString('utf8'));
    json.manifests = json.manifests.map((entry, i) => {
        const m = children[i]?.manifest;
        return m ? { ...entry, mediaType: m.mediaType, digest: m.digest, size: m.bytes.byteLength } : entry;
    });
    return (0,domain_manifest/* toRawManifest */.rG)(Buffer.from(JSON.stringify(json)), raw.mediaType);
}

;// CONCATENATED MODULE: ./src/publish/known-images.ts









/** The label (or annotation) naming the image a build started FROM (OCI image spec, annotations.md). */
const BASE_NAME_LABEL = 'org.opencontainers.image.base.name';
const BASE_DIGEST_LABEL = 'org.opencontainers.image.base.digest';
/**
 * Reads the known images of every target; a target that cannot be read contributes nothing. When every
 * target holds the engine's image (a re-run), that is all: the manifests say so (config digest = image
 * ID), and the configs and bases, which only name layers to reuse in an export, are not read.
 */
async function readKnownImages(input) {
    const known = { layers: new Map(), same: new Map() };
    // Every tag set names the same image, so one set's tags suffice: the plain set, else the first variant's.
    const { variants, bare } = input.settings;
    const variant = bare ? undefined : variants[0];
    // All targets at once, each target's tags in the order chosen (which copy of a layer wins stays fixed).
    const perTarget = await Promise.all(input.settings.targets.map(async (target) => {
        const client = input.clients.get(target.apiHost);
        const manifests = input.manifests.get(target);
        const tags = await input.tagLists.get(target)?.catch(() => undefined);
        if (!client || !manifests || !tags || tags.length === 0)
            return [];
        const chosen = chooseKnownImageTags(tags, input.settings.version, variant);
        const images = await Promise.all(chosen.map((tag) => manifests
            .read(tag)
            .then((raw) => raw && heldImage(client, target, raw, `${target.name}:${tag}`))
            .catch(() => undefined)));
        const id = input.identity.imageId;
        for (const image of images) {
            // The engine's manifest itself (containerd store), or its config with one layer per diff ID.
            const same = image !== undefined &&
                (image.artifact.manifest.digest === id ||
                    (image.artifact.config.descriptor.digest === id &&
                        image.layers.length === input.identity.diffIds.length));
            if (same && !known.same.has(target))
                known.same.set(target, image.artifact);
        }
        // Two tags on one image (a re-run's version tag and latest) name the same layers: its config is read once.
        const seen = new Set();
        return images.filter((i) => {
            if (i === undefined || seen.has(i.artifact.manifest.digest))
                return false;
            seen.add(i.artifact.manifest.digest);
            return true;
        });
    }));
    if (input.settings.targets.every((t) => known.same.has(t)))
        return known;
    const read = await Promise.all(perTarget.flat().map((image) => readDiffIdsOf(image).catch(() => undefined)));
    for (const image of read)
        if (image)
            addKnownLayers(known, image);
    await readBaseLayers(input, known);
    return known;
}
/**
 * Layers of the base images (the `base` setting, then the image's base.name label): in the same registry
 * as a target they are mounted, from another registry copied as they are, so they keep the base's digests.
 * A base that cannot be read is a warning: its layers are then compressed here, as without it.
 */
async function readBaseLayers(input, known) {
    for (const base of baseReferences(input)) {
        const name = formatBase(base);
        try {
            const client = await input.connect(base.apiHost, base.repository);
            client.declareAccess(base.repository, 'pull');
            const image = await readBaseImage(client, base, name, input.identity.platform);
            if (!image) {
                input.log.warning(`base ${name}: no single-platform image matches; its layers are compressed here`);
                continue;
            }
            const added = addKnownLayers(known, image);
            const shared = input.identity.diffIds.filter((d) => image.diffIds.includes(d)).length;
            input.log.info(`base ${name}: ${shared} of the image's layers are its layers (${added} new to reuse)`);
        }
        catch (err) {
            const reason = err instanceof Error ? err.message : String(err);
            input.log.warning(`base ${name} could not be read (${reason}); its layers are compressed here`);
        }
    }
}
/** The bases to read: the setting's, then the label's (by digest when the label gives one), each once. */
function baseReferences(input) {
    const refs = [...input.settings.bases];
    const labels = input.identity.labels ?? {};
    const labelled = labels[BASE_NAME_LABEL];
    if (labelled) {
        try {
            const ref = (0,domain_reference/* parseReference */.F2)(labelled);
            const digest = labels[BASE_DIGEST_LABEL];
            refs.push(digest && (0,domain_digest/* isDigest */.Bc)(digest) ? { ...ref, digest } : ref);
        }
        catch {
            input.log.warning(`the image's ${BASE_NAME_LABEL} label ${JSON.stringify(labelled)} is not a reference`);
        }
    }
    const seen = new Set();
    return refs.filter((r) => {
        const key = formatBase(r);
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
function formatBase(ref) {
    return (0,domain_reference/* formatReference */.FH)({ ...ref, tag: ref.digest ? undefined : (ref.tag ?? 'latest') });
}
/** A base image's manifest for the image's platform (an index is resolved to that child) and its config. */
async function readBaseImage(client, base, name, platform) {
    const location = { registry: base.apiHost, repository: base.repository };
    let raw = await client.getManifest(base.repository, base.digest ?? base.tag ?? 'latest');
    let doc = (0,domain_manifest/* parseManifest */.Ng)(raw.bytes, raw.mediaType, `the manifest of ${name}`);
    if (doc.kind === 'index') {
        const child = doc.manifests.find((m) => !isAttestation(m) &&
            m.platform !== undefined &&
            (platform === undefined ||
                (m.platform.os === platform.os &&
                    m.platform.architecture === platform.architecture &&
                    (platform.variant === undefined || m.platform.variant === platform.variant))));
        if (!child)
            return undefined;
        raw = await client.getManifest(base.repository, child.digest);
        doc = (0,domain_manifest/* parseManifest */.Ng)(raw.bytes, raw.mediaType, `the manifest of ${name}`);
    }
    if (doc.kind !== 'image')
        return undefined;
    const image = heldImageAt(client, location, raw, name);
    return image && readDiffIdsOf(image);
}
/** Adds an image's gzip layers by diff ID (the first image to name one wins); how many were new. */
function addKnownLayers(known, image) {
    let added = 0;
    image.layers.forEach((layer, i) => {
        const diffId = image.diffIds[i];
        if (diffId && isGzipLayer(layer.descriptor) && !known.layers.has(diffId)) {
            known.layers.set(diffId, {
                ...layer,
                descriptor: { ...layer.descriptor, mediaType: media_types/* MEDIA_TYPE_DOCKER_LAYER_GZIP */.qs },
            });
            added += 1;
        }
    });
    return added;
}
function isGzipLayer(descriptor) {
    return (descriptor.mediaType === media_types/* MEDIA_TYPE_DOCKER_LAYER_GZIP */.qs ||
        descriptor.mediaType === media_types/* MEDIA_TYPE_OCI_LAYER_GZIP */.F_);
}
/** A target tag's single-platform image; undefined for an index or a config too large. */
function heldImage(client, target, raw, foundIn) {
    return heldImageAt(client, { registry: target.apiHost, repository: target.repository }, raw, foundIn);
}
/** The image of a single-platform manifest; undefined for an index or a config too large. */
function heldImageAt(client, location, raw, foundIn) {
    const { repository } = location;
    const doc = (0,domain_manifest/* parseManifest */.Ng)(raw.bytes, raw.mediaType, `the manifest of ${foundIn}`);
    if (doc.kind !== 'image' || doc.config.size > content_limits/* CONFIG_SIZE_LIMIT */.j$)
        return undefined;
    const blob = (descriptor, label) => ({
        descriptor,
        label,
        location,
        foundIn,
        open: () => client.getBlob(repository, descriptor.digest),
    });
    const layers = doc.layers.map((l, i) => blob(l, `layer ${i + 1} of ${foundIn}`));
    const artifact = {
        kind: 'image',
        manifest: raw,
        descriptor: { mediaType: raw.mediaType, digest: raw.digest, size: raw.bytes.byteLength },
        location,
        config: {
            descriptor: doc.config,
            label: `config of ${foundIn}`,
            location,
            open: () => client.getBlob(repository, doc.config.digest),
        },
        layers,
    };
    return { artifact, layers, foundIn, client };
}
/** The image's config's diff IDs; undefined when they do not line up with its layers. */
async function readDiffIdsOf(image) {
    const { config } = image.artifact;
    // Bounded: the registry, not the manifest, decides how many bytes arrive (more fails to parse: not known).
    const configBytes = (await (0,bounded_read/* readBounded */.C)(await config.open(), content_limits/* CONFIG_SIZE_LIMIT */.j$)).bytes;
    const diffIds = readDiffIds(configBytes);
    if (!diffIds || diffIds.length !== image.layers.length)
        return undefined;
    return { ...image, diffIds: diffIds };
}

// EXTERNAL MODULE: ./src/publish/progress-gate.ts
var progress_gate = __webpack_require__(1358);
// EXTERNAL MODULE: ./src/publish/report.ts
var publish_report = __webpack_require__(4585);
;// CONCATENATED MODULE: ./src/publish/export-progress.ts


/** Entries smaller than this (manifests, configs, small layers) are read too fast to be worth a line. */
const EXPORT_PROGRESS_MIN_BYTES = 1024 * 1024;
/** At most one line per entry in this interval, the completion line aside. */
const EXPORT_PROGRESS_INTERVAL_MS = 1000;
function createExportProgress(log, now = Date.now, intervalMs = EXPORT_PROGRESS_INTERVAL_MS) {
    const gate = (0,progress_gate/* createProgressGate */.D)(intervalMs, now, true);
    return (entry, read, size) => {
        if (size < EXPORT_PROGRESS_MIN_BYTES || !gate(entry, read >= size))
            return;
        const percent = Math.floor((read / size) * 100);
        log.info(`${nameEntry(entry)}: Exporting ${(0,publish_report/* formatBytes */.z3)(read)} / ${(0,publish_report/* formatBytes */.z3)(size)} (${percent}%)`);
    };
}
/** `3f2a…/layer.tar` (legacy save) or `blobs/sha256/3f2a…` (OCI save): the 12-character id docker prints. */
function nameEntry(entry) {
    const hex = /([0-9a-f]{64})/.exec(entry)?.[1];
    return hex ? hex.slice(0, 12) : entry;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/source/concurrency.ts

/**
 * How many layers a source compresses or hashes at once: the context's `concurrency`, else 4, and never
 * more than the CPUs (compression is CPU-bound; zlib runs on libuv's pool of 4 threads anyway).
 */
function sourceConcurrency(requested) {
    const cpus = Math.max(1, (0,external_node_os_.availableParallelism)());
    const wanted = requested !== undefined && Number.isInteger(requested) && requested > 0 ? requested : 4;
    return Math.max(1, Math.min(wanted, cpus));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/regular-file.ts
var regular_file = __webpack_require__(702);
// EXTERNAL MODULE: ./src/map-limited.ts
var map_limited = __webpack_require__(9270);
// EXTERNAL MODULE: ./src/source/file-read.ts
var file_read = __webpack_require__(7304);
;// CONCATENATED MODULE: ./src/source/blob-store.ts
/**
 * Content-addressed blobs of an OCI image layout, wherever the layout lives: a directory (`oci:`), or the
 * entries of a tar (`oci-archive:`, Docker 25+ `docker save` output, the engine's save stream).
 */







function blobPath(digest) {
    return `blobs/${(0,domain_digest/* digestAlgorithm */.g4)(digest)}/${(0,domain_digest/* digestHex */.sU)(digest)}`;
}
/** Blobs of a layout directory: `DIR/blobs/<alg>/<hex>`, regular files (symlinks only inside DIR). */
class DirBlobStore {
    dir;
    description;
    verifyReads = true;
    realRoot;
    constructor(dir, description) {
        this.dir = dir;
        this.description = description;
    }
    where(digest) {
        return `${blobPath(digest)} in ${this.description}`;
    }
    async size(digest) {
        return (await this.locate(digest, false))?.size;
    }
    async read(descriptor, limit) {
        const { path, size } = (await this.locate(descriptor.digest, true));
        const where = this.where(descriptor.digest);
        if (size !== descriptor.size)
            throw (0,source_errors/* sizeMismatch */.sf)(where, descriptor.digest, descriptor.size, `${size} bytes`);
        if (size > limit)
            throw (0,source_errors/* sourceCorrupt */.dA)(`${where} is ${size} bytes, more than the ${limit} expected of it`);
        const bytes = await (0,regular_file/* readCappedFile */.yB)(path, limit).catch((err) => {
            throw err instanceof regular_file/* FileRefused */.rV ? (0,source_errors/* sourceCorrupt */.dA)(`${where} ${err.detail}`) : err;
        });
        checkBytes(bytes, descriptor, where);
        return bytes;
    }
    async openRaw(digest) {
        return (0,file_read/* openFileStream */.pn)((await this.locate(digest, true)).path);
    }
    measuredGzip() {
        return undefined;
    }
    async verify(descriptor) {
        const { path } = (await this.locate(descriptor.digest, true));
        const actual = await (0,file_read/* hashFile */.DC)(path, (0,domain_digest/* digestAlgorithm */.g4)(descriptor.digest));
        const where = this.where(descriptor.digest);
        if (actual.digest !== descriptor.digest)
            throw (0,source_errors/* digestMismatch */.H3)(where, descriptor.digest, actual.digest);
        if (actual.size !== descriptor.size)
            throw (0,source_errors/* sizeMismatch */.sf)(where, descriptor.digest, descriptor.size, `${actual.size} bytes`);
    }
    async visit(descriptors, concurrency, fn) {
        await (0,map_limited/* mapLimited */.b)(descriptors, concurrency, async (d) => fn(d, await this.openRaw(d.digest)), 'stop');
    }
    /**
     * The file of a blob, every path component resolved inside the layout (`blobs/` or `blobs/sha256/`
     * symlinked elsewhere is refused like the blob itself), and a regular file; undefined (or SOURCE_CORRUPT
     * when `required`) if absent.
     */
    async locate(digest, required) {
        this.realRoot ??= await (0,promises_.realpath)(this.dir);
        try {
            return await (0,regular_file/* resolveInside */.LI)(this.dir, blobPath(digest), this.realRoot);
        }
        catch (err) {
            if (!(err instanceof regular_file/* FileRefused */.rV))
                throw err;
            if (err.reason === 'missing') {
                if (required)
                    throw (0,source_errors/* sourceCorrupt */.dA)(`The blob ${digest} is missing from ${this.description}`);
                return undefined;
            }
            throw (0,source_errors/* sourceCorrupt */.dA)(`${this.where(digest)} ${err.detail}`, err.reason === 'outside-root'
                ? 'Blobs of an OCI layout are regular files inside it; copy the layout with skopeo or cp -L.'
                : 'Blobs of an OCI layout are regular files; re-export the image.');
        }
    }
}
/** Blobs held as entries of a tar (`blobs/<alg>/<hex>`, links followed inside the archive). */
class TarBlobStore {
    index;
    verifyReads = false;
    constructor(index) {
        this.index = index;
    }
    get description() {
        return this.index.description;
    }
    where(digest) {
        return `${blobPath(digest)} in ${this.description}`;
    }
    entry(digest) {
        return this.index.file(blobPath(digest));
    }
    async size(digest) {
        return this.entry(digest)?.size;
    }
    async read(descriptor, limit) {
        const entry = this.required(descriptor.digest);
        this.check(entry, descriptor);
        const bytes = await this.index.read(entry, limit);
        checkBytes(bytes, descriptor, this.where(descriptor.digest));
        return bytes;
    }
    async openRaw(digest) {
        return this.index.open(this.required(digest));
    }
    measuredGzip(descriptor) {
        const entry = this.entry(descriptor.digest);
        return entry?.digest === descriptor.digest && entry.size === descriptor.size ? entry.gzip : undefined;
    }
    /** The scan hashed every entry: checking costs no I/O. */
    async verify(descriptor) {
        this.check(this.required(descriptor.digest), descriptor);
    }
    async visit(descriptors, concurrency, fn) {
        const items = descriptors.map((d) => ({ item: d, entry: this.required(d.digest) }));
        await visitTarEntries(this.index, items, concurrency, fn);
    }
    required(digest) {
        const entry = this.entry(digest);
        if (!entry)
            throw (0,source_errors/* sourceCorrupt */.dA)(`The blob ${digest} is missing from ${this.description}`);
        return entry;
    }
    check(entry, descriptor) {
        const where = this.where(descriptor.digest);
        if (descriptor.digest.startsWith('sha256:') && entry.digest !== descriptor.digest) {
            throw (0,source_errors/* digestMismatch */.H3)(where, descriptor.digest, entry.digest ?? 'nothing');
        }
        if (entry.size !== descriptor.size)
            throw (0,source_errors/* sizeMismatch */.sf)(where, descriptor.digest, descriptor.size, `${entry.size} bytes`);
    }
}
/**
 * Streams tar entries to `fn` in `concurrency` groups of about equal total size (largest first), one pass
 * over the archive per group when entries cannot be opened as file ranges.
 */
async function visitTarEntries(index, items, concurrency, fn) {
    const groups = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, () => ({
        total: 0,
        items: [],
    }));
    for (const it of [...items].sort((a, b) => b.entry.size - a.entry.size)) {
        const lightest = groups.reduce((a, b) => (b.total < a.total ? b : a));
        lightest.items.push(it);
        lightest.total += it.entry.size;
    }
    await Promise.all(groups.map(async (group) => {
        const byOffset = new Map();
        for (const it of group.items)
            byOffset.set(it.entry.offset, [...(byOffset.get(it.entry.offset) ?? []), it]);
        const entries = [...new Map(group.items.map((it) => [it.entry.offset, it.entry])).values()];
        await index.visit([entries], async (entry, data) => {
            const [first, ...others] = byOffset.get(entry.offset) ?? [];
            if (!first)
                return;
            await fn(first.item, data);
            // The same entry listed twice in a group (a blob under two descriptors): re-open for the others.
            for (const other of others)
                await fn(other.item, await index.open(entry));
        });
    }));
}
function checkBytes(bytes, descriptor, where) {
    if (bytes.length !== descriptor.size)
        throw (0,source_errors/* sizeMismatch */.sf)(where, descriptor.digest, descriptor.size, `${bytes.length} bytes`);
    const algorithm = (0,domain_digest/* digestAlgorithm */.g4)(descriptor.digest);
    const actual = `${algorithm}:${createHashHex(algorithm, bytes)}`;
    if (actual !== descriptor.digest)
        throw (0,source_errors/* digestMismatch */.H3)(where, descriptor.digest, actual);
}
function createHashHex(algorithm, bytes) {
    return (0,external_node_crypto_.createHash)(algorithm).update(bytes).digest('hex');
}

;// CONCATENATED MODULE: ./src/source/docker-save-format.ts











/** Loads the image a docker save tar holds (see the module comment for the formats). */
async function loadDockerSave(index, options) {
    const indexEntry = index.file('index.json');
    if (indexEntry) {
        const entries = parseIndexJson(await index.read(indexEntry, content_limits/* MANIFEST_SIZE_LIMIT */.gn), `index.json of ${index.description}`);
        if (entries.length > 0) {
            return loadFromLayout(new TarBlobStore(index), entries, {
                selection: options.selection,
                convertUncompressed: true,
                concurrency: options.concurrency,
                refExample: options.refExample,
                knownLayers: options.knownLayers,
                engine: options.engine,
            });
        }
    }
    const manifestEntry = index.file('manifest.json');
    if (!manifestEntry) {
        throw (0,source_errors/* sourceInvalid */.DA)(`${index.description} is not a docker save archive (it has neither manifest.json nor index.json)`, 'Point docker-archive: at the tar that docker save or buildx --output type=docker wrote.');
    }
    const entries = parseLegacyManifest(await index.read(manifestEntry, content_limits/* MANIFEST_SIZE_LIMIT */.gn), index.description);
    const entry = await selectLegacy(index, entries, options);
    return loadLegacyImage(index, entry, options.concurrency, options.knownLayers ?? new Map());
}
function parseLegacyManifest(bytes, description) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch (cause) {
        throw (0,source_errors/* sourceCorrupt */.dA)(`manifest.json of ${description} is not valid JSON`, undefined, cause);
    }
    if (!Array.isArray(json))
        throw (0,source_errors/* sourceCorrupt */.dA)(`manifest.json of ${description} is not a list of images`);
    return json.map((item, i) => {
        const e = item;
        if (!e ||
            typeof e.Config !== 'string' ||
            !Array.isArray(e.Layers) ||
            !e.Layers.every((l) => typeof l === 'string')) {
            throw (0,source_errors/* sourceCorrupt */.dA)(`manifest.json of ${description}: entry ${i} lacks "Config" or "Layers"`);
        }
        const tags = Array.isArray(e.RepoTags)
            ? e.RepoTags.filter((t) => typeof t === 'string')
            : [];
        return { Config: e.Config, RepoTags: tags, Layers: e.Layers };
    });
}
function docker_save_format_configDigestOf(index, entry) {
    return index.file(entry.Config)?.digest;
}
function selectLegacy(index, entries, options) {
    return selectImage(entries, options.selection, {
        description: index.description,
        matchImageId: (all, imageId) => all.filter((e) => docker_save_format_configDigestOf(index, e) === imageId),
        matchRef(all, ref) {
            const atPosition = matchPosition(all, ref);
            if (atPosition)
                return atPosition;
            if ((0,domain_digest/* isDigest */.Bc)(ref) || /^[a-f0-9]{12,64}$/.test(ref)) {
                const hex = ref.replace(/^sha256:/, '');
                return all.filter((e) => docker_save_format_configDigestOf(index, e)?.slice(7).startsWith(hex));
            }
            return all.filter((e) => e.RepoTags.some((t) => sameImageName(t, ref)));
        },
        identity: (e) => docker_save_format_configDigestOf(index, e) ?? e.Config,
        describe: (e, all) => `${e.RepoTags.length > 0 ? e.RepoTags.join(' ') : `@${all.indexOf(e)}`} (${(docker_save_format_configDigestOf(index, e) ?? e.Config).slice(0, 19)}…)`,
        // A REF that names the entry: its first tag, else `@0`.
        refFor: (e) => e?.RepoTags[0] ?? '@0',
        refExample: options.refExample,
    });
}
async function loadLegacyImage(index, image, concurrency, knownLayers) {
    const description = index.description;
    const configEntry = index.file(image.Config);
    if (!configEntry?.digest) {
        throw (0,source_errors/* sourceCorrupt */.dA)(`The config ${image.Config} listed in manifest.json is missing from ${description}`);
    }
    const configBytes = await index.read(configEntry, content_limits/* CONFIG_SIZE_LIMIT */.j$);
    const configDigest = configEntry.digest;
    const named = /([a-f0-9]{64})(?:\.json)?$/.exec(image.Config);
    if (named && `sha256:${named[1]}` !== configDigest) {
        throw (0,source_errors/* digestMismatch */.H3)(`${image.Config} in ${description}`, `sha256:${named[1]}`, configDigest);
    }
    const diffIds = readDiffIds(configBytes);
    if (!diffIds || diffIds.length !== image.Layers.length) {
        throw (0,source_errors/* sourceCorrupt */.dA)(`The config ${image.Config} in ${description} lists ${diffIds?.length ?? 'no'} diff IDs for ${image.Layers.length} layers`);
    }
    const plans = image.Layers.map((path, i) => {
        const entry = index.file(path);
        if (!entry?.digest) {
            throw (0,source_errors/* sourceCorrupt */.dA)(`The layer ${path} listed in manifest.json is missing from ${description}`);
        }
        const diffId = diffIds[i];
        if (!(0,domain_digest/* isDigest */.Bc)(diffId))
            throw (0,source_errors/* sourceCorrupt */.dA)(`The config of ${description} has the invalid diff ID ${JSON.stringify(diffId)}`);
        const kind = (0,gzip_layer/* sniffCompression */.Hs)(entry.head ?? Buffer.alloc(0));
        if (kind === 'none') {
            if (entry.digest !== diffId)
                throw (0,source_errors/* digestMismatch */.H3)(`${path} in ${description}`, diffId, entry.digest);
            return { path, entry, diffId, compression: 'none' };
        }
        if (kind === 'gzip')
            return { path, entry, diffId, compression: 'gzip' };
        throw (0,source_errors/* sourceUnsupported */.Jl)(`The layer ${path} in ${description} is ${kind}-compressed, which a Docker schema 2 image cannot carry`, 'Save the image with docker save (uncompressed layers) or export it as OCI (buildx --output type=oci).');
    });
    // One pass per group: compress uncompressed layers (digest of the gzip), check diff IDs of gzip'ed ones.
    // Layers the scan already compressed (ScanOptions.measureGzip) need no pass.
    const measured = new Map();
    for (const plan of plans) {
        if (plan.compression === 'none' && plan.entry.gzip)
            measured.set(plan.entry.digest, plan.entry.gzip);
    }
    // A known layer's bytes were hashed by the scan (entry.digest is its diff ID, checked above): no pass.
    const reused = (plan) => plan.compression === 'none' ? knownLayers.get(plan.diffId) : undefined;
    const unique = [...new Map(plans.map((p) => [p.entry.digest, p])).values()].filter((p) => !measured.has(p.entry.digest) && !reused(p));
    await visitTarEntries(index, unique.map((p) => ({ item: p, entry: p.entry })), concurrency, async (plan, data) => {
        if (plan.compression === 'none') {
            measured.set(plan.entry.digest, await measureLayer(uncompressed(index, plan), data));
            return;
        }
        const { uncompressed: actual } = await (0,gzip_layer/* measureDecompression */.Qu)(data);
        if (actual.digest !== plan.diffId) {
            throw (0,source_errors/* digestMismatch */.H3)(`the uncompressed ${plan.path} in ${description}`, plan.diffId, actual.digest);
        }
    });
    const layers = plans.map((plan, i) => {
        const label = `layer ${i + 1} of ${description}`;
        const known = reused(plan);
        if (known)
            return known;
        if (plan.compression === 'none') {
            const compressed = measured.get(plan.entry.digest);
            return gzipBlobSource(uncompressed(index, plan), compressed, media_types/* MEDIA_TYPE_DOCKER_LAYER_GZIP */.qs, label);
        }
        return entrySource(index, plan.entry, { mediaType: media_types/* MEDIA_TYPE_DOCKER_LAYER_GZIP */.qs, digest: plan.entry.digest, size: plan.entry.size }, label, `${plan.path} in ${description}`);
    });
    const configDescriptor = {
        mediaType: media_types/* MEDIA_TYPE_DOCKER_CONFIG */.ei,
        digest: configDigest,
        size: configEntry.size,
    };
    const config = entrySource(index, configEntry, configDescriptor, `config of ${description}`, `${image.Config} in ${description}`);
    const manifestDoc = {
        schemaVersion: 2,
        mediaType: media_types/* MEDIA_TYPE_DOCKER_MANIFEST */.P,
        config: {
            mediaType: configDescriptor.mediaType,
            size: configDescriptor.size,
            digest: configDescriptor.digest,
        },
        layers: layers.map((l) => ({
            mediaType: l.descriptor.mediaType,
            size: l.descriptor.size,
            digest: l.descriptor.digest,
        })),
    };
    const manifest = (0,domain_manifest/* toRawManifest */.rG)(Buffer.from(JSON.stringify(manifestDoc)), media_types/* MEDIA_TYPE_DOCKER_MANIFEST */.P);
    return { kind: 'image', manifest, descriptor: (0,domain_manifest/* describeManifest */.FK)(manifest), config, layers };
}
function uncompressed(index, plan) {
    return {
        digest: plan.diffId,
        size: plan.entry.size,
        where: `${plan.path} in ${index.description}`,
        open: () => index.open(plan.entry),
    };
}
function entrySource(index, entry, descriptor, label, where) {
    return {
        descriptor,
        label,
        async open() {
            return (0,verify_stream/* verified */.zr)(await index.open(entry), descriptor, where);
        },
    };
}

;// CONCATENATED MODULE: ./src/source/local-path.ts


/**
 * The file or directory a local spec names. PATH was split from REF at the first ":" (skopeo's rule); when
 * that PATH does not exist but the whole text does, the whole text is the path and there is no REF.
 */
async function resolveLocalPath(spec, kind) {
    let path = spec.path;
    let ref = spec.ref;
    let info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info && spec.unsplit !== undefined) {
        const whole = await (0,promises_.stat)(spec.unsplit).catch(() => undefined);
        if (whole) {
            path = spec.unsplit;
            ref = undefined;
            info = whole;
        }
    }
    if (!info)
        throw (0,source_errors/* sourceNotFound */.Rf)(path, spec.text, kind === 'directory' ? 'directory' : 'file');
    if (kind === 'directory' && !info.isDirectory()) {
        throw (0,source_errors/* sourceInvalid */.DA)(`${spec.text}: ${JSON.stringify(path)} is a file, not an OCI layout directory`, 'For a tar file use oci-archive:PATH (buildx type=oci) or docker-archive:PATH (docker save, buildx type=docker).');
    }
    if (kind === 'file' && info.isDirectory()) {
        throw (0,source_errors/* sourceInvalid */.DA)(`${spec.text}: ${JSON.stringify(path)} is a directory, not an archive`, 'For an OCI image layout directory use oci:DIR.');
    }
    if (kind === 'file' && !info.isFile()) {
        // A device (/dev/zero), FIFO or socket would be read forever or block: refused before opening.
        throw (0,source_errors/* sourceInvalid */.DA)(`${spec.text}: ${JSON.stringify(path)} is ${specialKind(info)}, not an archive file`, 'Point the source at a tar file written by docker save, buildx --output or skopeo.');
    }
    return ref === undefined ? { path } : { path, ref };
}
function specialKind(info) {
    if (info.isCharacterDevice() || info.isBlockDevice())
        return 'a device';
    if (info.isFIFO())
        return 'a FIFO (named pipe)';
    if (info.isSocket())
        return 'a socket';
    return 'not a regular file';
}

;// CONCATENATED MODULE: ./src/source/docker-archive.ts


class DockerArchiveSource {
    spec;
    options;
    description;
    index;
    constructor(spec, options) {
        this.spec = spec;
        this.options = options;
        this.description = spec.text;
    }
    async load() {
        const { path, ref } = await resolveLocalPath(this.spec, 'file');
        // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
        const { TarIndex, fileOrigin } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 6766));
        const index = await TarIndex.scan(fileOrigin(path, this.description));
        this.index = index;
        return loadDockerSave(index, {
            selection: ref === undefined ? {} : { ref },
            concurrency: this.options.concurrency,
            refExample: (ref) => `docker-archive:${path}:${ref}`,
        });
    }
    async close() {
        // Blobs open their own file streams; a compressed archive's spooled tar goes.
        await this.index?.close();
    }
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/domain/duration.ts
var duration = __webpack_require__(4678);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/user-dirs.ts
var user_dirs = __webpack_require__(6661);
;// CONCATENATED MODULE: ./src/source/engine-address.ts
/**
 * Where the Docker engine is, as the docker CLI decides it: DOCKER_HOST (unix://, tcp:// with
 * DOCKER_TLS_VERIFY/DOCKER_CERT_PATH for TLS, ssh://), a docker context, else the default socket.
 */





const DEFAULT_SOCKET = '/var/run/docker.sock';
/**
 * The engine the docker CLI would use: DOCKER_HOST, else DOCKER_CONTEXT, else the current context of the
 * Docker config (DOCKER_CONFIG or ~/.docker), else the default socket. A context's endpoint and TLS material
 * live under contexts/meta/<sha256(name)>/meta.json and contexts/tls/<sha256(name)>/docker/.
 */
function engineAddress(env) {
    const host = env.DOCKER_HOST?.trim();
    if (host)
        return hostAddress(host, `${host} (from DOCKER_HOST)`, 'DOCKER_HOST', tlsFromEnv(env));
    const configDir = (0,user_dirs/* dockerConfigDir */.kG)(env);
    const fromEnv = env.DOCKER_CONTEXT?.trim();
    const name = fromEnv || (configDir ? currentContext(configDir) : undefined);
    if (name && name !== 'default') {
        if (!configDir)
            throw engineUnavailable(`the context ${name}`, 'there is no Docker config directory to read it from (no DOCKER_CONFIG, no home directory)', 'Set DOCKER_CONFIG (or HOME) to the directory holding the docker contexts, or set DOCKER_HOST.');
        const source = fromEnv ? 'DOCKER_CONTEXT' : `the current context in ${(0,external_node_path_.join)(configDir, 'config.json')}`;
        return contextAddress(configDir, name, source);
    }
    return {
        endpoint: { kind: 'unix', socketPath: DEFAULT_SOCKET },
        display: `unix://${DEFAULT_SOCKET} (DOCKER_HOST is not set)`,
    };
}
function tlsFromEnv(env) {
    return (useTls) => useTls || (env.DOCKER_TLS_VERIFY ?? '') !== ''
        ? { dir: env.DOCKER_CERT_PATH || (0,user_dirs/* dockerConfigDir */.kG)(env), verify: true, source: 'DOCKER_CERT_PATH' }
        : undefined;
}
function hostAddress(host, display, origin, tlsFor, contextName) {
    if (host.startsWith('unix://') || host.startsWith('unix:')) {
        const socketPath = host.replace(/^unix:(\/\/)?/, '');
        if (socketPath === '')
            throw engineUnavailable(display, `${origin} names no socket path`);
        return { endpoint: { kind: 'unix', socketPath }, display };
    }
    // The native client speaks no ssh: the docker CLI reaches such an engine (engine-cli.ts).
    if (host.startsWith('ssh://')) {
        const args = contextName ? ['--context', contextName] : ['--host', host];
        return { endpoint: { kind: 'cli', args }, display };
    }
    const tcp = /^(tcp|http|https):\/\/(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(host);
    if (tcp) {
        const choice = tlsFor(tcp[1] === 'https');
        const port = tcp[3] ? Number(tcp[3]) : choice ? 2376 : 2375;
        const hostname = tcp[2].replace(/^\[|\]$/g, '');
        if (!choice)
            return { endpoint: { kind: 'tcp', host: hostname, port }, display };
        const dir = choice.dir;
        if (dir === undefined)
            throw engineUnavailable(display, 'no directory holds its TLS files (no DOCKER_CERT_PATH, DOCKER_CONFIG or home directory)', 'Set DOCKER_CERT_PATH to the directory holding the client certificates, or unset DOCKER_TLS_VERIFY.');
        try {
            const read = (file) => {
                try {
                    return (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, file));
                }
                catch (err) {
                    if (!choice.verify && err.code === 'ENOENT')
                        return undefined;
                    throw err;
                }
            };
            const [ca, cert, key] = [read('ca.pem'), read('cert.pem'), read('key.pem')];
            const tls = { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
            return {
                endpoint: { kind: 'tcp', host: hostname, port, tls: { ...tls, rejectUnauthorized: choice.verify } },
                display,
            };
        }
        catch (err) {
            throw engineUnavailable(display, `the TLS files ca.pem, cert.pem and key.pem cannot be read from ${dir} (${err.message})`, choice.source === 'DOCKER_CERT_PATH'
                ? 'Set DOCKER_CERT_PATH to the directory holding the client certificates, or unset DOCKER_TLS_VERIFY.'
                : 'Recreate the context with its TLS files (docker context create … --docker host=…,ca=…,cert=…,key=…).');
        }
    }
    throw new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `${origin} names ${host}, which is not a unix://, tcp:// or ssh:// address`, {
        hint: 'npipe:// engines are not supported; save the image (docker save -o app.tar IMAGE) and use docker-archive:app.tar.',
    });
}
function currentContext(configDir) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(configDir, 'config.json'), 'utf8');
    }
    catch {
        return undefined; // no config: the default engine, as for the docker CLI
    }
    try {
        const name = JSON.parse(text).currentContext;
        return typeof name === 'string' && name !== '' ? name : undefined;
    }
    catch {
        return undefined;
    }
}
function contextAddress(configDir, name, source) {
    const id = (0,external_node_crypto_.createHash)('sha256').update(name).digest('hex');
    const metaPath = (0,external_node_path_.join)(configDir, 'contexts', 'meta', id, 'meta.json');
    let endpoint;
    try {
        const meta = JSON.parse((0,external_node_fs_.readFileSync)(metaPath, 'utf8'));
        endpoint = meta.Endpoints?.docker;
    }
    catch (err) {
        throw new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The docker context ${JSON.stringify(name)} (from ${source}) cannot be read: ${metaPath} (${err.message})`, {
            hint: 'List the contexts with docker context ls and choose one with docker context use, or set DOCKER_HOST.',
        });
    }
    const host = typeof endpoint?.Host === 'string' ? endpoint.Host : '';
    const display = `${host || '?'} (docker context ${name}, from ${source})`;
    if (host === '')
        throw engineUnavailable(display, 'the context names no docker endpoint');
    const tlsDir = (0,external_node_path_.join)(configDir, 'contexts', 'tls', id, 'docker');
    const hasTls = ['ca.pem', 'cert.pem', 'key.pem'].some((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(tlsDir, f)));
    return hostAddress(host, display, `The docker context ${JSON.stringify(name)}`, (https) => hasTls || https
        ? { dir: tlsDir, verify: endpoint?.SkipTLSVerify !== true, source: 'context' }
        : undefined, name);
}
function engineUnavailable(display, what, hint, cause) {
    return new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `Cannot reach the Docker engine at ${display}: ${what}`, {
        hint: hint ?? 'Start Docker (or set DOCKER_HOST to the socket of a running engine), then run again.',
        cause,
    });
}

;// CONCATENATED MODULE: ./src/source/engine-api.ts
/**
 * The Docker engine API over its socket (unix, or tcp with optional TLS): image inspect and the
 * `docker save` stream. Sources use it through the EngineClient interface, so an engine reached another
 * way (the docker CLI) can stand in.
 */








const INSPECT_TIMEOUT_MS = 60_000;
/** Idle time allowed on a save stream (the engine may think a while before sending a large layer). */
const SAVE_IDLE_TIMEOUT_MS = 10 * 60_000;
/** A minimal Docker engine API client over the engine's socket: inspect and save. */
class EngineApiClient {
    address;
    active = new Set();
    closed = false;
    constructor(address) {
        this.address = address;
    }
    /** The image, or undefined when the engine does not know the name. */
    async inspectImage(name) {
        const res = await this.get(`/images/${encodeName(name)}/json`, INSPECT_TIMEOUT_MS);
        const body = await readBody(res, 16 * 1024 * 1024);
        if (res.statusCode === 404)
            return undefined;
        if (res.statusCode !== 200)
            throw this.answerError(`inspect ${name}`, res.statusCode, body);
        return parseInspect(body.toString('utf8'), name, this.address.display);
    }
    /** `docker save` of one image as a stream; engine failures mid-stream destroy it with ENGINE_UNAVAILABLE. */
    async saveImage(id) {
        const res = await this.get(`/images/${encodeName(id)}/get`, SAVE_IDLE_TIMEOUT_MS);
        if (res.statusCode === 404) {
            await readBody(res, 64 * 1024);
            throw imageNotFound(id, this.address.display);
        }
        if (res.statusCode !== 200)
            throw this.answerError(`save ${id}`, res.statusCode, await readBody(res, 64 * 1024));
        const out = new external_node_stream_.PassThrough();
        res.once('error', (err) => {
            out.destroy(err instanceof errors/* PublishError */.S1
                ? err
                : new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The Docker engine at ${this.address.display} broke off saving ${id} (${err.message})`, {
                    hint: 'Check that the engine is still running and has enough disk space, then run again.',
                    cause: err,
                }));
        });
        out.once('close', () => {
            if (!res.complete)
                res.destroy();
        });
        return res.pipe(out);
    }
    async close() {
        this.closed = true;
        for (const req of this.active)
            req.destroy();
        this.active.clear();
    }
    get(path, timeoutMs) {
        if (this.closed)
            return Promise.reject(new Error('internal: the Docker engine client is closed'));
        const { endpoint } = this.address;
        if (endpoint.kind === 'cli')
            return Promise.reject(new Error('internal: a CLI endpoint has no socket'));
        const options = {
            method: 'GET',
            path,
            headers: { host: 'docker', 'user-agent': 'registry-publish' },
            ...(endpoint.kind === 'unix'
                ? { socketPath: endpoint.socketPath }
                : { host: endpoint.host, port: endpoint.port, ...(endpoint.tls ?? {}) }),
        };
        const send = endpoint.kind === 'tcp' && endpoint.tls ? external_node_https_.request : external_node_http_.request;
        return new Promise((resolve, reject) => {
            const req = send(options, (res) => {
                res.once('close', () => this.active.delete(req));
                resolve(res);
            });
            this.active.add(req);
            req.setTimeout(timeoutMs, () => {
                req.destroy(new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The Docker engine at ${this.address.display} did not answer GET ${path} within ${(0,duration/* formatSeconds */.Xo)(timeoutMs)}`, {
                    hint: 'Check that the engine is healthy (docker info), then run again.',
                }));
            });
            req.once('error', (err) => {
                this.active.delete(req);
                reject(err instanceof errors/* PublishError */.S1 ? err : this.connectError(err));
            });
            req.end();
        });
    }
    connectError(err) {
        const code = err.code;
        if (code === 'EACCES') {
            return engineUnavailable(this.address.display, `permission denied (${err.message})`, 'Run as a user allowed to use the Docker socket (the docker group), or set DOCKER_HOST.', err);
        }
        return engineUnavailable(this.address.display, err.message, undefined, err);
    }
    answerError(what, status, body) {
        const message = engineMessage(body);
        if (status === 400) {
            return new errors/* PublishError */.S1('SOURCE_INVALID', `The Docker engine refused to ${what}: ${message}`, {
                hint: 'Name the image as docker images lists it: NAME[:TAG] or an image ID.',
            });
        }
        return new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The Docker engine at ${this.address.display} failed to ${what} (${status}: ${message})`, {
            hint: 'Check the engine (docker info, its logs), then run again.',
        });
    }
}
function imageNotFound(name, display) {
    return new errors/* PublishError */.S1('IMAGE_NOT_FOUND', `The image ${JSON.stringify(name)} is not in the Docker engine at ${display}`, {
        hint: 'Run docker images to list the local images; build or pull it first, or name the source with its transport (oci:DIR, docker-archive:PATH, docker://REF).',
    });
}
/** Names go into the path as Docker's CLI sends them: `/` and `:` kept, anything else escaped. */
function encodeName(name) {
    return name
        .split('/')
        .map((part) => encodeURIComponent(part).replace(/%3A/gi, ':').replace(/%40/g, '@'))
        .join('/');
}
/** At most `limit` bytes of an engine answer (a longer one is cut: it fails to parse, or its message is shown cut). */
async function readBody(res, limit) {
    return (await (0,bounded_read/* readBounded */.C)(res, limit)).bytes;
}
function engineMessage(body) {
    const text = body.toString('utf8').trim();
    try {
        const json = JSON.parse(text);
        if (typeof json.message === 'string')
            return json.message;
    }
    catch {
        // not JSON
    }
    return text.slice(0, 300) || 'no message';
}
/** An engine's inspect answer (the API's body, or one element of `docker image inspect`). */
function parseInspect(text, name, display) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (cause) {
        throw new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The Docker engine at ${display} answered inspect ${name} with invalid JSON`, { cause });
    }
    const id = typeof json.Id === 'string' ? json.Id : '';
    if (!(0,domain_digest/* isDigest */.Bc)(id)) {
        throw new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The Docker engine at ${display} gave the invalid image ID ${JSON.stringify(id)} for ${name}`);
    }
    const strings = (v) => Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
    const rawLabels = json.Config?.Labels;
    const labels = rawLabels && typeof rawLabels === 'object'
        ? Object.fromEntries(Object.entries(rawLabels).filter((e) => typeof e[1] === 'string'))
        : {};
    const { Os: os, Architecture: architecture, Variant: variant } = json;
    return {
        Id: id,
        RepoTags: strings(json.RepoTags),
        RepoDigests: strings(json.RepoDigests),
        layers: strings(json.RootFS?.Layers),
        labels,
        ...(typeof os === 'string' && typeof architecture === 'string'
            ? { platform: { os, architecture, ...(typeof variant === 'string' && variant ? { variant } : {}) } }
            : {}),
    };
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/source/engine-cli.ts
/**
 * An engine the native client cannot reach (ssh://), through the docker CLI: `docker image inspect`, and
 * `docker image save ID` read from the CLI's stdout as it comes (with backpressure), never via a temp file.
 * Plain child processes, not @actions/exec: src/source touches no @actions package, and @actions/exec
 * cannot pause a child's stdout, so a slow upload would let the whole image pile up in memory.
 */





const DOCKER = 'docker';
class EngineCliClient {
    address;
    globalArgs;
    env;
    children = new Set();
    constructor(address, globalArgs, env) {
        this.address = address;
        this.globalArgs = globalArgs;
        this.env = env;
    }
    async inspectImage(name) {
        let result;
        try {
            result = await this.run(['image', 'inspect', '--', name]);
        }
        catch (err) {
            throw this.cliMissing(err);
        }
        if (result.exitCode !== 0) {
            if (/no such (image|object)/i.test(result.stderr))
                return undefined;
            throw engineUnavailable(this.address.display, `docker image inspect failed: ${lastLine(result.stderr)}`);
        }
        let first;
        try {
            first = JSON.parse(result.stdout)[0];
        }
        catch {
            first = undefined;
        }
        return parseInspect(JSON.stringify(first ?? null), name, this.address.display);
    }
    async saveImage(id) {
        const child = (0,external_node_child_process_.spawn)(DOCKER, [...this.globalArgs, 'image', 'save', id], {
            env: this.childEnv(),
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        this.children.add(child);
        await new Promise((resolve, reject) => {
            child.once('spawn', resolve);
            child.once('error', (err) => reject(this.cliMissing(err)));
        });
        let stderr = '';
        child.stderr?.setEncoding('utf8').on('data', (text) => {
            stderr = (stderr + text).slice(-4096);
        });
        const out = new external_node_stream_.PassThrough();
        child.stdout?.pipe(out, { end: false });
        child.once('close', (code, signal) => {
            this.children.delete(child);
            if (code === 0)
                out.end();
            else if (/no such (image|object)|reference does not exist/i.test(stderr))
                out.destroy(imageNotFound(id, this.address.display));
            else
                out.destroy(new errors/* PublishError */.S1('ENGINE_UNAVAILABLE', `The Docker engine at ${this.address.display} broke off saving ${id} (docker image save ${signal ? `was stopped by ${signal}` : `exited with ${code}`}: ${lastLine(stderr)})`, { hint: 'Check that docker can reach the engine (docker info), then run again.' }));
        });
        out.once('close', () => {
            if (child.exitCode === null)
                child.kill();
        });
        return out;
    }
    async close() {
        for (const child of this.children)
            child.kill();
        this.children.clear();
    }
    /** A short docker command, its output collected (inspect answers are small). */
    run(args) {
        return new Promise((resolve, reject) => {
            const child = (0,external_node_child_process_.spawn)(DOCKER, [...this.globalArgs, ...args], {
                env: this.childEnv(),
                stdio: ['ignore', 'pipe', 'pipe'],
            });
            this.children.add(child);
            const out = [];
            const err = [];
            child.stdout.on('data', (b) => out.push(b));
            child.stderr.on('data', (b) => err.push(b));
            child.once('error', reject);
            child.once('close', (code) => {
                this.children.delete(child);
                resolve({
                    exitCode: code ?? -1,
                    stdout: Buffer.concat(out).toString('utf8'),
                    stderr: Buffer.concat(err).toString('utf8'),
                });
            });
        });
    }
    childEnv() {
        const env = {};
        for (const [k, v] of Object.entries(this.env))
            if (v !== undefined)
                env[k] = v;
        return env;
    }
    cliMissing(err) {
        return engineUnavailable(this.address.display, `the docker CLI cannot be run (${err.message})`, 'An ssh:// engine is reached through the docker CLI: install it (docker on PATH), then run again.', err);
    }
}
function lastLine(text) {
    return text.trim().split('\n').pop()?.trim() || 'no message';
}

;// CONCATENATED MODULE: ./src/source/engine-connect.ts
/** The engine client for where the engine is: its API on a socket, or the docker CLI (ssh://). */



function connectEngine(env) {
    const address = engineAddress(env);
    return address.endpoint.kind === 'cli'
        ? new EngineCliClient(address, address.endpoint.args, env)
        : new EngineApiClient(address);
}

;// CONCATENATED MODULE: ./src/source/docker-daemon.ts
/**
 * `docker-daemon:NAME[:TAG]` (or a bare name or image ID): an image in the local Docker engine, read through
 * an EngineClient (engine-api.ts: the engine API on the socket DOCKER_HOST names; no docker CLI needed).
 *
 * 1. `GET /images/{name}/json` resolves the name to the image ID (404: IMAGE_NOT_FOUND).
 * 2. `GET /images/{id}/get` streams `docker save` of exactly that ID (a tag moved meanwhile does not matter).
 *    The stream is scanned once (tar-index.ts): every entry is hashed, small ones (manifests, configs) kept.
 *    The formats are those of docker-save-format.ts: legacy (Docker 20–24), OCI (25+), containerd store.
 *    With the containerd image store (Docker 24+ with containerd-snapshotter, default since Docker 29) the
 *    stream is the content store's OCI export: the image's own manifest (or index) and its compressed layer
 *    blobs, published byte for byte (hash-checked by the scan, never decompressed or recompressed) and
 *    reported as reused from the engine. The engine exports what it holds (moby's exporter skips missing
 *    content): an index with some platforms absent publishes the manifest of the engine's platform, as
 *    `docker push` does; with every platform present, the whole index.
 * 3. Uncompressed layers are compressed during that same scan (their tar magic tells them apart) to learn
 *    their gzip digests, so loading costs one save stream (tar-index.ts ScanOptions.measureGzip). When the
 *    publisher offers a stager (a repository with no tags yet), the compressed bytes also go into upload
 *    sessions as they are produced, so each layer is compressed and sent once, as `docker push` does.
 *
 * Read once: the save stream cannot be seeked, so the scan also writes it to a spool file in a private
 * temporary directory (tar-spool.ts: bounded by the free space, removed by close()), and every later
 * BlobSource.open() is a byte range of that file. Only when the spool does not fit, or was not written
 * because every layer went to one new repository's upload sessions during the scan (LoadOptions.onlyStaged)
 * and one of them failed, does an open() start a fresh save stream of the same image ID and skip the
 * entries before its own. Layers the registry already
 * has are never opened, and when every target holds the image it is not exported at all.
 */




class DockerDaemonSource {
    spec;
    options;
    description;
    origin;
    engine;
    inspected;
    /** The scanned save stream (its spool file), removed by close(). */
    index;
    /** The save stream's layers go through a stager while they are compressed (blob-stager.ts). */
    stagesBlobs = true;
    constructor(spec, options) {
        this.spec = spec;
        this.options = options;
        this.description = spec.text;
        this.engine = connectEngine(options.env);
        this.origin = `the Docker engine at ${this.engine.address.display}`;
    }
    /** Image ID and diff IDs from the engine's inspect (no export). */
    async identify() {
        const inspect = await this.inspect();
        return {
            imageId: inspect.Id,
            diffIds: inspect.layers.filter(domain_digest/* isDigest */.Bc),
            labels: inspect.labels,
            ...(inspect.platform ? { platform: inspect.platform } : {}),
        };
    }
    inspect() {
        this.inspected ??= this.engine.inspectImage(this.spec.name).then((inspect) => {
            if (!inspect)
                throw imageNotFound(this.spec.name, this.engine.address.display);
            return inspect;
        });
        return this.inspected;
    }
    async load(options = {}) {
        const inspect = await this.inspect();
        const id = inspect.Id;
        // Layers found compressed in a registry (knownLayers) are only hashed, never compressed: the scan then
        // compresses nothing (the legacy save format names layers by v1 IDs, so which entry is which layer is
        // known only after hashing it) and the layers left over are compressed by a second pass.
        const known = options.knownLayers ?? new Map();
        const reuse = known.size > 0;
        // The save stream is expensive to produce: its one scan also compresses the layers to learn digests.
        // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
        const { TarIndex } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 6766));
        const index = await TarIndex.scan({ description: this.description, openRaw: () => this.engine.saveImage(id) }, reuse
            ? { onEntryProgress: options.onEntryProgress }
            : {
                measureGzip: true,
                stager: options.stager,
                onEntryProgress: options.onEntryProgress,
                // Into one new repository every layer is staged while it is compressed: a spool would be
                // written for nothing (a failed stage re-reads the engine).
                spool: !(options.stager && options.onlyStaged),
            });
        this.index = index;
        return loadDockerSave(index, {
            selection: { imageId: id },
            knownLayers: known,
            concurrency: this.options.concurrency,
            refExample: () => this.description,
            // Containerd image store: compressed layers are the engine's blobs (reported so); an index it holds
            // only in part publishes the manifest of the engine's platform for the image, as docker push does.
            engine: { origin: this.origin, platform: inspect.platform },
        });
    }
    async close() {
        await this.index?.close();
        await this.engine.close();
    }
}

;// CONCATENATED MODULE: ./src/source/oci-layout.ts
/**
 * `oci:DIR[:REF]`: an OCI image layout directory (buildx `--output type=oci,tar=false`, skopeo, umoci).
 * Registry form: manifests and indexes are published byte for byte, so their digests are preserved (also
 * for uncompressed layers, which registries accept). load() reads and verifies manifests and configs and
 * checks that every layer is there with its size; each layer's verify() hashes the file (the publisher
 * calls it before its first write), and open() verifies again while uploading.
 */







class OciLayoutSource {
    spec;
    options;
    description;
    constructor(spec, options) {
        this.spec = spec;
        this.options = options;
        this.description = spec.text;
    }
    async load() {
        const { path, ref } = await resolveLocalPath(this.spec, 'directory');
        const indexBytes = await readLayoutFile(path, 'index.json', this.description);
        if (!indexBytes) {
            const dockerSave = await (0,regular_file/* resolveInside */.LI)(path, 'manifest.json').then(() => true, () => false);
            throw (0,source_errors/* sourceInvalid */.DA)(`${this.description}: ${JSON.stringify(path)} is not an OCI image layout (it has no index.json)`, dockerSave
                ? 'It looks like an extracted docker save; publish the tar itself with docker-archive:PATH.'
                : 'Point oci: at the directory that holds oci-layout, index.json and blobs/ (buildx --output type=oci,tar=false,dest=DIR).');
        }
        const layoutBytes = await readLayoutFile(path, 'oci-layout', this.description);
        if (layoutBytes)
            checkLayoutVersionBytes(layoutBytes, this.description);
        const store = new DirBlobStore(path, this.description);
        return loadFromLayout(store, parseIndexJson(indexBytes, `index.json of ${this.description}`), {
            selection: ref === undefined ? {} : { ref },
            convertUncompressed: false,
            concurrency: this.options.concurrency,
            refExample: (ref) => `oci:${path}:${ref}`,
        });
    }
    async close() {
        // nothing held open between calls
    }
}
/**
 * A small file of the layout (`index.json`, `oci-layout`): a regular file inside the layout, at most
 * MANIFEST_SIZE_LIMIT bytes; undefined when absent (`oci-layout` is optional: some tools omit it).
 */
async function readLayoutFile(dir, name, description) {
    try {
        const { path } = await (0,regular_file/* resolveInside */.LI)(dir, name);
        return await (0,regular_file/* readCappedFile */.yB)(path, content_limits/* MANIFEST_SIZE_LIMIT */.gn);
    }
    catch (err) {
        if (!(err instanceof regular_file/* FileRefused */.rV))
            throw err;
        if (err.reason === 'missing')
            return undefined;
        throw (0,source_errors/* sourceCorrupt */.dA)(`${name} of ${description} ${err.detail}`, `${name} of an OCI layout is a small regular file inside it; re-export the image.`);
    }
}
/** When present, `oci-layout`'s major version must be 1. */
function checkLayoutVersionBytes(bytes, description) {
    let version;
    try {
        version = JSON.parse(bytes.toString('utf8')).imageLayoutVersion;
    }
    catch {
        throw (0,source_errors/* sourceInvalid */.DA)(`The oci-layout file of ${description} is not JSON`, 'Export the image again.');
    }
    if (typeof version !== 'string' || !version.startsWith('1.')) {
        throw new errors/* PublishError */.S1('SOURCE_UNSUPPORTED', `${description} is an OCI layout of version ${JSON.stringify(version)}`, {
            hint: 'Only image layout version 1.x is supported; export with a current buildx or skopeo.',
        });
    }
}

;// CONCATENATED MODULE: ./src/source/oci-archive.ts
/**
 * `oci-archive:PATH[:REF]`: a tar of an OCI image layout (buildx `--output type=oci`, skopeo `oci-archive:`),
 * possibly gzip-compressed. Registry form: published byte for byte. One scan indexes and hashes every
 * entry (so load() verifies every blob without reading again); blobs then open as byte ranges of the file
 * (or by a fresh pass when the tar is compressed).
 */






class OciArchiveSource {
    spec;
    options;
    description;
    index;
    constructor(spec, options) {
        this.spec = spec;
        this.options = options;
        this.description = spec.text;
    }
    async load() {
        const { path, ref } = await resolveLocalPath(this.spec, 'file');
        // tar-index (and tar-stream) load only for the tar-based sources, not at start-up.
        const { TarIndex, fileOrigin } = await Promise.all(/* import() */[__webpack_require__.e(118), __webpack_require__.e(766)]).then(__webpack_require__.bind(__webpack_require__, 6766));
        const index = await TarIndex.scan(fileOrigin(path, this.description));
        this.index = index;
        const indexEntry = index.file('index.json');
        if (!indexEntry) {
            throw (0,source_errors/* sourceInvalid */.DA)(`${this.description} is not an OCI archive (it has no index.json)`, index.file('manifest.json')
                ? 'It is a docker save archive; use docker-archive:PATH.'
                : 'Point oci-archive: at the tar that buildx --output type=oci or skopeo copy … oci-archive: wrote.');
        }
        const layoutFile = index.file('oci-layout');
        if (layoutFile)
            checkLayoutVersionBytes(await index.read(layoutFile, 64 * 1024), this.description);
        const indexBytes = await index.read(indexEntry, content_limits/* MANIFEST_SIZE_LIMIT */.gn);
        return loadFromLayout(new TarBlobStore(index), parseIndexJson(indexBytes, `index.json of ${this.description}`), {
            selection: ref === undefined ? {} : { ref },
            convertUncompressed: false,
            concurrency: this.options.concurrency,
            refExample: (ref) => `oci-archive:${path}:${ref}`,
        });
    }
    async close() {
        // Blobs open their own file streams; a compressed archive's spooled tar goes.
        await this.index?.close();
    }
}

;// CONCATENATED MODULE: ./src/source/remote.ts






class RemoteSource {
    options;
    description;
    ref;
    client;
    constructor(spec, options) {
        this.options = options;
        this.description = spec.text;
        this.ref = (0,domain_reference/* parseReference */.F2)(spec.reference);
    }
    /** The registry client, connected on first use; pull access is declared for the repository. */
    connect() {
        if (!this.client) {
            this.client = this.options.connectRegistry(this.ref.apiHost, this.ref.registry);
            this.client.declareAccess(this.ref.repository, 'pull');
        }
        return this.client;
    }
    async load() {
        const client = this.connect();
        const reference = this.ref.digest ?? this.ref.tag ?? 'latest';
        const top = await this.fetchManifest(client, reference, this.description);
        if (this.ref.digest && top.digest !== this.ref.digest) {
            throw (0,source_errors/* digestMismatch */.H3)(`The manifest of ${this.description}`, this.ref.digest, top.digest);
        }
        const descriptor = {
            mediaType: top.mediaType,
            digest: top.digest,
            size: top.bytes.byteLength,
        };
        return this.build(client, top, descriptor, '', 0, new TraversalBudget(this.description));
    }
    async close() {
        // the client belongs to the caller (shared with the targets)
    }
    async build(client, raw, descriptor, path, depth, budget) {
        budget.enter(depth);
        const where = `the manifest ${raw.digest} of ${this.description}`;
        const doc = (0,domain_manifest/* parseManifest */.Ng)(raw.bytes, raw.mediaType, where);
        if (doc.kind === 'index') {
            budget.checkEntries(doc.manifests.length, where);
            // Each distinct child is fetched once (a repeated child shares the request): the request budget.
            const children = await (0,map_limited/* mapLimited */.b)(doc.manifests, this.options.concurrency, async (child) => {
                const childPath = [
                    path,
                    child.platform ? (0,domain_manifest/* formatPlatform */.Bq)(child.platform) : child.digest.slice(7, 19),
                ]
                    .filter(Boolean)
                    .join(' > ');
                const childRaw = await budget.once(child.digest, async () => {
                    const fetched = await this.fetchManifest(client, child.digest, `${childPath} of ${this.description}`);
                    if (fetched.digest !== child.digest) {
                        throw (0,source_errors/* digestMismatch */.H3)(`The manifest of ${childPath} in ${this.description}`, child.digest, fetched.digest);
                    }
                    return fetched;
                });
                return this.build(client, childRaw, child, childPath, depth + 1, budget);
            }, 'stop');
            const index = {
                kind: 'index',
                manifest: raw,
                descriptor,
                location: this.location,
                children,
            };
            return index;
        }
        const of = `${path ? `${path} in ` : ''}${this.description}`;
        const image = {
            kind: 'image',
            manifest: raw,
            descriptor,
            location: this.location,
            config: this.blob(client, doc.config, `config of ${of}`),
            layers: doc.layers.map((layer, i) => this.blob(client, layer, `layer ${i + 1} of ${of}`)),
        };
        return image;
    }
    get location() {
        return { registry: this.ref.apiHost, repository: this.ref.repository };
    }
    blob(client, descriptor, label) {
        const repository = this.ref.repository;
        return {
            descriptor,
            label,
            location: this.location,
            open: () => client.getBlob(repository, descriptor.digest),
        };
    }
    async fetchManifest(client, reference, what) {
        try {
            return await client.getManifest(this.ref.repository, reference);
        }
        catch (err) {
            if ((0,errors/* isPublishError */.U6)(err, 'MANIFEST_UNKNOWN') || (0,errors/* isPublishError */.U6)(err, 'NAME_UNKNOWN')) {
                const subject = what === this.description ? (0,domain_reference/* formatReference */.FH)(this.ref) : `${what} (${reference})`;
                throw new errors/* PublishError */.S1('IMAGE_NOT_FOUND', `The image ${subject} is not in the registry ${this.ref.registry}`, {
                    hint: 'Check the repository and tag (skopeo list-tags docker://REGISTRY/REPOSITORY), and that the credentials may pull it.',
                    cause: err,
                });
            }
            throw err;
        }
    }
}

// EXTERNAL MODULE: ./src/source/source-spec.ts
var source_spec = __webpack_require__(5738);
;// CONCATENATED MODULE: ./src/source/source-opener.ts







function openImageSource(spec, ctx) {
    const concurrency = sourceConcurrency(ctx.concurrency);
    switch (spec.transport) {
        case 'docker-daemon':
            return new DockerDaemonSource(spec, { env: ctx.env, concurrency });
        case 'docker-archive':
            return new DockerArchiveSource(spec, { concurrency });
        case 'oci-archive':
            return new OciArchiveSource(spec, { concurrency });
        case 'oci':
            return new OciLayoutSource(spec, { concurrency });
        case 'docker':
            return new RemoteSource(spec, {
                connectRegistry: (apiHost, registry) => ctx.connectRegistry(apiHost, registry),
                concurrency,
            });
    }
}

// EXTERNAL MODULE: ./src/memory.ts
var memory = __webpack_require__(8820);
;// CONCATENATED MODULE: ./src/source/image-source.ts
/** Every distinct blob of an artifact, config and layers of every child, deduplicated by digest. */
function collectBlobs(artifact) {
    const seen = new Map();
    const visit = (a) => {
        if (a.kind === 'index') {
            for (const child of a.children)
                visit(child);
            return;
        }
        for (const blob of [a.config, ...a.layers]) {
            if (!seen.has(blob.descriptor.digest))
                seen.set(blob.descriptor.digest, blob);
        }
    };
    visit(artifact);
    return [...seen.values()];
}

;// CONCATENATED MODULE: ./src/publish/content-pusher.ts






/**
 * Makes every blob and child manifest of the artifact present in the repository, in dependency order:
 * blobs (deduplicated by digest, `concurrency` at a time), then child manifests by digest. The top-level
 * manifest is not written here: tags write it.
 */
async function pushContent(options) {
    const blobs = collectBlobs(options.artifact);
    const isStaged = (blob) => !options.force && options.staged?.has(blob.descriptor.digest) === true;
    const staged = blobs.filter(isStaged);
    const unsent = new Set(blobs.map((b) => b.descriptor.digest));
    const sent = (digest) => {
        if (unsent.delete(digest) && unsent.size === 0)
            options.onBodiesSent?.();
    };
    const push = async (blob) => {
        (0,cancellation/* throwIfCancelled */.dZ)(options.signal);
        const outcome = await ensureBlob(options, blob, sent);
        sent(blob.descriptor.digest);
        const tally = options.report.blobs[outcome.outcome];
        tally.count += 1;
        tally.bytes += blob.descriptor.size;
        options.log.info(formatBlobLine(blob, outcome.outcome, outcome.from));
    };
    // A staged blob takes no upload slot: its bytes are going out already and only its commit is left, so
    // the other blobs (the config) upload meanwhile instead of after the last layer's PATCH.
    const settled = await Promise.allSettled([
        (0,map_limited/* mapLimited */.b)(blobs.filter((b) => !isStaged(b)), options.concurrency, push),
        (0,map_limited/* mapLimited */.b)(staged, Math.max(1, staged.length), push),
    ]);
    for (const result of settled)
        if (result.status === 'rejected')
            throw result.reason;
    await pushChildManifests(options, options.artifact);
}
async function ensureBlob(options, blob, sent) {
    const { client, repository } = options;
    const { digest, size } = blob.descriptor;
    const location = blob.location;
    const staging = options.force ? undefined : options.staged?.get(digest);
    if (staging)
        void options.whenSent?.(digest)?.then((only) => only && sent(digest));
    if (staging && (await staging))
        return { outcome: 'uploaded' };
    if (!options.force && location && location.registry === client.registry) {
        // The blob is already in this registry: same repository means nothing to do; another
        // repository means a cross-repository mount (no bytes), falling back to an upload.
        if (location.repository === repository)
            return { outcome: 'present' };
        if (await client.mountBlob(repository, digest, location.repository)) {
            return { outcome: 'mounted', from: location.repository };
        }
    }
    else if (!options.cold && !options.force) {
        const existing = await client.headBlob(repository, digest);
        if (existing !== undefined)
            return { outcome: 'present' };
    }
    const onProgress = options.onProgress;
    const openChecked = blob.openChecked?.bind(blob);
    const onePass = openChecked !== undefined && checkedOnUpload(blob);
    // Read does not mean delivered: a large body read by the client may still be on its way for longer than a
    // round trip. A blob sent by PATCH counts as sent when only its closing PUT is left (its bytes answered);
    // one sent in its PUT, when its last byte was read (docs/reliability.md, "Which requests share a round").
    const sending = (stream) => (0,cancellation/* destroyOnAbort */.kQ)((0,memory/* releasingStream */.v9)(stream, (bytes) => {
        onProgress?.(digest, bytes, size);
        if (bytes >= size && !onePass)
            sent(digest);
    }), options.signal);
    const open = async () => sending(await blob.open());
    // One pass (verifyBlobs left it unread): hashed as it is sent, committed only if it checks out.
    const checked = onePass
        ? {
            openChecked: async () => {
                const { stream, verdict } = await openChecked();
                return { stream: sending(stream), verdict };
            },
        }
        : {};
    await client.uploadBlob(repository, {
        digest,
        size,
        open,
        ...checked,
        onCommit: () => sent(digest),
    });
    return { outcome: 'uploaded' };
}
/**
 * Blobs from this size on are checked while they are uploaded rather than before (when their source can,
 * BlobSource.openChecked): one read of the file instead of two. Below it the second read costs little
 * (the file is in the page cache, a 16 MiB layer hashes in ~15 ms) and the check before the first write
 * keeps a corrupt source from touching the registry at all (docs/reliability.md, "One pass over a large
 * layer", measured there).
 */
const ONE_PASS_MIN_BYTES = 16 * 1024 * 1024;
/**
 * Checks the bytes of every blob that has a local check (BlobSource.verify), `concurrency` at a time: the
 * publisher runs it before its first write, so a corrupt source changes nothing in the registry. A large
 * blob that can be checked while it is sent is left to its upload (`all` unset): its bytes are hashed as
 * they go into the upload session, which is committed only if they match and cancelled otherwise, and a
 * blob the registry already holds is never read.
 */
async function verifyBlobs(blobs, concurrency, { all = false } = {}) {
    const now = all ? blobs : blobs.filter((b) => !checkedOnUpload(b));
    await (0,map_limited/* mapLimited */.b)(now, concurrency, async (blob) => blob.verify?.());
}
function checkedOnUpload(blob) {
    return blob.openChecked !== undefined && blob.descriptor.size >= ONE_PASS_MIN_BYTES;
}
/** PUTs child manifests bottom-up by digest so the index never references a missing manifest. */
async function pushChildManifests(options, artifact) {
    if (artifact.kind !== 'index')
        return;
    await (0,map_limited/* mapLimited */.b)(artifact.children, options.concurrency, async (child) => {
        await pushChildManifests(options, child);
        await options.client.putManifest(options.repository, child.manifest.digest, child.manifest);
    });
}
function formatBlobLine(blob, outcome, from) {
    const id = (0,domain_digest/* shortDigest */.VK)(blob.descriptor.digest);
    const size = (0,publish_report/* formatBytes */.z3)(blob.descriptor.size);
    // A layer found compressed (in a registry, or the engine's content store) was not compressed here: say
    // where it came from. One from another registry is copied; the engine's own blob is pushed.
    const reused = blob.foundIn ? `, reused from ${blob.foundIn}` : '';
    switch (outcome) {
        case 'uploaded':
            return blob.foundIn && blob.location
                ? `${id}: Copied (${size}${reused})`
                : `${id}: Pushed (${size}${reused})`;
        case 'present':
            return `${id}: Layer already exists (${size}${reused})`;
        case 'mounted':
            return `${id}: Mounted from ${from ?? 'another repository'} (${size}${reused})`;
    }
}

;// CONCATENATED MODULE: ./src/publish/referrers.ts



/** Rounds of read, merge, write and read back before a referrers index is given up as contended. */
const MERGE_ROUNDS = 6;
/**
 * How long a referrers index we wrote must stay intact before it counts as kept: another job's
 * read-modify-write that read before our PUT lands within a request's time after it.
 */
const SETTLE_MS = 300;
/**
 * docs/registry-quirks.md#q31-no-referrers-api: a manifest with a `subject` (a signature, an SBOM) must be
 * findable from its subject. Where the registry has no referrers API, the client keeps the referrers tag
 * schema: an OCI index tagged `sha256-<hex of the subject>` listing every referrer, de-duplicated, with
 * artifactType and annotations. A registry has no compare-and-swap, so two jobs adding referrers to one
 * subject race: each merges into what it reads just before its PUT, reads the index back, and again after
 * a settle pause; a write of another job that dropped our entry is merged again (MERGE_ROUNDS at most).
 */
/** Whether the manifest names a subject (recordReferrer then writes the subject's referrers index). */
function namesSubject(manifest) {
    const digest = parse(manifest.bytes)?.subject?.digest;
    return typeof digest === 'string' && (0,domain_digest/* isDigest */.Bc)(digest);
}
async function recordReferrer(client, repository, manifest, log, settleMs = SETTLE_MS) {
    const doc = parse(manifest.bytes);
    const subject = doc?.subject;
    if (!doc || !subject || typeof subject.digest !== 'string' || !(0,domain_digest/* isDigest */.Bc)(subject.digest))
        return;
    if (client.getReferrers && (await client.getReferrers(repository, subject.digest)) !== undefined)
        return;
    const tag = referrersTag(subject.digest);
    const entry = referrerEntry(manifest, doc);
    let wrote = false;
    let settled = false;
    for (let round = 0; round < MERGE_ROUNDS; round++) {
        const manifests = await readIndexEntries(client, repository, tag);
        if (manifests.some((d) => d.digest === manifest.digest)) {
            if (!wrote)
                return;
            if (settled) {
                log.info(`${tag}: referrers index now lists ${manifest.digest} (the registry has no referrers API)`);
                return;
            }
            settled = true;
            await new Promise((resolve) => setTimeout(resolve, settleMs + Math.floor(Math.random() * settleMs)));
            continue;
        }
        if (wrote)
            log.info(`${tag}: another job rewrote the referrers index meanwhile; merging again`);
        settled = false;
        const index = { schemaVersion: 2, mediaType: media_types/* MEDIA_TYPE_OCI_INDEX */.vX, manifests: [...manifests, entry] };
        await client.putManifest(repository, tag, (0,domain_manifest/* toRawManifest */.rG)(Buffer.from(JSON.stringify(index)), media_types/* MEDIA_TYPE_OCI_INDEX */.vX));
        wrote = true;
    }
    log.warning(`${tag}: the referrers index kept changing under concurrent writes; ${manifest.digest} may be missing from it (a re-run adds it)`);
}
function referrerEntry(manifest, doc) {
    const artifactType = typeof doc.artifactType === 'string'
        ? doc.artifactType
        : typeof doc.config?.mediaType === 'string'
            ? doc.config.mediaType
            : undefined;
    const annotations = doc.annotations && typeof doc.annotations === 'object'
        ? doc.annotations
        : undefined;
    return {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.bytes.byteLength,
        ...(artifactType ? { artifactType } : {}),
        ...(annotations ? { annotations } : {}),
    };
}
/** The entries of the `sha256-<hex>` referrers index as the registry holds it now (none when absent). */
async function readIndexEntries(client, repository, tag) {
    const existing = (await client.headManifest(repository, tag))
        ? parse((await client.getManifest(repository, tag)).bytes)
        : undefined;
    return Array.isArray(existing?.manifests) ? existing.manifests : [];
}
function parse(bytes) {
    try {
        const value = JSON.parse(Buffer.from(bytes).toString('utf8'));
        return value && typeof value === 'object' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** The referrers tag of a subject (`sha256-<hex>`), also the stem of cosign's `.sig`, `.att`, `.sbom` tags. */
function referrersTag(subject) {
    return subject.replace(':', '-');
}
/**
 * The referrers of a subject in a repository: the registry's referrers API where it answers, the
 * `sha256-<hex>` referrers index otherwise (none when neither exists).
 */
async function listReferrers(client, repository, subject) {
    const tag = referrersTag(subject);
    const listing = (client.getReferrers ? await client.getReferrers(repository, subject) : undefined) ??
        ((await client.headManifest(repository, tag)) ? await client.getManifest(repository, tag) : undefined);
    const manifests = listing ? parse(listing.bytes)?.manifests : undefined;
    if (!Array.isArray(manifests))
        return [];
    return manifests.filter((d) => typeof d === 'object' &&
        d !== null &&
        typeof d.digest === 'string' &&
        (0,domain_digest/* isDigest */.Bc)(d.digest));
}

;// CONCATENATED MODULE: ./src/publish/carry-referrers.ts


const COSIGN_SUFFIXES = ['sig', 'att', 'sbom'];
async function carryReferrers(input) {
    const { client, repository, log, report } = input;
    for (const { subject, location } of registrySubjects(input.artifact)) {
        // Read from this very repository (a promotion in place): its referrers are here already.
        if (location.registry === client.registry && location.repository === repository)
            continue;
        const source = input.sourceClient(location.registry);
        if (!source)
            continue;
        const found = (await listReferrers(source, location.repository, subject)).map((d) => ({ digest: d.digest, tag: null, artifactType: d.artifactType ?? null }));
        for (const suffix of COSIGN_SUFFIXES) {
            const tag = `${referrersTag(subject)}.${suffix}`;
            const head = await source.headManifest(location.repository, tag);
            if (head)
                found.push({ digest: head.digest, tag, artifactType: null });
        }
        for (const item of found) {
            const entry = { subject, ...item, action: 'would copy' };
            const there = await client.headManifest(repository, item.tag ?? item.digest);
            if (there?.digest === item.digest) {
                report.referrers.push({ ...entry, action: 'present' });
                continue;
            }
            if (input.dryRun) {
                report.referrers.push(entry);
                log.info(`would copy ${describe(entry)}`);
                continue;
            }
            const opened = input.openRemote(`${location.registry}/${location.repository}@${item.digest}`);
            try {
                const artifact = await opened.load();
                await pushContent({
                    client,
                    repository,
                    artifact,
                    concurrency: input.concurrency,
                    cold: false,
                    log,
                    report,
                });
                await client.putManifest(repository, item.tag ?? item.digest, artifact.manifest);
                if (!item.tag)
                    await recordReferrer(client, repository, artifact.manifest, log);
            }
            finally {
                await opened.close();
            }
            report.referrers.push({ ...entry, action: 'copied' });
            log.info(`copied ${describe(entry)}`);
        }
    }
}
/** Every manifest of the artifact that was read from a registry: the image, or an index and its children. */
function registrySubjects(artifact) {
    const own = artifact.location ? [{ subject: artifact.manifest.digest, location: artifact.location }] : [];
    return artifact.kind === 'index' ? [...own, ...artifact.children.flatMap(registrySubjects)] : own;
}
function describe(entry) {
    const what = entry.tag
        ? `tag ${entry.tag}`
        : `referrer ${entry.digest}${entry.artifactType ? ` (${entry.artifactType})` : ''}`;
    return `${what} of ${entry.subject}`;
}

// EXTERNAL MODULE: ./src/domain/annotations.ts
var domain_annotations = __webpack_require__(4546);
// EXTERNAL MODULE: ./src/publish/tag-context.ts
var tag_context = __webpack_require__(9549);
;// CONCATENATED MODULE: ./src/source/config-platform.ts



/** The platform an image config declares (os, architecture, variant, os.version), if it names one. */
async function readConfigPlatform(config) {
    if (config.descriptor.size > content_limits/* CONFIG_SIZE_LIMIT */.j$) {
        throw new errors/* PublishError */.S1('SOURCE_INVALID', `The config of ${config.label} is larger than ${(0,content_limits/* formatMiB */.av)(content_limits/* CONFIG_SIZE_LIMIT */.j$)}`, {
            hint: 'An image config is a small JSON document; rebuild the image.',
        });
    }
    // Bounded by the limit, not the descriptor: more bytes than declared fail to parse as JSON.
    const { bytes } = await (0,bounded_read/* readBounded */.C)(await config.open(), content_limits/* CONFIG_SIZE_LIMIT */.j$);
    let doc;
    try {
        doc = JSON.parse(bytes.toString('utf8'));
    }
    catch (cause) {
        throw new errors/* PublishError */.S1('SOURCE_CORRUPT', `The config of ${config.label} is not valid JSON`, {
            hint: 'The image is damaged; rebuild or re-export it.',
            cause,
        });
    }
    const { os, architecture, variant } = doc;
    const osVersion = doc['os.version'];
    if (typeof os !== 'string' || typeof architecture !== 'string')
        return undefined;
    return {
        os,
        architecture,
        ...(typeof variant === 'string' && variant ? { variant } : {}),
        ...(typeof osVersion === 'string' && osVersion ? { 'os.version': osVersion } : {}),
    };
}

;// CONCATENATED MODULE: ./src/source/merged-source.ts
/**
 * `sources`: several images or indexes (any source kind) merged into one index, one child per platform
 * (domain/platform-index.ts). Each source is loaded in full before anything is written, so a duplicate
 * platform or a bad child fails the run with nothing written.
 */


class MergedSource {
    sources;
    annotations;
    description;
    constructor(sources, annotations) {
        this.sources = sources;
        this.annotations = annotations;
        this.description = sources.map((s) => s.description).join(' + ');
    }
    async load() {
        const children = new Map();
        const entries = [];
        for (const source of this.sources) {
            const artifact = await source.load();
            for (const { image, fromIndex } of flatten(artifact)) {
                children.set(image.manifest.digest, image);
                const descriptor = fromIndex
                    ? image.descriptor
                    : {
                        mediaType: image.manifest.mediaType,
                        digest: image.manifest.digest,
                        size: image.manifest.bytes.byteLength,
                    };
                // A top-level image's platform comes from its config; an index's child keeps what the index says.
                const platform = isAttestation(descriptor)
                    ? undefined
                    : ((fromIndex ? descriptor.platform : undefined) ?? (await readConfigPlatform(image.config)));
                entries.push({ descriptor, platform, origin: describeChild(source.description, image, fromIndex) });
            }
        }
        const merged = buildPlatformIndex(entries, this.annotations);
        return {
            kind: 'index',
            manifest: merged.manifest,
            descriptor: {
                mediaType: merged.manifest.mediaType,
                digest: merged.manifest.digest,
                size: merged.manifest.bytes.byteLength,
            },
            children: merged.entries.map((e) => {
                const image = children.get(e.descriptor.digest);
                if (!image)
                    throw new Error(`internal: no child ${e.descriptor.digest}`);
                return { ...image, descriptor: e.descriptor };
            }),
        };
    }
    async close() {
        await Promise.all(this.sources.map((s) => s.close()));
    }
}
function* flatten(artifact, fromIndex = false) {
    if (artifact.kind === 'image') {
        yield { image: artifact, fromIndex };
        return;
    }
    for (const child of artifact.children)
        yield* flatten(child, true);
}
function describeChild(source, image, fromIndex) {
    return fromIndex ? `${source} (child ${image.manifest.digest})` : source;
}

;// CONCATENATED MODULE: ./src/domain/plan.ts

/**
 * Decides, per tag, whether to create, update, leave or skip it. An existing full-version tag that points
 * at another digest is immutable unless `overwrite` is set: that raises TAG_EXISTS before any write.
 */
function planTags(input) {
    const entries = [];
    for (const { tag, kind } of input.tags) {
        const previous = input.current.get(tag);
        if (previous === input.digest) {
            entries.push({
                tag,
                kind,
                action: 'unchanged',
                previous,
                next: previous,
                reason: 'already points at this image',
            });
        }
        else if (previous === undefined) {
            entries.push({ tag, kind, action: 'created', previous, next: input.digest, reason: undefined });
        }
        else if (kind === 'version' && !input.overwrite) {
            throw new errors/* PublishError */.S1('TAG_EXISTS', `Tag ${input.targetName}:${tag} already points at ${previous}, not at this image (${input.digest})`, {
                hint: (0,errors/* remedyHint */.o7) `Version tags are immutable: bump the version, or use ${errors/* OVERWRITE */.Wr} to replace it.`,
            });
        }
        else {
            entries.push({
                tag,
                kind,
                action: 'updated',
                previous,
                next: input.digest,
                reason: kind === 'version' ? 'replaced: overwriting was allowed' : undefined,
            });
        }
    }
    for (const held of input.heldBack) {
        if (entries.some((e) => e.tag === held.tag))
            continue;
        const previous = input.current.get(held.tag);
        entries.push({
            tag: held.tag,
            kind: held.kind,
            action: 'skipped',
            previous,
            next: previous,
            reason: held.reason,
        });
    }
    return entries;
}
/** Tags that need a write. */
function tagsToWrite(entries) {
    return entries.filter((e) => e.action === 'created' || e.action === 'updated');
}

// EXTERNAL MODULE: ./src/domain/tags.ts + 4 modules
var domain_tags = __webpack_require__(3381);
// EXTERNAL MODULE: ./src/publish/settings.ts
var publish_settings = __webpack_require__(6878);
;// CONCATENATED MODULE: ./src/publish/converge.ts



/** Bound on write-and-recheck rounds for one floating tag under racing jobs. */
const MAX_RECONCILE_ROUNDS = 5;
/**
 * Floating tags whose placement the floating guard decided and that this run wrote or confirmed (a forced
 * `latest: true` is the user's call and is left alone).
 */
function guardedTags(context, entries) {
    const { settings, derivation } = context;
    const ours = derivation.version;
    if (settings.floating === 'always' || !ours || (0,domain_version/* isPrerelease */.V1)(ours))
        return [];
    return entries.filter((e) => (e.kind === 'floating' || (e.kind === 'latest' && settings.latest === 'auto')) &&
        e.action !== 'skipped');
}
/**
 * Floating tags the guard held back (a higher version of their line exists) that still point at this
 * release: a run of this version wrote them before the higher one arrived and never converged (cancelled,
 * killed, or its registry failed). They are to be pointed at the highest version of their line.
 */
function repairableHeldBack(context, entries) {
    const { settings, derivation, manifest } = context;
    const ours = derivation.version;
    if (settings.floating === 'always' || !ours || (0,domain_version/* isPrerelease */.V1)(ours))
        return [];
    return entries.filter((e) => e.action === 'skipped' &&
        e.previous === manifest.digest &&
        (e.kind === 'floating' || (e.kind === 'latest' && settings.latest === 'auto')));
}
/**
 * After writing, lists the version tags again: when a higher version of one of our floating lines arrived
 * meanwhile (a parallel release job), points that floating tag at the higher version. Two jobs publishing
 * 1.15.13 and 1.16.0 at once thus end with `1`, `latest` → 1.16.0 and `1.15` → 1.15.13, whatever the order.
 * Costs one tag listing when nothing changed.
 */
async function convergeFloatingTags(context, entries) {
    const guarded = guardedTags(context, entries);
    const ours = context.derivation.version;
    if (guarded.length === 0 || !ours)
        return [];
    const tags = await context.client.listTags(context.repository);
    const changes = [];
    for (const entry of guarded) {
        if (!highestOwner(entry.tag, ours, context.settings, tags))
            continue;
        changes.push(await reconcileFloatingTag(context, entry, tags));
    }
    return changes;
}
/**
 * Points one floating tag at the highest version of its line now in the repository (ours or a higher one
 * published meanwhile), writing only when it points elsewhere. Used after writing and when a read-back
 * shows that a parallel job moved the tag. A tag held back only by another name's version (scope `image`)
 * is left where it is: no image of its name is higher, and moving it back would move it to an older one.
 */
async function reconcileFloatingTag(context, entry, knownTags) {
    const { client, repository, settings, derivation, manifest, log } = context;
    const ours = derivation.version;
    if (!ours)
        throw new Error('internal: reconcile needs a version');
    let tags = knownTags ?? (await client.listTags(repository));
    let target;
    let desired = manifest.digest;
    // Every write is followed by a fresh listing: a higher version may have landed between our listing and
    // our PUT, and then our PUT was stale. The last job to write always re-checks, so all jobs converge.
    for (let round = 0; round < MAX_RECONCILE_ROUNDS; round++) {
        if (round > 0)
            tags = await client.listTags(repository);
        target = resolveTarget(entry.tag, ours, settings, tags);
        desired = manifest.digest;
        let bytes = manifest;
        if (target?.kind === 'higher') {
            const head = await client.headManifest(repository, target.tag);
            if (head) {
                desired = head.digest;
                bytes =
                    head.digest === manifest.digest ? manifest : await client.getManifest(repository, head.digest);
            }
        }
        const now = await client.headManifest(repository, entry.tag);
        if (target?.kind === 'held') {
            desired = now?.digest ?? null;
            break;
        }
        if (now?.digest === desired)
            break;
        await client.putManifest(repository, entry.tag, bytes);
        log.info(target?.kind === 'higher'
            ? `${entry.tag}: moved to ${target.tag} (${desired}), a higher version published meanwhile`
            : `${entry.tag}: restored to this release (${desired}) after a parallel job moved it to a lower version`);
    }
    const previous = entry.previous ?? null;
    const outcome = (digest) => previous === digest ? 'unchanged' : previous === null ? 'created' : 'updated';
    if (target?.kind === 'held') {
        const kept = desired === manifest.digest;
        if (!kept)
            log.info(`${entry.tag}: left as it is, ${target.tag} (another name) holds it back`);
        return {
            tag: entry.tag,
            action: kept ? outcome(desired) : 'skipped',
            previous,
            digest: desired,
            reason: kept
                ? `kept on this release: ${target.tag} (another name) holds it back, and no version of its own name is higher`
                : `held back: ${target.tag} exists`,
        };
    }
    return {
        tag: entry.tag,
        action: outcome(desired),
        previous,
        digest: desired,
        reason: target?.kind === 'higher' ? `left at ${target.tag}, a higher version published meanwhile` : null,
    };
}
/**
 * The higher version that holds the floating tag back now, if any: the floating guard with the plan's own
 * options (names, levels, scope, prefixes) judging the repository's tags as listed again.
 */
function highestOwner(floating, ours, settings, tags) {
    const target = resolveTarget(floating, ours, settings, tags);
    return target && target.kind !== 'ours' ? { tag: target.tag, version: target.version } : undefined;
}
function resolveTarget(floating, ours, settings, tags) {
    const { names, guard } = (0,domain_tags/* readFloatingGuard */.Ge)((0,publish_settings/* toTagRequest */.hK)(settings, []));
    return (0,domain_tags/* resolveFloatingTag */.T8)(floating, ours, names, tags, guard);
}

// EXTERNAL MODULE: ./src/publish/render.ts
var render = __webpack_require__(975);
;// CONCATENATED MODULE: ./src/publish/timed-read.ts
/**
 * A read sent ahead of the write that relies on it (a version tag's claim check, the tag listing before
 * the floating tags), so that it travels in a round the run pays anyway instead of a round of its own.
 * Its answer stands for the same read sent just before the write while it is no older than the read's own
 * round trip: the write then follows the registry's answer by at most twice what a read sent right before
 * it would (docs/reliability.md, "Which requests share a round"). An older answer is read again.
 */
class TimedRead {
    answer;
    sentAt;
    answeredAt;
    constructor(send) {
        this.sentAt = performance.now();
        this.answer = send();
        const answered = () => {
            this.answeredAt = performance.now();
        };
        // Registered first, so the time is set before any awaiting caller resumes; also marks it handled.
        this.answer.then(answered, answered);
    }
    /** Answered, and no longer ago than it took to come. */
    fresh() {
        const at = this.answeredAt;
        return at !== undefined && performance.now() - at <= at - this.sentAt;
    }
    /** Waits for the answer, success or failure; the caller then asks fresh() and reads `answer`. */
    async settled() {
        await this.answer.catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/publish/tag-manifests.ts





class TagManifests {
    client;
    repository;
    reads = new Map();
    constructor(client, repository) {
        this.client = client;
        this.repository = repository;
    }
    /** The manifest a tag serves, or undefined when it is gone (listed, then deleted) or not there. */
    read(tag) {
        return this.timed(tag).answer;
    }
    /** The read of `tag` (started now if it was not), with when it was answered (a failure is the caller's). */
    timed(tag) {
        let read = this.reads.get(tag);
        if (!read) {
            read = new TimedRead(() => readManifestOrNone(this.client, this.repository, tag));
            this.reads.set(tag, read);
        }
        return read;
    }
    /** The read of `tag` if one was started. */
    started(tag) {
        return this.reads.get(tag);
    }
    /** Starts reading `tags`, at most `concurrency` at once (read() of one not started yet starts it now). */
    prefetch(tags, concurrency) {
        (0,map_limited/* mapLimited */.b)(tags, concurrency, (tag) => this.read(tag)).catch(() => undefined);
    }
}
/** The listed tags whose manifests the plan reads: the tags it derives and holds back that exist. */
function tagsToRead(derivation, existing) {
    const listed = new Set(existing);
    const wanted = [...derivation.tags, ...derivation.heldBack].map((t) => t.tag);
    return [...new Set(wanted.filter((t) => listed.has(t)))];
}
/**
 * The version tag a release claims first (read just before its PUT: target-publisher.ts), when the settings
 * claim one. Version tags do not depend on the repository's tags, so it is known before the list is in.
 */
function claimedVersionTag(settings) {
    if (settings.overwrite || settings.dryRun || settings.byDigest || settings.version === undefined)
        return undefined;
    try {
        return (0,domain_tags/* deriveTags */.hj)((0,publish_settings/* toTagRequest */.hK)(settings, [])).tags.find((t) => t.kind === 'version')?.tag;
    }
    catch {
        return undefined; // settings the plan refuses: it says why, after the tag list
    }
}
/** tagsToRead for the settings' tags, before the plan derives them (the derivation is pure). */
function tagsThePlanReads(settings, existing) {
    return tagsToRead((0,domain_tags/* deriveTags */.hj)((0,publish_settings/* toTagRequest */.hK)(settings, existing)), existing);
}
async function readManifestOrNone(client, repository, tag) {
    try {
        return await client.getManifest(repository, tag);
    }
    catch (err) {
        if ((0,errors/* isPublishError */.U6)(err, 'MANIFEST_UNKNOWN') || (0,errors/* isPublishError */.U6)(err, 'NAME_UNKNOWN'))
            return undefined;
        throw err;
    }
}
/**
 * How many requests a target's widest parallel step sends at once, as far as the settings tell before the
 * tag list: one read, write or check per tag the settings derive, at most `concurrency` (uploads run at that
 * width too). The connections are opened for them while the first request is on its way.
 */
function requestsAtOnce(settings) {
    if (settings.byDigest)
        return 1;
    try {
        return Math.max(1, Math.min(settings.concurrency, (0,domain_tags/* deriveTags */.hj)((0,publish_settings/* toTagRequest */.hK)(settings, [])).tags.length));
    }
    catch {
        return 1; // the plan reports what is wrong with the tags
    }
}

;// CONCATENATED MODULE: ./src/publish/target-publisher.ts















/**
 * Publishes one artifact to one repository: plan (tag list, current digests, floating guard, immutability),
 * then content, then the full-version tag, then floating and extra tags; then converge and verify.
 * Fills `report` as it goes so a failure still reports what was done.
 */
async function publishToTarget(input, report = (0,publish_report/* emptyTargetReport */.hQ)(input.target)) {
    const { client, target, artifact, settings, log } = input;
    const repository = target.repository;
    const digest = artifact.manifest.digest;
    report.digest = digest;
    report.platforms = listPlatforms(artifact, input.platform);
    if (settings.byDigest)
        return publishByDigest(input, report);
    const manifests = input.manifests ?? new TagManifests(client, repository);
    const listed = await (input.tagList ?? listTagsOrNone(client, repository));
    const existing = listed ?? [];
    const derivation = (0,domain_tags/* deriveTags */.hj)((0,publish_settings/* toTagRequest */.hK)(settings, existing));
    for (const notice of derivation.notices)
        log.info(`notice: ${(0,errors/* wordHint */.Ut)(notice, input.wordRemedy)}`);
    // Tags whose "unchanged" was confirmed by reading their manifest (each is read once per run): every tag
    // the plan read, since it reads the manifest itself.
    const confirmed = new Set();
    const current = await readCurrentDigests(manifests, tagsToRead(derivation, existing), settings.concurrency, confirmed);
    const entries = planTags({
        digest,
        tags: derivation.tags,
        heldBack: derivation.heldBack,
        current,
        overwrite: settings.overwrite,
        targetName: target.name,
    });
    // A real run reports what happened: a tag to write is `not attempted` until its PUT succeeds.
    report.tags = entries.map((e) => settings.dryRun || (e.action !== 'created' && e.action !== 'updated')
        ? toTagReport(e)
        : { ...toTagReport(e), action: 'not attempted', digest: e.previous ?? null });
    for (const line of (0,render/* renderPlan */.E)(entries, settings.dryRun))
        log.info(line);
    const writes = tagsToWrite(entries);
    // Before the first write (and in a dry run, which shows what a real run would do, every blob): the bytes
    // of every local blob are checked, so a corrupt source changes nothing; a large layer is checked while
    // it uploads instead (one pass, verifyBlobs). A run that writes nothing reads no blob.
    const blobs = collectBlobs(artifact);
    if (writes.length > 0 || settings.dryRun)
        await verifyBlobs(blobs, settings.concurrency, { all: settings.dryRun });
    if (settings.dryRun)
        return report;
    const context = {
        client,
        repository,
        settings,
        derivation,
        manifest: artifact.manifest,
        log,
    };
    // Tags read back after their write already (a version tag's check after its PUT).
    const readBack = new Set();
    // The version tag's "unchanged" decides that nothing else needs the image: confirmed before any write.
    if (writes.length > 0) {
        const versionTags = new Set(entries.filter((e) => e.kind === 'version').map((e) => e.tag));
        await confirmUnchanged(context, report, report.tags.filter((t) => versionTags.has(t.tag)), confirmed);
    }
    // Floating tags whose PUT was started: the ones to converge if the run fails or is cancelled midway.
    const attempted = new Set();
    // The first version tag's check before its PUT, when it was sent ahead in a round paid anyway.
    let preChecked;
    if (writes.length > 0) {
        (0,cancellation/* throwIfCancelled */.dZ)(input.signal);
        const first = writes.find((e) => e.kind === 'version');
        const claiming = first && claimGuarded(first, settings) ? first : undefined;
        const contentPresent = [...current.values()].includes(digest) ||
            readFrom(artifact, client.registry, repository) ||
            (listed !== undefined && (await hasManifest(client, repository, digest)));
        if (!contentPresent) {
            const staged = input.stager
                ? input.stager.commit(new Set(blobs.map((b) => b.descriptor.digest)))
                : undefined;
            const stager = input.stager;
            // The version tag's check before its PUT goes out with the upload's last answers (a blob's commit,
            // the answer to its last bytes) rather than a round trip after them: the PUT follows both answers, so
            // it still comes one round trip after the check, as when the check followed the upload (the window a
            // same-version race can slip through is unchanged: release-races.itg.test.ts, "two jobs publishing
            // the same version"; request-budget.test.ts, S1 and S5).
            await pushContent({
                staged,
                whenSent: stager && ((d) => stager.whenSent(d)),
                onBodiesSent: claiming
                    ? () => {
                        preChecked = new TimedRead(() => checkClaim(input, report, claiming.tag));
                    }
                    : undefined,
                signal: input.signal,
                onProgress: input.onProgress,
                client,
                repository,
                artifact,
                concurrency: settings.concurrency,
                cold: listed === undefined || listed.length === 0,
                log,
                report,
            });
        }
        else {
            log.info(`${target.name}@${digest}: image already in the repository, no blobs to push`);
            // A read of the version tag sent with the tag list (a promotion in place) is its check.
            const early = claiming && manifests.started(claiming.tag);
            if (early && claiming) {
                preChecked = {
                    answer: early.answer.then((served) => judgeClaim(input, report, claiming.tag, served?.digest)),
                    fresh: () => early.fresh(),
                    settled: () => early.settled(),
                };
                preChecked.answer.catch(() => undefined); // awaited by writeTags; never unhandled meanwhile
            }
        }
        try {
            await writeTags(input, context, writes, report, attempted, readBack, preChecked);
        }
        catch (err) {
            await convergeAfterFailure(context, entries, attempted, report, input.wordRemedy);
            throw err;
        }
    }
    // The tags written are read back while the converge step lists the tags again: one round trip instead of
    // two (docs/benchmarks.md, S3). A tag the converge step or a repair below touches is read again.
    const early = writes.length > 0
        ? readHeads(context, tagsToReadBack(report, readBack), settings.concurrency)
        : undefined;
    early?.catch(() => undefined);
    // Nothing written means no tag moved: there is nothing to converge (and no second tag listing).
    const [convergence, earlyHeads] = await Promise.allSettled([
        writes.length > 0 ? convergeFloatingTags(context, entries) : [],
        early,
    ]);
    if (convergence.status === 'rejected')
        throw convergence.reason;
    if (earlyHeads.status === 'rejected')
        throw earlyHeads.reason;
    const converged = convergence.value;
    const heads = earlyHeads.value ?? new Map();
    for (const change of converged)
        heads.delete(change.tag);
    applyChanges(report, converged);
    // A floating tag held back but still on this release (a run cancelled or failed before it converged
    // left it there): pointed at the highest version of its line, so a re-run repairs it.
    const repairs = repairableHeldBack(context, entries);
    if (repairs.length > 0) {
        (0,cancellation/* throwIfCancelled */.dZ)(input.signal);
        applyChanges(report, await (0,map_limited/* mapLimited */.b)(repairs, settings.concurrency, async (entry) => {
            const repaired = await reconcileFloatingTag(context, entry, existing);
            heads.delete(entry.tag);
            return repairOutcome(entry, repaired);
        }));
    }
    // Cancelled while the last writes were in flight: they settled and were converged; nothing is verified.
    (0,cancellation/* throwIfCancelled */.dZ)(input.signal);
    await verifyTags(context, guardedTags(context, entries), report, { confirmed, readBack, heads });
    report.verified = true;
    return report;
}
/**
 * What the repair of a held-back tag did: moved it (`repaired: …`), or wrote nothing because it already
 * points at the image the guard wants (the higher version has this release's image, or another name holds
 * it here): then it stays what the plan said, held back, and the report says nothing was written.
 */
function repairOutcome(entry, result) {
    if (result.digest !== entry.previous)
        return { ...result, reason: `repaired: ${result.reason ?? 'held back'}` };
    return {
        ...result,
        action: 'skipped',
        reason: `${entry.reason ?? 'held back'}; nothing written, the tag already points at the image it should`,
    };
}
/**
 * `by-digest`: the content and the manifest under its digest, no tag (a matrix job's half of a merge).
 * A manifest already there means nothing to write; the digest is read back either way.
 */
async function publishByDigest(input, report) {
    const { client, target, artifact, settings, log } = input;
    const { digest } = artifact.manifest;
    const present = readFrom(artifact, client.registry, target.repository) ||
        (await hasManifest(client, target.repository, digest));
    log.info(`${target.name}@${digest}: ${present ? 'already in the repository, nothing to write' : settings.dryRun ? 'would push by digest (no tag)' : 'pushing by digest (no tag)'}`);
    if (present) {
        report.verified = !settings.dryRun;
        return report;
    }
    const blobs = collectBlobs(artifact);
    await verifyBlobs(blobs, settings.concurrency, { all: settings.dryRun });
    if (settings.dryRun)
        return report;
    const staged = input.stager
        ? input.stager.commit(new Set(blobs.map((b) => b.descriptor.digest)))
        : undefined;
    await pushContent({
        staged,
        signal: input.signal,
        onProgress: input.onProgress,
        client,
        repository: target.repository,
        artifact,
        concurrency: settings.concurrency,
        // Other platforms of the release may already have put shared layers here: each blob is checked.
        cold: false,
        log,
        report,
    });
    await putWithBlobRecovery(input, digest, artifact.manifest, report);
    await recordReferrer(client, target.repository, artifact.manifest, log);
    const head = await client.headManifest(target.repository, digest);
    if (head?.digest !== digest) {
        throw new errors/* PublishError */.S1('VERIFY_FAILED', `Read-back of ${target.name}@${digest} gave ${head?.digest ?? 'no manifest'}`, { hint: 'The registry did not store the manifest; re-run (a re-run writes only what is missing).' });
    }
    log.info(`verified ${target.name}@${digest}`);
    report.verified = true;
    return report;
}
/** The repository's tags, or undefined when the repository does not exist yet. */
async function listTagsOrNone(client, repository) {
    try {
        return await client.listTags(repository);
    }
    catch (err) {
        if ((0,errors/* isPublishError */.U6)(err, 'NAME_UNKNOWN'))
            return undefined;
        throw err;
    }
}
/**
 * What each listed tag of the plan points at, by one GET of its manifest (hashed, checked against the
 * registry's digest header): the same round trip a HEAD costs, and a tag found unchanged is then confirmed
 * by its content without a second read (a HEAD then a GET per tag before: docs/benchmarks.md, S2). The tags
 * read are added to `read`. Reads the caller started early (a prefetch) are not sent again.
 */
async function readCurrentDigests(manifests, tags, concurrency, read) {
    const current = new Map();
    await (0,map_limited/* mapLimited */.b)(tags, concurrency, async (tag) => {
        const served = await manifests.read(tag);
        if (served)
            current.set(tag, served.digest);
        read.add(tag);
    });
    return current;
}
/** The artifact was read from this very repository (a promotion in place): its content is there. */
function readFrom(artifact, registry, repository) {
    return artifact.location?.registry === registry && artifact.location.repository === repository;
}
async function hasManifest(client, repository, digest) {
    return (await client.headManifest(repository, digest)) !== undefined;
}
/** Replaces each tag's row with its new one. */
function applyChanges(report, changes) {
    for (const change of changes) {
        report.tags = report.tags.map((t) => (t.tag === change.tag ? change : t));
    }
}
/** Changes some fields of one tag's row. */
function patchTag(report, tag, change) {
    report.tags = report.tags.map((t) => (t.tag === tag ? { ...t, ...change } : t));
}
/**
 * After a failure or a cancellation between the first floating PUT and the converge step: converges the
 * floating tags whose PUT was started (a stale one is pointed at the higher version). Best effort: when the
 * registry is down this fails too, and the next run repairs the tags (repairableHeldBack).
 */
async function convergeAfterFailure(context, entries, attempted, report, wordRemedy) {
    if (attempted.size === 0)
        return;
    try {
        applyChanges(report, await convergeFloatingTags(context, entries.filter((e) => attempted.has(e.tag))));
    }
    catch (err) {
        context.log.warning(`could not converge the floating tags after the failure (${(0,errors/* formatError */.Wk)(err, wordRemedy)}); the next run repairs them`);
    }
}
/**
 * Full-version tag first (it also stores the manifest), then the others in parallel. Just before the
 * floating tags, the tag list is read again: a floating tag whose line got a higher version since the plan
 * is not written (the converge step points it at that version). That listing travels with the last version
 * tag's last request (its check after the PUT, or the PUT itself when it is not claimed) and is read once
 * more if its answer is older than its round trip when the floating PUTs go (TimedRead).
 */
async function writeTags(input, context, writes, report, attempted, readBack, preChecked) {
    const { artifact, settings, log } = input;
    const manifest = artifact.manifest;
    const repository = input.target.repository;
    const version = writes.filter((e) => e.kind === 'version');
    let rest = writes.filter((e) => e.kind !== 'version');
    const guarded = new Set(guardedTags(context, rest).map((e) => e.tag));
    const put = async (entry) => {
        (0,cancellation/* throwIfCancelled */.dZ)(input.signal);
        if (guarded.has(entry.tag))
            attempted.add(entry.tag);
        let note = null;
        try {
            await putWithBlobRecovery(input, entry.tag, manifest, report);
        }
        catch (err) {
            // A PUT whose answer was lost (reset, timeout) may have been stored: the registry's word decides.
            if (input.signal?.aborted || !(await holdsDigest(input, entry.tag, manifest.digest))) {
                patchTag(report, entry.tag, { action: 'failed', reason: (0,errors/* formatError */.Wk)(err, input.wordRemedy) });
                throw err;
            }
            note = `stored, although the answer to its PUT was lost (${(0,errors/* formatError */.Wk)(err, input.wordRemedy)})`;
            log.info(`${entry.tag}: ${note}`);
        }
        patchTag(report, entry.tag, { action: entry.action, digest: manifest.digest, reason: note });
        log.info(`${entry.tag}: digest: ${manifest.digest} size: ${manifest.bytes.byteLength}`);
    };
    const ours = context.derivation.version;
    const relist = guarded.size > 0 && ours !== undefined;
    // A referrer is recorded (a write) only for a version tag the check confirmed, and before the listing.
    const listEarly = relist && !namesSubject(manifest);
    let listing;
    const startListing = () => (listing ??= new TimedRead(() => input.client.listTags(repository)));
    // Same-version race: a registry has no compare-and-swap, so a new version tag is read just before and
    // just after its PUT; a job that finds another image there lost and writes no further tag. Resolves once
    // the PUT is done, with the check after it still running (`after`): the caller overlaps it. `alongside`
    // starts the floating tags' listing with the tag's last request.
    const claim = async (entry, alongside) => {
        const guard = claimGuarded(entry, settings);
        const check = () => checkClaim(input, report, entry.tag);
        if (guard) {
            // The check before the PUT may have been sent ahead (with the upload's last answers, or with the
            // tag list); an answer older than its round trip is read again.
            const early = entry === version[0] ? preChecked : undefined;
            if (early)
                await early.settled();
            await (early?.fresh() ? early.answer : check());
        }
        if (!guard) {
            const putting = put(entry);
            if (!input.signal?.aborted)
                alongside?.();
            await putting;
            return { after: Promise.resolve() };
        }
        await put(entry);
        // The check after the PUT is also the tag's read-back: verifyTags does not read it again.
        const after = check().then(() => void readBack.add(entry.tag));
        after.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
        alongside?.();
        return { after };
    };
    let lastCheck = Promise.resolve();
    for (const [i, entry] of version.entries()) {
        const last = i === version.length - 1;
        const { after } = await claim(entry, last && listEarly ? startListing : undefined);
        if (!last)
            await after;
        else
            lastCheck = after;
    }
    // The last version tag's check after its PUT runs with the re-listing below: one round trip instead of
    // two (docs/benchmarks.md, S3), and no floating tag is written before both answered.
    if (!listEarly)
        await lastCheck;
    if (version.length > 0)
        await recordReferrer(input.client, repository, manifest, log);
    if (relist) {
        (0,cancellation/* throwIfCancelled */.dZ)(input.signal);
        const listed = startListing();
        const [tags, checked] = await Promise.allSettled([listed.answer, lastCheck]);
        // A lost same-version race is the error to report, even when the listing failed too.
        if (checked.status === 'rejected')
            throw checked.reason;
        if (tags.status === 'rejected')
            throw tags.reason;
        let fresh = tags.value;
        // The version tag's PUT or check took longer than the listing (a retry, a slow write): read again.
        if (!listed.fresh()) {
            (0,cancellation/* throwIfCancelled */.dZ)(input.signal);
            fresh = await input.client.listTags(repository);
        }
        rest = rest.filter((entry) => {
            const higher = guarded.has(entry.tag) && highestOwner(entry.tag, ours, settings, fresh);
            if (higher)
                log.info(`${entry.tag}: not written, ${higher.tag} was published meanwhile`);
            return !higher;
        });
    }
    // Every other tag is tried even when one is refused (mapLimited settles all before rejecting).
    await (0,map_limited/* mapLimited */.b)(rest, settings.concurrency, put);
    if (version.length === 0)
        await recordReferrer(input.client, repository, manifest, log);
}
/** A new version tag is claimed (read just before and just after its PUT) unless overwriting is allowed. */
function claimGuarded(entry, settings) {
    return entry.kind === 'version' && entry.action === 'created' && !settings.overwrite;
}
/** Fails when the tag points at another image than ours (a job that published the same version). */
async function checkClaim(input, report, tag) {
    const head = await input.client.headManifest(input.target.repository, tag);
    judgeClaim(input, report, tag, head?.digest);
}
/** The claim check's verdict on what the tag points at now (undefined: no such tag yet). */
function judgeClaim(input, report, tag, held) {
    const { manifest } = input.artifact;
    if (!held || held === manifest.digest)
        return;
    patchTag(report, tag, {
        action: 'failed',
        digest: held,
        reason: 'published by another job meanwhile',
    });
    throw new errors/* PublishError */.S1('TAG_EXISTS', `Tag ${input.target.name}:${tag} was published by another job during this run and points at ${held}, not at this image (${manifest.digest})`, {
        hint: (0,errors/* remedyHint */.o7) `This run wrote no other tag. Version tags are immutable: bump the version, or use ${errors/* OVERWRITE */.Wr}.`,
    });
}
/** Whether the tag points at `digest` now (false when it cannot be read either). */
async function holdsDigest(input, tag, digest) {
    try {
        return (await input.client.headManifest(input.target.repository, tag))?.digest === digest;
    }
    catch {
        return false;
    }
}
/**
 * docs/registry-quirks.md#q22-blob-lost-after-head: a manifest PUT refused for a blob the registry lost after
 * our HEAD: re-upload, retry once.
 */
async function putWithBlobRecovery(input, tag, manifest, report) {
    const { client, target, artifact, settings, log } = input;
    try {
        await client.putManifest(target.repository, tag, manifest);
    }
    catch (err) {
        if (!hasDiagnostic(err, ['MANIFEST_BLOB_UNKNOWN', 'BLOB_UNKNOWN']))
            throw err;
        log.warning(`${target.name}:${tag}: the registry reports a missing blob; uploading the blobs again`);
        await pushContent({
            client,
            repository: target.repository,
            artifact,
            concurrency: settings.concurrency,
            cold: true,
            force: true,
            log,
            report,
        });
        await client.putManifest(target.repository, tag, manifest);
    }
}
function hasDiagnostic(err, codes) {
    const diagnostics = err?.diagnostics;
    return (Array.isArray(diagnostics) &&
        diagnostics.some((d) => typeof d.code === 'string' && codes.includes(d.code)));
}
/**
 * Reads back every tag the run wrote and requires the expected digest. A floating tag that a parallel job
 * moved meanwhile is reconciled (pointed at the highest version of its line) and read back again.
 */
async function verifyTags(context, guarded, report, reads) {
    const { client, repository, settings, log } = context;
    const written = report.tags.filter((t) => t.action === 'created' || t.action === 'updated');
    const toCheck = written.filter((t) => !reads.readBack.has(t.tag));
    await (0,map_limited/* mapLimited */.b)(toCheck, settings.concurrency, async (t) => {
        let expected = t.digest;
        let head = reads.heads.has(t.tag) ? reads.heads.get(t.tag) : await client.headManifest(repository, t.tag);
        const floating = guarded.find((g) => g.tag === t.tag);
        for (let attempt = 0; floating && head?.digest !== expected && attempt < 3; attempt++) {
            const reconciled = await reconcileFloatingTag(context, floating);
            applyChanges(report, [reconciled]);
            expected = reconciled.digest;
            head = await client.headManifest(repository, t.tag);
        }
        if (!head || head.digest !== expected) {
            patchTag(report, t.tag, {
                action: 'failed',
                digest: head?.digest ?? null,
                reason: `read back ${head?.digest ?? 'no manifest'}, expected ${expected ?? 'none'}`,
            });
            throw new errors/* PublishError */.S1('VERIFY_FAILED', `Read-back of ${report.target}:${t.tag} gave ${head?.digest ?? 'no manifest'}, expected ${expected ?? 'none'}`, {
                hint: 'Another job changed the tag during this run, or the registry did not store it; re-run to converge.',
            });
        }
    });
    if (written.length > 0)
        log.info(`verified ${written.length} tag(s) on ${report.target}`);
    await confirmUnchanged(context, report, report.tags, reads.confirmed);
}
/** The tags written and not yet read back. */
function tagsToReadBack(report, readBack) {
    return report.tags
        .filter((t) => (t.action === 'created' || t.action === 'updated') && !readBack.has(t.tag))
        .map((t) => t.tag);
}
/** One HEAD per tag, in parallel (at most `concurrency` at once). */
async function readHeads(context, tags, concurrency) {
    const heads = new Map();
    await (0,map_limited/* mapLimited */.b)(tags, concurrency, async (tag) => {
        heads.set(tag, await context.client.headManifest(context.repository, tag));
    });
    return heads;
}
/**
 * A tag found "unchanged" was judged by a HEAD alone: the manifest it serves is read and hashed, so a
 * registry (or proxy) whose HEAD lies cannot make a run report "unchanged … verified" (nor write floating
 * tags next to a version tag that holds another image).
 */
async function confirmUnchanged(context, report, tags, confirmed) {
    const { client, repository, settings } = context;
    const unchanged = tags.filter((t) => t.action === 'unchanged' && t.digest !== null && !confirmed.has(t.tag));
    await (0,map_limited/* mapLimited */.b)(unchanged, settings.concurrency, async (t) => {
        const served = await client.getManifest(repository, t.tag);
        if (served.digest === t.digest) {
            confirmed.add(t.tag);
            return;
        }
        patchTag(report, t.tag, {
            action: 'failed',
            digest: served.digest,
            reason: `serves ${served.digest}, HEAD said ${t.digest ?? 'none'}`,
        });
        throw new errors/* PublishError */.S1('VERIFY_FAILED', `${report.target}:${t.tag} looked unchanged (its HEAD said ${t.digest ?? 'none'}), but the manifest it serves hashes to ${served.digest}`, {
            hint: 'The registry or a proxy in front of it answers HEAD wrongly; report it to the registry operator.',
        });
    });
}
function toTagReport(entry) {
    return {
        tag: entry.tag,
        action: entry.action,
        previous: entry.previous ?? null,
        digest: entry.next ?? null,
        reason: entry.reason ?? null,
    };
}
function listPlatforms(artifact, platform) {
    if (artifact.kind === 'image') {
        return [
            {
                platform: (0,domain_manifest/* formatPlatform */.Bq)(artifact.descriptor.platform ?? platform),
                digest: artifact.manifest.digest,
            },
        ];
    }
    return artifact.children.flatMap((child) => child.kind === 'image'
        ? [{ platform: (0,domain_manifest/* formatPlatform */.Bq)(child.descriptor.platform), digest: child.manifest.digest }]
        : listPlatforms(child));
}

;// CONCATENATED MODULE: ./src/publish/platform.ts


/**
 * The platform of a single-platform image: from its descriptor, else from its config (os, architecture,
 * variant). A config that lives only in a remote registry is not fetched (that would cost a request).
 */
async function readPlatform(image) {
    if (image.descriptor.platform)
        return image.descriptor.platform;
    if (image.config.location || image.config.descriptor.size > content_limits/* CONFIG_SIZE_LIMIT */.j$)
        return undefined;
    try {
        return await readConfigPlatform(image.config);
    }
    catch {
        return undefined; // the platform is informational; a bad config fails later where it matters
    }
}

;// CONCATENATED MODULE: ./src/publish/publish.ts

















/**
 * The engine: loads the source once, then plans and publishes to every target. A failing target does not
 * stop the others; its error is recorded in the report (the adapters fail the run at the end).
 * Errors before any write (bad source, bad credentials config) are thrown.
 */
async function runPublish(settings, deps) {
    // The run's deadline stops it as a signal does; a grace period later it also cuts the requests in flight.
    const deadline = (0,cancellation/* startRunDeadline */.AN)(settings.timeoutMs, deps.signal);
    try {
        return await publishAll(settings, { ...deps, signal: deadline.signal }, deadline);
    }
    finally {
        deadline.dispose();
    }
}
async function publishAll(settings, deps, run) {
    const stop = run.hard;
    deps.secrets.add(settings.password);
    for (const notice of settings.notices ?? [])
        deps.log.info(`notice: ${(0,errors/* wordHint */.Ut)(notice, deps.wordRemedy)}`);
    const clients = await connectClients(settings, deps, stop);
    const sourceContext = {
        env: deps.env,
        concurrency: settings.concurrency,
        connectRegistry: (apiHost) => {
            const client = clients.get(apiHost);
            if (!client)
                throw new errors/* PublishError */.S1('REFERENCE_INVALID', `No registry connection prepared for ${apiHost}`);
            return client;
        },
    };
    const open = (spec, input) => deps.openSource
        ? deps.openSource(spec, sourceContext)
        : openImageSource((0,source_spec/* parseSourceSpec */.s)(spec, input), sourceContext);
    const annotations = (0,domain_annotations/* resolveAnnotations */.Rn)(settings.annotations, (0,tag_context/* readAnnotationContext */.$)(deps.env, settings.version));
    const source = settings.sources.length > 0
        ? new MergedSource(settings.sources.map((spec) => open(spec, 'sources')), annotations)
        : open(settings.source, 'source');
    const report = {
        source: source.description,
        version: settings.version ?? null,
        dryRun: settings.dryRun,
        digest: null,
        targets: [],
    };
    let stager;
    try {
        for (const target of settings.targets) {
            clients.get(target.apiHost)?.declareAccess(target.repository, settings.dryRun ? 'pull' : 'push');
        }
        // Each target's tag list is read while the source loads (read-only; a failure surfaces in the target).
        const tagLists = new Map(settings.targets.map((target) => {
            const client = clients.get(target.apiHost);
            client?.preconnect?.(requestsAtOnce(settings));
            const listing = client ? listTagsOrNone(client, target.repository) : Promise.resolve(undefined);
            listing.catch(() => undefined);
            return [target, listing];
        }));
        // The manifests of the tags the plan reads, as soon as each list is in (known images and the plan
        // share them): a re-run waits for one round of reads while the source is identified or loaded.
        const manifests = new Map(settings.targets.flatMap((target) => {
            const client = clients.get(target.apiHost);
            return client ? [[target, new TagManifests(client, target.repository)]] : [];
        }));
        // A promotion in place writes no blob, so the version tag's PUT follows the plan at once: its claim
        // check (target-publisher.ts) is read now, with the tag list, instead of a round trip before the PUT.
        const claimed = claimedVersionTag(settings);
        if (claimed)
            for (const [target, reads] of manifests)
                if (promotesInPlace(settings, target))
                    reads.timed(claimed);
        if (!settings.byDigest)
            for (const [target, reads] of manifests)
                tagLists
                    .get(target)
                    ?.then((tags) => {
                    if (tags && tags.length > 0)
                        reads.prefetch(tagsThePlanReads(settings, tags), settings.concurrency);
                })
                    .catch(() => undefined);
        // Metadata first (the engine's inspect), in parallel with the tag lists: what the targets hold decides
        // whether the image needs exporting at all and which layers need compressing.
        const identity = source.identify?.();
        identity?.catch(() => undefined);
        stager = await offerStager(source, settings, clients, tagLists, identity, deps.log);
        const known = identity
            ? await readKnownImages({
                identity: await (0,cancellation/* untilAborted */.Eu)(identity, deps.signal),
                settings,
                clients,
                tagLists,
                manifests,
                log: deps.log,
                connect: async (apiHost, repository) => {
                    // A base named only by the image's label may live on a host no setting named.
                    const existing = clients.get(apiHost);
                    if (existing)
                        return existing;
                    const client = await connectHost(apiHost, repository, false, settings, deps, stop);
                    clients.set(apiHost, client);
                    return client;
                },
            })
            : undefined;
        // Reading the source is local work no request timeout bounds: the run's deadline and a cancel cut it.
        const loaded = await (0,cancellation/* untilAborted */.Eu)(loadArtifact(source, settings, known, stager, deps.log, deps.progressIntervalMs), deps.signal);
        // Without sources, settings allow annotations only for the engine and docker-archive sources, whose
        // manifest registry-publish builds anyway (the merged index carries its own).
        const artifact = settings.sources.length > 0 ? loaded : withAnnotations(loaded, annotations);
        report.digest = artifact.manifest.digest;
        const platform = artifact.kind === 'image' ? await readPlatform(artifact) : undefined;
        deps.log.info(`Image ${artifact.manifest.digest} (${artifact.kind === 'index' ? `index of ${artifact.children.length} manifests` : 'single platform'})`);
        for (const target of settings.targets) {
            const targetReport = (0,publish_report/* emptyTargetReport */.hQ)(target);
            report.targets.push(targetReport);
            const client = clients.get(target.apiHost);
            if (!client)
                throw new Error(`internal: no client for ${target.apiHost}`);
            await deps.log.group(`${settings.dryRun ? 'Plan for' : 'Publishing to'} ${target.name}`, async () => {
                try {
                    (0,cancellation/* throwIfCancelled */.dZ)(deps.signal);
                    await publishToTarget({
                        signal: deps.signal,
                        client,
                        target,
                        artifact,
                        settings,
                        log: deps.log,
                        onProgress: deps.onProgress,
                        platform,
                        tagList: tagLists.get(target),
                        manifests: manifests.get(target),
                        stager: target === settings.targets[0] ? stager : undefined,
                        wordRemedy: deps.wordRemedy,
                    }, targetReport);
                    if (settings.referrers)
                        await carryReferrers({
                            client,
                            repository: target.repository,
                            artifact,
                            sourceClient: (apiHost) => clients.get(apiHost),
                            openRemote: (reference) => open(`docker://${reference}`, 'source'),
                            concurrency: settings.concurrency,
                            dryRun: settings.dryRun,
                            log: deps.log,
                            report: targetReport,
                        });
                }
                catch (err) {
                    const message = deps.secrets.redact((0,errors/* formatError */.Wk)(err, deps.wordRemedy));
                    targetReport.error = { code: (0,errors/* isPublishError */.U6)(err) ? err.code : 'INTERNAL', message };
                    // Tag reasons may quote the registry's answer: redacted like the error.
                    targetReport.tags = targetReport.tags.map((t) => t.reason ? { ...t, reason: deps.secrets.redact(t.reason) } : t);
                    // Not logged here: each adapter prints a failed target once (one annotation / one error: line).
                }
            });
        }
    }
    catch (err) {
        // Fatal (a target's own failure is recorded above, not thrown): nothing still in flight matters now,
        // except the upload sessions staged so far, which are cancelled first (briefly: a stalled registry must
        // not hold the exit; the registry expires what is left).
        await settleWithin(stager?.cancelAll(), STAGED_CANCEL_MS);
        run.abort(err);
        throw err;
    }
    finally {
        await stager?.cancelAll();
        await source.close();
        await Promise.all([...new Set(clients.values())].map((c) => c.close()));
    }
    return report;
}
/** How long a failing run waits for its staged upload sessions to be cancelled before it cuts everything. */
const STAGED_CANCEL_MS = 2_000;
async function settleWithin(work, ms) {
    if (!work)
        return;
    let timer;
    await Promise.race([
        work.catch(() => undefined),
        new Promise((resolve) => {
            timer = setTimeout(resolve, ms);
            timer.unref();
        }),
    ]);
    clearTimeout(timer);
}
/**
 * The source's image: when every target already holds it (same image ID), that image as the first target
 * holds it, with nothing exported; otherwise the source's load(), given the layers found compressed.
 */
async function loadArtifact(source, settings, known, stager, log, progressIntervalMs) {
    const held = settings.targets.map((t) => known?.same.get(t));
    const first = held[0];
    if (first && held.every(Boolean)) {
        log.info(`${source.description} is already in ${settings.targets.map((t) => t.name).join(', ')}: not exported`);
        return first;
    }
    const origin = 'origin' in source ? source.origin : undefined;
    log.info(`Reading ${source.description}${origin ? ` from ${origin}` : ''}`);
    const knownLayers = known?.layers;
    if (knownLayers && knownLayers.size > 0)
        log.info(`Found ${knownLayers.size} compressed layer(s) in the targets and base images: those are not compressed again`);
    return source.load({
        stager,
        // The stager serves the first target only: with others, their pushes open the blobs again.
        onlyStaged: stager !== undefined && settings.targets.length === 1,
        knownLayers,
        onEntryProgress: createExportProgress(log, Date.now, progressIntervalMs),
    });
}
/**
 * A stager for sources that can send blobs while they read them (blob-stager.ts), when the first target's
 * repository has no tags yet: there is nothing to compare with, so every blob will be uploaded anyway.
 */
async function offerStager(source, settings, clients, tagLists, identity, log) {
    const first = settings.targets[0];
    const client = first && clients.get(first.apiHost);
    if (!source.stagesBlobs || settings.dryRun || !first || !client)
        return undefined;
    const tags = await tagLists.get(first)?.catch(() => null);
    if (tags === null || (tags !== undefined && tags.length > 0))
        return undefined;
    // The layers are what gets staged: their count lets each upload session open before its layer starts.
    const layers = (await identity?.catch(() => undefined))?.diffIds.length;
    return createRegistryStager(client, first.repository, log, { expected: layers ?? 0 });
}
/** One client per registry host, shared by the source and the targets (one token covers both). */
async function connectClients(settings, deps, stop) {
    // One client (one credential) per host: auth.json's namespace-scoped keys are matched against the first
    // repository named on that host.
    const hosts = new Map();
    const primary = settings.targets[0];
    const add = (target) => {
        if (!hosts.has(target.apiHost))
            hosts.set(target.apiHost, {
                registry: target.registry,
                repository: target.repository,
                explicit: target.apiHost === primary?.apiHost,
            });
    };
    settings.targets.forEach(add);
    for (const [spec, input] of [
        [settings.source, 'source'],
        ...settings.sources.map((s) => [s, 'sources']),
    ]) {
        if (spec.startsWith('docker://'))
            add((0,domain_reference/* parseReference */.F2)(spec.slice('docker://'.length), input));
    }
    settings.bases.forEach(add);
    const clients = new Map();
    for (const [apiHost, { explicit, repository }] of hosts)
        clients.set(apiHost, await connectHost(apiHost, repository, explicit, settings, deps, stop));
    return clients;
}
/** A client for one host: the explicit credentials only for the first target's registry. */
function connectHost(apiHost, repository, explicit, settings, deps, stop) {
    return (0,connect/* connectRegistry */.g)({
        apiHost,
        repository,
        username: explicit ? settings.username : undefined,
        password: explicit ? settings.password : undefined,
        insecure: settings.insecure,
        caFile: settings.caFile,
        certDir: settings.certDir,
        clientCert: settings.clientCert,
        clientKey: settings.clientKey,
        env: deps.env,
        signal: stop,
        secrets: deps.secrets,
        log: deps.log,
        ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
        ...(deps.createClient ? { createClient: deps.createClient } : {}),
    });
}
/** The source is an image of the target's own repository (`docker://` the same host and repository). */
function promotesInPlace(settings, target) {
    const prefix = 'docker://';
    if (settings.sources.length > 0 || !settings.source.startsWith(prefix))
        return false;
    const source = (0,domain_reference/* parseReference */.F2)(settings.source.slice(prefix.length), 'source');
    return source.apiHost === target.apiHost && source.repository === target.repository;
}
/** The failed targets of a report, for the final error. */
function failedTargets(report) {
    return report.targets.filter((t) => t.error !== null);
}
function withAnnotations(artifact, annotations) {
    const manifest = (0,domain_annotations/* annotateManifest */.Cw)(artifact.manifest, annotations);
    if (manifest === artifact.manifest)
        return artifact;
    return { ...artifact, manifest, descriptor: (0,domain_manifest/* describeManifest */.FK)(manifest, artifact.descriptor) };
}


/***/ }),

/***/ 975:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ renderPlan),
/* harmony export */   b: () => (/* binding */ renderTable)
/* harmony export */ });
/* harmony import */ var _domain_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7522);

const WOULD = {
    created: 'would create',
    updated: 'would update',
    unchanged: 'unchanged',
    skipped: 'would skip',
};
/** Before a real run writes anything, the plan speaks in the future tense. */
const WILL = {
    created: 'will create',
    updated: 'will update',
    unchanged: 'unchanged',
    skipped: 'will skip',
};
/** The plan as an aligned text table: tag | now | after | action. */
function renderPlan(entries, dryRun) {
    const rows = entries.map((e) => [
        e.tag,
        formatDigest(e.previous),
        formatDigest(e.next),
        (dryRun ? WOULD : WILL)[e.action] + (e.reason ? ` (${e.reason})` : ''),
    ]);
    return renderTable(['TAG', 'NOW', 'AFTER', 'PLAN'], rows);
}
function renderTable(header, rows) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells) => cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd();
    return [line(header), ...rows.map(line)];
}
function formatDigest(digest) {
    return digest ? (0,_domain_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .shortDigest */ .VK)(digest) : '-';
}


/***/ }),

/***/ 4585:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dU: () => (/* binding */ tagsAtDigest),
/* harmony export */   hQ: () => (/* binding */ emptyTargetReport),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
function emptyTargetReport(target) {
    return {
        target: target.name,
        registry: target.registry,
        repository: target.repository,
        digest: null,
        tags: [],
        blobs: {
            uploaded: { count: 0, bytes: 0 },
            present: { count: 0, bytes: 0 },
            mounted: { count: 0, bytes: 0 },
        },
        platforms: [],
        referrers: [],
        verified: false,
        error: null,
    };
}
/** Tags that point at the published digest after the run, in plan order. */
function tagsAtDigest(report) {
    return report.tags
        .filter((t) => report.digest !== null &&
        t.digest === report.digest &&
        (t.action === 'created' || t.action === 'updated' || t.action === 'unchanged'))
        .map((t) => t.tag);
}
/** Human size like Docker's: 12.3 MB, 512 B. */
function formatBytes(bytes) {
    if (bytes < 1000)
        return `${bytes} B`;
    const units = ['kB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 'B';
    for (const u of units) {
        if (value < 1000)
            break;
        value /= 1000;
        unit = u;
    }
    return `${value.toFixed(value < 10 ? 2 : 1)} ${unit}`;
}


/***/ }),

/***/ 6878:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P$: () => (/* binding */ parseSettings),
/* harmony export */   cS: () => (/* binding */ DEFAULT_TIMEOUT),
/* harmony export */   hK: () => (/* binding */ toTagRequest),
/* harmony export */   ry: () => (/* binding */ splitList)
/* harmony export */ });
/* unused harmony export MAX_CONCURRENCY */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _domain_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8913);
/* harmony import */ var _domain_tags_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3381);
/* harmony import */ var _domain_duration_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4678);
/* harmony import */ var _source_source_spec_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5738);
/* harmony import */ var _domain_annotations_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4546);
/* harmony import */ var _registry_credentials_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9420);
/* harmony import */ var _registry_trust_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(2401);









const MAX_CONCURRENCY = 32;
/**
 * Validates raw inputs into settings; every error names the setting and says how to fix it (structured:
 * the adapter words the names, `Input "image"` or `--image`).
 */
function parseSettings(raw) {
    const image = clean(raw.image);
    if (!image) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('image')} is required`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Set it to the image name without registry or tag, e.g. ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingExample */ .TE)('image', 'app')}.`,
        });
    }
    const registry = clean(raw.registry) ?? 'docker.io';
    const embedded = (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .findRegistryInName */ .pQ)(image);
    if (embedded) {
        // `image: ghcr.io/ns/app` otherwise reads as "carries a tag" (the port) or a wrong repository.
        const cut = embedded.path.lastIndexOf('/');
        const registryAt = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingExample */ .TE)('registry', embedded.registry);
        const imageAt = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingExample */ .TE)('image', embedded.path.slice(cut + 1));
        const split = cut === -1
            ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${registryAt}, ${imageAt}`
            : (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${registryAt}, ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingExample */ .TE)('namespace', embedded.path.slice(0, cut))}, ${imageAt}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('REFERENCE_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('image')} "${image}" contains the registry "${embedded.registry}"`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Put the registry in ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('registry')} and the path in ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('namespace')}: ${split}.`,
        });
    }
    const notices = [];
    // Registries accept only lowercase repositories; `${{ github.repository_owner }}` is often mixed case.
    const lower = (name, value) => {
        const lowered = value.toLowerCase();
        if (lowered !== value)
            notices.push((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(name)}: ${value} → ${lowered} (repository names are lowercase)`);
        return lowered;
    };
    const namespace = lower('namespace', clean(raw.namespace) ?? '');
    const lowerImage = lower('image', image);
    const primary = joinDestination(registry, namespace, lowerImage);
    const targets = [toTarget(primary.registry, primary.apiHost, primary.repository)];
    for (const line of raw.targets ?? []) {
        const ref = (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(line, 'targets');
        if (ref.tag !== undefined || ref.digest !== undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('targets')} line "${line}" carries a tag or digest`, {
                hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Write each target as registry/namespace/image; tags come from ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('version')} and ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('tags')}.`,
            });
        }
        const target = toTarget(ref.registry, ref.apiHost, ref.repository);
        if (!targets.some((t) => t.apiHost === target.apiHost && t.repository === target.repository))
            targets.push(target);
    }
    const version = clean(raw.version);
    const extraTags = (raw.tags ?? []).map((t) => t.trim()).filter(Boolean);
    const byDigest = parseBoolean(raw['by-digest'], false, 'by-digest');
    if (byDigest && (version || extraTags.length > 0)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('by-digest')} writes no tag, but ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(version ? 'version' : 'tags')} is set`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Leave ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('version')} and ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('tags')} empty for a by-digest push; tag the image in a later run (e.g. the merge job).`,
        });
    }
    if (!byDigest && !version && extraTags.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Nothing to publish: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('version')} and ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('tags')} are both empty`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Set ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingExample */ .TE)('version', '1.2.3')}, or list plain tags in ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('tags')}.`,
        });
    }
    const source = clean(raw.source) ?? `docker-daemon:${lowerImage}`;
    const sources = (raw.sources ?? []).map((t) => t.trim()).filter(Boolean);
    if (sources.length > 0 && clean(raw.source)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('source')} and ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('sources')} are both set`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Use ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('source')} for one image, or list every image to merge in ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('sources')}.`,
        });
    }
    // Every source is parsed here, before any connection, so its errors name the input or flag.
    const sourceSpec = (0,_source_source_spec_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSourceSpec */ .s)(source, 'source');
    for (const spec of sources)
        (0,_source_source_spec_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSourceSpec */ .s)(spec, 'sources');
    const annotations = (0,_domain_annotations_js__WEBPACK_IMPORTED_MODULE_6__/* .parseAnnotations */ .KX)(raw.annotations ?? []);
    // Annotations go on what registry-publish writes itself: the index sources creates, or the manifest it
    // builds for an engine image or a docker save archive. An image published as it is keeps its bytes.
    const annotated = annotations.auto || Object.keys(annotations.entries).length > 0;
    if (annotated && sources.length === 0 && !ANNOTATABLE.has(sourceSpec.transport)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('annotations')} needs ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('sources')} or a Docker engine or docker-archive source`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Annotations go on the index ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingName */ .QX)('sources')} creates or on the manifest built for a docker-daemon or docker-archive image; an OCI layout or registry image is published byte for byte.`,
        });
    }
    const bases = (raw.base ?? [])
        .map((b) => b.trim())
        .filter(Boolean)
        .map((b) => (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(b, 'base'));
    if (bases.length > 0 && (sources.length > 0 || sourceSpec.transport !== 'docker-daemon')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('base')} needs a Docker engine source (docker-daemon:, the default)`, {
            hint: 'Base layers are reused instead of compressing an engine image; other sources publish their own compressed blobs as they are.',
        });
    }
    const caFile = clean(raw['ca-file']);
    if (caFile && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(caFile)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('ca-file')} "${caFile}" does not exist`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Point ${_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CA_FILE */ .S4} at a PEM file of the registry CA, relative to the working directory.`,
        });
    }
    const certDir = clean(raw['cert-dir']);
    if (certDir && !isDirectory(certDir)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('cert-dir')} "${certDir}" is not a directory`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Point ${_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CERT_DIR */ .xF} at a directory like /etc/docker/certs.d/HOST:PORT/ (ca.crt, client.cert, client.key).`,
        });
    }
    const clientCert = clean(raw['client-cert']);
    const clientKey = clean(raw['client-key']);
    if (Boolean(clientCert) !== Boolean(clientKey)) {
        const [set, unset] = clientCert
            ? ['client-cert', 'client-key']
            : ['client-key', 'client-cert'];
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(set)} is set but ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(unset)} is empty`, {
            hint: 'Give the client certificate and its private key together (both PEM files).',
        });
    }
    for (const [name, path] of [
        ['client-cert', clientCert],
        ['client-key', clientKey],
    ]) {
        if (path && !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(name)} "${path}" does not exist`, {
                hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Point ${name === 'client-cert' ? _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CLIENT_CERT */ .b3 : _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CLIENT_KEY */ .u3} at a PEM file, relative to the working directory.`,
            });
        }
    }
    checkTrustFiles({ caFile, certDir, clientCert, clientKey });
    const username = clean(raw.username);
    const password = raw.password ? raw.password : undefined;
    const missing = (0,_registry_credentials_js__WEBPACK_IMPORTED_MODULE_7__/* .missingCredential */ .ax)(username, password);
    if (missing === 'username') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('password')} is set but ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('username')} is empty`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Set ${_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .USERNAME */ .HF} too (GHCR: the GitHub user; ECR: AWS; ACR tokens: 00000000-0000-0000-0000-000000000000).`,
        });
    }
    if (missing === 'password') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('username')} is set but ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('password')} is empty`, {
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `Pass the password or token (from a secret) with ${_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PASSWORD */ .Ge}.`,
        });
    }
    const settings = {
        notices,
        targets,
        source,
        sources,
        version,
        variants: (raw.variant ?? []).map((v) => v.trim()).filter(Boolean),
        bare: parseBare(raw.bare),
        floatingLevels: clean(raw['floating-levels']),
        prefixes: (raw.prefix ?? []).map((p) => p.trim()).filter(Boolean),
        aliasVariants: (raw['alias-variant'] ?? []).map((v) => v.trim()).filter(Boolean),
        prereleaseAlias: clean(raw['prerelease-alias']),
        floatingScope: clean(raw['floating-scope']),
        aliases: (raw.aliases ?? []).map((a) => a.trim()).filter(Boolean),
        extraTags,
        latest: (0,_domain_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .parseLatestPolicy */ .RW)(raw.latest),
        floating: (0,_domain_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .parseFloatingPolicy */ .CG)(raw.floating),
        username,
        password,
        overwrite: parseBoolean(raw.overwrite, false, 'overwrite'),
        dryRun: parseBoolean(raw['dry-run'], false, 'dry-run'),
        byDigest,
        annotations,
        bases,
        referrers: parseBoolean(raw.referrers, true, 'referrers'),
        insecure: parseBoolean(raw.insecure, false, 'insecure'),
        caFile,
        certDir,
        clientCert,
        clientKey,
        concurrency: parseConcurrency(raw.concurrency),
        timeoutMs: parseRunTimeout(raw.timeout),
    };
    // Version, variant, aliases and tags are checked now, before any registry is contacted (by-digest has none).
    if (!byDigest)
        (0,_domain_tags_js__WEBPACK_IMPORTED_MODULE_3__/* .deriveTags */ .hj)(toTagRequest(settings, []));
    return settings;
}
/** The tag engine's request for these settings, given the tags already in the repository. */
function toTagRequest(settings, existing) {
    return {
        version: settings.version,
        variant: settings.variants,
        bare: settings.bare,
        floatingLevels: settings.floatingLevels,
        prefixes: settings.prefixes,
        aliasVariants: settings.aliasVariants,
        prereleaseAlias: settings.prereleaseAlias,
        floatingScope: settings.floatingScope,
        aliases: settings.aliases,
        extraTags: settings.extraTags,
        latest: settings.latest,
        floating: settings.floating,
        existing,
    };
}
/** Splits a list input: one item a line or comma-separated; blanks dropped. */
function splitList(value) {
    if (!value)
        return [];
    return value
        .split(/[\n,]/)
        .map((item) => item.trim())
        .filter(Boolean);
}
/**
 * The destination repository. Only when it is invalid is the join repeated with the part at fault, so the
 * error names that input (`faultyPart` joins up to twice more; a valid destination costs one join).
 */
function joinDestination(registry, namespace, image) {
    try {
        return (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .joinRepository */ .pA)(registry, namespace, image);
    }
    catch {
        return (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .joinRepository */ .pA)(registry, namespace, image, faultyPart(registry, namespace));
    }
}
/** Which of registry, namespace and image makes the destination invalid, so the error names that input. */
function faultyPart(registry, namespace) {
    const fails = (ns) => {
        try {
            (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .joinRepository */ .pA)(registry, ns, 'x');
            return false;
        }
        catch {
            return true;
        }
    };
    if (fails(''))
        return 'registry';
    if (namespace !== '' && fails(namespace))
        return 'namespace';
    return 'image';
}
function toTarget(registry, apiHost, repository) {
    return { registry, apiHost, repository, name: `${registry}/${repository}` };
}
const INPUT_OF_TRUST = {
    caFile: 'ca-file',
    certDir: 'cert-dir',
    clientCert: 'client-cert',
    clientKey: 'client-key',
};
/** A private key given as ca-file (and every other file that is not what its input says) is bad input. */
function checkTrustFiles(files) {
    try {
        (0,_registry_trust_js__WEBPACK_IMPORTED_MODULE_8__/* .loadTrust */ .Vc)('', { ...files, certsDirs: [] });
    }
    catch (err) {
        if (!(err instanceof _registry_trust_js__WEBPACK_IMPORTED_MODULE_8__/* .TrustFileError */ .FB) || err.option === 'certsDirs')
            throw err;
        const input = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(INPUT_OF_TRUST[err.option]);
        const inDir = err.option === 'certDir' && err.path !== files.certDir ? `: "${err.path}"` : ` "${err.path}"`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${input}${inDir} ${err.detail}`, {
            ...(err.hint ? { hint: err.hint } : {}),
        });
    }
}
function isDirectory(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).isDirectory();
    }
    catch {
        return false;
    }
}
function clean(value) {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
}
function parseBare(value) {
    if (clean(value)?.toLowerCase() !== 'alias') {
        const v = clean(value);
        if (v === undefined || /^(true|false)$/i.test(v))
            return parseBoolean(v?.toLowerCase(), false, 'bare');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('bare')} must be true, false or alias; got "${String(value)}"`, {
            hint: 'Use true for the full unsuffixed set, alias for its floating tags and latest only (default false).',
        });
    }
    return 'alias';
}
function parseBoolean(value, fallback, name) {
    const v = clean(value);
    if (v === undefined)
        return fallback;
    if (['true', 'True', 'TRUE'].includes(v))
        return true;
    if (['false', 'False', 'FALSE'].includes(v))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(name)} must be true or false; got "${String(value)}"`, {
        hint: `Use true or false (default ${fallback}).`,
    });
}
function parseConcurrency(value) {
    const v = clean(value);
    if (v === undefined)
        return 4;
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1 || n > MAX_CONCURRENCY) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('concurrency')} must be a whole number from 1 to ${MAX_CONCURRENCY}; got "${String(value)}"`, {
            hint: 'Use the default 4 unless the registry rate-limits parallel uploads.',
        });
    }
    return n;
}
const DEFAULT_TIMEOUT = '60m';
/** GitHub ends a job after 6 h at most; a day is a typo, not a plan. */
const MAX_TIMEOUT_MS = 24 * 3600_000;
/**
 * `timeout`: the whole run's deadline (cancellation.ts startRunDeadline). Not the same setting as
 * `REGISTRY_PUBLISH_TIMEOUT_MS` (connect.ts), which bounds each registry request's silence.
 */
function parseRunTimeout(value) {
    const v = clean(value) ?? DEFAULT_TIMEOUT;
    const ms = (0,_domain_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .parseDuration */ .E9)(v) ?? NaN;
    if (!Number.isSafeInteger(ms) || ms < 1000 || ms > MAX_TIMEOUT_MS) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('INPUT_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)('timeout')} must be a duration from 1s to ${(0,_domain_duration_js__WEBPACK_IMPORTED_MODULE_4__/* .formatDuration */ .a3)(MAX_TIMEOUT_MS)} such as 90s, 30m or 1h30m; got "${String(value)}"`, { hint: `Use the default ${DEFAULT_TIMEOUT}, or more for large images on a slow link.` });
    }
    return ms;
}
const ANNOTATABLE = new Set(['docker-daemon', 'docker-archive']);


/***/ }),

/***/ 9549:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ readAnnotationContext),
/* harmony export */   g: () => (/* binding */ readTagContext)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _domain_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3356);


/**
 * The values of the tag placeholders from the GitHub context variables. The action runs with them set by
 * the runner; the CLI reads the same variables, so a script can set GITHUB_SHA and GITHUB_REF itself.
 * `{{date}}` is today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible builds.
 */
function readTagContext(env, now = new Date()) {
    const ref = env.GITHUB_REF?.trim() ?? '';
    const sha = env.GITHUB_SHA?.trim().toLowerCase();
    const validSha = sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined;
    const headRef = env.GITHUB_HEAD_REF?.trim();
    const branch = headRef || (ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined);
    const pr = pullRequestNumber(ref, env.GITHUB_EVENT_PATH);
    const epoch = env.SOURCE_DATE_EPOCH?.trim();
    const date = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
    return {
        ...(validSha ? { sha: validSha } : {}),
        ...(branch ? { branch } : {}),
        ...(pr !== undefined ? { pr } : {}),
        now: date,
        missing: {
            sha: sha ? `GITHUB_SHA is "${sha}", not a commit id` : 'GITHUB_SHA is not set',
            sha_long: sha ? `GITHUB_SHA is "${sha}", not a commit id` : 'GITHUB_SHA is not set',
            branch: ref ? `GITHUB_REF is ${ref}, not a branch` : 'GITHUB_REF and GITHUB_HEAD_REF are not set',
            pr: ref ? `GITHUB_REF is ${ref}, not a pull request` : 'GITHUB_REF is not set',
        },
    };
}
/** `refs/pull/42/merge` → 42; otherwise the number in the event payload's `pull_request`. */
function pullRequestNumber(ref, eventPath) {
    const fromRef = /^refs\/pull\/(\d+)\//.exec(ref)?.[1];
    if (fromRef)
        return Number(fromRef);
    if (!eventPath)
        return undefined;
    try {
        const event = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(eventPath, 'utf8'));
        const n = event.pull_request?.number;
        return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
    }
    catch {
        // No readable payload (a CLI run, or a runner without one): the number is unknown, and {{pr}} says so.
        return undefined;
    }
}
/**
 * The values of `annotations: auto` from the same variables: the commit (GITHUB_SHA), the repository URL
 * (GITHUB_SERVER_URL/GITHUB_REPOSITORY), the version as tagged, and the time from SOURCE_DATE_EPOCH, else
 * the pushed commit's timestamp in the event payload. Never the clock: a re-run must give the same digest.
 */
function readAnnotationContext(env, version) {
    const repository = env.GITHUB_REPOSITORY?.trim();
    const server = env.GITHUB_SERVER_URL?.trim() || 'https://github.com';
    const sha = env.GITHUB_SHA?.trim().toLowerCase();
    const epoch = env.SOURCE_DATE_EPOCH?.trim();
    const created = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : commitTime(env.GITHUB_EVENT_PATH);
    return {
        ...(created ? { created } : {}),
        version: version ? ((0,_domain_version_js__WEBPACK_IMPORTED_MODULE_1__/* .tryParseVersion */ .z0)(version)?.normalized ?? version) : undefined,
        revision: sha && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha) ? sha : undefined,
        source: repository ? `${server.replace(/\/+$/, '')}/${repository}` : undefined,
    };
}
/** `head_commit.timestamp` of a push event payload, if there is one. */
function commitTime(eventPath) {
    if (!eventPath)
        return undefined;
    try {
        const event = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(eventPath, 'utf8'));
        const stamp = event.head_commit?.timestamp;
        const date = typeof stamp === 'string' ? new Date(stamp) : undefined;
        return date && !Number.isNaN(date.getTime()) ? date : undefined;
    }
    catch {
        return undefined; // no readable payload: created is left out
    }
}


/***/ }),

/***/ 7192:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   YD: () => (/* binding */ TERMINAL_PROGRESS_INTERVAL_MS),
/* harmony export */   a4: () => (/* binding */ LOG_PROGRESS_INTERVAL_MS),
/* harmony export */   p1: () => (/* binding */ createUploadProgress)
/* harmony export */ });
/* harmony import */ var _domain_digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7522);
/* harmony import */ var _progress_gate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1358);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4585);
/**
 * Upload progress lines, `3f2a1b4c5d6e: Pushing 12 MB / 40 MB (30%)`: the first chunk of a blob gives one
 * (so a slow upload shows before it completes), then at most one per interval, and one at the end. A
 * terminal takes them every second (redrawn in place, cli/live-lines.ts); a CI log every 10 s.
 */



/** A terminal redraws in place: a line a second per blob. */
const TERMINAL_PROGRESS_INTERVAL_MS = 1000;
/** A job log keeps every line: at most one per blob every 10 s. */
const LOG_PROGRESS_INTERVAL_MS = 10_000;
function createUploadProgress(write, intervalMs, now = Date.now) {
    const gate = (0,_progress_gate_js__WEBPACK_IMPORTED_MODULE_1__/* .createProgressGate */ .D)(intervalMs, now, false);
    return (digest, sent, total) => {
        if (!gate(digest, sent >= total))
            return;
        const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
        write(`${(0,_domain_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .shortDigest */ .VK)(digest)}: Pushing ${(0,_report_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(sent)} / ${(0,_report_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(total)} (${percent}%)`);
    };
}


/***/ }),

/***/ 9420:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  gD: () => (/* binding */ findCredentials),
  ax: () => (/* binding */ missingCredential)
});

// UNUSED EXPORTS: ACR_TOKEN_USER, configHost

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/domain/reference.ts
var reference = __webpack_require__(8913);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/domain/duration.ts
var duration = __webpack_require__(4678);
// EXTERNAL MODULE: ./src/secrets.ts
var secrets = __webpack_require__(7194);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/user-dirs.ts
var user_dirs = __webpack_require__(6661);
;// CONCATENATED MODULE: ./src/registry/credential-sources.ts
/**
 * Where credentials other tools set up live, in the order they are consulted (docker's, then podman's):
 * 1. `DOCKER_AUTH_CONFIG`: a whole config.json in an environment variable (docker/cli 28.3+, GitLab CI).
 * 2. The Docker config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
 * 3. containers-auth.json(5), as podman, buildah and skopeo read it: the primary file
 *    `$XDG_RUNTIME_DIR/containers/auth.json` (`/run/containers/UID/auth.json` when XDG_RUNTIME_DIR is unset,
 *    containers/image's `getPathToAuthWithOS`), or the explicit override `REGISTRY_AUTH_FILE` in its place;
 *    then `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`.
 * `~` and the XDG directories are decided by ../user-dirs.ts (an absolute HOME, else the account's home).
 * Read only; nothing is ever written. A missing file is skipped; an unreadable or malformed one is
 * CREDENTIALS_INVALID naming it.
 */




/** The places to look, in order (whether or not they exist); per-user ones only where there is a home. */
function credentialLocations(env, account = (0,user_dirs/* currentAccount */.T7)()) {
    const out = [];
    if (env.DOCKER_AUTH_CONFIG)
        out.push({ location: 'DOCKER_AUTH_CONFIG', format: 'docker' });
    const docker = (0,user_dirs/* dockerConfigDir */.kG)(env, account);
    if (docker)
        out.push({ location: (0,external_node_path_.join)(docker, 'config.json'), format: 'docker' });
    const primary = env.REGISTRY_AUTH_FILE || primaryAuthFile((0,user_dirs/* runtimeDir */.sA)(env), account.uid);
    if (primary)
        out.push({ location: primary, format: 'containers' });
    const config = (0,user_dirs/* configHome */.e4)(env, account);
    if (config)
        out.push({ location: (0,external_node_path_.join)(config, 'containers', 'auth.json'), format: 'containers' });
    return out;
}
/** containers/image's primary file: `$XDG_RUNTIME_DIR/containers/auth.json`, else `/run/containers/UID/auth.json`. */
function primaryAuthFile(runtime, uid) {
    if (runtime)
        return (0,external_node_path_.join)(runtime, 'containers', 'auth.json');
    return uid === undefined ? undefined : (0,external_node_path_.join)('/run/containers', String(uid), 'auth.json');
}
/** One location's parsed content, or undefined when it does not exist. */
async function readCredentialConfig(location, format, env) {
    const name = describeLocation(location, format);
    let text;
    if (location === 'DOCKER_AUTH_CONFIG') {
        text = env.DOCKER_AUTH_CONFIG ?? '';
    }
    else {
        try {
            text = await (0,promises_.readFile)(location, 'utf8');
        }
        catch (err) {
            const code = err.code;
            if (code === 'ENOENT' || code === 'ENOTDIR')
                return undefined;
            throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `Cannot read ${name} (${code ?? 'error'})`, {
                hint: 'Fix its permissions, or delete it.',
                cause: err,
            });
        }
    }
    return parseCredentialConfig(text, location, format);
}
/** "the Docker config /x/config.json", "DOCKER_AUTH_CONFIG", "the containers auth file /x/auth.json". */
function describeLocation(location, format) {
    if (location === 'DOCKER_AUTH_CONFIG')
        return 'DOCKER_AUTH_CONFIG';
    return format === 'docker' ? `the Docker config ${location}` : `the containers auth file ${location}`;
}
function parseCredentialConfig(text, location, format) {
    const name = sentenceStart(describeLocation(location, format));
    const fix = location === 'DOCKER_AUTH_CONFIG'
        ? 'Set DOCKER_AUTH_CONFIG to a whole config.json, e.g. {"auths":{"HOST":{"auth":"BASE64(user:password)"}}}, or unset it.'
        : format === 'docker'
            ? (0,errors/* remedyHint */.o7) `Fix or delete the file, or log in again with ${errors/* LOGIN */.S3}.`
            : 'Fix or delete the file, or log in again with podman login / skopeo login.';
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (cause) {
        throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${name} is not valid JSON`, { hint: fix, cause });
    }
    if (!isObject(json))
        throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${name} is not a JSON object`, { hint: fix });
    const invalid = (what) => new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${name} has ${what}`, { hint: fix });
    const auths = json.auths ?? {};
    if (!isObject(auths))
        throw invalid('an "auths" that is not an object');
    for (const [key, entry] of Object.entries(auths))
        if (!isObject(entry))
            throw invalid(`an "auths" entry for "${key}" that is not an object`);
    const credHelpers = json.credHelpers ?? {};
    if (!isObject(credHelpers))
        throw invalid('a "credHelpers" that is not an object');
    for (const [key, helper] of Object.entries(credHelpers))
        if (typeof helper !== 'string')
            throw invalid(`a "credHelpers" entry for "${key}" that is not a string`);
    const credsStore = json.credsStore;
    if (credsStore !== undefined && typeof credsStore !== 'string')
        throw invalid('a "credsStore" that is not a string');
    return {
        location,
        format,
        auths: auths,
        credHelpers: credHelpers,
        // containers-auth.json(5) has no credsStore.
        ...(format === 'docker' && credsStore ? { credsStore } : {}),
    };
}
/** `text` with its first letter capitalized, for a location that starts a sentence. */
function sentenceStart(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./src/registry/credential-helper.ts
/**
 * Runs a Docker credential helper (`docker-credential-NAME get`, the server URL on stdin, JSON on stdout),
 * bounded in time: a helper waiting on a keyring prompt or a network call would otherwise hold the step
 * until the job's own limit. Its process group is killed on timeout, so a shell script's children go too.
 */





const HELPER_TIMEOUT_MS = 30_000;
/** Longest helper message quoted in an error. */
const MAX_MESSAGE = 300;
/**
 * The helper's answer, or undefined when it reports "credentials not found" (the protocol's normal miss).
 * Anything else (missing binary, non-zero exit, no JSON, no answer within the timeout) is
 * CREDENTIALS_INVALID naming the helper, with its own message redacted and cut to one line.
 */
function runCredentialHelper(helper, serverUrl, options) {
    const binary = `docker-credential-${helper}`;
    const where = options.configuredIn ?? 'the Docker config';
    if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
        return Promise.reject(new errors/* PublishError */.S1('CREDENTIALS_INVALID', `The credential helper name "${helper}" is invalid`, {
            hint: `Fix credHelpers/credsStore in ${where}.`,
        }));
    }
    const timeoutMs = options.timeoutMs ?? HELPER_TIMEOUT_MS;
    const check = `Check that ${binary} works (echo ${serverUrl} | ${binary} get), or remove it from credHelpers/credsStore in ${where}.`;
    return new Promise((resolve, reject) => {
        // detached: its own process group, so the timeout kills whatever the helper started.
        const child = (0,external_node_child_process_.spawn)(binary, ['get'], {
            env: { ...options.env },
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true,
        });
        const out = [];
        const err = [];
        let settled = false;
        const settle = (fn) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            process.off('exit', onExit);
            fn();
        };
        // Its own process group no longer gets the runner's signals: it goes when we go, or are cancelled.
        const onExit = () => killGroup(child.pid);
        const onAbort = () => {
            killGroup(child.pid);
            settle(() => reject(options.signal?.reason));
        };
        process.on('exit', onExit);
        if (options.signal?.aborted)
            queueMicrotask(onAbort);
        else
            options.signal?.addEventListener('abort', onAbort, { once: true });
        const timer = setTimeout(() => {
            killGroup(child.pid);
            settle(() => reject(new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${binary} did not answer within ${(0,duration/* formatSeconds */.Xo)(timeoutMs)} for ${serverUrl}; it was stopped`, {
                hint: `A helper waiting for a keyring unlock or an interactive login never answers in CI. ${check}`,
            })));
        }, timeoutMs);
        child.stdout.on('data', (d) => out.push(d));
        child.stderr.on('data', (d) => err.push(d));
        child.on('error', (cause) => {
            settle(() => reject(new errors/* PublishError */.S1('CREDENTIALS_INVALID', cause.code === 'ENOENT'
                ? `${sentenceStart(where)} names the credential helper ${binary}, which is not installed (not on PATH)`
                : `Running ${binary} failed (${cause.code ?? cause.message})`, { hint: `Install ${binary}, or remove it from credHelpers/credsStore in ${where}.`, cause })));
        });
        child.on('close', (code) => {
            const stdout = Buffer.concat(out).toString('utf8').trim();
            const stderr = Buffer.concat(err).toString('utf8').trim();
            settle(() => {
                if (code !== 0) {
                    // The protocol's miss is "credentials not found in native keychain" on stdout; some helpers
                    // write it to stderr.
                    if (/credentials not found|no credentials/i.test(`${stdout}\n${stderr}`)) {
                        resolve(undefined);
                        return;
                    }
                    const said = oneLine(stderr || stdout, options.redact);
                    reject(new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${binary} get failed with exit code ${code ?? 'unknown'}${said ? `: ${said}` : ''}`, { hint: check }));
                    return;
                }
                try {
                    const json = JSON.parse(stdout);
                    resolve({
                        Username: typeof json.Username === 'string' ? json.Username : '',
                        Secret: typeof json.Secret === 'string' ? json.Secret : '',
                    });
                }
                catch {
                    reject(new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${binary} get did not print JSON`, { hint: check }));
                }
            });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(serverUrl);
    });
}
/** A helper's message as one redacted line of bounded length. */
function oneLine(text, redact = (t) => t) {
    const line = (0,secrets/* redactTokenLike */.g)(redact(text))
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ');
    return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
function killGroup(pid) {
    if (pid === undefined)
        return;
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // Already gone.
    }
}

;// CONCATENATED MODULE: ./src/registry/credentials.ts
/**
 * Credentials for one registry: explicit username/password, else what other tools set up, in docker's
 * order then podman's (credential-sources.ts): `DOCKER_AUTH_CONFIG`, the Docker config, containers
 * auth.json. The first location with a credential for the registry wins; the result names it.
 *
 * Lookup in one location (Docker's): `credHelpers[registry]` → `credsStore` → `auths[registry]`; when the
 * helper has no entry for the registry, the `auths` entry is used (Docker would return an empty credential).
 * Keys are compared by host like Docker's `ConvertToHostname` (`https://host/v1/` → `host`); Docker Hub is
 * known as `https://index.docker.io/v1/`, `index.docker.io`, `docker.io` or `registry-1.docker.io`.
 * auth.json keys may also name a namespace (`quay.io/org`, `quay.io/org/app`): the most specific key that
 * covers the repository wins, as in containers-auth.json(5).
 *
 * Kinds: `auth` (base64 user:pass) → basic; `identitytoken` → identity-token (OAuth2 refresh flow);
 * `registrytoken` → a pre-issued Bearer token; a helper answering Username `<token>` → identity token.
 * ACR's zero-GUID user (00000000-0000-0000-0000-000000000000) with a refresh token as password is an
 * identity token (docs/registry-quirks.md#q25-acr-identity-token). ECR (`AWS` + token) and GHCR
 * (`GITHUB_TOKEN` as password) are plain basic.
 */




const ACR_TOKEN_USER = '00000000-0000-0000-0000-000000000000';
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';
/**
 * Explicit credentials come as a pair: which half is missing when only one is given (empty counts as not
 * given), else undefined. Each adapter of the check words its own error.
 */
function missingCredential(username, password) {
    if (password && !username)
        return 'username';
    if (username && !password)
        return 'password';
    return undefined;
}
/** The credentials for a registry and where they came from. */
async function findCredentials(registry, explicit, env, options = {}) {
    const { username, password } = explicit;
    if (username && password)
        return { credentials: fromUserPassword(username, password), source: { kind: 'explicit' } };
    const missing = missingCredential(username, password);
    if (missing === 'username') {
        throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `A password was given for ${registry} without a username`, {
            hint: (0,errors/* remedyHint */.o7) `Set ${errors/* USERNAME */.HF} too (for ghcr.io: the GitHub user; for ECR: AWS).`,
        });
    }
    if (missing === 'password') {
        throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `A username was given for ${registry} without a password`, {
            hint: (0,errors/* remedyHint */.o7) `Set ${errors/* PASSWORD */.Ge} (a token or secret), or drop ${errors/* USERNAME */.HF} to use the Docker config.`,
        });
    }
    const runHelper = options.runHelper ??
        ((helper, serverUrl, configuredIn) => runCredentialHelper(helper, serverUrl, {
            env,
            configuredIn,
            ...(options.helperTimeoutMs !== undefined ? { timeoutMs: options.helperTimeoutMs } : {}),
            ...(options.redact ? { redact: options.redact } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
        }));
    const read = [];
    const absent = [];
    for (const { location, format } of credentialLocations(env)) {
        const config = await readCredentialConfig(location, format, env);
        if (!config) {
            absent.push(location);
            continue;
        }
        read.push(location);
        const found = await lookUp(config, registry, options.repository, runHelper);
        if (found)
            return found;
    }
    return { credentials: { kind: 'anonymous' }, source: { kind: 'none', read, missing: absent } };
}
async function lookUp(config, registry, repository, runHelper) {
    const host = configHost(registry);
    const serverUrl = (0,reference/* isDockerHub */.gr)(host) ? DOCKER_HUB_KEY : host;
    const name = describeLocation(config.location, config.format);
    const helperKey = findKeyByHost(config.credHelpers, host);
    const helper = helperKey !== undefined ? config.credHelpers[helperKey] : undefined;
    if (helper) {
        const found = await callHelper(runHelper, helper, serverUrl, registry, name);
        if (found)
            return {
                credentials: found,
                source: { kind: 'helper', helper, file: config.location, ...(helperKey ? { key: helperKey } : {}) },
            };
    }
    if (!helper && config.credsStore) {
        const found = await callHelper(runHelper, config.credsStore, serverUrl, registry, name);
        if (found)
            return {
                credentials: found,
                source: { kind: 'helper', helper: config.credsStore, file: config.location },
            };
    }
    const authKey = config.format === 'containers'
        ? findScopedKey(config.auths, host, repository)
        : findKeyByHost(config.auths, host);
    const entry = authKey !== undefined ? config.auths[authKey] : undefined;
    if (!entry)
        return undefined;
    const credentials = fromAuthEntry(entry, name, registry);
    // An empty entry (left by a login that stored the secret in a helper) is no credential: look further.
    if (credentials.kind === 'anonymous')
        return undefined;
    return { credentials, source: { kind: 'config-entry', file: config.location, key: authKey } };
}
function fromUserPassword(username, password) {
    // docs/registry-quirks.md#q25-acr-identity-token: ACR refresh tokens go with the zero-GUID user and are
    // exchanged through the OAuth2 POST.
    if (username === ACR_TOKEN_USER)
        return { kind: 'identity-token', username, token: password };
    return { kind: 'basic', username, password };
}
function fromAuthEntry(entry, name, registry) {
    let username = typeof entry.username === 'string' ? entry.username : '';
    let password = typeof entry.password === 'string' ? entry.password : '';
    if (typeof entry.auth === 'string' && entry.auth !== '') {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `${sentenceStart(name)} has an invalid "auth" for ${registry}`, { hint: 'The "auth" value must be base64 of username:password; log in again.' });
        }
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
    }
    if (typeof entry.registrytoken === 'string' && entry.registrytoken)
        return { kind: 'registry-token', token: entry.registrytoken };
    if (typeof entry.identitytoken === 'string' && entry.identitytoken) {
        return { kind: 'identity-token', username, token: entry.identitytoken };
    }
    if (username && password)
        return fromUserPassword(username, password);
    return { kind: 'anonymous' };
}
async function callHelper(runHelper, helper, serverUrl, registry, configuredIn) {
    const result = await runHelper(helper, serverUrl, configuredIn);
    if (!result || !result.Secret)
        return undefined;
    if (result.Username === '<token>')
        return { kind: 'identity-token', username: '', token: result.Secret };
    if (!result.Username) {
        throw new errors/* PublishError */.S1('CREDENTIALS_INVALID', `docker-credential-${helper} returned no username for ${registry}`, {
            hint: `Log in again so the helper stores a complete credential for ${registry}.`,
        });
    }
    return fromUserPassword(result.Username, result.Secret);
}
/** Docker's ConvertToHostname, plus Hub aliases folded to one name. */
function configHost(key) {
    let host = key.trim().toLowerCase();
    host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
    const slash = host.indexOf('/');
    if (slash !== -1)
        host = host.slice(0, slash);
    return (0,reference/* isDockerHub */.gr)(host) ? 'index.docker.io' : host;
}
/** The key of `map` for a host: exact keys first, then scheme/path forms (`https://host/v1/`). */
function findKeyByHost(map, host) {
    const wanted = configHost(host);
    const keys = Object.keys(map);
    return keys.find((key) => key.toLowerCase() === wanted) ?? keys.find((key) => configHost(key) === wanted);
}
/**
 * containers-auth.json(5): a key is a host or a namespace (`quay.io/org`, `quay.io/org/app`); the most
 * specific one covering the repository wins, then the host forms findKeyByHost accepts.
 */
function findScopedKey(map, host, repository) {
    const wanted = configHost(host);
    let best;
    if (repository) {
        for (const key of Object.keys(map)) {
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(key))
                continue; // scheme forms are host-only (legacy)
            const slash = key.indexOf('/');
            if (slash === -1)
                continue;
            const path = key.slice(slash + 1).replace(/\/+$/, '');
            if (configHost(key.slice(0, slash)) !== wanted || !path)
                continue;
            const covers = repository === path || repository.startsWith(`${path}/`);
            if (covers && (!best || path.length > best.length))
                best = { key, length: path.length };
        }
    }
    if (best)
        return best.key;
    const hostKeys = Object.fromEntries(Object.entries(map).filter(([key]) => isHostKey(key)));
    return findKeyByHost(hostKeys, host);
}
/** A key naming only a host: `host`, `https://host`, `https://host/v1/` (not `host/namespace`). */
function isHostKey(key) {
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(key) || !key.includes('/');
}


/***/ }),

/***/ 6764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BO: () => (/* binding */ redactUrl),
/* harmony export */   IL: () => (/* binding */ registryKind),
/* harmony export */   IP: () => (/* binding */ isRegistryError),
/* harmony export */   JR: () => (/* binding */ hintFor),
/* harmony export */   a5: () => (/* binding */ errorFromResponse),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   kW: () => (/* binding */ parseErrorBody)
/* harmony export */ });
/* unused harmony exports RETRYABLE_STATUSES, describeStatus */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _domain_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8913);
/**
 * Registry failures. A RegistryError keeps the HTTP status, the method, a redacted URL (no query string:
 * upload `_state` and presigned storage signatures are secrets) and the registry's
 * `{"errors":[{code,message,detail}]}` diagnostics, and maps status + registry code to a stable
 * ErrorCode with a one-sentence hint that fits the registry.
 *
 * Message grammar: `<operation> <object> on <registry>/<repository> <verb> (<status> <CODE>: <message>)`,
 * e.g. `PUT manifest 1.2 on localhost:5000/org/app rejected (400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry)`.
 */


class RegistryError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1 {
    name = 'RegistryError';
    /** HTTP status, 0 for network/TLS failures. */
    status;
    method;
    /** `host/path`, never with a query string or userinfo. */
    url;
    diagnostics;
    retryable;
    /** From `Retry-After`, when the registry sent one. */
    retryAfterMs;
    summary;
    reason;
    constructor(init) {
        super(init.code, init.message, { hint: init.hint, cause: init.cause });
        this.status = init.status ?? 0;
        this.method = init.method ?? '';
        this.url = init.url ?? '';
        this.diagnostics = init.diagnostics ?? [];
        this.retryable = init.retryable ?? false;
        this.retryAfterMs = init.retryAfterMs;
        this.summary = init.summary ?? this.message;
        this.reason = init.reason ?? '';
    }
}
function isRegistryError(err) {
    return err instanceof RegistryError;
}
/** Statuses retried by the transport (plus network errors). */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** `host/path` of a URL: no scheme, userinfo or query (upload `_state`, presigned signatures). */
function redactUrl(url) {
    try {
        const u = typeof url === 'string' ? new URL(url) : url;
        return `${u.host}${u.pathname}${u.search ? '?…' : ''}`;
    }
    catch {
        return '<invalid URL>';
    }
}
/**
 * Parses `{"errors":[…]}` defensively; non-JSON bodies become one UNKNOWN entry
 * (docs/registry-quirks.md#q29-rate-limits: Docker Hub's anti-abuse 429 says "Too Many Requests (HAP429)" in
 * plain text).
 */
function parseErrorBody(text) {
    const trimmed = text.trim();
    if (trimmed === '')
        return [];
    try {
        const json = JSON.parse(trimmed);
        if (isObject(json)) {
            const errors = Array.isArray(json.errors)
                ? json.errors
                : isObject(json.error)
                    ? [json.error]
                    : undefined;
            if (errors) {
                return errors.filter(isObject).map((e) => ({
                    code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
                    message: typeof e.message === 'string' ? e.message : '',
                    ...(e.detail !== undefined ? { detail: e.detail } : {}),
                }));
            }
            // Token servers answer {"details": "..."} or {"error": "invalid_grant", "error_description": "..."}.
            const message = [json.error, json.error_description, json.details, json.message].find((v) => typeof v === 'string');
            if (typeof message === 'string')
                return [{ code: 'UNKNOWN', message }];
        }
    }
    catch {
        // not JSON
    }
    const firstLine = trimmed
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 200);
    return firstLine ? [{ code: 'UNKNOWN', message: firstLine }] : [];
}
/** Builds the error for an unexpected response. */
function errorFromResponse(ctx) {
    const { status, diagnostics } = ctx;
    const codes = new Set(diagnostics.map((d) => d.code.toUpperCase()));
    const reason = describeStatus(status, diagnostics, ctx.statusText);
    let code;
    let verb;
    if (status === 401) {
        code = 'AUTH_FAILED';
        verb = 'unauthorized';
    }
    else if (status === 403 || codes.has('DENIED')) {
        code = 'AUTH_FORBIDDEN';
        verb = 'denied';
    }
    else if (codes.has('MANIFEST_UNKNOWN') ||
        (status === 404 && /manifest/.test(ctx.operation) && !codes.has('NAME_UNKNOWN'))) {
        code = 'MANIFEST_UNKNOWN';
        verb = 'not found';
    }
    else if (codes.has('NAME_UNKNOWN') || (status === 404 && /tag list/.test(ctx.operation))) {
        code = 'NAME_UNKNOWN';
        verb = 'not found';
    }
    else if (status === 413 && /manifest/.test(ctx.operation)) {
        code = 'MANIFEST_TOO_LARGE';
        verb = 'rejected';
    }
    else if (RETRYABLE_STATUSES.has(status) || codes.has('TOOMANYREQUESTS')) {
        code = 'REGISTRY_UNAVAILABLE';
        verb = 'failed';
    }
    else {
        code = 'REGISTRY_REJECTED';
        verb = 'rejected';
    }
    const access = ctx.action && (code === 'AUTH_FORBIDDEN' || code === 'AUTH_FAILED')
        ? ` (needs ${ctx.action} access)`
        : '';
    const summary = `${ctx.operation} on ${ctx.where} ${verb}${access}`;
    return new RegistryError({
        code,
        message: `${summary} (${reason})`,
        summary,
        reason,
        hint: hintFor(code, ctx.registry, status, codes, diagnostics, ctx.method),
        status,
        method: ctx.method,
        url: redactUrl(ctx.url),
        diagnostics,
        retryable: RETRYABLE_STATUSES.has(status),
        retryAfterMs: ctx.retryAfterMs,
    });
}
function describeStatus(status, diagnostics, statusText) {
    const first = diagnostics[0];
    if (!first)
        return `${status}${statusText ? ` ${statusText}` : ''}`;
    const more = diagnostics.length > 1 ? ` (+${diagnostics.length - 1} more)` : '';
    const detail = describeDetail(first.detail);
    const code = first.code === 'UNKNOWN' && first.message ? '' : ` ${first.code}`;
    const message = first.message ? `${code ? ':' : ''} ${first.message}` : '';
    return `${status}${code}${message}${detail}${more}`;
}
function describeDetail(detail) {
    if (detail === undefined || detail === null || detail === '')
        return '';
    const text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    if (!text || text === '{}' || text === '[]')
        return '';
    return `; detail: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}
function registryKind(registry) {
    const host = registry.toLowerCase().replace(/:\d+$/, '');
    if (host === 'ghcr.io' || host === 'docker.pkg.github.com')
        return 'ghcr';
    if ((0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isDockerHub */ .gr)(host))
        return 'dockerhub';
    if (/\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(host) || host === 'public.ecr.aws')
        return 'ecr';
    if (host.endsWith('.azurecr.io') || host.endsWith('.azurecr.cn') || host.endsWith('.azurecr.us'))
        return 'acr';
    if (host === 'gcr.io' || host.endsWith('.gcr.io') || host.endsWith('-docker.pkg.dev'))
        return 'gar';
    if (host === 'quay.io')
        return 'quay';
    if (host === 'registry.gitlab.com')
        return 'gitlab';
    return 'other';
}
/** One sentence that says what to do, fitted to the registry. */
function hintFor(code, registry, status, codes = new Set(), diagnostics = [], method = '') {
    const kind = registryKind(registry);
    const text = diagnostics
        .map((d) => `${d.message} ${typeof d.detail === 'string' ? d.detail : ''}`)
        .join(' ');
    switch (code) {
        case 'AUTH_FAILED':
            switch (kind) {
                case 'ghcr':
                    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `For ghcr.io use ${_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIALS */ .tG}: the GitHub user and a token with write:packages (in a workflow, the actor and GITHUB_TOKEN).`;
                case 'dockerhub':
                    return 'Log in to Docker Hub with a personal access token (Read & Write) as the password, not the account password.';
                case 'ecr':
                    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `Log in with ${_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ECR_LOGIN */ .bA} first (ECR passwords expire after 12 hours), or use ${_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIALS */ .tG} with username AWS and a fresh token.`;
                case 'acr':
                    return 'Use a service principal, or username 00000000-0000-0000-0000-000000000000 with an ACR refresh token as the password.';
                case 'gar':
                    return 'Use username oauth2accesstoken with the output of gcloud auth print-access-token, or _json_key with a key file.';
                default:
                    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `Check ${_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIALS */ .tG}, or log in with ${_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .LOGIN */ .S3} before this step.`;
            }
        case 'AUTH_FORBIDDEN':
            switch (kind) {
                case 'ghcr':
                    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .remedyHint */ .o7) `Use ${_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PACKAGE_WRITE */ .$6}, and grant write access to the package in its settings (Manage Actions access for a workflow).`;
                case 'dockerhub':
                    return 'Use an access token with Read & Write scope whose account owns (or is a member of) this namespace.';
                case 'ecr':
                    return 'Create the repository first and allow ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage for this role.';
                case 'acr':
                    return 'Give the identity the AcrPush role on the registry.';
                case 'gar':
                    return 'Give the service account roles/artifactregistry.writer on the repository.';
                case 'quay':
                    return 'Give the robot account write permission on the repository.';
                default:
                    return 'The credentials are valid but lack permission for this repository; grant push access or check the repository name.';
            }
        case 'NAME_UNKNOWN':
            return kind === 'ecr'
                ? 'ECR repositories must exist before a push; create it (aws ecr create-repository) or check the name.'
                : 'Check the repository name; some registries need the repository to be created before the first push.';
        case 'MANIFEST_UNKNOWN':
            return 'Check the tag or digest; the manifest does not exist in this repository.';
        case 'MANIFEST_TOO_LARGE':
            return 'Registries accept manifests up to 4 MiB; reduce the number of layers, platforms or annotations.';
        case 'REGISTRY_UNAVAILABLE':
            return status === 429 || codes.has('TOOMANYREQUESTS')
                ? kind === 'dockerhub'
                    ? 'Docker Hub is rate-limiting this runner; log in (authenticated limits are higher) or re-run later.'
                    : 'The registry is rate-limiting; re-run later or lower the concurrency.'
                : 'The registry is unavailable; re-run later.';
        case 'REGISTRY_REJECTED':
            // A write answered "method not allowed": the registry takes no pushes at all (distribution's
            // storage.maintenance.readonly, a mirror, a pull-through cache).
            if (status === 405 && ['POST', 'PUT', 'PATCH'].includes(method)) {
                return 'The registry accepts no writes here (read-only mode, a mirror or a pull-through cache); publish to a writable registry, or ask its operator to allow pushes.';
            }
            // docs/registry-quirks.md#q30-immutable-tags: immutable tags (ECR IMMUTABLE, Harbor) refuse re-pushing
            // an existing tag.
            if (/immutable|already exists.*cannot be overwritten/i.test(text)) {
                return 'The repository has immutable tags; use a new tag or allow tag updates in the repository settings.';
            }
            // docs/registry-quirks.md#q22-blob-lost-after-head: BLOB_UNKNOWN after a successful HEAD (GC races);
            // the diagnostics let the publisher re-upload the blobs and retry the PUT once.
            if (codes.has('MANIFEST_BLOB_UNKNOWN') || codes.has('BLOB_UNKNOWN')) {
                return 'A referenced blob is missing in the registry; re-run the publish so the blobs are uploaded again.';
            }
            // docs/registry-quirks.md#q19-manifest-content-type: ECR refuses OCI manifests without a top-level
            // mediaType ("Invalid JSON syntax").
            if (kind === 'ecr' && /invalid json syntax/i.test(text)) {
                return 'ECR needs a top-level "mediaType" in the manifest; rebuild the image with a current buildx.';
            }
            // docs/registry-quirks.md#q20-oci-types-refused: older/strict registries reject OCI indexes and
            // artifact types.
            if (codes.has('MANIFEST_INVALID') || codes.has('UNSUPPORTED')) {
                return 'The registry does not accept this manifest type; build with Docker media types (oci-mediatypes=false) or use a registry that supports OCI images.';
            }
            if (codes.has('TAG_INVALID'))
                return 'The registry refused the tag; check the tag name and whether the tag is protected.';
            if (codes.has('NAME_INVALID'))
                return 'The repository name is not accepted by this registry; use lowercase letters, digits and separators.';
            if (codes.has('SIZE_INVALID') || codes.has('DIGEST_INVALID')) {
                return 'The uploaded content did not match its descriptor; the source image is damaged, rebuild it.';
            }
            return undefined;
        default:
            return undefined;
    }
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ }),

/***/ 2401:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FB: () => (/* binding */ TrustFileError),
/* harmony export */   VY: () => (/* binding */ defaultCertsDirs),
/* harmony export */   Vc: () => (/* binding */ loadTrust)
/* harmony export */ });
/* unused harmony export systemCertsDirs */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _regular_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(702);
/* harmony import */ var _user_dirs_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6661);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6764);
/**
 * The TLS trust material for one registry host, from the places docker, podman and skopeo users already use:
 *
 * - `caFile`: extra CA certificates (PEM), added to Node's default roots;
 * - a certs.d directory for the host: `certDir` if given (skopeo's `--cert-dir`: the directory itself), else
 *   the first `HOST[:PORT]/` that exists under the roots of containers-certs.d(5), in its order
 *   (defaultCertsDirs: the user's `$XDG_CONFIG_HOME/containers/certs.d`, `/etc/containers/certs.rootful.d`
 *   or `certs.rootless.d`, `/etc/containers/certs.d`, the same under `/usr/share/containers`, then
 *   `/etc/docker/certs.d`). In it, as docker and containers/image read it: every `*.crt` is a CA,
 *   every `*.cert` is a client certificate whose key is the `*.key` of the same name (one without the other
 *   is refused);
 * - `clientCert` / `clientKey`: a client certificate and its key (PEM), which win over the directory's.
 *
 * Every file must hold what its name says: a private key given as a CA, or a CA file with no certificate
 * in it, is refused here (TLS_FAILED naming the file) rather than later as an unexplained handshake failure.
 */






/**
 * The system certs.d roots in containers-certs.d(5)'s order, highest priority first: `/etc/containers`, then
 * `/usr/share/containers`, each with the root's `certs.rootful.d` or a user's `certs.rootless.d/UID` and
 * `certs.rootless.d` before its `certs.d`, and docker's `/etc/docker/certs.d` last. Without a uid (not a
 * POSIX system) only the shared directories.
 */
function systemCertsDirs(uid) {
    const layered = (base) => {
        const own = uid === undefined
            ? []
            : uid === 0
                ? [`${base}/certs.rootful.d`]
                : [`${base}/certs.rootless.d/${uid}`, `${base}/certs.rootless.d`];
        return [...own, `${base}/certs.d`];
    };
    return [...layered('/etc/containers'), ...layered('/usr/share/containers'), '/etc/docker/certs.d'];
}
/**
 * The certs.d roots podman and skopeo read, highest priority first (containers-certs.d(5)): the user's
 * `$XDG_CONFIG_HOME/containers/certs.d` (`~/.config/containers/certs.d` when XDG_CONFIG_HOME is unset; both
 * decided by ../user-dirs.ts, so a relative one never makes trust depend on the job's directory), then
 * systemCertsDirs for the account's uid.
 */
function defaultCertsDirs(env, account = (0,_user_dirs_js__WEBPACK_IMPORTED_MODULE_4__/* .currentAccount */ .T7)()) {
    const config = (0,_user_dirs_js__WEBPACK_IMPORTED_MODULE_4__/* .configHome */ .e4)(env, account);
    const system = systemCertsDirs(account.uid);
    return config ? [(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(config, 'containers', 'certs.d'), ...system] : system;
}
/** A PEM bundle of every public root is about 220 KB; nothing legitimate comes near this. */
const PEM_FILE_LIMIT = 4 * 1024 * 1024;
/** A trust file refused before any connection: TLS_FAILED, `${label} "${path}" ${detail}`. */
class TrustFileError extends _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .RegistryError */ .gl {
    option;
    path;
    detail;
    constructor(option, path, 
    /** What is wrong, after the path: `is not a certificate: it holds a private key`. */
    detail, label, hint, cause) {
        super({
            code: 'TLS_FAILED',
            message: `${label} "${path}" ${detail}`,
            hint: hint ?? 'Point it at a readable PEM file (certificates end in .crt or .cert, keys in .key).',
            cause,
        });
        this.option = option;
        this.path = path;
        this.detail = detail;
    }
}
/** Reads the trust material for `registry` (`host[:port]` as written); TrustFileError naming a bad file. */
function loadTrust(registry, options) {
    const ca = [];
    const caSources = [];
    if (options.caFile) {
        ca.push(readCertificates(options.caFile, 'caFile', 'The CA file'));
        caSources.push(options.caFile);
    }
    const dirOption = options.certDir ? 'certDir' : 'certsDirs';
    const hostDirs = options.certDir
        ? [options.certDir]
        : hostDirsOf(registry, options.certsDirs ?? systemCertsDirs((0,_user_dirs_js__WEBPACK_IMPORTED_MODULE_4__/* .currentAccount */ .T7)().uid));
    const dir = options.certDir ?? hostDirs.find(isDirectory);
    let pair;
    if (dir !== undefined) {
        const names = listDir(dir, dirOption).sort();
        for (const name of names) {
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, name);
            if (name.endsWith('.crt')) {
                ca.push(readCertificates(path, dirOption, 'The CA certificate'));
                caSources.push(path);
            }
            else if (name.endsWith('.cert')) {
                const keyName = `${name.slice(0, -'.cert'.length)}.key`;
                if (!names.includes(keyName))
                    throw new TrustFileError(dirOption, path, `has no key ${keyName} beside it (CA certificates must end in .crt)`, 'The client certificate');
                pair ??= readPair([path, dirOption], [(0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, keyName), dirOption]);
            }
            else if (name.endsWith('.key')) {
                const certName = `${name.slice(0, -'.key'.length)}.cert`;
                if (!names.includes(certName))
                    throw new TrustFileError(dirOption, path, `has no client certificate ${certName} beside it`, 'The key');
            }
        }
    }
    if (options.clientCert || options.clientKey) {
        if (!options.clientCert || !options.clientKey) {
            const [option, path] = options.clientCert
                ? ['clientCert', options.clientCert]
                : ['clientKey', options.clientKey ?? ''];
            throw new TrustFileError(option, path, `is given without its ${options.clientCert ? 'key' : 'certificate'}`, options.clientCert ? 'The client certificate' : 'The client key', 'Give the client certificate and its private key together (both PEM).');
        }
        pair = readPair([options.clientCert, 'clientCert'], [options.clientKey, 'clientKey']);
    }
    return {
        ca,
        caSources,
        ...(pair ? { cert: pair.cert, key: pair.key, certSource: pair.certSource } : {}),
        ...(dir !== undefined ? { certDir: dir } : {}),
        hostDirs,
    };
}
/** `HOST[:PORT]` as docker names the directory: the registry as written (`[::1]:5000` keeps its brackets). */
function hostDirsOf(registry, roots) {
    if (!registry || registry.includes('/') || registry.startsWith('.'))
        return [];
    return roots.map((root) => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, registry));
}
function isDirectory(dir) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(dir).isDirectory();
    }
    catch {
        return false; // absent: the next root
    }
}
function listDir(dir, option) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(dir, { withFileTypes: true })
            .filter((e) => !e.isDirectory())
            .map((e) => e.name);
    }
    catch (cause) {
        throw new TrustFileError(option, dir, 'cannot be read', 'The certificate directory', undefined, cause);
    }
}
/** The PEM text of a file that holds at least one certificate and nothing that is not one. */
function readCertificates(path, option, label) {
    const text = readPem(path, option, label);
    const blocks = pemBlocks(text);
    const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
    const other = blocks.find((b) => !certs.includes(b));
    if (certs.length === 0 || other) {
        const holds = other ? describeLabel(other.label) : 'no PEM certificate';
        throw new TrustFileError(option, path, `is not a certificate: it holds ${holds}`, label, 'Give the CA certificate (PEM, -----BEGIN CERTIFICATE-----), not a key or request.');
    }
    for (const block of certs) {
        try {
            new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(block.text);
        }
        catch (cause) {
            throw new TrustFileError(option, path, 'is not a certificate: a CERTIFICATE block does not parse', label, undefined, cause);
        }
    }
    return certs.map((b) => b.text).join('\n');
}
function readPair([certPath, certOption], [keyPath, keyOption]) {
    const cert = readPem(certPath, certOption, 'The client certificate');
    const certBlocks = pemBlocks(cert).filter((b) => b.label === 'CERTIFICATE');
    if (certBlocks.length === 0)
        throw new TrustFileError(certOption, certPath, `is not a certificate: it holds ${describeLabel(pemBlocks(cert)[0]?.label)}`, 'The client certificate');
    const key = readPem(keyPath, keyOption, 'The client key');
    let privateKey;
    try {
        privateKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)(key);
    }
    catch (cause) {
        throw new TrustFileError(keyOption, keyPath, `is not a private key: it holds ${describeLabel(pemBlocks(key)[0]?.label)}`, 'The client key', 'Give the unencrypted private key (PEM) of the client certificate.', cause);
    }
    const leaf = new node_crypto__WEBPACK_IMPORTED_MODULE_0__.X509Certificate(certBlocks[0]?.text ?? '');
    if (!leaf.checkPrivateKey(privateKey))
        throw new TrustFileError(keyOption, keyPath, `does not belong to the client certificate "${certPath}"`, 'The client key', 'Give the private key the client certificate was issued for.');
    return { cert, key, certSource: certPath };
}
function readPem(path, option, label) {
    try {
        return (0,_regular_file_js__WEBPACK_IMPORTED_MODULE_3__/* .readCappedFileSync */ .fB)(path, PEM_FILE_LIMIT).toString('utf8');
    }
    catch (cause) {
        const why = cause instanceof _regular_file_js__WEBPACK_IMPORTED_MODULE_3__/* .FileRefused */ .rV ? `: it ${cause.detail}` : '';
        throw new TrustFileError(option, path, `cannot be read${why}`, label, undefined, cause);
    }
}
function pemBlocks(text) {
    const out = [];
    const pattern = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
    for (const match of text.matchAll(pattern))
        out.push({ label: match[1] ?? '', text: match[0] });
    return out;
}
function describeLabel(label) {
    if (label === undefined)
        return 'no PEM block';
    if (label.includes('PRIVATE KEY'))
        return 'a private key';
    if (label.includes('PUBLIC KEY'))
        return 'a public key';
    if (label.includes('CERTIFICATE REQUEST'))
        return 'a certificate request';
    return `a PEM "${label}" block`;
}


/***/ }),

/***/ 702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LI: () => (/* binding */ resolveInside),
/* harmony export */   fB: () => (/* binding */ readCappedFileSync),
/* harmony export */   rV: () => (/* binding */ FileRefused),
/* harmony export */   yB: () => (/* binding */ readCappedFile)
/* harmony export */ });
/* unused harmony export regularFileSize */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Opening files named by untrusted input (source layouts, archives, CA files) so that a hostile name cannot
 * make us read something else: only regular files are read (a device such as /dev/zero, a FIFO, a socket or
 * a directory is refused before any byte is read), small files are read with a hard cap checked against
 * fstat before reading and again while reading, and files inside a root are resolved with every path
 * component followed (`blobs/` or `blobs/sha256/` symlinked out of the root is refused, not only the last
 * component).
 */



class FileRefused extends Error {
    reason;
    path;
    detail;
    constructor(reason, path, detail) {
        super(`${path}: ${detail}`);
        this.reason = reason;
        this.path = path;
        this.detail = detail;
        this.name = 'FileRefused';
    }
}
// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
const OPEN_FLAGS = node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0);
function kindOf(info) {
    if (info.isDirectory())
        return 'a directory';
    if (info.isCharacterDevice() || info.isBlockDevice())
        return 'a device';
    if (info.isFIFO())
        return 'a FIFO (named pipe)';
    if (info.isSocket())
        return 'a socket';
    return 'not a regular file';
}
/** Size of a regular file (following symlinks); FileRefused for anything else. */
async function regularFileSize(path) {
    const handle = await openChecked(path);
    try {
        return (await handle.stat()).size;
    }
    finally {
        await handle.close();
    }
}
async function openChecked(path) {
    let handle;
    try {
        handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(path, OPEN_FLAGS);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            throw new FileRefused('missing', path, 'does not exist');
        if (code === 'EISDIR')
            throw new FileRefused('directory', path, 'is a directory, not a file');
        if (code === 'ENXIO')
            throw new FileRefused('not-regular', path, 'is a socket, not a regular file');
        throw err;
    }
    const info = await handle.stat();
    if (!info.isFile()) {
        await handle.close();
        const kind = kindOf(info);
        throw new FileRefused(info.isDirectory() ? 'directory' : 'not-regular', path, info.isDirectory() ? 'is a directory, not a file' : `is ${kind}, not a regular file`);
    }
    return handle;
}
/**
 * The whole of a regular file of at most `limit` bytes. The size is checked before reading (fstat) and
 * the read stops at `limit + 1` bytes, so a file that grows while read cannot make us hold more.
 */
async function readCappedFile(path, limit) {
    const handle = await openChecked(path);
    try {
        const { size } = await handle.stat();
        if (size > limit)
            throw tooLarge(path, size, limit);
        const buffer = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(size, 0) + 1));
        let filled = 0;
        for (;;) {
            if (filled === buffer.length)
                throw tooLarge(path, filled, limit);
            const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        if (filled > limit)
            throw tooLarge(path, filled, limit);
        return buffer.subarray(0, filled);
    }
    finally {
        await handle.close();
    }
}
/** readCappedFile for the few places that must stay synchronous (TLS options built in a constructor). */
function readCappedFileSync(path, limit) {
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(path, OPEN_FLAGS);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR')
            throw new FileRefused('missing', path, 'does not exist');
        if (code === 'EISDIR')
            throw new FileRefused('directory', path, 'is a directory, not a file');
        throw err;
    }
    try {
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!info.isFile())
            throw new FileRefused(info.isDirectory() ? 'directory' : 'not-regular', path, info.isDirectory() ? 'is a directory, not a file' : `is ${kindOf(info)}, not a regular file`);
        if (info.size > limit)
            throw tooLarge(path, info.size, limit);
        const buffer = Buffer.allocUnsafe(Math.min(limit + 1, info.size + 1));
        let filled = 0;
        for (;;) {
            if (filled === buffer.length)
                throw tooLarge(path, filled, limit);
            const bytesRead = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, buffer, filled, buffer.length - filled, filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return buffer.subarray(0, filled);
    }
    finally {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function tooLarge(path, size, limit) {
    return new FileRefused('too-large', path, `is ${size} bytes or more, over the limit of ${limit} bytes`);
}
/**
 * `root/relativePath` with every component resolved (symlinks followed), refused when the result leaves
 * the root, and required to be a regular file. Returns the resolved path and its size.
 */
async function resolveInside(root, relativePath, realRoot) {
    const rootReal = realRoot ?? (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(root));
    const joined = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, relativePath);
    let target;
    try {
        target = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.realpath)(joined);
    }
    catch (err) {
        const code = err.code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP')
            throw new FileRefused('missing', relativePath, code === 'ELOOP' ? 'is a loop of symbolic links' : 'does not exist');
        throw err;
    }
    if (!isInside(rootReal, target)) {
        throw new FileRefused('outside-root', relativePath, `leads outside the directory (to ${JSON.stringify(target)}) through a symbolic link`);
    }
    try {
        return { path: target, size: await regularFileSize(target) };
    }
    catch (err) {
        if (err instanceof FileRefused)
            throw new FileRefused(err.reason, relativePath, err.detail);
        throw err;
    }
}
function isInside(root, target) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.relative)(root, target);
    return rel === '' || (!rel.startsWith('..') && !(0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(rel)) || /^\.\.[^/\\]/.test(rel);
}


/***/ }),

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ createSecretRegistry),
/* harmony export */   g: () => (/* binding */ redactTokenLike)
/* harmony export */ });
function createSecretRegistry() {
    const values = new Set();
    const listeners = [];
    return {
        add(value) {
            if (!value || value.length < 4 || values.has(value))
                return;
            // A registry may echo a secret in another encoding (a query string, a JSON error body): each form is
            // registered, so every adapter's redact() and the runner's mask catch it too.
            for (const form of encodingsOf(value)) {
                if (form.length < 4 || values.has(form))
                    continue;
                values.add(form);
                for (const listener of listeners)
                    listener(form);
            }
        },
        redact(text) {
            let out = text;
            for (const value of [...values].sort((a, b) => b.length - a.length))
                out = out.split(value).join('***');
            return out;
        },
        onAdd(listener) {
            listeners.push(listener);
            for (const value of values)
                listener(value);
        },
    };
}
/**
 * The forms a secret takes on the wire: raw, base64 (and base64url), URL-encoded (upper- and lower-case hex,
 * `+` for spaces as forms write it) and JSON-escaped. (The base64 of `user:password` in a Basic header is
 * registered by the client that builds it.)
 */
function encodingsOf(value) {
    const base64 = Buffer.from(value, 'utf8').toString('base64');
    const url = encodeURIComponent(value);
    const forms = [
        value,
        base64,
        base64.replace(/=+$/, ''),
        Buffer.from(value, 'utf8').toString('base64url'),
        url,
        url.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
        url.replace(/%20/g, '+'),
        JSON.stringify(value).slice(1, -1),
        // JSON encoders that escape `/` and non-ASCII (`\/`, `\u00e9`).
        JSON.stringify(value)
            .slice(1, -1)
            .replace(/\//g, '\\/')
            .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    ];
    return [...new Set(forms)];
}
/**
 * Text from another program (a credential helper's error) may quote a secret this run never saw: AWS
 * access key ids, `Bearer`/`Basic` credentials and long token-like runs (upper, lower and digits, 32+
 * characters: base64, JWT parts, GitHub tokens) become `***`. UUIDs and paths do not match.
 */
function redactTokenLike(text) {
    return text
        .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 ***')
        .replace(/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '***')
        .replace(/[A-Za-z0-9+/=_]{32,}/g, (run) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) ? '***' : run);
}


/***/ }),

/***/ 7304:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DC: () => (/* binding */ hashFile),
/* harmony export */   pn: () => (/* binding */ openFileStream)
/* harmony export */ });
/* unused harmony export FILE_CHUNK_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/**
 * Reading local files fast and without garbage. Chunks of 1 MiB: sha256 then runs at about 1.1 GB/s on one
 * core where 64 KiB stream chunks (Node's default) give about 0.48 GB/s, the event loop's per-chunk cost
 * dominating (`.tmp/hashbench`-style measurement on the bench machine, a 1 GiB file in the page cache).
 * Hashing a whole file reuses two buffers, so it leaves nothing for the garbage collector.
 */



const FILE_CHUNK_BYTES = 1024 * 1024;
/**
 * Streamed chunks are each a new Buffer, garbage once sent: 256 KiB ones keep less of it alive at once than
 * 1 MiB (S6 peak RSS 123–124 → 117 MB, the 205 MiB twin from an OCI layout 129–138 → 117 MB) with the same
 * throughput against curl (0.93–0.97× → 0.91–0.97×; docs/benchmarks.md).
 */
const STREAM_CHUNK_BYTES = 256 * 1024;
/** A stream of the file, or of the byte range `start`..`end` (inclusive), in STREAM_CHUNK_BYTES chunks. */
function openFileStream(path, range) {
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(path, { highWaterMark: STREAM_CHUNK_BYTES, ...range });
}
/**
 * The digest (`algorithm`, default sha256) and size of a file, read through two reused buffers: the next
 * read runs on the thread pool while the current chunk is hashed (about twice as fast as reading and
 * hashing in turn: 0.8 s instead of 1.5 s for 1 GiB in the page cache on the bench machine).
 */
async function hashFile(path, algorithm = 'sha256') {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
    const buffers = [
        Buffer.allocUnsafe(FILE_CHUNK_BYTES),
        Buffer.allocUnsafe(FILE_CHUNK_BYTES),
    ];
    const handle = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
    const readInto = (buffer, position) => handle.read(buffer, 0, FILE_CHUNK_BYTES, position).then((r) => r.bytesRead);
    let size = 0;
    let reading = readInto(buffers[0], 0);
    try {
        for (;;) {
            const bytesRead = await reading;
            if (bytesRead === 0)
                break;
            const chunk = buffers[0];
            size += bytesRead;
            buffers.reverse();
            reading = readInto(buffers[0], size);
            hash.update(bytesRead === FILE_CHUNK_BYTES ? chunk : chunk.subarray(0, bytesRead));
        }
    }
    finally {
        await reading.catch(() => undefined);
        await handle.close();
    }
    return { digest: `${algorithm}:${hash.digest('hex')}`, size };
}


/***/ }),

/***/ 6245:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hs: () => (/* binding */ sniffCompression),
/* harmony export */   Pg: () => (/* binding */ measureCompression),
/* harmony export */   Qu: () => (/* binding */ measureDecompression),
/* harmony export */   eF: () => (/* binding */ createGzipMeter),
/* harmony export */   ww: () => (/* binding */ compressLayer)
/* harmony export */ });
/* unused harmony exports LAYER_GZIP_LEVEL, BLOCK_BYTES, STORE_ENTROPY_BITS, createLayerGzip, sampledEntropy */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _bin_queue_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8568);
/* harmony import */ var _byte_queue_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(431);
/* harmony import */ var _verify_stream_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8417);
/**
 * Deterministic gzip for uncompressed layers (what `docker save` of a graph-driver engine gives).
 *
 * The same bytes must give the same compressed blob on every run, so a republished image uploads nothing.
 * The layer is cut into blocks of exactly BLOCK_BYTES, and each block is encoded on its own, as pigz does:
 * - a block that can compress is raw deflate at level 1 (window 15, memLevel 8, default strategy), primed
 *   with the 32 KiB of input before it as the dictionary (so matches reach back across the cut) and
 *   ended with a sync flush (byte-aligned, not final);
 * - a block that cannot (byte entropy above STORE_ENTROPY_BITS: random or already compressed bytes, where
 *   deflate gains nothing yet level 1 still runs at ~32 MB/s on the bench machine) is written as stored
 *   deflate blocks, at memory speed;
 * - a fixed gzip header (mtime 0, no name, OS 3), an empty final stored block, then CRC-32 and size.
 * Each block's encoding depends only on its bytes and the bytes before it, so the output does not depend
 * on how the input is split into chunks, and blocks compress in parallel on the thread pool (a single
 * layer uses every core). The digest depends only on the layer bytes, these rules and the zlib that node
 * bundles: a different Node major version or CPU family could compress differently, which costs one
 * re-upload and is never wrong (the manifest is rebuilt from what was actually compressed).
 *
 * Level 1: on a 700 MB tar of shared libraries, level 1 compresses at ~56 MB/s to 37 % and level 6 at
 * ~27 MB/s to 34 %, so speed wins over the last 9 % of size.
 */








const LAYER_GZIP_LEVEL = 1;
/** Blocks of this size are encoded on their own (compressed or stored). */
const BLOCK_BYTES = 1024 * 1024;
/** Above this byte entropy (bits per byte, estimated from every 4th byte) a block is stored. */
const STORE_ENTROPY_BITS = 7.9;
const WINDOW_BYTES = 32 * 1024;
const STORED_MAX = 65_535;
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** An empty stored block with BFINAL set: ends the deflate stream. */
const FINAL_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);
/** The blocks a meter keeps for reuse: those being encoded at once, and the one being emitted. */
const POOLED_BLOCKS = 5;
const deflateRawAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_zlib__WEBPACK_IMPORTED_MODULE_4__.deflateRaw);
/** The layer gzip stream (see above). */
function createLayerGzip() {
    return new LayerGzip();
}
/** The byte entropy of `block` in bits per byte, from every 4th byte. */
function sampledEntropy(block) {
    const counts = new Uint32Array(256);
    let n = 0;
    for (let i = 0; i < block.length; i += 4) {
        const b = block[i];
        counts[b] = counts[b] + 1;
        n++;
    }
    let bits = 0;
    for (const c of counts) {
        if (c === 0)
            continue;
        const p = c / n;
        bits -= p * Math.log2(p);
    }
    return bits;
}
/** `block` as stored deflate blocks (not final): 0x00, LEN, NLEN, bytes; at most 65535 bytes each. */
function storedBlocks(block) {
    const out = [];
    for (let at = 0; at < block.length; at += STORED_MAX) {
        const piece = block.subarray(at, at + STORED_MAX);
        const head = Buffer.alloc(5);
        head.writeUInt16LE(piece.length, 1);
        head.writeUInt16LE(~piece.length & 0xffff, 3);
        out.push(head, piece);
    }
    return out;
}
async function encodeBlock(block, dictionary) {
    if (sampledEntropy(block) > STORE_ENTROPY_BITS)
        return storedBlocks(block);
    const compressed = await deflateRawAsync(block, {
        level: LAYER_GZIP_LEVEL,
        windowBits: 15,
        memLevel: 8,
        strategy: node_zlib__WEBPACK_IMPORTED_MODULE_4__.constants.Z_DEFAULT_STRATEGY,
        finishFlush: node_zlib__WEBPACK_IMPORTED_MODULE_4__.constants.Z_SYNC_FLUSH,
        ...(dictionary.length > 0 ? { dictionary } : {}),
    });
    return [compressed];
}
/**
 * Cuts the input into blocks, encodes up to `parallel` of them at once and hands the pieces to `emit` in
 * order, waiting for it. With a pool, `emit` must have consumed (hashed, copied) a piece when it resolves:
 * each full block is then cut into a buffer of the pool, given back once its pieces are consumed (stored
 * blocks are views of it), so a layer leaves no block-sized garbage behind: a new 1 MiB block per MiB,
 * waiting its turn through young-generation collections (memory.ts), was promoted and left to full
 * collections (S8, the engine's 2 GiB image: GC time 7.1–8.1 → 4.4 s, CPU −1.5 s; docs/benchmarks.md, S8).
 */
class BlockEncoder {
    emit;
    pool;
    parallel = Math.max(2, Math.min(4, (0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)()));
    input = new _byte_queue_js__WEBPACK_IMPORTED_MODULE_6__/* .ByteQueue */ .y();
    crc = 0;
    size = 0;
    tail = Buffer.alloc(0);
    queue = [{ pieces: Promise.resolve([GZIP_HEADER]) }];
    constructor(emit, pool) {
        this.emit = emit;
        this.pool = pool;
    }
    async write(chunk) {
        this.input.push(chunk);
        await this.encodeBlocks(false);
    }
    async end() {
        await this.encodeBlocks(true);
        await this.emitQueued(0);
        const trailer = Buffer.alloc(8);
        trailer.writeUInt32LE(this.crc >>> 0, 0);
        trailer.writeUInt32LE(this.size % 2 ** 32, 4);
        await this.emit(FINAL_BLOCK);
        await this.emit(trailer);
    }
    async encodeBlocks(final) {
        while (this.input.length >= BLOCK_BYTES || (final && this.input.length > 0)) {
            const pooled = this.pool && this.input.length >= BLOCK_BYTES ? this.pool.take() : undefined;
            const block = pooled ? this.input.takeInto(pooled) : this.input.take(BLOCK_BYTES);
            const dictionary = this.tail;
            this.crc = (0,node_zlib__WEBPACK_IMPORTED_MODULE_4__.crc32)(block, this.crc);
            this.size += block.length;
            this.tail = Buffer.from(block.length >= WINDOW_BYTES
                ? block.subarray(block.length - WINDOW_BYTES)
                : Buffer.concat([dictionary, block]).subarray(-WINDOW_BYTES));
            // deflate copies the dictionary when it starts: `dictionary` is not read after this call.
            const pieces = encodeBlock(block, dictionary);
            pieces.catch(() => undefined); // awaited in order by emitQueued
            this.queue.push(pooled ? { pieces, block: pooled } : { pieces });
            await this.emitQueued(this.parallel);
        }
    }
    /** Emits queued blocks in order until at most `keep` are still being encoded. */
    async emitQueued(keep) {
        while (this.queue.length > keep) {
            const next = this.queue.shift();
            for (const piece of await next.pieces)
                await this.emit(piece);
            if (next.block)
                this.pool?.give([next.block]);
        }
    }
}
/** The encoder as a stream: pieces are pushed (not consumed yet when pushed), so blocks are not pooled. */
class LayerGzip extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Duplex {
    encoder = new BlockEncoder((piece) => this.pushInOrder(piece));
    wake;
    _read() {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
    _write(chunk, _encoding, callback) {
        this.encoder.write(chunk).then(() => callback(), callback);
    }
    _final(callback) {
        this.encoder.end().then(() => {
            this.push(null);
            callback();
        }, callback);
    }
    async pushInOrder(piece) {
        if (!this.push(piece))
            await new Promise((resolve) => (this.wake = resolve));
    }
}
/** Compresses `input` and hashes both sides; the compressed bytes are discarded. */
async function measureCompression(input) {
    const before = (0,_verify_stream_js__WEBPACK_IMPORTED_MODULE_5__/* .createHashingPassThrough */ .LU)();
    const after = (0,_verify_stream_js__WEBPACK_IMPORTED_MODULE_5__/* .createHashSink */ .Sf)();
    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(input, before, createLayerGzip(), after);
    return { compressed: after.result(), uncompressed: before.result() };
}
/**
 * `onOutput`, when given, also receives every compressed chunk (the compressor waits for it); a chunk is
 * reused once its promise resolves, so `onOutput` must have copied what it keeps by then.
 */
function createGzipMeter(onOutput) {
    const hash = (0,_verify_stream_js__WEBPACK_IMPORTED_MODULE_5__/* .createSizedHash */ .Qz)();
    let destroyed = false;
    const encoder = new BlockEncoder(async (piece) => {
        if (destroyed)
            throw new Error('the layer compressor was stopped');
        hash.update(piece);
        if (onOutput)
            await onOutput(piece);
    }, new _bin_queue_js__WEBPACK_IMPORTED_MODULE_7__/* .BinPool */ .E(BLOCK_BYTES, POOLED_BLOCKS));
    /** The calls so far, in order: the encoder takes one at a time. */
    let last = Promise.resolve();
    const next = (step) => {
        if (destroyed)
            return Promise.reject(new Error('the layer compressor was stopped'));
        last = last.then(step);
        return last;
    };
    return {
        write: (chunk) => next(() => encoder.write(chunk)),
        async end() {
            await next(() => encoder.end());
            return hash.result();
        },
        destroy() {
            destroyed = true;
        },
    };
}
/** Decompresses `input` (gzip) and hashes the result: the diff ID of a compressed layer. */
async function measureDecompression(input) {
    const before = (0,_verify_stream_js__WEBPACK_IMPORTED_MODULE_5__/* .createHashingPassThrough */ .LU)();
    const after = (0,_verify_stream_js__WEBPACK_IMPORTED_MODULE_5__/* .createHashSink */ .Sf)();
    await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_2__.pipeline)(input, before, (0,node_zlib__WEBPACK_IMPORTED_MODULE_4__.createGunzip)(), after);
    return { compressed: before.result(), uncompressed: after.result() };
}
function sniffCompression(head) {
    if (head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
        return 'zstd';
    if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a)
        return 'xz';
    if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68)
        return 'bzip2';
    return 'none';
}
/** The stream of the compressed layer: `input` → gzip, as one chain. */
function compressLayer(input, ...before) {
    return (0,_verify_stream_js__WEBPACK_IMPORTED_MODULE_5__/* .chain */ .cy)(input, ...before, createLayerGzip());
}


/***/ }),

/***/ 5742:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DA: () => (/* binding */ sourceInvalid),
/* harmony export */   H3: () => (/* binding */ digestMismatch),
/* harmony export */   Jl: () => (/* binding */ sourceUnsupported),
/* harmony export */   Rf: () => (/* binding */ sourceNotFound),
/* harmony export */   _5: () => (/* binding */ blobMissing),
/* harmony export */   dA: () => (/* binding */ sourceCorrupt),
/* harmony export */   sf: () => (/* binding */ sizeMismatch)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);

const REBUILD_HINT = 'The image files are damaged or incomplete; re-export the image (docker save, buildx --output, skopeo copy).';
function sourceNotFound(path, description, what = 'path') {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_NOT_FOUND', `The ${what} ${JSON.stringify(path)} of source ${description} does not exist`, {
        hint: 'Check the path (relative paths start at the working directory) and that the build step wrote it.',
    });
}
function sourceCorrupt(message, hint = REBUILD_HINT, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_CORRUPT', message, { hint, cause });
}
function sourceInvalid(message, hint, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_INVALID', message, { hint, cause });
}
function sourceUnsupported(message, hint) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('SOURCE_UNSUPPORTED', message, { hint });
}
/** A blob whose bytes hash to something else than its descriptor declares. */
function digestMismatch(where, expected, actual) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('DIGEST_MISMATCH', `${where} hashes to ${actual}, not to the declared ${expected}`, {
        hint: 'The file was damaged or changed after it was written; rebuild or re-export the image.',
    });
}
function sizeMismatch(where, expected, declared, actual) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .PublishError */ .S1('DIGEST_MISMATCH', `${where} (${expected}) is ${actual}, not the declared ${declared} bytes`, { hint: 'The file was damaged or changed after it was written; rebuild or re-export the image.' });
}
/** A blob a manifest or index refers to that the source does not hold. */
function blobMissing(digest, what, description) {
    return sourceCorrupt(`The ${what} ${digest} is missing from ${description}`, 'The layout or archive is incomplete (an index pointing nowhere); re-export the whole image, every platform included.');
}


/***/ }),

/***/ 5738:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ parseSourceSpec)
/* harmony export */ });
/* harmony import */ var _domain_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8913);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _domain_edit_distance_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8668);
/**
 * Source strings, in skopeo's `transport:rest` style:
 *
 *   docker-daemon:NAME[:TAG]      an image in the local Docker engine (a name, name:tag, name@digest or image ID)
 *   NAME[:TAG] | IMAGE-ID         the same, without the prefix (`app:1.2`, `ghcr.io/org/app`, `sha256:…`, `3f2a1b4c5d6e`)
 *   docker-archive:PATH[:REF]     a `docker save` tarball or buildx `--output type=docker` (gzip allowed)
 *   oci-archive:PATH[:REF]        a tar of an OCI image layout (buildx `--output type=oci`)
 *   oci:DIR[:REF]                 an OCI image layout directory
 *   docker://REF                  an image in a registry
 *
 * PATH and REF are split at the first ":" after the prefix, as skopeo does (`oci:./out:1.0` → `./out`, `1.0`;
 * `docker-archive:all.tar:app:1.0` → `all.tar`, `app:1.0`). A path that itself contains ":" is still found:
 * when the part before the first ":" does not exist but the whole text does, the whole text is the path
 * (and there is no REF). REF is an `org.opencontainers.image.ref.name`, an image name as Docker records it
 * (`io.containerd.image.name`, `RepoTags`), a digest, or `@N` for the N-th image (from 0).
 * Pure: no I/O.
 */



const SOURCE_TRANSPORTS = ['docker-daemon', 'docker-archive', 'oci-archive', 'oci', 'docker'];
/** skopeo transports this action cannot read; named in the error so the fix is obvious. */
const FOREIGN_TRANSPORTS = ['containers-storage', 'dir', 'ostree', 'sif', 'tarball', 'docker-image'];
const DAEMON_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;
const IMAGE_ID = /^(?:sha256:[a-f0-9]{64}|[a-f0-9]{12,64})$/;
const SOURCE_HINT = 'Write docker-daemon:NAME[:TAG] (or just NAME[:TAG]), docker-archive:PATH, oci-archive:PATH, oci:DIR[:REF] or docker://REGISTRY/REPOSITORY[:TAG].';
/** Parses a source string; SOURCE_INVALID names the input and lists the transports. */
function parseSourceSpec(spec, inputName) {
    const label = inputName === undefined ? 'The source' : (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .settingSubject */ .de)(inputName)}: the source`;
    const fail = (what, cause) => {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .PublishError */ .S1('SOURCE_INVALID', (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .remedyHint */ .o7) `${label} ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteValue */ .cl)(spec)} ${what}`, {
            hint: SOURCE_HINT,
            cause,
        });
    };
    const text = spec.trim();
    if (text === '')
        fail('is empty');
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
    if (scheme) {
        const name = scheme[1].toLowerCase();
        if (name !== 'docker')
            fail(`uses the unknown transport "${name}://"; use one of ${transportList()}`);
        const reference = text.slice('docker://'.length);
        if (reference === '')
            fail('names no image after "docker://"');
        try {
            (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReference */ .F2)(reference);
        }
        catch (err) {
            fail(`is not a valid registry reference: ${err instanceof Error ? err.message : String(err)}`, err);
        }
        return { transport: 'docker', reference, text: `docker://${reference}` };
    }
    const colon = text.indexOf(':');
    const prefix = colon === -1 ? '' : text.slice(0, colon);
    const rest = text.slice(colon + 1);
    switch (prefix) {
        case 'docker-daemon':
            return daemonSpec(rest, fail);
        case 'docker-archive':
        case 'oci-archive':
        case 'oci': {
            if (rest === '')
                fail(`names no path after "${prefix}:"`);
            const split = rest.indexOf(':');
            let local;
            if (split <= 0) {
                local = { transport: prefix, path: rest, text: `${prefix}:${rest}` };
            }
            else {
                const path = rest.slice(0, split);
                const ref = rest.slice(split + 1);
                local =
                    ref === ''
                        ? { transport: prefix, path, text: `${prefix}:${path}` }
                        : { transport: prefix, path, ref, unsplit: rest, text: `${prefix}:${rest}` };
            }
            return local;
        }
        case 'docker':
            return fail('needs "//" after "docker:" (docker://REGISTRY/REPOSITORY[:TAG])');
    }
    if (FOREIGN_TRANSPORTS.includes(prefix)) {
        fail(`uses the transport "${prefix}:", which this action does not read; use one of ${transportList()}`);
    }
    // A near miss of a transport (docker-deamon:app) is a typo, not an engine image named docker-deamon.
    const meant = prefix.length >= 5 ? nearestTransport(prefix) : undefined;
    if (meant)
        fail(`uses the unknown transport "${prefix}:"; did you mean "${meant}"?`);
    // A bare engine image: a name Docker accepts, or an image ID.
    if (IMAGE_ID.test(text))
        return { transport: 'docker-daemon', name: text, text: `docker-daemon:${text}` };
    try {
        (0,_domain_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .parseReference */ .F2)(text);
    }
    catch (err) {
        if (/^[a-z][a-z0-9-]*$/i.test(prefix)) {
            fail(`uses the unknown transport "${prefix}:"; use one of ${transportList()}`, err);
        }
        fail(`is neither a transport:path nor an image name (${err instanceof Error ? err.message : String(err)})`, err);
    }
    return daemonSpec(text, fail);
}
/** The transport at most 2 edits from `prefix` (docker-deamon → docker-daemon:), if any. */
function nearestTransport(prefix) {
    const lower = prefix.toLowerCase();
    return ['docker-daemon', 'docker-archive', 'oci-archive']
        .filter((t) => t !== lower && (0,_domain_edit_distance_js__WEBPACK_IMPORTED_MODULE_2__/* .editDistance */ .Y)(lower, t) <= 2)
        .map((t) => `${t}:`)[0];
}
function daemonSpec(name, fail) {
    if (name === '')
        fail('names no image after "docker-daemon:"');
    if (!DAEMON_NAME.test(name) || name.length > 512) {
        fail('is not an image name or ID the Docker engine accepts');
    }
    return { transport: 'docker-daemon', name, text: `docker-daemon:${name}` };
}
function transportList() {
    return SOURCE_TRANSPORTS.map((t) => (t === 'docker' ? 'docker://' : `${t}:`)).join(', ');
}


/***/ }),

/***/ 8417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ih: () => (/* binding */ createVerifyStream),
/* harmony export */   LU: () => (/* binding */ createHashingPassThrough),
/* harmony export */   Qz: () => (/* binding */ createSizedHash),
/* harmony export */   Sf: () => (/* binding */ createHashSink),
/* harmony export */   cy: () => (/* binding */ chain),
/* harmony export */   jh: () => (/* binding */ measured),
/* harmony export */   zr: () => (/* binding */ verified)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _digest_verifier_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4370);
/* harmony import */ var _source_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5742);
/**
 * Stream helpers of the image sources: verification (the one verifier in ../digest-verifier.ts, worded for
 * local content), chaining, and hashing sinks.
 */





/** A passthrough that fails with DIGEST_MISMATCH naming `where` when the bytes do not match `expected`. */
function createVerifyStream(expected, where) {
    return (0,_digest_verifier_js__WEBPACK_IMPORTED_MODULE_2__/* .createDigestVerifier */ .j)(expected, mismatchError(expected, where));
}
/** `source` measured against `expected`: all bytes pass, `verdict` tells (worded as createVerifyStream). */
function measured(source, expected, where) {
    const meter = (0,_digest_verifier_js__WEBPACK_IMPORTED_MODULE_2__/* .createDigestMeter */ .s)(expected, mismatchError(expected, where));
    return { stream: chain(source, meter.stream), verdict: meter.verdict };
}
function mismatchError(expected, where) {
    return (m) => m.kind === 'digest'
        ? (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .digestMismatch */ .H3)(where, expected.digest, m.actual)
        : (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .sizeMismatch */ .sf)(where, expected.digest, m.limit, m.kind === 'too-long' ? `more than ${m.limit} bytes` : `${m.size} bytes`);
}
/** The verified stream: `source` piped through a verifier; destroying the result destroys `source`. */
function verified(source, expected, where) {
    return chain(source, createVerifyStream(expected, where));
}
/**
 * `source` piped through `transforms`; the last stream is returned. An error anywhere destroys the result
 * with that error; destroying the result destroys `source` (closing files and requests).
 */
function chain(source, ...transforms) {
    if (transforms.length === 0)
        return source;
    const streams = [source, ...transforms];
    (0,node_stream__WEBPACK_IMPORTED_MODULE_1__.pipeline)(streams, () => {
        // errors reach the consumer through the last stream
    });
    return transforms[transforms.length - 1];
}
/**
 * A writable that hashes what it is given (sha256); `result()` after it finished. `forward`, when given,
 * also receives every chunk, and the sink takes the next one only after it resolved.
 */
function createHashSink(forward) {
    const hash = createSizedHash();
    let done;
    const sink = new node_stream__WEBPACK_IMPORTED_MODULE_1__.Writable({
        write(chunk, _encoding, callback) {
            hash.update(chunk);
            if (forward)
                forward(chunk).then(() => callback(), callback);
            else
                callback();
        },
        final(callback) {
            done = hash.result();
            callback();
        },
    });
    return Object.assign(sink, {
        result() {
            if (!done)
                throw new Error('internal: hash sink read before it finished');
            return done;
        },
    });
}
/** A passthrough that hashes what flows through (sha256); `result()` after it ended. */
function createHashingPassThrough() {
    const hash = createSizedHash();
    let done;
    const stream = new node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
        },
        flush(callback) {
            done = hash.result();
            callback();
        },
    });
    return Object.assign(stream, {
        result() {
            if (!done)
                throw new Error('internal: hash read before the stream ended');
            return done;
        },
    });
}
/** sha256 and byte count of what it is given; `result()` once, at the end. */
function createSizedHash() {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    let size = 0;
    return {
        update(chunk) {
            hash.update(chunk);
            size += chunk.length;
        },
        result: () => ({ digest: `sha256:${hash.digest('hex')}`, size }),
    };
}


/***/ }),

/***/ 6661:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T7: () => (/* binding */ currentAccount),
/* harmony export */   e4: () => (/* binding */ configHome),
/* harmony export */   kG: () => (/* binding */ dockerConfigDir),
/* harmony export */   sA: () => (/* binding */ runtimeDir)
/* harmony export */ });
/* unused harmony export homeDir */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/**
 * The user's directories, decided one way for every reader of per-user files: the Docker config
 * (credentials, engine contexts and TLS files), containers' auth.json and certs.d.
 *
 * - home: `HOME` when it is an absolute path, else the account's home directory from the password
 *   database. Not `os.homedir()`: it returns `HOME` whatever it holds, and a relative `HOME` would make
 *   what we read (and trust) depend on the directory the job runs in.
 * - `XDG_CONFIG_HOME` and `XDG_RUNTIME_DIR` count only when absolute (the XDG Base Directory rule: a
 *   relative one is invalid and ignored); the config home is then `home/.config`.
 * - `DOCKER_CONFIG` is an explicit path and is taken as given, as the docker CLI does.
 */


/** The account of this process; `home` is undefined where the uid has no password entry (a bare container). */
function currentAccount() {
    const uid = process.getuid?.();
    try {
        return { uid, home: (0,node_os__WEBPACK_IMPORTED_MODULE_1__.userInfo)().homedir || undefined };
    }
    catch {
        return { uid, home: undefined };
    }
}
const absolute = (path) => path && (0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(path) ? path : undefined;
/** The home directory, or undefined when there is none (no absolute HOME and no usable account entry). */
function homeDir(env, account = currentAccount()) {
    return absolute(env.HOME) ?? absolute(account.home);
}
/** `$XDG_CONFIG_HOME`, else `home/.config`. */
function configHome(env, account = currentAccount()) {
    const home = homeDir(env, account);
    return absolute(env.XDG_CONFIG_HOME) ?? (home ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(home, '.config') : undefined);
}
/** `$XDG_RUNTIME_DIR`, when set to an absolute path. */
function runtimeDir(env) {
    return absolute(env.XDG_RUNTIME_DIR);
}
/** The Docker config directory: `$DOCKER_CONFIG`, else `home/.docker` (docker/cli `config.Dir()`). */
function dockerConfigDir(env, account = currentAccount()) {
    if (env.DOCKER_CONFIG)
        return env.DOCKER_CONFIG;
    const home = homeDir(env, account);
    return home ? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(home, '.docker') : undefined;
}


/***/ })

};
