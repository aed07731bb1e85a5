/** Terminal progress: a moving layer keeps one line, updated in place below the other lines. */
import { describe, expect, test } from 'vitest';
import { createLiveLines } from '../../src/cli/live-lines.js';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const CSI = '\u001b[';

/** What a terminal shows after the writes: apply cursor-up + clear-to-end to a list of screen lines. */
function screen(writes: readonly string[]): string[] {
  const lines: string[] = [];
  for (const w of writes) {
    // A redraw starts with CSI n A (cursor up n lines) and CSI J (clear to the end of the screen).
    const clear = w.indexOf(`A${CSI}J`);
    if (w.startsWith(CSI) && clear > 0) {
      lines.splice(lines.length - Number(w.slice(CSI.length, clear)));
      lines.push(w.slice(clear + `A${CSI}J`.length));
    } else lines.push(w);
  }
  return lines;
}

describe('live lines', () => {
  test.each<[string, string[], string[]]>([
    [
      'plain lines pass through',
      ['Reading docker-daemon:app:1', 'Image sha256:…'],
      ['Reading docker-daemon:app:1', 'Image sha256:…'],
    ],
    [
      'a moving layer is redrawn in place',
      [`${A}: Exporting 1 MB / 4 MB (25%)`, `${A}: Exporting 4 MB / 4 MB (100%)`],
      [`${A}: Exporting 4 MB / 4 MB (100%)`],
    ],
    [
      'two layers keep a line each; other lines go above them',
      [
        `${A}: Exporting 1 MB / 4 MB (25%)`,
        `${B}: Pushing 2 MB / 8 MB (25%)`,
        'notice: x',
        `${A}: Pushing 4 MB / 4 MB (100%)`,
      ],
      ['notice: x', `${A}: Pushing 4 MB / 4 MB (100%)`, `${B}: Pushing 2 MB / 8 MB (25%)`],
    ],
    [
      'a final line takes the layer out of the live lines, printed once above the others',
      [`${A}: Pushing 1 MB / 4 MB (25%)`, `${B}: Pushing 2 MB / 8 MB (25%)`, `${A}: Pushed (4 MB)`],
      [`${A}: Pushed (4 MB)`, `${B}: Pushing 2 MB / 8 MB (25%)`],
    ],
    [
      'indented (inside a group) lines are recognised too',
      [`  ${A}: Pushing 1 MB / 4 MB (25%)`, `  ${A}: Mounted from lib/base (4 MB)`],
      [`  ${A}: Mounted from lib/base (4 MB)`],
    ],
  ])('%s', (_name, input, shown) => {
    const writes: string[] = [];
    const write = createLiveLines((l) => writes.push(l));
    input.forEach(write);
    expect(screen(writes)).toEqual(shown);
  });

  test('nothing is erased before anything moved: a redirected log would see no escape codes for plain lines', () => {
    const writes: string[] = [];
    const write = createLiveLines((l) => writes.push(l));
    write('one');
    write('two');
    expect(writes).toEqual(['one', 'two']);
  });
});
