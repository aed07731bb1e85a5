/**
 * How the tag logic names an input in messages. Names that start with `-` are command-line flags
 * (`--version`); any other name is an action input (`version`).
 */

const MAX_QUOTED = 140;

/** `Input "version"` for an action input, `--version` for a flag. */
export function describeInput(name: string): string {
  return isFlag(name) ? name : `Input "${name}"`;
}

/** How to set an input to a value: `tags: main` for an action input, `--tag main` for a flag. */
export function exampleSetting(name: string, value: string): string {
  return isFlag(name) ? `${name} ${value}` : `${name}: ${value}`;
}

/** A user value quoted for a one-line message: JSON escapes, cut after 140 characters. */
export function quoteValue(value: string): string {
  const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(shown);
}

function isFlag(name: string): boolean {
  return name.startsWith('-');
}
