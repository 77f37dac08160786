import tseslint from 'typescript-eslint';

/**
 * Process boundaries as lint rules: the renderer is a web page (no Node, no Electron, no main code),
 * main/core is pure (nothing environment-specific), and only the thin shell imports 'electron'.
 */
export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The renderer talks to main only through the preload bridge.' },
          { group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto', 'better-sqlite3'], message: 'The renderer is a sandboxed web page: no Node modules.' },
          { group: ['**/main/**', '../main/*', '../../main/*'], message: 'The renderer may import only preload/contract, never main code.' },
        ],
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: "Only the thin shell in main/electron imports 'electron'; everything else runs under plain Node." }],
      }],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'electron', 'better-sqlite3', '../store/*', '../engine/*', '../electron/*'], message: 'main/core is pure: types, schemas and rules only.' },
        ],
      }],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "Property[key.name=/^(ipcRenderer|send|on|shell)$/]",
        message: 'The preload exposes one function per operation, never ipcRenderer, send, on or shell.',
      }],
    },
  },
);
