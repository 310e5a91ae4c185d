// Lint: typescript-eslint's recommended rules plus the import boundaries of DESIGN §1.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'stream', 'child_process', 'worker_threads'];

/** Builds a no-restricted-imports rule that forbids the given module patterns with a reason. */
function forbid(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.scratch/**', 'out/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src-shared/**'],
    rules: forbid([...nodeBuiltins, 'electron', 'react', 'react-dom'], 'src-shared is pure TypeScript: no platform modules (DESIGN §1).'),
  },
  {
    files: ['src-main/domain/**', 'src-main/handlers/**', 'src-main/host/**'],
    rules: forbid(['electron', 'electron/*'], 'domain code, the IPC handlers and the browser-mode host are plain Node and never import electron (DESIGN §1).'),
  },
  {
    files: ['src-renderer/**'],
    rules: forbid([...nodeBuiltins, 'electron', 'electron/*'], 'the renderer sees only window.api (DESIGN §6).'),
  },
);
