export const id = 379;
export const ids = [379];
export const modules = {

/***/ 1379:
/***/ ((module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/**
 * One bundle, two adapters: started by a GitHub runner (INPUT_* variables, no arguments) it is the action;
 * started with arguments, or outside Actions, it is the `registry-publish` command line.
 */
const argv = process.argv.slice(2);
const isAction = argv.length === 0 &&
    (process.env.GITHUB_ACTIONS === 'true' || Object.keys(process.env).some((k) => k.startsWith('INPUT_')));
// Each adapter is loaded only when used: the command line never loads @actions/core (and its HTTP client).
if (isAction) {
    const { runAction } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(421), __webpack_require__.e(895), __webpack_require__.e(915)]).then(__webpack_require__.bind(__webpack_require__, 5915));
    await runAction();
}
else {
    const { runCli } = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(895), __webpack_require__.e(463)]).then(__webpack_require__.bind(__webpack_require__, 7463));
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

/***/ })

};
