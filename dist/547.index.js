export const id = 547;
export const ids = [547];
export const modules = {

/***/ 2547:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TarIndex: () => (/* binding */ TarIndex),
/* harmony export */   fileOrigin: () => (/* binding */ fileOrigin)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var tar_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6118);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/* harmony import */ var _file_read_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7304);
/* harmony import */ var _gzip_layer_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6245);
/* harmony import */ var _source_errors_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(5742);
/**
 * Random access to the entries of a tar archive without extracting it and without holding large entries in
 * memory. One scan (tar-stream) records every entry's name, type, size, data offset and sha256, and keeps
 * the bytes of small entries (manifests, configs, index.json). Afterwards an entry opens as:
 * - a byte range of the file (`fs.createReadStream({ start, end })`) when the tar is an uncompressed file;
 * - a fresh pass over the archive that skips to the entry otherwise (a gzip-compressed tar, or a stream
 *   that cannot be seeked such as the Docker engine's save stream). Each such open() is an independent
 *   stream, so concurrent opens are correct; the cost is re-reading the archive up to the entry.
 *
 * Safety: nothing is ever written to disk, and names are only compared, never joined to a host path. Still,
 * an archive with absolute names or `..` components is refused (no image tool writes them), and links are
 * followed only inside the archive: a symlink or hard link that leaves it, loops, or points at something
 * that is not a regular file is SOURCE_CORRUPT when an image file is looked up through it.
 */









/** Entries up to this size are kept in memory by the scan (manifests, configs, small layers). */
const RETAIN_ENTRY_MAX = 1024 * 1024;
/** At most this much is kept in memory in total; larger archives re-read what they need. */
const RETAIN_TOTAL_MAX = 64 * 1024 * 1024;
const MAX_LINK_HOPS = 16;
const HEAD_BYTES = 8;
/** Enough of an entry to see the ustar magic of a tar header (bytes 257–262). */
const SNIFF_BYTES = 262;
const TAR_HEADER_BYTES = 512;
/** An archive on disk. */
function fileOrigin(path, description) {
    return {
        description,
        path,
        openRaw: () => Promise.resolve((0,_file_read_js__WEBPACK_IMPORTED_MODULE_6__/* .openFileStream */ .pn)(path)),
    };
}
class TarIndex {
    origin;
    compression;
    entries;
    retained;
    constructor(origin, compression, entries, retained) {
        this.origin = origin;
        this.compression = compression;
        this.entries = entries;
        this.retained = retained;
    }
    get description() {
        return this.origin.description;
    }
    /** Reads the whole archive once. Raises SOURCE_INVALID (not a tar), SOURCE_CORRUPT (truncated, unsafe). */
    static async scan(origin, options = {}) {
        const raw = await origin.openRaw();
        const { compression, stream } = await detectCompression(raw, origin.description);
        const entries = new Map();
        const retained = new Map();
        let retainedTotal = 0;
        let lastEnd = 0;
        const counter = { bytes: 0 };
        try {
            for await (const { header, stream: data } of iterateTar(stream, compression, counter)) {
                const name = normalizeName(header.name, origin.description);
                const type = entryType(header.type);
                const size = header.size ?? 0;
                const offset = header.byteOffset ?? 0;
                lastEnd = Math.max(lastEnd, offset + padded(size));
                if (type !== 'file') {
                    for await (const _ of data)
                        void _;
                    entries.set(name, {
                        name,
                        type,
                        size,
                        offset,
                        ...(header.linkname ? { linkname: header.linkname } : {}),
                    });
                    continue;
                }
                const keep = size <= RETAIN_ENTRY_MAX && retainedTotal + size <= RETAIN_TOTAL_MAX;
                const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
                const chunks = [];
                let head = Buffer.alloc(0);
                let seen = 0;
                // Measuring: the first chunks wait until the tar magic can be seen, then feed the compressor.
                let undecided = options.measureGzip && size >= TAR_HEADER_BYTES ? [] : undefined;
                let meter;
                let staged;
                let gzip;
                try {
                    for await (const chunk of data) {
                        hash.update(chunk);
                        seen += chunk.length;
                        options.onEntryProgress?.(name, seen, size);
                        if (head.length < SNIFF_BYTES)
                            head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
                        if (keep)
                            chunks.push(chunk);
                        if (meter)
                            await meter.write(chunk);
                        else if (undecided && (undecided.push(chunk), head.length >= SNIFF_BYTES)) {
                            if (isUncompressedTar(head)) {
                                const stage = options.stager?.begin();
                                staged = stage;
                                meter = (0,_gzip_layer_js__WEBPACK_IMPORTED_MODULE_7__/* .createGzipMeter */ .eF)(stage && ((chunk) => stage.write(chunk)));
                                for (const early of undecided)
                                    await meter.write(early);
                            }
                            undecided = undefined;
                        }
                    }
                    if (seen !== size)
                        throw truncated(origin.description, `the entry ${name} is cut short`);
                    gzip = meter ? await meter.end() : undefined;
                    meter = undefined;
                    if (staged && gzip)
                        await staged.end(gzip);
                    staged = undefined;
                }
                finally {
                    meter?.destroy();
                    staged?.abandon();
                }
                head = head.subarray(0, HEAD_BYTES);
                if (keep) {
                    retained.set(name, Buffer.concat(chunks));
                    retainedTotal += size;
                }
                else {
                    retained.delete(name);
                }
                entries.set(name, {
                    name,
                    type,
                    size,
                    offset,
                    digest: `sha256:${hash.digest('hex')}`,
                    head,
                    ...(gzip ? { gzip } : {}),
                });
            }
        }
        catch (err) {
            throw tarError(err, origin.description, entries.size === 0);
        }
        if (counter.bytes === 0) {
            throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceInvalid */ .DA)(`${origin.description} is empty`, 'Point the source at a tar archive written by docker save, buildx or skopeo.');
        }
        if (entries.size > 0 && counter.bytes < lastEnd + 512) {
            throw truncated(origin.description, 'the end-of-archive marker is missing');
        }
        return new TarIndex(origin, compression, entries, retained);
    }
    /** Every entry, in archive order (later duplicates replace earlier ones, as tar extraction would). */
    list() {
        return [...this.entries.values()];
    }
    has(name) {
        return this.entries.has(normalizeLookup(name));
    }
    /**
     * The regular file at `name`, following symlinks and hard links inside the archive; undefined when no
     * entry has that name. A link that leaves the archive, loops or ends at a non-file is SOURCE_CORRUPT.
     */
    file(name) {
        let current = normalizeLookup(name);
        const start = current;
        for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
            const entry = this.entries.get(current);
            if (!entry) {
                if (hop === 0)
                    return undefined;
                throw this.badLink(start, `points at ${JSON.stringify(current)}, which the archive does not hold`);
            }
            if (entry.type === 'file')
                return entry;
            if (entry.type !== 'symlink' && entry.type !== 'link') {
                throw this.badLink(start, `is a ${entry.type}, not a regular file`);
            }
            const target = entry.linkname ?? '';
            if (target === '' || target.startsWith('/')) {
                throw this.badLink(start, `is a link to the absolute path ${JSON.stringify(target)}`);
            }
            const joined = entry.type === 'symlink' ? node_path__WEBPACK_IMPORTED_MODULE_1__.posix.join(node_path__WEBPACK_IMPORTED_MODULE_1__.posix.dirname(entry.name), target) : node_path__WEBPACK_IMPORTED_MODULE_1__.posix.normalize(target);
            if (joined === '..' || joined.startsWith('../')) {
                throw this.badLink(start, `is a link to ${JSON.stringify(target)}, outside the archive`);
            }
            current = normalizeLookup(joined);
        }
        throw this.badLink(start, 'is a chain of links that does not end (a loop?)');
    }
    /** The whole entry (≤ `limit` bytes), verified against the digest the scan computed. */
    async read(entry, limit) {
        if (entry.size > limit) {
            throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`${entry.name} in ${this.description} is ${entry.size} bytes, more than the ${limit} expected of it`);
        }
        const kept = this.retained.get(entry.name);
        if (kept && kept.length === entry.size)
            return kept;
        const chunks = [];
        const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
        for await (const chunk of await this.open(entry)) {
            hash.update(chunk);
            chunks.push(chunk);
        }
        const bytes = Buffer.concat(chunks);
        const actual = `sha256:${hash.digest('hex')}`;
        if (entry.digest && actual !== entry.digest) {
            throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .digestMismatch */ .H3)(`${entry.name} in ${this.description} (changed since it was read)`, entry.digest, actual);
        }
        return bytes;
    }
    /** A fresh stream of the entry's bytes. Not verified here: callers verify against the descriptor. */
    async open(entry) {
        if (entry.size === 0)
            return node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from([]);
        // Small entries kept by the scan (configs, manifests) open from memory: no second pass over a stream.
        const kept = this.retained.get(entry.name);
        if (kept && kept.length === entry.size)
            return node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from([kept]);
        if (this.compression === 'none' && this.origin.path !== undefined) {
            return (0,_file_read_js__WEBPACK_IMPORTED_MODULE_6__/* .openFileStream */ .pn)(this.origin.path, { start: entry.offset, end: entry.offset + entry.size - 1 });
        }
        const raw = await this.origin.openRaw();
        return node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from(this.extractOne(raw, entry), { objectMode: false });
    }
    /**
     * Streams every entry of every group to `fn` (which must consume the stream). Groups run concurrently;
     * the entries of a group are visited in archive order over a single pass (or as byte ranges of a file).
     */
    async visit(groups, fn) {
        await Promise.all(groups
            .filter((g) => g.length > 0)
            .map(async (group) => {
            const sorted = [...group].sort((a, b) => a.offset - b.offset);
            if (this.compression === 'none' && this.origin.path !== undefined) {
                for (const entry of sorted)
                    await fn(entry, await this.open(entry));
                return;
            }
            await this.visitOnePass(sorted, fn);
        }));
    }
    async visitOnePass(sorted, fn) {
        const wanted = new Map(sorted.map((e) => [e.offset, e]));
        const raw = await this.origin.openRaw();
        let remaining = wanted.size;
        const iterator = iterateTar(raw, this.compression, { bytes: 0 });
        try {
            for await (const { header, stream } of iterator) {
                const entry = wanted.get(header.byteOffset ?? -1);
                if (!entry || entry.name !== normalizeName(header.name, this.description)) {
                    for await (const _ of stream)
                        void _;
                    continue;
                }
                await fn(entry, node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from(stream, { objectMode: false }));
                remaining -= 1;
                if (remaining === 0)
                    break;
            }
        }
        catch (err) {
            throw tarError(err, this.description, false);
        }
        if (remaining > 0)
            throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`${this.description} changed since it was read: entries are missing`);
    }
    async *extractOne(raw, entry) {
        try {
            for await (const { header, stream } of iterateTar(raw, this.compression, { bytes: 0 })) {
                if (header.byteOffset !== entry.offset) {
                    if ((header.byteOffset ?? 0) > entry.offset)
                        break;
                    for await (const _ of stream)
                        void _;
                    continue;
                }
                if (normalizeName(header.name, this.description) !== entry.name)
                    break;
                for await (const chunk of stream)
                    yield chunk;
                return;
            }
        }
        catch (err) {
            throw tarError(err, this.description, false);
        }
        throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`${this.description} changed since it was read: ${entry.name} is no longer at its place`);
    }
    badLink(name, what) {
        return (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`The entry ${JSON.stringify(name)} in ${this.description} ${what}`, 'Image archives hold image files as regular files; re-export the image with docker save, buildx or skopeo.');
    }
}
/** Entries of a tar stream; the caller must consume (or skip) each entry's data before the next. */
async function* iterateTar(raw, compression, counter) {
    const extract = tar_stream__WEBPACK_IMPORTED_MODULE_4__.extract();
    const count = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Transform({
        transform(chunk, _encoding, callback) {
            counter.bytes += chunk.length;
            callback(null, chunk);
        },
    });
    let failure;
    const stages = compression === 'gzip' ? [(0,node_zlib__WEBPACK_IMPORTED_MODULE_3__.createGunzip)(), count] : [count];
    (0,node_stream__WEBPACK_IMPORTED_MODULE_2__.pipeline)([raw, ...stages, extract], (err) => {
        if (err)
            failure = err;
    });
    try {
        for await (const entry of extract) {
            yield { header: entry.header, stream: entry };
        }
    }
    catch (err) {
        throw failure && !isPrematureClose(failure) ? failure : err;
    }
    finally {
        extract.destroy();
        raw.destroy();
    }
    if (failure && !isPrematureClose(failure))
        throw failure;
}
async function detectCompression(raw, description) {
    const head = await peek(raw, 6);
    const kind = (0,_gzip_layer_js__WEBPACK_IMPORTED_MODULE_7__/* .sniffCompression */ .Hs)(head.bytes);
    if (kind === 'gzip' || kind === 'none')
        return { compression: kind, stream: head.stream };
    head.stream.destroy();
    throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceUnsupported */ .Jl)(`${description} is a ${kind}-compressed archive`, 'Decompress it first, or save it uncompressed or gzip-compressed (docker save | gzip).');
}
/** Reads the first `n` bytes of a stream and gives back a stream that still starts with them. */
async function peek(stream, n) {
    const iterator = stream[Symbol.asyncIterator]();
    const chunks = [];
    let length = 0;
    let ended = false;
    while (length < n) {
        const next = await iterator.next();
        if (next.done) {
            ended = true;
            break;
        }
        chunks.push(next.value);
        length += next.value.length;
    }
    const first = Buffer.concat(chunks);
    async function* rest() {
        try {
            if (first.length > 0)
                yield first;
            if (ended)
                return;
            for (;;) {
                const next = await iterator.next();
                if (next.done)
                    return;
                yield next.value;
            }
        }
        finally {
            if (!ended)
                stream.destroy();
        }
    }
    return { bytes: first.subarray(0, n), stream: node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.from(rest(), { objectMode: false }) };
}
function tarError(err, description, nothingRead) {
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .isPublishError */ .U6)(err))
        return err;
    const message = err instanceof Error ? err.message : String(err);
    const code = err.code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .PublishError */ .S1('SOURCE_NOT_FOUND', `${description} cannot be read: ${message}`, {
            hint: 'Check the path and its permissions.',
            cause: err,
        });
    }
    if (typeof code === 'string' && code.startsWith('Z_')) {
        return (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`The gzip stream of ${description} is truncated or corrupt (${message})`, undefined, err);
    }
    if (nothingRead) {
        return (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceInvalid */ .DA)(`${description} is not a tar archive (${message})`, 'Point the source at the tar file that docker save, buildx --output type=docker|oci or skopeo wrote.', err);
    }
    return truncated(description, message, err);
}
function truncated(description, what, cause) {
    return (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`${description} is truncated or corrupt: ${what}`, 'The archive was not written completely (disk full, interrupted copy?); write it again.', cause);
}
function isPrematureClose(err) {
    return err.code === 'ERR_STREAM_PREMATURE_CLOSE';
}
function entryType(type) {
    switch (type) {
        case 'file':
        case 'contiguous-file':
        case undefined:
        case null:
            return 'file';
        case 'symlink':
            return 'symlink';
        case 'link':
            return 'link';
        case 'directory':
            return 'directory';
        default:
            return 'other';
    }
}
/** Archive names are compared normalised; absolute names and `..` components are refused outright. */
function normalizeName(name, description) {
    const cleaned = normalizeLookup(name);
    if (name.startsWith('/') ||
        cleaned === '..' ||
        cleaned.startsWith('../') ||
        name.split('/').includes('..')) {
        throw (0,_source_errors_js__WEBPACK_IMPORTED_MODULE_8__/* .sourceCorrupt */ .dA)(`${description} contains the unsafe path ${JSON.stringify(name)}`, 'Image archives never hold absolute paths or ".." components; do not publish an archive from an untrusted source.');
    }
    return cleaned;
}
function normalizeLookup(name) {
    let n = node_path__WEBPACK_IMPORTED_MODULE_1__.posix.normalize(name.replace(/\\/g, '/'));
    while (n.startsWith('./'))
        n = n.slice(2);
    if (n.endsWith('/'))
        n = n.slice(0, -1);
    return n === '.' ? '' : n;
}
function padded(size) {
    return Math.ceil(size / 512) * 512;
}
/** An uncompressed tar stream (a layer as `docker save` of a graph-driver engine writes it). */
function isUncompressedTar(head) {
    return head.subarray(257, 262).toString('latin1') === 'ustar';
}


/***/ })

};
