import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { DependencyUsage } from '../../src/model/usage.js';
import { sampleProvider } from '../../src/advisories/providers.js';
import { SAMPLE_FILE } from '../../src/pipeline/data-files.js';
import { explainPackage } from '../../src/pipeline/explain-package.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { explainJsonDocument, renderExplainText } from '../../src/report/explain.js';
import { analyseUsage } from '../../src/signals/usage/analyse-usage.js';
import { repoRoot } from '../helpers/paths.js';

const project = path.join(repoRoot, 'test', 'fixtures', 'usage', 'express-ts-api');

/** `verdict` or `misplaced:<misplacement>`, by declared name. */
function verdicts(dependencies: readonly DependencyUsage[]): Record<string, string> {
  return Object.fromEntries(dependencies.map((d) => [d.name, d.verdict === 'misplaced' ? `misplaced:${d.misplacement ?? ''}` : d.verdict]));
}

// Written by hand from the fixture's files (an Express API in TypeScript with npm scripts, husky and
// lint-staged, a Dockerfile, a GitHub workflow, tsconfig importHelpers, email-templates with pug).
const EXPECTED: Record<string, string> = {
  axios: 'misplaced:runtime-dependency-used-only-in-development', // only e2e/ imports it
  'cross-env': 'used', // the start script
  dotenv: 'used', // node -r dotenv/config in the start script
  'email-templates': 'used',
  express: 'used',
  helmet: 'used',
  knex: 'used',
  'left-pad': 'unused',
  passport: 'used',
  'passport-github2': 'unknown', // require('passport-' + name)
  pg: 'used', // knex loads it by name (client: 'pg')
  pm2: 'used', // the Dockerfile's CMD runs pm2-runtime
  pug: 'used', // email-templates loads it by name
  tslib: 'used', // tsconfig importHelpers
  typescript: 'used', // tsc in the build script, which the image build runs
  '@commitlint/cli': 'used', // .husky/commit-msg
  '@commitlint/config-conventional': 'used', // commitlint.config.js extends it
  '@faker-js/faker': 'used', // scripts/seed.ts
  '@tsconfig/node20': 'used', // tsconfig extends
  '@types/express': 'used',
  '@types/jest': 'used', // tsconfig types, and jest is used
  '@types/lodash': 'unused', // lodash is neither declared nor imported
  '@types/node': 'used',
  '@typescript-eslint/eslint-plugin': 'used', // .eslintrc plugins and extends
  '@typescript-eslint/parser': 'used',
  'audit-ci': 'used', // the CI workflow runs it with npx
  chalk: 'misplaced:dev-dependency-used-at-runtime', // src/server.ts imports it
  concurrently: 'used',
  eslint: 'used',
  'eslint-config-prettier': 'used', // extends "prettier"
  'eslint-plugin-import': 'used', // plugins "import"
  husky: 'used',
  jest: 'used',
  'jest-junit': 'used', // package.json jest.reporters
  'lint-staged': 'used', // .husky/pre-commit
  nock: 'unused',
  nodemon: 'used', // inside concurrently's quoted command
  prettier: 'used',
  rimraf: 'used', // prebuild
  sinon: 'unused',
  supertest: 'used',
  'ts-jest': 'used', // jest preset
  'ts-node': 'used', // the seed script
  winston: 'unused',
};

test('usage verdicts on a realistic Express API: scripts, hooks, Docker, CI and configuration are evidence, and each verdict is what a reader of the files concludes', () => {
  const analysis = analyseUsage(project, []);
  assert.deepEqual(verdicts(analysis.dependencies), Object.fromEntries(Object.entries(EXPECTED).sort(([a], [b]) => (a < b ? -1 : 1))));
  assert.deepEqual(analysis.searched, { code: 9, 'package-script': 10, 'git-hook': 2, docker: 2, ci: 1, config: 7, 'package-graph': 0 });
});

test('each verdict carries its evidence with file and line', () => {
  const byName = new Map(analyseUsage(project, []).dependencies.map((d) => [d.name, d]));
  const first = (name: string) => byName.get(name)?.evidence[0];
  assert.deepEqual(first('pm2'), { kind: 'command', source: 'docker', file: 'Dockerfile', line: 16, context: 'runtime', detail: 'pm2-runtime dist/server.js -i max' });
  assert.deepEqual(first('cross-env'), { kind: 'command', source: 'package-script', file: 'package.json', line: 9, context: 'runtime', detail: 'cross-env NODE_ENV=production node -r dotenv/config dist/server.js' });
  assert.deepEqual(first('tslib'), { kind: 'config', source: 'config', file: 'tsconfig.json', line: 7, context: 'other', detail: 'compilerOptions.importHelpers: true' });
  assert.deepEqual(first('chalk'), { kind: 'import', source: 'code', file: 'src/server.ts', line: 3, context: 'runtime', detail: 'chalk' });
  assert.deepEqual(first('axios'), { kind: 'import', source: 'code', file: 'e2e/orders.e2e-spec.ts', line: 1, context: 'dev', detail: 'axios' });
  assert.deepEqual(first('passport-github2'), { kind: 'dynamic-load', source: 'code', file: 'src/auth.ts', line: 8, context: 'runtime', detail: 'passport-' });
  assert.deepEqual(first('audit-ci'), { kind: 'command', source: 'ci', file: '.github/workflows/ci.yml', line: 16, context: 'dev', detail: 'npx audit-ci --high' });
  assert.deepEqual(first('lint-staged')?.file, '.husky/pre-commit');
  assert.equal(first('lint-staged')?.line, 4);
  assert.ok(byName.get('pug')?.evidence.some((e) => e.kind === 'loaded-by-name' && e.detail === 'email-templates loads it by name' && e.file === 'src/mail/send.ts'));
  // An unused dependency carries no evidence; the analysis says what was read.
  assert.deepEqual(byName.get('left-pad')?.evidence, []);
});

test('the scan: unused and misplaced signals come from the verdicts, and pm2 (the container starts it) keeps its runtime exposure', async () => {
  const result = await scanProject(project, { provider: sampleProvider(SAMPLE_FILE), now: () => new Date('2026-12-01T00:00:00Z') });
  const names = new Map(result.inventory.components.map((c) => [c.id, c.name]));
  const named = (code: string): string[] => result.signals.filter((s) => s.code === code).map((s) => names.get(s.componentId) ?? '').sort();
  assert.deepEqual(named('unused-dependency'), ['@types/lodash', 'left-pad', 'nock', 'sinon', 'winston']);
  assert.deepEqual(named('misplaced-dependency'), ['axios', 'chalk']);
  const chalk = result.signals.find((s) => s.code === 'misplaced-dependency' && names.get(s.componentId) === 'chalk');
  assert.deepEqual(chalk?.evidence, { declaredAs: 'chalk', section: 'dev', misplacement: 'dev-dependency-used-at-runtime', file: 'src/server.ts', line: 3, use: 'import' });
  const exposureOf = (name: string) => result.exposure.get(result.inventory.components.find((c) => c.name === name && c.direct)?.id ?? '');
  assert.equal(exposureOf('pm2')?.reachable, true, 'the Dockerfile CMD runs pm2-runtime');
  assert.equal(exposureOf('tslib')?.reachable, true, 'importHelpers');
  assert.equal(exposureOf('nock')?.reachable, false);
});

test('explain shows the verdict and its evidence for a direct dependency, without advisory data', async () => {
  const found = await explainPackage(project, 'chalk', { omit: [], now: () => new Date('2026-12-01T00:00:00Z') });
  const text = renderExplainText({ inventory: found.inventory, query: 'chalk', matches: found.matches, usage: found.usage }, { maxPaths: 3 });
  assert.match(text, /^ {2}usage: {3}dev misplaced \(a devDependency used at run time\): src\/server\.ts:3 import chalk$/m);
  const json = explainJsonDocument({ inventory: found.inventory, query: 'chalk', matches: found.matches, usage: found.usage }, { maxPaths: 3 });
  assert.equal(json.components.find((c) => c.direct)?.usage?.[0]?.misplacement, 'dev-dependency-used-at-runtime');
  assert.equal(json.components.find((c) => !c.direct)?.usage, undefined, 'a transitive copy has no declaration to judge');
});
