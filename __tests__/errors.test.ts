import { describe, expect, test } from 'vitest';
import { MAX_ERROR_MESSAGE, PublishError, formatError } from '../src/errors.js';

describe('formatError', () => {
  test('a huge message (a manifest.json of 100,000 images) is cut; the hint and code still follow', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `app${i}:1.0`).join(', ');
    const line = formatError(
      new PublishError('SOURCE_AMBIGUOUS', `The archive holds several images: ${names}`, {
        hint: 'Name one after the path.',
      }),
    );
    expect(line.length).toBeLessThan(MAX_ERROR_MESSAGE + 200);
    expect(line).toMatch(/… \(\d+ more characters\)\. Name one after the path\. \[SOURCE_AMBIGUOUS\]$/);
    expect(line).not.toContain('\n');
  });

  test('an ordinary message is left whole', () => {
    expect(formatError(new PublishError('TAG_EXISTS', 'Tag x:1 exists', { hint: 'Bump it.' }))).toBe(
      'Tag x:1 exists. Bump it. [TAG_EXISTS]',
    );
  });

  test('an unexpected error is cut too', () => {
    const line = formatError(new Error('x'.repeat(5_000_000)));
    expect(line.length).toBeLessThan(MAX_ERROR_MESSAGE + 100);
    expect(line).toMatch(/\[INTERNAL\]$/);
  });
});
