import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Component } from '../../src/model/component.js';
import type { Remediation } from '../../src/model/remediation.js';
import { refreshesByOverride } from '../../src/pipeline/relock-managers.js';
import { existingOverrides } from '../../src/remediation/existing-overrides.js';
import { managerCommands, overridesSnippet, overrideValue } from '../../src/report/manager-commands.js';
import { remediationLabel, remediationSentences } from '../../src/report/remediation-labels.js';
import { makeComponent } from '../helpers/make-component.js';

test('each manager\'s commands and overrides field', () => {
  const cases = [
    [{ workspaces: [] }, 'npm update qs', 'npm install express@^4.21.2', '"overrides": { "qs": "^6.11.0" }', 'npm install'],
    [{ packageManager: 'pnpm', workspaces: [] }, 'pnpm update qs', 'pnpm update express@^4.21.2', '"pnpm": { "overrides": { "qs": "^6.11.0" } }', 'pnpm install'],
    [{ packageManager: 'pnpm', workspaces: ['packages/api'] }, 'pnpm update -r qs', 'pnpm update -r express@^4.21.2', '"pnpm": { "overrides": { "qs": "^6.11.0" } }', 'pnpm install'],
    [{ packageManager: 'yarn', lockfileVersion: 1, workspaces: [] }, 'remove the qs entries from yarn.lock, then run yarn install', 'yarn upgrade express@^4.21.2', '"resolutions": { "qs": "^6.11.0" }', 'yarn install'],
    [{ packageManager: 'yarn', lockfileVersion: 8, workspaces: [] }, 'yarn up -R qs', 'yarn up express@^4.21.2', '"resolutions": { "qs": "^6.11.0" }', 'yarn install'],
    [{ packageManager: 'bun', lockfileVersion: 1, workspaces: [] }, 'bun update qs', 'bun add express@^4.21.2', '"overrides": { "qs": "^6.11.0" }', 'bun install'],
  ] as const;
  for (const [inventory, update, install, snippet, reinstall] of cases) {
    const commands = managerCommands(inventory);
    assert.equal(commands.update(['qs']), update);
    assert.equal(commands.install(['express@^4.21.2']), install);
    assert.equal(overridesSnippet(commands, [{ key: 'qs', value: '^6.11.0' }]), snippet);
    assert.equal(commands.reinstall, reinstall);
  }
  // `$qs` (follow the project's own declaration) exists in npm and pnpm only.
  assert.equal(overrideValue(managerCommands({ packageManager: 'pnpm', workspaces: [] }), '$qs', '6.11.0'), '$qs');
  assert.equal(overrideValue(managerCommands({ packageManager: 'bun', workspaces: [] }), '$qs', '6.11.0'), '^6.11.0');
  assert.equal(overrideValue(managerCommands({ packageManager: 'yarn', workspaces: [] }), '$qs', '6.11.0'), '^6.11.0');
});

test('remediation sentences name the project\'s manager', () => {
  const component: Component = makeComponent('qs', '6.5.2');
  const remediation: Remediation = {
    componentId: component.id,
    advisoryIds: ['GHSA-x'],
    target: '6.5.3',
    verified: true,
    steps: [
      { action: 'refresh-lockfile', parents: ['express'] },
      { action: 'override', override: { key: 'qs', spec: '$qs', replaces: [] }, parents: ['body-parser'] },
    ],
  };
  const sentences = remediationSentences(remediation, component, (id) => id, managerCommands({ packageManager: 'yarn', lockfileVersion: 8, workspaces: [] }));
  assert.match(sentences[0] ?? '', /: yarn up -R qs$/);
  assert.match(sentences[1] ?? '', /add to package\.json "resolutions": \{ "qs": "\^6\.5\.3" \}, then yarn install$/);
  // bun cannot refresh one package (`bun update qs` would make qs a direct dependency): the override fix --apply writes.
  const bun = managerCommands({ packageManager: 'bun', lockfileVersion: 1, workspaces: [] });
  assert.match(remediationSentences(remediation, component, (id) => id, bun)[0] ?? '', /\(6\.5\.3; bun cannot refresh one package\): add to package\.json "overrides": \{ "qs": "\^6\.5\.3" \}, then bun install$/);
  assert.equal(remediationLabel(remediation, component, undefined, bun), '6.5.3: override');
  assert.ok(refreshesByOverride({ packageManager: 'bun', sourceFile: 'bun.lock', lockfileVersion: 1, workspaces: [], root: '/p' }));
  assert.ok(!refreshesByOverride({ packageManager: 'npm', sourceFile: 'package-lock.json', lockfileVersion: 3, workspaces: [], root: '/p' }));
  assert.ok(!refreshesByOverride({ packageManager: 'bun', sourceFile: 'node_modules', workspaces: [], root: '/p' }));
});

test('existing overrides are found in pnpm\'s and yarn\'s key syntax too', () => {
  assert.deepEqual(existingOverrides({ 'express>qs': '6.5.3', 'qs@<6': '6.0.0' }, 'qs').map((o) => o.path), ['express>qs', 'qs@<6']);
  assert.deepEqual(existingOverrides({ '**/qs': '6.5.3', 'express/qs': '6.5.3', '@scope/a/@scope/qs': '1.0.0', '**/@types/qs': '1' }, 'qs').map((o) => o.path), ['**/qs', 'express/qs']);
  assert.deepEqual(existingOverrides({ '@scope/a/@scope/qs': '1.0.0' }, '@scope/qs').map((o) => o.spec), ['1.0.0']);
});

test('the short fix of an aliased direct dependency names the package the alias installs', () => {
  const component = makeComponent('lodash', '4.17.15');
  const remediation: Remediation = {
    componentId: component.id,
    advisoryIds: ['GHSA-35jh-r3h4-6jhm'],
    target: '4.17.21',
    verified: true,
    steps: [{ action: 'upgrade-direct', dependency: { name: 'lodash-legacy', packageName: 'lodash', from: '4.17.15', to: '4.17.21', semverMajor: false, withinRange: false }, parents: [''] }],
  };
  assert.equal(remediationLabel(remediation, component), '4.17.21: upgrade lodash-legacy@npm:lodash@4.17.21');
});
