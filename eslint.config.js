// Lint rules, chiefly the runtime boundaries: code is split by the runtime it
// runs in, and these rules keep it so.
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nativeAndNodeOnly = ['@u4/opencv4nodejs', 'better-sqlite3', 'ws', 'commander', 'cli-progress', '@tensorflow/*'];

const noImport = (paths, patterns, why) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: why })),
      patterns: patterns.map((group) => ({ group: [group], message: why })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.scratch/**', 'bench/.cache/**', 'loupe-data/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // The contract runs anywhere: no Node, DOM-only, native or Electron module.
    files: ['src-shared/**'],
    rules: noImport(
      [...nodeBuiltins, 'electron', ...nativeAndNodeOnly],
      ['electron/*', '../src-*/**', '../../src-*/**', '@u4/*', '@tensorflow/*', 'vue', 'pinia'],
      'src-shared is runtime-neutral: it may import only zod and itself.',
    ),
  },
  {
    // The renderer is untrusted browser code: it reaches the engine only through LoupeClient.
    files: ['src-renderer/**'],
    rules: noImport(
      [...nodeBuiltins, 'electron', ...nativeAndNodeOnly],
      ['electron/*', '**/src-engine/**', '**/src-main/**', '**/src-web/**', '**/src-preload/**', '@u4/*', '@tensorflow/tfjs-node*'],
      'The renderer runs in a sandboxed browser page: no Node, Electron or engine imports.',
    ),
  },
  {
    // The engine is plain Node so it runs as a utility process, a forked child or a CLI.
    files: ['src-engine/**', 'src-web/**'],
    rules: noImport(
      ['electron'],
      ['electron/*', '**/src-main/**', '**/src-preload/**', '**/src-renderer/**'],
      'Engine and web host code is plain Node: no Electron or renderer import.',
    ),
  },
  {
    // The preload is one sandboxed CommonJS bundle: only electron's renderer-side API and the contract.
    files: ['src-preload/**'],
    rules: noImport(
      [...nodeBuiltins, ...nativeAndNodeOnly],
      ['**/src-engine/**', '**/src-main/**', '**/src-renderer/**', '**/src-web/**'],
      'The preload is sandboxed: it may import electron and src-shared only.',
    ),
  },
);
