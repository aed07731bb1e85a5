import type { Logger } from '../log.js';

/** Log lines go to standard error so standard output stays parseable (tables, --json). */
export function createCliLogger(
  write: (line: string) => void,
  redact: (text: string) => string,
  verbose = false,
): Logger {
  let indent = '';
  const emit = (text: string): void => {
    for (const line of redact(text).split('\n')) write(`${indent}${line}`);
  };
  return {
    debug: (m) => {
      if (verbose) emit(`debug: ${m}`);
    },
    info: (m) => emit(m),
    warning: (m) => emit(`warning: ${m}`),
    group: async (name, fn) => {
      emit(`» ${name}`);
      indent += '  ';
      try {
        return await fn();
      } finally {
        indent = indent.slice(2);
      }
    },
  };
}
