import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Architecture boundaries (CONTRIBUTING.md, "Import rules"; docs/architecture.md). Each layer lists what it
 * may import from outside its own folder; any other `../` import fails lint. __tests__/architecture.test.ts
 * plants a forbidden and a permitted import in each layer.
 */
/** Top-level modules any layer but domain may use: no knowledge of the run, the registry or a source. */
const UTILITIES = [
  'secrets.js',
  'digest-verifier.js',
  'bounded-read.js',
  'byte-queue.js',
  'bin-queue.js',
  'map-limited.js',
  'memory.js',
  'regular-file.js',
  'user-dirs.js',
];
/** The run's ports: the Logger and the SIGINT/SIGTERM watch, for the orchestrator and the adapters. */
const RUN_PORTS = ['log.js', 'cancellation.js'];

/** Folder → what it may import outside itself: a file (`errors.js`, `registry/types.js`) or a folder (`domain/`). */
const LAYERS = {
  domain: ['errors.js'],
  registry: ['errors.js', 'domain/', ...UTILITIES],
  source: ['errors.js', 'domain/', ...UTILITIES, 'registry/types.js'],
  publish: ['errors.js', 'domain/', ...UTILITIES, ...RUN_PORTS, 'registry/', 'source/'],
  action: ['errors.js', 'domain/', 'publish/'],
  cli: ['errors.js', 'domain/', ...UTILITIES, ...RUN_PORTS, 'publish/', '../package.json'],
};

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A `../` import of anything not in `allowed`. */
function outsideOf(layer, allowed) {
  const alternatives = allowed.map((a) => (a.endsWith('/') ? escape(a) : `${escape(a)}$`));
  return {
    regex: `^\\.\\./(?!${alternatives.join('|')})`,
    message: `src/${layer} may import only ${allowed.map((a) => `../${a}`).join(', ')} (CONTRIBUTING.md, "Import rules").`,
  };
}

const noActions = { group: ['@actions/*'], message: 'Only src/main.ts may import @actions/*.' };
const noIo = {
  group: ['node:fs*', 'node:net', 'node:http*', 'node:child_process', 'undici'],
  message: 'src/domain is pure: no I/O.',
};

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...Object.entries(LAYERS).map(([layer, allowed]) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: restrict(noActions, outsideOf(layer, allowed), ...(layer === 'domain' ? [noIo] : [])),
  })),
  {
    // The shared top-level modules: domain, errors and each other, never a layer above them.
    files: ['src/*.ts'],
    ignores: ['src/main.ts', 'src/entry.ts', 'src/index.ts'],
    rules: restrict(noActions, {
      regex: '^\\./(?:(?:registry|source|publish|action|cli)/|(?:main|entry|index)\\.js$)',
      message:
        'The shared modules of src/ may import only ./domain/, ./errors.js and each other (CONTRIBUTING.md, "Import rules").',
    }),
  },
  { files: ['src/entry.ts', 'src/index.ts'], rules: restrict(noActions) },
);
