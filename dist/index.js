#!/usr/bin/env node
var __webpack_exports__ = {};

;// CONCATENATED MODULE: ./src/errors.ts
class PublishError extends Error {
    name = 'PublishError';
    code;
    hint;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.code = code;
        this.hint = options.hint;
    }
}
function isPublishError(err, code) {
    return err instanceof PublishError && (code === undefined || err.code === code);
}
/**
 * One line for the user: what went wrong, then what to do, then the stable code.
 * `Input "latest" must be auto, true or false; got "maybe". Use latest: auto. [INPUT_INVALID]`
 */
function formatError(err) {
    if (err instanceof PublishError) {
        const message = oneLine(err.message);
        const hint = err.hint ? ` ${oneLine(err.hint)}` : '';
        return `${ensurePeriod(message)}${hint} [${err.code}]`;
    }
    if (err instanceof Error)
        return `Unexpected error: ${oneLine(err.message)} [INTERNAL]`;
    return `Unexpected error: ${oneLine(String(err))} [INTERNAL]`;
}
function oneLine(text) {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}
function ensurePeriod(text) {
    return /[.!?)]$/.test(text) ? text : `${text}.`;
}

;// CONCATENATED MODULE: ./src/index.ts

console.log(formatError(new Error('hello')));

