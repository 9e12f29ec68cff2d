import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadArboristTree } from '../../src/inventory/arborist.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';
import { writeNpmProject } from '../helpers/npm-project.js';
import { tempDir } from '../helpers/temp-dir.js';

// deptrust skips arborist's edge re-resolution while a lockfile is read and
// resolves every edge once at the end (src/inventory/arborist.ts). The tree
// must be exactly the one arborist builds on its own, including when the
// lockfile is out of sync (arborist then recomputes the dependency flags).

function lockfileProjects(): string[] {
  const projects: string[] = [];
  const visit = (dir: string): void => {
    if (existsSync(path.join(dir, 'package-lock.json')) || existsSync(path.join(dir, 'npm-shrinkwrap.json'))) projects.push(dir);
    else for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) visit(path.join(dir, entry.name));
  };
  visit(path.join(repoRoot, 'test', 'fixtures', 'projects'));
  visit(path.join(repoRoot, 'bench', 'fixtures'));
  return projects.sort();
}

test('every fixture lockfile gives the same tree with deferred and with eager edge reloads', async () => {
  const outOfSync = writeNpmProject(
    tempDir(),
    { name: 'out-of-sync', dependencies: { debug: '^4.0.0', ms: '^3.0.0' } },
    [{ name: 'debug', version: '2.6.9', dependencies: { ms: '2.0.0' } }, { name: 'ms', version: '2.0.0' }],
  );
  // Overrides travel along edges as they resolve; the result must not depend on when.
  const overridden = writeNpmProject(
    tempDir(),
    { name: 'overridden', dependencies: { debug: '2.6.9', express: '^1.0.0' }, overrides: { ms: '2.1.3', express: { debug: '2.6.9' } } },
    [
      { name: 'debug', version: '2.6.9', dependencies: { ms: '2.0.0' } },
      { name: 'ms', version: '2.1.3' },
      { name: 'express', version: '1.0.0', dependencies: { debug: '^3.0.0' } },
    ],
  );
  const projects = [...lockfileProjects(), outOfSync, overridden];
  assert.ok(projects.includes(fixtureProject('workspaces-shared-dependency')));
  for (const project of projects) {
    const deferred = await loadArboristTree(project, 'virtual');
    const eager = await loadArboristTree(project, 'virtual', { eagerEdgeReloads: true });
    assert.deepEqual(deferred, eager, path.relative(repoRoot, project));
  }
});
