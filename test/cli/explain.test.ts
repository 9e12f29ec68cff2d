import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureProject } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

test('deptrust explain prints every path from the root, scope and source', async () => {
  const result = await runCli(['explain', 'ms', fixtureProject('workspaces-shared-dependency')]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    result.stdout,
    [
      'ms@2.1.2',
      '  scope:   prod, transitive, depth 2',
      '  source:  registry https://registry.npmjs.org/ms/-/ms-2.1.2.tgz',
      '  license: MIT',
      '  paths (3):',
      '    workspaces-shared-dependency > @acme/api@1.0.0 > debug@4.3.4 > ms@2.1.2',
      '    workspaces-shared-dependency > @acme/worker@1.0.0 > debug@4.3.4 > ms@2.1.2',
      '    workspaces-shared-dependency > @acme/api@1.0.0 > @acme/worker@1.0.0 > debug@4.3.4 > ms@2.1.2',
      '',
      'ms@2.1.3',
      '  scope:   dev, direct',
      '  source:  registry https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
      '  license: MIT',
      '  paths (1):',
      '    workspaces-shared-dependency > ms@2.1.3',
      // A direct dependency's usage verdict: this fixture has no code, so nothing is called unused.
      '  usage:   dev unknown: the project has no code to judge by',
      // What `deptrust reduce` says of it: nothing else leaves with it.
      '  reduce:  ms (use unknown): 0 packages',
      '',
    ].join('\n'),
  );
});

test('deptrust explain name@range narrows by version, caps printed paths and counts the rest', async () => {
  // --offline is accepted as by every command that could reach the network (explain never does).
  const result = await runCli(['explain', 'debug@>=2.6.9 <3', fixtureProject('old-express-api'), '--max-paths', '1', '--offline']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^debug@2\.6\.9\n/);
  assert.doesNotMatch(result.stdout, /debug@(2\.6\.8|3\.)/);
  assert.match(result.stdout, / {2}paths \(8\):\n {4}orders-api > body-parser@1\.18\.2 > debug@2\.6\.9\n {4}… and 7 more\n/);
});

test('deptrust explain --format json and a package that is not there', async () => {
  const json = await runCli(['explain', 'ms@0.7.1', fixtureProject('aliased-dependency'), '--format', 'json']);
  const parsed = JSON.parse(json.stdout) as { components: Array<{ name: string; aliases: string[]; paths: string[] }> };
  assert.deepEqual(parsed.components.map((c) => [c.name, c.aliases, c.paths]), [['ms', ['ms-old'], ['aliased-dependency > ms@0.7.1']]]);
  const missing = await runCli(['explain', 'left-pad', fixtureProject('aliased-dependency')]);
  assert.equal(missing.code, 0);
  assert.equal(missing.stdout, 'left-pad is not in the dependency tree of aliased-dependency\n');
  const bad = await runCli(['explain', 'ms@not a range!', fixtureProject('aliased-dependency')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a version or semver range: "not a range!"/);
});
