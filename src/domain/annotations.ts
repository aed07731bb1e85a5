import { PublishError } from '../errors.js';

/** What the user asked for: explicit `key=value` pairs, and whether to fill the standard OCI ones. */
export interface AnnotationRequest {
  readonly entries: Readonly<Record<string, string>>;
  /** A line `auto`: org.opencontainers.image.{created,version,revision,source} from the run's context. */
  readonly auto: boolean;
}

/** What the standard annotations are filled from (absent values leave their key out). */
export interface AnnotationContext {
  readonly created?: Date | undefined;
  readonly version?: string | undefined;
  readonly revision?: string | undefined;
  readonly source?: string | undefined;
}

/** Parses one `key=value` a line (the value may hold `=`); a line `auto` asks for the standard keys. */
export function parseAnnotations(lines: readonly string[], inputName: string): AnnotationRequest {
  const entries: Record<string, string> = {};
  let auto = false;
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
    if (line === 'auto') {
      auto = true;
      continue;
    }
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key || /\s/.test(key)) {
      throw new PublishError('INPUT_INVALID', `${inputName} line "${line}" is not key=value`, {
        hint: 'Write one annotation a line, e.g. org.opencontainers.image.title=app, or the line auto.',
      });
    }
    entries[key] = line.slice(eq + 1).trim();
  }
  return { entries, auto };
}

/** The annotations to write: the standard ones when asked for, then the explicit ones (which win). */
export function resolveAnnotations(
  request: AnnotationRequest,
  context: AnnotationContext,
): Record<string, string> {
  const standard: Record<string, string | undefined> = request.auto
    ? {
        'org.opencontainers.image.created': context.created?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'org.opencontainers.image.version': context.version,
        'org.opencontainers.image.revision': context.revision,
        'org.opencontainers.image.source': context.source,
      }
    : {};
  const out: Record<string, string> = {};
  // Keys sorted: the same annotations always give the same index bytes.
  for (const [key, value] of Object.entries({ ...standard, ...request.entries }).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  ))
    if (value !== undefined) out[key] = value;
  return out;
}
