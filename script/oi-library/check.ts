/**
 * `npm run check:oi-library`: for every entry of the Docker Official Images' library files in
 * ../shared/reference/oi-library (public data, never copied into this repository), derives its tags with
 * the inputs of docs/official-images.md and prints the exact-match rate per image and every mismatch.
 * Exits 0 with a "not found" line when the folder is absent (a fresh clone), 1 when an entry differs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IMAGE_POLICIES, parseLibraryFile, reproduceFile } from './reproduce.js';

const folder = resolve(process.argv[2] ?? '../shared/reference/oi-library');
if (!existsSync(folder)) {
  console.log(`oi-library: ${folder} not found, nothing checked`);
  process.exit(0);
}
let total = 0;
let matched = 0;
for (const [image, policy] of Object.entries(IMAGE_POLICIES)) {
  const file = resolve(folder, image);
  if (!existsSync(file)) {
    console.log(`${image}: ${file} not found, not checked`);
    continue;
  }
  const entries = parseLibraryFile(readFileSync(file, 'utf8'));
  const results = reproduceFile(entries, policy);
  const exact = results.filter((r) => r.missing.length === 0 && r.extra.length === 0 && !r.error);
  total += results.length;
  matched += exact.length;
  const rate = ((100 * exact.length) / Math.max(1, results.length)).toFixed(1);
  console.log(`${image}: ${exact.length}/${results.length} exact (${rate}%)`);
  for (const r of results) {
    if (exact.includes(r)) continue;
    const detail = r.error ?? `missing ${r.missing.join(' ') || '-'}; extra ${r.extra.join(' ') || '-'}`;
    console.log(`  ${r.expected[0] ?? '?'}: ${detail}`);
  }
}
console.log(`all: ${matched}/${total} exact (${((100 * matched) / Math.max(1, total)).toFixed(1)}%)`);
process.exitCode = matched === total ? 0 : 1;
