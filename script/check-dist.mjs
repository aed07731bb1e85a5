#!/usr/bin/env node
// Fails when dist/ is not the build of src/: rebuilds into a temporary directory and compares file by file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'check-dist-'));
try {
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      'src/index.ts',
      '-o',
      out,
      '--license',
      'licenses.txt',
      '--target',
      'es2023',
      '--no-source-map-register',
      '-q',
    ],
    { stdio: 'inherit' },
  );
  const expected = readdirSync(out).sort();
  const actual = existsSync('dist') ? readdirSync('dist').sort() : [];
  const stale = [];
  for (const name of new Set([...expected, ...actual])) {
    const a = join('dist', name);
    const b = join(out, name);
    if (!existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b))) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`dist/ is stale (${stale.join(', ')}): run npm run build and commit dist/.`);
    process.exit(1);
  }
  console.log('dist/ matches src/');
} finally {
  rmSync(out, { recursive: true, force: true });
}
