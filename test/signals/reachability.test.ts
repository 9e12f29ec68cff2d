import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { collectSourceImports, packageName } from '../../src/signals/reachability.js';
import { repoRoot } from '../helpers/paths.js';

const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'reachability', name);

// [fixture, imported packages, files parsed]
const cases: Array<[string, string[], number]> = [
  // ESM: default, namespace and side-effect imports, a subpath, a scoped package, builtins left out, relative files followed
  ['esm', ['@scope/pkg', 'chalk', 'express', 'lodash'], 2],
  // CommonJS: main and bin entry points, require of a literal (template literal too), a computed require is not a package
  ['commonjs', ['commander', 'debug', 'ms'], 3],
  // TypeScript: type-only imports and `export type` do not count; import = require does; .tsx with JSX parses
  ['typescript', ['node-fetch', 'react', 'zod'], 2],
  // a literal dynamic import counts, a computed one does not
  ['dynamic-import', ['handlebars'], 1],
  // re-exports count
  ['re-export', ['jsonwebtoken', 'uuid'], 1],
  // nothing but types: no run-time import at all
  ['type-only', [], 1],
  // test files and folders are not shipped code
  ['tests-excluded', ['express'], 1],
  // package.json `imports`: `#name` to project files (every condition, `*` patterns) or to a package; an unmapped one is nothing
  ['subpath-imports', ['idb', 'lodash', 'pg', 'undici'], 4],
];

for (const [name, expected, files] of cases) {
  test(`reachability: ${name}`, () => {
    const result = collectSourceImports(fixture(name));
    assert.deepEqual([...result.packages].sort(), expected);
    assert.equal(result.filesParsed, files);
    assert.deepEqual(result.parseErrors, []);
  });
}

test('package names from specifiers', () => {
  // [specifier, package]
  const table: Array<[string, string | undefined]> = [
    ['lodash', 'lodash'],
    ['lodash/fp', 'lodash'],
    ['@scope/pkg', '@scope/pkg'],
    ['@scope/pkg/deep/file.js', '@scope/pkg'],
    ['@scope', undefined],
    ['#internal', undefined],
    ['https://esm.sh/react', undefined],
  ];
  for (const [specifier, expected] of table) assert.equal(packageName(specifier), expected, specifier);
});
