import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { DependencyUsage } from '../../src/model/usage.js';
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
