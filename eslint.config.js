import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The layers of main/ and what each may import, in the manner of VS Code's code-layering check. A layer is
 * a folder of main/ (each recipe is its own layer), a file at main/'s top, preload or renderer. `type`
 * lists what a layer may import for its types only (erased at build, so no code of that layer runs here).
 * `resources` means the bundled JSON tables in resources/, data rather than code.
 */
const LAYERS = {
  'main/core': { code: ['resources'] },
  'main/store': { code: ['main/core'] },
  'main/ai': { code: ['main/core', 'resources'] },
  'main/engine': { code: ['main/core', 'main/store'], type: ['main/ai'] },
  'main/browser': { code: ['main/core'] },
  'main/enrich': { code: ['main/core', 'main/browser'], type: ['main/store'] },
  'main/export': { code: ['main/core', 'resources'], type: ['main/store'] },
  'main/sources': { code: ['main/core', 'main/browser'] },
  // Reads the rep's mailbox for replies and bounces (issue 16), with the export's IMAP session.
  'main/replies': { code: ['main/core', 'main/export'] },
  // What passes between recipes (handoff) and the cookbook that lists them sit at recipes/' top.
  'main/recipes': { code: ['main/core', 'main/recipes/*'], type: ['main/engine', 'main/store'] },
  'main/recipes/*': { code: ['main/core', 'main/ai', 'main/engine', 'main/enrich', 'main/sources', 'main/store', 'main/recipes'] },
  'main/services': { code: ['main/core', 'main/store', 'main/engine', 'main/ai', 'main/export', 'main/replies', 'main/recipes', 'main/recipes/*', 'main/sources', 'resources'], type: ['main/app', 'preload'] },
  'main/ipc': { code: ['main/core', 'main/store', 'main/services', 'main/sources', 'main/app', 'main/sample', 'preload', 'resources'] },
  'main/cli': { code: ['main/core', 'main/store', 'main/services', 'main/engine', 'main/enrich', 'main/export', 'main/sources', 'main/app', 'main/sample', 'preload', 'resources'] },
  'main/electron': { code: ['main/core', 'main/ipc', 'main/store', 'preload'] },
  'main/app': { code: ['main/core', 'main/ai', 'main/engine', 'main/services', 'main/store', 'main/run-cookbook'], type: ['main/recipes', 'main/recipes/*', 'main/sources'] },
  'main/run-cookbook': { code: ['main/core', 'main/ai', 'main/recipes', 'main/recipes/*', 'main/sources', 'main/store'], type: ['main/engine'] },
  'main/sample': { code: ['main/core', 'main/app', 'main/enrich', 'main/resources', 'main/store'] },
  'main/resources': { code: [] },
  preload: { code: ['main/core'] },
  renderer: { code: ['preload'] },
};

/** The layer a file belongs to, or undefined for files outside the layered tree (tests, configs). */
function layerOf(file) {
  const parts = path.relative(root, file).split(path.sep);
  if (parts[0] === 'preload' || parts[0] === 'renderer' || parts[0] === 'resources') return parts[0];
  if (parts[0] !== 'main' || parts.length < 2) return undefined;
  if (parts.length === 2) return `main/${parts[1].replace(/\.(ts|tsx|json)$/, '')}`;
  // A recipe is its folder, whether a file in it or the folder itself ('../personalization') is named.
  if (parts[1] === 'recipes' && parts.length >= 3 && isDirectory(path.join(root, 'main', 'recipes', parts[2]))) return `main/recipes/${parts[2]}`;
  return `main/${parts[1]}`;
}

function isDirectory(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function allows(rule, target, typeOnly) {
  const wild = target.startsWith('main/recipes/') ? 'main/recipes/*' : target;
  const list = typeOnly ? [...rule.code, ...(rule.type ?? [])] : rule.code;
  return list.includes(target) || list.includes(wild);
}

const layering = {
  meta: { type: 'problem', schema: [], messages: { denied: '{{from}} may not import {{to}}{{why}}. See LAYERS in eslint.config.js.' } },
  create(context) {
    const from = layerOf(context.filename);
    const rule = from && LAYERS[from.startsWith('main/recipes/') ? 'main/recipes/*' : from];
    if (!rule) return {};
    const check = (node, source, typeOnly) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(context.filename), source.value));
      if (!to || to === from || allows(rule, to, typeOnly)) return;
      const why = from.startsWith('main/recipes/') && to.startsWith('main/recipes/')
        ? ' (recipes pass data through recipes/handoff, never import each other)'
        : allows(rule, to, true) ? ' except for its types' : '';
      context.report({ node: source, messageId: 'denied', data: { from, to, why } });
    };
    const typeOnlyImport = (node) => node.importKind === 'type'
      || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type' || typeOnlyImport(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.argument, true),
    };
  },
};

/**
 * Process boundaries as lint rules: the renderer is a web page (no Node, no Electron, no main code),
 * main/core is pure (nothing environment-specific), and only the thin shell imports 'electron'.
 */
export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin, hunter: { rules: { layering } } },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: { 'hunter/layering': 'error' },
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
