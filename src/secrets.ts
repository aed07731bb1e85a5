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
      // A registry may echo a secret in another encoding (a query string, a JSON error body): each form is
      // registered, so every adapter's redact() and the runner's mask catch it too.
      for (const form of encodingsOf(value)) {
        if (form.length < 4 || values.has(form)) continue;
        values.add(form);
        for (const listener of listeners) listener(form);
      }
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

/**
 * The forms a secret takes on the wire: raw, base64 (and base64url), URL-encoded (upper- and lower-case hex,
 * `+` for spaces as forms write it) and JSON-escaped. (The base64 of `user:password` in a Basic header is
 * registered by the client that builds it.)
 */
function encodingsOf(value: string): string[] {
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
export function redactTokenLike(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 ***')
    .replace(/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, '***')
    .replace(/[A-Za-z0-9+/=_]{32,}/g, (run) =>
      /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run) ? '***' : run,
    );
}
