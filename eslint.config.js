// Lint: typescript-eslint's recommended rules plus the import rules of
// docs/architecture.md, so the pipeline's shape is enforced by a tool, not by reviewers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const stage = (name) => `src/${name}/**/*.ts`;
const FOLDERS = ['schema', 'store', 'net', 'inventory', 'advisories', 'match', 'signals', 'score', 'remediation', 'reduce', 'policy', 'diff', 'report', 'portfolio', 'pipeline', 'cli'];
const otherStages = (...allowed) => FOLDERS.filter((folder) => !allowed.includes(folder)).flatMap((folder) => [`../${folder}/*`, `../../${folder}/*`]);
// The public surface (src/index.ts) is for users of the package; nothing inside imports it.
const publicSurface = ['../index.js', '../../index.js'];

/** Each folder may import only what docs/architecture.md's table allows. */
function onlyImports(folder, allowedStages, extra = [], { allowTypeImports = false } = {}) {
  // typescript-eslint's form of the rule, for `allowTypeImports`.
  return {
    files: [stage(folder)],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...otherStages(folder, ...allowedStages), ...publicSurface], message: `src/${folder} may import only ${['model', ...allowedStages].join(', ')} (docs/architecture.md)`, allowTypeImports },
            ...extra,
          ],
        },
      ],
    },
  };
}

const heavy = (name, adapter) => ({ group: [name, `${name}/*`], message: `only ${adapter} imports ${name} (docs/architecture.md: one adapter per heavy dependency)` });
const SQLITE = heavy('better-sqlite3', 'src/store/db.ts');
const ARBORIST = heavy('@npmcli/arborist', 'src/inventory/arborist.ts');
// node-postgres: the PostgreSQL portfolio store is its one adapter, loaded only for a postgres:// store.
const PG = heavy('pg', 'src/store/postgres-portfolio-store.ts');
const storeRule = (...heavies) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: [...otherStages('store'), ...publicSurface], message: 'src/store may import only model' }, ...heavies] }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', 'test/fixtures/**', 'bench/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Headers: 'readonly', ReadableStream: 'readonly', TransformStream: 'readonly', Buffer: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', performance: 'readonly', TextDecoder: 'readonly', Response: 'readonly' } },
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
      'no-restricted-globals': ['error', { name: 'process', message: 'only src/cli may use process (docs/architecture.md)' }, { name: 'console', message: 'only src/cli may print (docs/architecture.md)' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./|[^.])', message: 'src/model imports nothing (docs/architecture.md)' }] }] },
  },
  // The dependency graph is built on the model alone; every stage may use it (it is not in FOLDERS).
  onlyImports('graph', [], [SQLITE, ARBORIST, PG]),
  onlyImports('schema', [], []),
  onlyImports('store', [], []),
  onlyImports('inventory', [], [SQLITE, PG]),
  onlyImports('net', [], [SQLITE, ARBORIST, PG]),
  onlyImports('advisories', ['store', 'net'], [SQLITE, ARBORIST, PG]),
  onlyImports('match', [], [SQLITE, ARBORIST, PG]),
  onlyImports('signals', ['store', 'net'], [SQLITE, ARBORIST, PG]),
  onlyImports('score', [], [SQLITE, ARBORIST, PG]),
  onlyImports('remediation', ['match'], [SQLITE, ARBORIST, PG]),
  onlyImports('diff', [], [SQLITE, ARBORIST, PG]),
  onlyImports('reduce', [], [SQLITE, ARBORIST, PG]),
  onlyImports('policy', ['schema'], [SQLITE, ARBORIST, PG]),
  onlyImports('report', ['schema'], [SQLITE, ARBORIST, PG]),
  // The portfolio re-matches recorded inventories with the scan's own match stage and judges them with the policy's rule.
  onlyImports('portfolio', ['match', 'policy'], [SQLITE, ARBORIST, PG]),
  // The pipeline runs the stages in order: it may import every stage, never the CLI.
  onlyImports('pipeline', FOLDERS.filter((folder) => folder !== 'cli' && folder !== 'pipeline'), [SQLITE, ARBORIST, PG]),
  // The CLI calls the pipeline (and the reporters, the policy and the store it opens); it may name any
  // stage's types (erased at build time, they run no stage code), to print what the pipeline returns.
  onlyImports('cli', ['pipeline', 'report', 'policy', 'store', 'net'], [SQLITE, ARBORIST, PG], { allowTypeImports: true }),
  {
    files: ['src/inventory/**/*.ts'],
    ignores: ['src/inventory/arborist.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: [...otherStages('inventory'), ...publicSurface], message: 'src/inventory may import only model' }, ARBORIST, SQLITE, PG] }] },
  },
  { files: ['src/store/**/*.ts'], ignores: ['src/store/db.ts', 'src/store/postgres-portfolio-store.ts'], rules: storeRule(SQLITE, ARBORIST, PG) },
  // Each database adapter imports its own driver, never the other's.
  { files: ['src/store/db.ts'], rules: storeRule(ARBORIST, PG) },
  { files: ['src/store/postgres-portfolio-store.ts'], rules: storeRule(ARBORIST, SQLITE) },
);
