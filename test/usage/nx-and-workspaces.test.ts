import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { DependencyUsage } from '../../src/model/usage.js';
import { analyseUsage } from '../../src/signals/usage/analyse-usage.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir, writeTree } from '../helpers/temp-dir.js';

const fixture = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'usage', name);
const verdicts = (dependencies: readonly DependencyUsage[]): Record<string, string> =>
  Object.fromEntries(dependencies.map((d) => [`${d.workspace ? `${d.workspace}:` : ''}${d.name}`, d.verdict === 'misplaced' ? `misplaced:${d.misplacement ?? ''}` : d.verdict]));

test('an Nx workspace: executors, plugins, presets and flat configs are evidence; the e2e project is development', () => {
  // Written by hand: what a reader of nx.json, project.json, jest and eslint configuration, and the code concludes.
  const expected: Record<string, string> = {
    '@nx/eslint': 'used', // nx.json plugin
    '@nx/eslint-plugin': 'used', // eslint.config.mjs imports it
    '@nx/jest': 'used', // jest.preset.js, jest.config.ts, e2e executor
    '@nx/js': 'used', // the serve executor
    '@nx/node': 'used', // nx.json generators
    '@nx/webpack': 'used', // webpack.config.js and the nx.json plugin
    '@nx/workspace': 'used', // nx loads it by name
    '@swc-node/register': 'used', // nx registers it to read jest.config.ts
    '@swc/core': 'used',
    '@swc/helpers': 'used',
    '@types/express': 'used',
    '@types/jest': 'used',
    '@types/node': 'used',
    axios: 'misplaced:runtime-dependency-used-only-in-development', // only apps/api-e2e imports it
    eslint: 'used',
    'eslint-config-prettier': 'used', // @nx/eslint-plugin's flat configs load it
    express: 'used',
    jest: 'used',
    'jest-environment-node': 'used', // testEnvironment: 'node'
    lodash: 'used', // import(`lodash/${name}`) loads lodash whatever the name
    nx: 'used', // npm scripts
    prettier: 'used', // .prettierrc
    'ts-jest': 'used', // jest transform
    'ts-node': 'used',
    tslib: 'used', // tsconfig.base.json importHelpers
    typescript: 'used',
    'typescript-eslint': 'used',
    uuid: 'unused',
    verdaccio: 'unused', // no local-registry target
    'webpack-cli': 'unused', // Nx's webpack plugin does not run it
  };
  const analysis = analyseUsage(fixture('nx-workspace'), []);
  assert.deepEqual(verdicts(analysis.dependencies), expected);
  const nx = analysis.dependencies.find((d) => d.name === 'nx');
  // `nx serve` in the start script is a development server: a devDependency run by an npm script is never called a production crash.
  assert.equal(nx?.verdict, 'used');
});

test('npm workspaces: a workspace declaration counts its own code, the root declarations count everything', () => {
  const analysis = analyseUsage(fixture('npm-workspaces'), ['packages/api', 'packages/worker']);
  assert.deepEqual(verdicts(analysis.dependencies), {
    'left-pad': 'unused',
    typescript: 'used', // the api workspace's build script runs tsc from the root's copy
    'packages/api:express': 'used',
    'packages/api:lodash': 'misplaced:dev-dependency-used-at-runtime', // src/index.ts imports it: `npm ci --omit dev` crashes the api
    'packages/worker:express': 'unused', // only the api uses express, and the api declares it itself
    'packages/worker:lodash': 'used',
  });
  const lodash = analysis.dependencies.find((d) => d.workspace === 'packages/api' && d.name === 'lodash');
  assert.deepEqual(lodash?.evidence, [{ kind: 'import', source: 'code', file: 'packages/api/src/index.ts', line: 2, context: 'runtime', detail: 'lodash' }]);
});

test('a Dockerfile among test fixtures starts nothing of the project; a dynamic load with a package prefix is that package', () => {
  const root = writeTree(tempDir(), {
    'package.json': { name: 'svc', main: 'src/index.js', devDependencies: { nodemon: '^3.0.0' }, dependencies: { lodash: '^4.17.21', debug: '^4.0.0' } },
    'src/index.js': "const pick = (name) => require('lodash/' + name);\nmodule.exports = pick('chunk');\n",
    'test/fixtures/app/Dockerfile': 'FROM node:20\nCMD ["nodemon", "server.js"]\n',
  });
  assert.deepEqual(verdicts(analyseUsage(root, []).dependencies), { debug: 'unused', lodash: 'used', nodemon: 'used' });
});
