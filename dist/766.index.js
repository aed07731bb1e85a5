export const id = 766;
export const ids = [766];
export const modules = {

/***/ 6766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TarIndex: () => (/* binding */ TarIndex),
  fileOrigin: () => (/* reexport */ fileOrigin)
});

// UNUSED EXPORTS: ARCHIVE_BYTES_PER_ENTRY, MAX_TAR_ENTRIES, entryBudget

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./src/source/file-read.ts
var file_read = __webpack_require__(7304);
// EXTERNAL MODULE: ./src/source/gzip-layer.ts
var gzip_layer = __webpack_require__(6245);
;// CONCATENATED MODULE: ./src/source/layer-meter.ts
/**
 * Measuring, while an archive is scanned, the gzip form of each entry that is itself an uncompressed tar
 * (a layer as `docker save` of a graph-driver engine writes it), and optionally staging those compressed
 * bytes. This is what lets the engine source load with one save stream (docker-daemon.ts): the scan learns
 * each layer's gzip digest and size without a second pass.
 *
 * With a ReadAhead, at the start of the stream, a layer's bytes are handed to its compressor without
 * waiting for it (up to READ_AHEAD_BYTES not yet taken, all layers together), and end() settles when the
 * compressor has caught up: the scan reads on into the next entry meanwhile. A text layer first in the save
 * stream otherwise held everything behind it while it compressed (40–80 MB/s on 2 cores), with nothing
 * uploading yet, so the link sat idle until its last byte although the random layer behind it could go out
 * at link speed (bench S5 over the WAN link: the first PATCH 130–290 ms after the save's first byte). Past
 * the first READ_AHEAD_WINDOW bytes the stager's own budget keeps the link busy while a layer compresses,
 * and a scan held back by a compressor (the 2 GiB engine image on loopback) would only hold raw bytes
 * longer: there the meter waits for its compressor again, as without a read-ahead.
 */

/** Enough of an entry to see the ustar magic of a tar header (bytes 257–262). */
const SNIFF_BYTES = 262;
const TAR_HEADER_BYTES = 512;
/**
 * Raw bytes handed to the compressors of one scan and not taken by them yet (the read-ahead's memory; the
 * compressed side is bounded by the stager's budget).
 */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;
/** The read-ahead is open for the scan's first this many layer bytes. */
const READ_AHEAD_WINDOW = 32 * 1024 * 1024;
/** The read-ahead of one scan: bytes held, bytes handed on so far, and writers waiting for room. */
class ReadAhead {
    limit;
    window;
    used = 0;
    handed = 0;
    waiters = [];
    constructor(limit = READ_AHEAD_BYTES, window = READ_AHEAD_WINDOW) {
        this.limit = limit;
        this.window = window;
    }
    hold(n) {
        this.used += n;
        this.handed += n;
    }
    release(n) {
        this.used -= n;
        for (const wake of this.waiters.splice(0))
            wake();
    }
    /** Resolves once the bytes held are within the limit again (none held, past the window). */
    async room() {
        while (this.used > (this.handed <= this.window ? this.limit : 0))
            await new Promise((resolve) => this.waiters.push(resolve));
    }
}
/** A meter for one entry of `size` bytes; undefined when no entry that small can be a tar. */
function createLayerMeter(size, stager, readAhead) {
    if (size < TAR_HEADER_BYTES)
        return undefined;
    // The first chunks wait until the tar magic can be seen, then feed the compressor.
    let undecided = [];
    let head = Buffer.alloc(0);
    let meter;
    let staged;
    /** The writes handed on and not taken yet, in order (with a read-ahead). */
    let fed = Promise.resolve();
    const feed = async (gzip, chunk) => {
        if (!readAhead)
            return gzip.write(chunk);
        readAhead.hold(chunk.length);
        fed = fed.then(() => gzip.write(chunk)).finally(() => readAhead.release(chunk.length));
        fed.catch(() => undefined); // surfaces in end()
        await readAhead.room();
    };
    return {
        async write(chunk) {
            if (meter)
                return feed(meter, chunk);
            if (!undecided)
                return;
            undecided.push(chunk);
            head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
            if (head.length < SNIFF_BYTES)
                return;
            if (isUncompressedTar(head)) {
                const stage = stager?.begin();
                staged = stage;
                meter = (0,gzip_layer/* createGzipMeter */.eF)(stage && ((bytes) => stage.write(bytes)));
                for (const early of undecided)
                    await feed(meter, early);
            }
            undecided = undefined;
        },
        async end() {
            await fed;
            const gzip = meter ? await meter.end() : undefined;
            meter = undefined;
            if (staged && gzip)
                await staged.end(gzip);
            staged = undefined;
            return gzip;
        },
        destroy() {
            meter?.destroy();
            staged?.abandon();
        },
    };
}
function isUncompressedTar(head) {
    return head.subarray(257, 262).toString('latin1') === 'ustar';
}

// EXTERNAL MODULE: ./src/source/source-errors.ts
var source_errors = __webpack_require__(5742);
// EXTERNAL MODULE: ./src/memory.ts
var memory = __webpack_require__(8820);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/source/tar-reader.ts
/**
 * Reading a tar stream entry by entry (tar-stream), with what every pass over an archive needs: the
 * compression sniffed from its first bytes, names normalised and refused when unsafe, and stream failures
 * turned into SOURCE_* errors. tar-index.ts builds its index and its later passes on this.
 */








/** An archive on disk. */
function fileOrigin(path, description) {
    return {
        description,
        path,
        openRaw: () => Promise.resolve((0,file_read/* openFileStream */.pn)(path)),
    };
}
/** Entries of a tar stream; the caller must consume (or skip) each entry's data before the next. */
async function* iterateTar(raw, compression, 
/** `bytes`: of the tar stream (decompressed); `raw`: of the archive as read (compressed, for a .tar.gz). */
counter, 
/** Gets every decompressed chunk before the tar parser (tar-spool.ts); a promise holds the stream back. */
tee) {
    const extract = tar_stream.extract();
    const count = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            counter.bytes += chunk.length;
            const wait = tee?.(chunk);
            if (wait)
                wait.then(() => callback(null, chunk), callback);
            else
                callback(null, chunk);
        },
    });
    const countRaw = new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            counter.raw = (counter.raw ?? 0) + chunk.length;
            callback(null, chunk);
        },
    });
    let failure;
    const stages = compression === 'gzip' ? [countRaw, (0,external_node_zlib_.createGunzip)(), count] : [countRaw, count];
    (0,external_node_stream_.pipeline)([raw, ...stages, extract], (err) => {
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
/** Drains an entry's data that the caller does not want. */
async function skipEntry(stream) {
    for await (const _ of stream)
        void _;
}
async function detectCompression(raw, description) {
    const head = await peek(raw, 6);
    const kind = (0,gzip_layer/* sniffCompression */.Hs)(head.bytes);
    if (kind === 'gzip' || kind === 'none')
        return { compression: kind, stream: head.stream };
    head.stream.destroy();
    throw (0,source_errors/* sourceUnsupported */.Jl)(`${description} is a ${kind}-compressed archive`, 'Decompress it first, or save it uncompressed or gzip-compressed (docker save | gzip).');
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
    return { bytes: first.subarray(0, n), stream: external_node_stream_.Readable.from(rest(), { objectMode: false }) };
}
function tarError(err, description, nothingRead) {
    if ((0,errors/* isPublishError */.U6)(err))
        return err;
    const message = err instanceof Error ? err.message : String(err);
    const code = err.code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
        return new errors/* PublishError */.S1('SOURCE_NOT_FOUND', `${description} cannot be read: ${message}`, {
            hint: 'Check the path and its permissions.',
            cause: err,
        });
    }
    if (typeof code === 'string' && code.startsWith('Z_')) {
        return (0,source_errors/* sourceCorrupt */.dA)(`The gzip stream of ${description} is truncated or corrupt (${message})`, undefined, err);
    }
    if (nothingRead) {
        return (0,source_errors/* sourceInvalid */.DA)(`${description} is not a tar archive (${message})`, 'Point the source at the tar file that docker save, buildx --output type=docker|oci or skopeo wrote.', err);
    }
    return truncated(description, message, err);
}
function truncated(description, what, cause) {
    return (0,source_errors/* sourceCorrupt */.dA)(`${description} is truncated or corrupt: ${what}`, 'The archive was not written completely (disk full, interrupted copy?); write it again.', cause);
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
        throw (0,source_errors/* sourceCorrupt */.dA)(`${description} contains the unsafe path ${JSON.stringify(name)}`, 'Image archives never hold absolute paths or ".." components; do not publish an archive from an untrusted source.');
    }
    return cleaned;
}
function normalizeLookup(name) {
    let n = external_node_path_.posix.normalize(name.replace(/\\/g, '/'));
    while (n.startsWith('./'))
        n = n.slice(2);
    if (n.endsWith('/'))
        n = n.slice(0, -1);
    return n === '.' ? '' : n;
}
/** The bytes an entry of `size` occupies in the archive (data is padded to 512-byte blocks). */
function padded(size) {
    return Math.ceil(size / 512) * 512;
}

;// CONCATENATED MODULE: ./src/source/tar-entry-digest.ts
/**
 * One pass over a regular file's data during the archive scan: its sha256, its first bytes (compression
 * sniffing), optionally its bytes (small entries the index keeps) and, through a LayerMeter, the digest of
 * its gzip form.
 */



/** How much of the start of each file the index keeps (enough for sniffCompression). */
const HEAD_BYTES = 8;
/** Shared by every empty entry: an archive of a million empty files costs no buffer per entry. */
const EMPTY = Buffer.alloc(0);
const EMPTY_DIGEST = `sha256:${(0,external_node_crypto_.createHash)('sha256').digest('hex')}`;
/** Consumes `data`; SOURCE_CORRUPT when it holds fewer bytes than the header said. */
async function digestTarEntry(data, options) {
    const { name, size, keep, meter } = options;
    if (size === 0 && !meter) {
        for await (const chunk of data)
            if (chunk.length > 0)
                throw truncated(options.description, `the entry ${name} is longer than its header says`);
        return { digest: EMPTY_DIGEST, head: EMPTY, ...(keep ? { bytes: EMPTY } : {}) };
    }
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const chunks = [];
    let head = Buffer.alloc(0);
    let seen = 0;
    try {
        for await (const chunk of data) {
            hash.update(chunk);
            seen += chunk.length;
            options.onProgress?.(name, seen, size);
            if (head.length < HEAD_BYTES)
                head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
            if (keep)
                chunks.push(chunk);
            if (meter)
                await meter.write(chunk);
            // The scan's chunks, gzip blocks and staged parts are garbage once passed on (memory.ts).
            (0,memory/* streamed */.IB)(chunk.length);
        }
        if (seen !== size)
            throw truncated(options.description, `the entry ${name} is cut short`);
    }
    catch (err) {
        meter?.destroy();
        throw err;
    }
    // The meter is the caller's: it destroys it if the scan fails before this settles.
    const gzip = meter?.end();
    gzip?.catch(() => undefined); // awaited by the caller
    // A kept entry's head is a view of its bytes, not a buffer of its own.
    const bytes = keep ? Buffer.concat(chunks) : undefined;
    return {
        digest: `sha256:${hash.digest('hex')}`,
        head: bytes ? bytes.subarray(0, HEAD_BYTES) : head,
        ...(bytes ? { bytes } : {}),
        ...(gzip ? { gzip } : {}),
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/source/tar-spool.ts
/**
 * The decompressed bytes of a compressed tar archive, or the bytes of a tar stream that cannot be seeked (the
 * Docker engine's save stream), written to a temporary file during the one scan, so every entry then opens
 * as a byte range of that file instead of a fresh pass from the start (a `.tar.gz` of 20 layers was
 * decompressed 21 times; each layer opened from the engine asked it for a new save stream). Bounded: at most the free space of the temporary
 * directory less a margin, and SPOOL_MAX_BYTES; past either (a gzip bomb, a full disk) the spool is given
 * up and entries are re-read from the archive as before. Removed when the source closes.
 */




/** Largest spool: a 16 GiB tar is far past any image a runner publishes. */
const SPOOL_MAX_BYTES = 16 * 1024 ** 3;
/** Left free on the temporary directory's file system. */
const FREE_MARGIN_BYTES = 1024 ** 3;
/** Spool directories not removed yet: removed at exit too, whoever forgot close(). */
const live = new Set();
let exitHook = false;
function track(dir) {
    live.add(dir);
    if (exitHook)
        return;
    exitHook = true;
    process.once('exit', () => {
        for (const d of live)
            (0,external_node_fs_.rmSync)(d, { recursive: true, force: true });
    });
}
class TarSpool {
    dir;
    path;
    out;
    limit;
    written = 0;
    abandoned = false;
    constructor(dir, path, out, limit) {
        this.dir = dir;
        this.path = path;
        this.out = out;
        this.limit = limit;
        // A write error (ENOSPC) gives the spool up; the scan itself goes on.
        out.on('error', () => this.abandon());
    }
    /** A new spool, or undefined when the temporary directory cannot take one. */
    static async open() {
        try {
            const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'registry-publish-tar-'));
            const fs = await (0,promises_.statfs)(dir);
            const limit = Math.min(SPOOL_MAX_BYTES, fs.bavail * fs.bsize - FREE_MARGIN_BYTES);
            if (limit <= 0) {
                await (0,promises_.rm)(dir, { recursive: true, force: true });
                return undefined;
            }
            track(dir);
            const path = (0,external_node_path_.join)(dir, 'archive.tar');
            return new TarSpool(dir, path, (0,external_node_fs_.createWriteStream)(path, { mode: 0o600 }), limit);
        }
        catch {
            return undefined;
        }
    }
    /** Appends decompressed bytes; resolves when the file can take more (backpressure). */
    write(chunk) {
        if (this.abandoned)
            return undefined;
        this.written += chunk.length;
        if (this.written > this.limit) {
            this.abandon();
            return undefined;
        }
        if (this.out.write(chunk))
            return undefined;
        return new Promise((resolve) => {
            const done = () => {
                this.out.off('drain', done);
                this.out.off('close', done);
                resolve();
            };
            this.out.once('drain', done);
            this.out.once('close', done);
        });
    }
    /** The spooled file once every byte is on disk, or undefined when the spool was given up. */
    async finish() {
        if (this.abandoned)
            return undefined;
        await new Promise((resolve) => {
            this.out.once('close', resolve);
            this.out.end();
        });
        return this.abandoned ? undefined : this.path;
    }
    async remove() {
        this.out.destroy();
        await (0,promises_.rm)(this.dir, { recursive: true, force: true });
        live.delete(this.dir);
    }
    abandon() {
        if (this.abandoned)
            return;
        this.abandoned = true;
        this.out.destroy();
        void (0,promises_.rm)(this.dir, { recursive: true, force: true })
            .then(() => live.delete(this.dir))
            .catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/source/tar-index.ts
/**
 * Random access to the entries of a tar archive without extracting it and without holding large entries in
 * memory. One scan (tar-stream) records every entry's name, type, size, data offset and sha256, and keeps
 * the bytes of small entries (manifests, configs, index.json). Afterwards an entry opens as:
 * - a byte range of the file (`fs.createReadStream({ start, end })`) when the tar is an uncompressed file;
 * - a byte range of the tar spooled by the scan for a gzip-compressed one and for a stream that cannot be
 *   seeked (the Docker engine's save stream): the scan writes the tar to a temporary spool file
 *   (tar-spool.ts), so the archive is decompressed, and the engine asked for it, once; close() removes it;
 * - a fresh pass over the archive that skips to the entry when the spool did not fit (tar-spool.ts bounds
 *   it by the free space). Each such open() is an independent stream, so concurrent opens are correct; the
 *   cost is re-reading the archive up to the entry.
 *
 * Safety: nothing is extracted to disk (the spool is the tar itself, in a private temporary directory), and names are only compared, never joined to a host path. Still,
 * an archive with absolute names or `..` components is refused (no image tool writes them), and links are
 * followed only inside the archive: a symlink or hard link that leaves it, loops, or points at something
 * that is not a regular file is SOURCE_CORRUPT when an image file is looked up through it.
 *
 * This module is the index (lookups, links, opening entries). Reading the tar stream is tar-reader.ts,
 * hashing a file entry during the scan tar-entry-digest.ts, measuring a layer's gzip form layer-meter.ts.
 */











/** Entries up to this size are kept in memory by the scan (manifests, configs, small layers). */
const RETAIN_ENTRY_MAX = 1024 * 1024;
/** At most this much is kept in memory in total; larger archives re-read what they need. */
const RETAIN_TOTAL_MAX = 64 * 1024 * 1024;
const MAX_LINK_HOPS = 16;
/**
 * Entries any archive may hold. The index costs a few hundred bytes an entry, so a 7 MB `.tar.gz` of a million
 * empty files cost 0.9 GB; image archives hold a few per layer (`docker save` of 50 images of 50 layers:
 * about 10,000). Past its budget (entryBudget) the scan stops with SOURCE_UNSUPPORTED.
 */
const MAX_TAR_ENTRIES = 100_000;
/**
 * A larger archive may hold one more entry for every this many bytes of it as read (compressed for a
 * `.tar.gz`), so the index (about 550 B an entry) stays near 3 % of the archive's size whatever its entries:
 * a big `docker save` is not refused for its size, while a small archive that decompresses to many entries
 * still is.
 */
const ARCHIVE_BYTES_PER_ENTRY = 16 * 1024;
const DEFAULT_LIMITS = { floor: MAX_TAR_ENTRIES, bytesPerEntry: ARCHIVE_BYTES_PER_ENTRY };
/** How many entries an archive of `archiveBytes` (as read: compressed when it is) may hold. */
function entryBudget(archiveBytes, limits = DEFAULT_LIMITS) {
    return Math.max(limits.floor, Math.floor(archiveBytes / limits.bytesPerEntry));
}
class TarIndex {
    origin;
    compression;
    entries;
    retained;
    cleanup;
    constructor(origin, compression, entries, retained, cleanup) {
        this.origin = origin;
        this.compression = compression;
        this.entries = entries;
        this.retained = retained;
        this.cleanup = cleanup;
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
        let count = 0;
        const counter = { bytes: 0 };
        const limits = options.limits ?? DEFAULT_LIMITS;
        // A file's whole size is known up front; a stream (the engine's save) earns its budget as it is read.
        const fileBytes = origin.path === undefined ? 0 : await fileSize(origin.path);
        // A compressed archive is decompressed once, and a stream that cannot be seeked (the engine's save) is
        // read once: its tar goes to a spool file entries then open from as byte ranges.
        const seekable = compression === 'none' && origin.path !== undefined;
        const wanted = compression !== 'none' || (!seekable && options.spool !== false);
        const spool = wanted ? await TarSpool.open() : undefined;
        const tee = spool ? (chunk) => spool.write(chunk) : undefined;
        // Layers still compressing while the scan reads on (layer-meter.ts ReadAhead): each entry gets its
        // gzip digest when its meter settles, and the scan ends after the last one.
        const readAhead = options.measureGzip ? new ReadAhead() : undefined;
        const compressing = [];
        try {
            for await (const { header, stream: data } of iterateTar(stream, compression, counter, tee)) {
                if (++count > entryBudget(Math.max(fileBytes, counter.raw ?? 0), limits))
                    throw tooManyEntries(origin.description, count - 1, limits);
                const name = normalizeName(header.name, origin.description);
                const type = entryType(header.type);
                const size = header.size ?? 0;
                const offset = header.byteOffset ?? 0;
                lastEnd = Math.max(lastEnd, offset + padded(size));
                if (type !== 'file') {
                    await skipEntry(data);
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
                const meter = readAhead ? createLayerMeter(size, options.stager, readAhead) : undefined;
                const read = await digestTarEntry(data, {
                    name,
                    size,
                    description: origin.description,
                    keep,
                    meter,
                    onProgress: options.onEntryProgress,
                });
                if (read.bytes) {
                    retained.set(name, read.bytes);
                    retainedTotal += size;
                }
                else {
                    retained.delete(name);
                }
                const { digest, head, gzip } = read;
                const entry = { name, type, size, offset, digest, head };
                entries.set(name, entry);
                if (meter && gzip) {
                    const settled = gzip.then((measured) => {
                        // A later entry of the same name replaced this one (as tar extraction would): keep that.
                        if (measured && entries.get(name) === entry)
                            entries.set(name, { ...entry, gzip: measured });
                    });
                    settled.catch(() => undefined); // awaited below
                    compressing.push({ meter, settled });
                }
            }
            await Promise.all(compressing.map((c) => c.settled));
        }
        catch (err) {
            for (const c of compressing)
                c.meter.destroy();
            raw.destroy();
            await spool?.remove();
            throw tarError(err, origin.description, entries.size === 0);
        }
        if (counter.bytes === 0 || (entries.size > 0 && counter.bytes < lastEnd + 512))
            await spool?.remove();
        if (counter.bytes === 0) {
            throw (0,source_errors/* sourceInvalid */.DA)(`${origin.description} is empty`, 'Point the source at a tar archive written by docker save, buildx or skopeo.');
        }
        if (entries.size > 0 && counter.bytes < lastEnd + 512) {
            throw truncated(origin.description, 'the end-of-archive marker is missing');
        }
        const spooled = await spool?.finish();
        if (spool && spooled) {
            const spooledOrigin = {
                description: origin.description,
                path: spooled,
                openRaw: () => Promise.resolve((0,file_read/* openFileStream */.pn)(spooled)),
            };
            return new TarIndex(spooledOrigin, 'none', entries, retained, () => spool.remove());
        }
        return new TarIndex(origin, compression, entries, retained);
    }
    /** Removes the spooled tar of a compressed archive (the source's close()). */
    async close() {
        await this.cleanup?.();
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
            const joined = entry.type === 'symlink' ? external_node_path_.posix.join(external_node_path_.posix.dirname(entry.name), target) : external_node_path_.posix.normalize(target);
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
            throw (0,source_errors/* sourceCorrupt */.dA)(`${entry.name} in ${this.description} is ${entry.size} bytes, more than the ${limit} expected of it`);
        }
        const kept = this.retained.get(entry.name);
        if (kept && kept.length === entry.size)
            return kept;
        const chunks = [];
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of await this.open(entry)) {
            hash.update(chunk);
            chunks.push(chunk);
        }
        const bytes = Buffer.concat(chunks);
        const actual = `sha256:${hash.digest('hex')}`;
        if (entry.digest && actual !== entry.digest) {
            throw (0,source_errors/* digestMismatch */.H3)(`${entry.name} in ${this.description} (changed since it was read)`, entry.digest, actual);
        }
        return bytes;
    }
    /** A fresh stream of the entry's bytes. Not verified here: callers verify against the descriptor. */
    async open(entry) {
        if (entry.size === 0)
            return external_node_stream_.Readable.from([]);
        // Small entries kept by the scan (configs, manifests) open from memory: no second pass over a stream.
        const kept = this.retained.get(entry.name);
        if (kept && kept.length === entry.size)
            return external_node_stream_.Readable.from([kept]);
        if (this.compression === 'none' && this.origin.path !== undefined) {
            return (0,file_read/* openFileStream */.pn)(this.origin.path, { start: entry.offset, end: entry.offset + entry.size - 1 });
        }
        const raw = await this.origin.openRaw();
        return external_node_stream_.Readable.from(this.extractOne(raw, entry), { objectMode: false });
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
                    await skipEntry(stream);
                    continue;
                }
                await fn(entry, external_node_stream_.Readable.from(stream, { objectMode: false }));
                remaining -= 1;
                if (remaining === 0)
                    break;
            }
        }
        catch (err) {
            throw tarError(err, this.description, false);
        }
        if (remaining > 0)
            throw (0,source_errors/* sourceCorrupt */.dA)(`${this.description} changed since it was read: entries are missing`);
    }
    async *extractOne(raw, entry) {
        try {
            for await (const { header, stream } of iterateTar(raw, this.compression, { bytes: 0 })) {
                if (header.byteOffset !== entry.offset) {
                    if ((header.byteOffset ?? 0) > entry.offset)
                        break;
                    await skipEntry(stream);
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
        throw (0,source_errors/* sourceCorrupt */.dA)(`${this.description} changed since it was read: ${entry.name} is no longer at its place`);
    }
    badLink(name, what) {
        return (0,source_errors/* sourceCorrupt */.dA)(`The entry ${JSON.stringify(name)} in ${this.description} ${what}`, 'Image archives hold image files as regular files; re-export the image with docker save, buildx or skopeo.');
    }
}
/** The archive file's size; 0 when it cannot be read now (opening it reports why). */
async function fileSize(path) {
    try {
        return (await (0,promises_.stat)(path)).size;
    }
    catch {
        return 0;
    }
}
function tooManyEntries(description, budget, limits) {
    const perSize = budget > limits.floor
        ? ` (one for every ${(limits.bytesPerEntry / 1024).toLocaleString('en-US')} KiB of the archive)`
        : '';
    return (0,source_errors/* sourceUnsupported */.Jl)(`${description} holds more than ${budget.toLocaleString('en-US')} entries${perSize}; an image archive holds a few per layer`, 'Publish an archive written by docker save, buildx or skopeo; this one is not an image archive (or not only one).');
}


/***/ })

};
