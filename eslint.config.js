// Lint rules, chiefly the dependency direction of ARCHITECTURE.md:
//   record ← domain ← node ← http, federation, cli;  store implements node's ports.
// `record` and `domain` are pure: no I/O, no clock, no randomness, no environment.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'child_process', 'os', 'dgram', 'dns',
  'worker_threads', 'cluster', 'readline', 'process', 'tls',
].flatMap((m) => [m, `node:${m}`]);

const PURE_WHY = 'record/ and domain/ are pure (ARCHITECTURE.md): no I/O, no clock, no environment.';

/** Folders a layer may not import, with the reason shown in the lint message. */
function forbidLayers(layers, why) {
  return layers.map((layer) => ({ group: [`**/${layer}/**`, `**/${layer}`, `../${layer}/*`], message: why }));
}

const pureRules = {
  'no-restricted-globals': ['error',
    { name: 'process', message: PURE_WHY },
    { name: 'setTimeout', message: PURE_WHY },
    { name: 'setInterval', message: PURE_WHY },
    { name: 'fetch', message: PURE_WHY },
  ],
  'no-restricted-properties': ['error',
    { object: 'Date', property: 'now', message: 'Time comes in on the command. ' + PURE_WHY },
    { object: 'Math', property: 'random', message: 'No randomness in pure code. ' + PURE_WHY },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', 'dist/**', 'parley-data/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/record/**/*.ts'],
    ignores: ['src/record/**/*.test.ts'],
    rules: {
      ...pureRules,
      'no-restricted-imports': ['error', {
        paths: IO_MODULES.map((name) => ({ name, message: PURE_WHY })),
        patterns: forbidLayers(['domain', 'store', 'node', 'http', 'federation', 'cli'],
          'record/ is the innermost layer and imports no other Parley folder.'),
      }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    ignores: ['src/domain/**/*.test.ts'],
    rules: {
      ...pureRules,
      'no-restricted-imports': ['error', {
        paths: IO_MODULES.map((name) => ({ name, message: PURE_WHY })),
        patterns: forbidLayers(['store', 'node', 'http', 'federation', 'cli'],
          'domain/ may import only record/.'),
      }],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: forbidLayers(['store', 'http', 'federation', 'cli'],
          'node/ declares ports; adapters (store) implement them and the composition root wires them.'),
      }],
    },
  },
  {
    files: ['src/store/**/*.ts', 'src/keys/**/*.ts', 'src/federation/**/*.ts', 'src/scenario/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: forbidLayers(['http', 'cli'], 'Nothing imports http/ or cli/.'),
      }],
    },
  },
  {
    // The web app runs in the browser and talks to the node only through /api/v1.
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*', '**/src/*/**'], message: 'web/ is browser code: it uses the HTTP API, not the server\'s modules.' }],
      }],
    },
  },
);
