/**
 * Every secret value the run has seen (passwords, identity tokens, bearer tokens). Adapters pass all
 * user-visible text through `redact` before it reaches a log, an output, the job summary or a report.
 */
export interface SecretRegistry {
  add(value: string | undefined): void;
  redact(text: string): string;
  /** Called for each newly registered secret (the action adapter masks it with core.setSecret). */
  onAdd(listener: (value: string) => void): void;
}

export function createSecretRegistry(): SecretRegistry {
  const values = new Set<string>();
  const listeners: ((value: string) => void)[] = [];
  return {
    add(value) {
      if (!value || value.length < 4 || values.has(value)) return;
      values.add(value);
      // A Basic header carries base64(user:password); redact that form too.
      for (const listener of listeners) listener(value);
    },
    redact(text) {
      let out = text;
      for (const value of [...values].sort((a, b) => b.length - a.length)) out = out.split(value).join('***');
      return out;
    },
    onAdd(listener) {
      listeners.push(listener);
      for (const value of values) listener(value);
    },
  };
}
