import { PublishError } from '../errors.js';
import { describeInput, quoteValue } from './input-label.js';

/** When `latest` (or a variant's plain name) is added: `auto` when the floating guard allows it. */
export type LatestPolicy = 'auto' | 'true' | 'false';
/** `highest`: floating tags only move to the highest version of their line; `always`: no guard. */
export type FloatingPolicy = 'highest' | 'always';

const LATEST_POLICIES: readonly LatestPolicy[] = ['auto', 'true', 'false'];
const FLOATING_POLICIES: readonly FloatingPolicy[] = ['highest', 'always'];

/** Reads a `latest` policy (case-insensitive; empty → `auto`) or throws INPUT_INVALID naming the input. */
export function parseLatestPolicy(value: string | undefined, inputName = 'latest'): LatestPolicy {
  return parseChoice(value, LATEST_POLICIES, inputName);
}

/** Reads a `floating` policy (case-insensitive; empty → `highest`) or throws INPUT_INVALID naming the input. */
export function parseFloatingPolicy(value: string | undefined, inputName = 'floating'): FloatingPolicy {
  return parseChoice(value, FLOATING_POLICIES, inputName);
}

function parseChoice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  inputName: string,
): T {
  const [fallback] = choices;
  const wanted = value?.trim().toLowerCase() ?? '';
  if (wanted === '' && fallback !== undefined) return fallback;
  const found = choices.find((c) => c === wanted);
  if (found !== undefined) return found;
  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1) ?? ''}`;
  throw new PublishError(
    'INPUT_INVALID',
    `${describeInput(inputName)} must be ${listed}; got ${quoteValue(value ?? '')}`,
    {
      hint: `Use one of ${listed} (default ${fallback ?? ''}).`,
    },
  );
}
