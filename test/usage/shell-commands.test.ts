import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dockerfileCommands } from '../../src/signals/usage/command-sources.js';
import { candidateNames } from '../../src/signals/usage/config-files.js';
import { commandReferences } from '../../src/signals/usage/shell-commands.js';

const refs = (command: string): string[] => commandReferences(command).map((r) => `${r.kind}:${r.name}`).sort();

test('commands: bins, npx, preloads, wrappers, quoted sub-commands, scripts and files', () => {
  assert.deepEqual(refs('cross-env NODE_ENV=production node -r dotenv/config dist/server.js'), ['bin:cross-env', 'file:dist/server.js', 'package:dotenv/config']);
  assert.deepEqual(refs('npx --no -- commitlint --edit "$1"'), ['bin:commitlint', 'package:commitlint']);
  assert.deepEqual(refs('npx -p @angular/cli@17 ng build'), ['bin:ng', 'package:@angular/cli', 'package:ng']);
  assert.deepEqual(refs('concurrently "tsc -w" "nodemon dist/server.js"'), ['bin:concurrently', 'bin:nodemon', 'bin:tsc', 'file:dist/server.js']);
  assert.deepEqual(refs('./node_modules/.bin/jest --ci && node node_modules/typescript/bin/tsc'), ['bin:jest', 'package:typescript']);
  assert.deepEqual(refs('npm run build && npm start'), ['script:build', 'script:start']);
  assert.deepEqual(refs('yarn lint'), ['bin:lint', 'script:lint']);
  assert.deepEqual(refs('pnpm install --frozen-lockfile'), []);
  assert.deepEqual(refs('mocha -r ts-node/register --reporter mocha-junit-reporter "test/**/*.ts"'), ['bin:mocha', 'package:mocha-junit-reporter', 'package:ts-node/register']);
  assert.deepEqual(refs('dotenv -e .env.test -- jest'), ['bin:dotenv', 'bin:jest']);
  assert.deepEqual(refs('run-p watch:*'), ['bin:run-p', 'script:watch:*']);
  assert.deepEqual(refs('FOO=1 BAR="a b" ts-node --transpile-only src/main.ts # start'), ['bin:ts-node', 'file:src/main.ts']);
});

test('Dockerfile: RUN builds (other), CMD and ENTRYPOINT start (runtime), continuation lines join, the exec form is read as words', () => {
  const text = 'FROM node:20\nRUN npm ci \\\n  && npm run build\nENTRYPOINT ["dumb-init", "--"]\nCMD ["pm2-runtime", "ecosystem.config.js"]\n';
  assert.deepEqual(dockerfileCommands('Dockerfile', text), [
    { source: 'docker', file: 'Dockerfile', line: 2, command: 'npm ci    && npm run build', context: 'other' },
    { source: 'docker', file: 'Dockerfile', line: 4, command: 'dumb-init --', context: 'runtime' },
    { source: 'docker', file: 'Dockerfile', line: 5, command: 'pm2-runtime ecosystem.config.js', context: 'runtime' },
  ]);
});

test('configuration shorthand: eslint, babel, prettier, jest, executors', () => {
  assert.ok(candidateNames('airbnb', 'eslint').includes('eslint-config-airbnb'));
  assert.ok(candidateNames('plugin:@typescript-eslint/recommended', 'eslint').includes('@typescript-eslint/eslint-plugin'));
  assert.ok(candidateNames('plugin:import/errors', 'eslint').includes('eslint-plugin-import'));
  assert.ok(candidateNames('@scope/foo', 'eslint').includes('@scope/eslint-config-foo'));
  assert.ok(candidateNames('@babel/env', 'babel').includes('@babel/preset-env'));
  assert.ok(candidateNames('module:metro-react-native-babel-preset', 'babel').includes('metro-react-native-babel-preset'));
  assert.ok(candidateNames('jsdom', 'jest').includes('jest-environment-jsdom'));
  assert.ok(candidateNames('ts-jest/presets/default-esm', 'jest').includes('ts-jest'));
  assert.ok(candidateNames('@nx/jest:jest', 'plain').includes('@nx/jest'));
  assert.ok(candidateNames('<rootDir>/node_modules/babel-jest', 'jest').includes('babel-jest'));
  assert.deepEqual(candidateNames('./tsconfig.base.json', 'plain'), []);
});
