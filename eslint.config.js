// Lint: typescript-eslint's recommended rules plus the import rules of
// ARCHITECTURE.md, so the pipeline's shape is enforced by a tool, not by reviewers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const stage = (name) => `src/${name}/**/*.ts`;
const otherStages = (...allowed) =>
  ['store', 'inventory', 'advisories', 'match', 'signals', 'score', 'remediation', 'policy', 'diff', 'report', 'portfolio', 'cli']
    .filter((folder) => !allowed.includes(folder))
    .flatMap((folder) => [`../${folder}/*`, `../../${folder}/*`]);
const scanModule = ['../scan.js', '../../scan.js'];

/** Each stage may import only what ARCHITECTURE.md's table allows. */
function onlyImports(folder, allowedStages, extra = [], mayImportScan = false) {
  return {
    files: [stage(folder)],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...otherStages(folder, ...allowedStages), ...(mayImportScan ? [] : scanModule)], message: `src/${folder} may import only ${['model', ...allowedStages].join(', ')} (ARCHITECTURE.md)` },
            ...extra,
          ],
        },
      ],
    },
  };
}

const heavy = (name, adapter) => ({ group: [name, `${name}/*`], message: `only ${adapter} imports ${name} (ARCHITECTURE.md: one adapter per heavy dependency)` });
const SQLITE = heavy('better-sqlite3', 'src/store/db.ts');
const ARBORIST = heavy('@npmcli/arborist', 'src/inventory/arborist.ts');
// node-postgres: the PostgreSQL portfolio store is its one adapter, loaded only for a postgres:// store.
const PG = heavy('pg', 'src/store/postgres-portfolio-store.ts');

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', 'test/fixtures/**', 'bench/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', performance: 'readonly', TextDecoder: 'readonly', Response: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      // The core returns results or throws typed errors; only src/cli talks to the process.
      'no-restricted-globals': ['error', { name: 'process', message: 'only src/cli may use process (ARCHITECTURE.md)' }, { name: 'console', message: 'only src/cli may print (ARCHITECTURE.md)' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./|[^.])', message: 'src/model imports nothing (ARCHITECTURE.md)' }] }] },
  },
  onlyImports('store', [], []),
  onlyImports('inventory', [], [SQLITE, PG]),
  onlyImports('advisories', ['store'], [SQLITE, ARBORIST, PG]),
  onlyImports('match', [], [SQLITE, ARBORIST, PG]),
  onlyImports('signals', ['store'], [SQLITE, ARBORIST, PG]),
  onlyImports('score', [], [SQLITE, ARBORIST, PG]),
  onlyImports('remediation', ['match'], [SQLITE, ARBORIST, PG]),
  onlyImports('diff', [], [SQLITE, ARBORIST, PG]),
  onlyImports('policy', [], [SQLITE, ARBORIST, PG]),
  onlyImports('report', [], [SQLITE, ARBORIST, PG]),
  // The portfolio re-matches recorded inventories with the scan's own match stage and judges them with the policy's rule.
  onlyImports('portfolio', ['inventory', 'match', 'policy'], [SQLITE, ARBORIST, PG]),
  onlyImports('cli', ['report', 'policy', 'store', 'portfolio'], [SQLITE, ARBORIST, PG], true),
  {
    files: ['src/inventory/**/*.ts'],
    ignores: ['src/inventory/arborist.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...otherStages('inventory'), ...scanModule], message: 'src/inventory may import only model' }, ARBORIST, SQLITE, PG] }] },
  },
  {
    files: ['src/store/**/*.ts'],
    ignores: ['src/store/db.ts', 'src/store/postgres-portfolio-store.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...otherStages('store'), ...scanModule], message: 'src/store may import only model' }, SQLITE, ARBORIST, PG] }] },
  },
  // Each database adapter imports its own driver and not the other's.
  {
    files: ['src/store/db.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...otherStages('store'), ...scanModule], message: 'src/store may import only model' }, ARBORIST, PG] }] },
  },
  {
    files: ['src/store/postgres-portfolio-store.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: [...otherStages('store'), ...scanModule], message: 'src/store may import only model' }, ARBORIST, SQLITE] }] },
  },
);
