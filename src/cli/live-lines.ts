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
function eraseLines(count: number): string {
  return count > 0 ? `\u001b[${count}A\u001b[J` : '';
}

/** A line writer that keeps each moving layer's latest line in place below the other lines. */
export function createLiveLines(write: (line: string) => void): (line: string) => void {
  const live = new Map<string, string>();
  let shown = 0;
  const render = (above: string[]): void => {
    const lines = [...above, ...live.values()];
    lines.forEach((line, i) => write(i === 0 ? `${eraseLines(shown)}${line}` : line));
    shown = live.size;
  };
  return (line) => {
    const match = LAYER_LINE.exec(line);
    if (match && MOVING.has(match[2] as string)) {
      live.set(match[1] as string, line);
      render([]);
      return;
    }
    if (match) live.delete(match[1] as string);
    render([line]);
  };
}
