import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editManifest, movedSpec } from '../../src/remediation/manifest-edits.js';

const upgrade = (name: string, to: string, extra: { packageName?: string } = {}) => ({ name, from: '1.0.0', to, semverMajor: false, withinRange: false, ...extra });

test('a moved declaration keeps its operator and alias; wider ranges become a caret on the target', () => {
  assert.deepEqual(
    ['^1.0.0', '~1.0.0', '1.0.0', '=1.0.0', '>=1.0.0 <2', '1.x', '*', 'npm:real-pkg@~1.0.0', 'npm:@scope/real@1.0.0'].map((spec) => movedSpec(spec, { to: '1.2.3' })),
    ['^1.2.3', '~1.2.3', '1.2.3', '1.2.3', '^1.2.3', '^1.2.3', '^1.2.3', 'npm:real-pkg@~1.2.3', 'npm:@scope/real@1.2.3'],
  );
});

test('package.json keeps its indent, line endings, final newline and key order; an override replaces the entries it supersedes', () => {
  const text = '{\r\n\t"name": "app",\r\n\t"devDependencies": {\r\n\t\t"qs": "~6.5.0"\r\n\t},\r\n\t"dependencies": {\r\n\t\t"express": "^4.14.0",\r\n\t\t"alias": "npm:real@^1.0.0"\r\n\t},\r\n\t"overrides": {\r\n\t\t"express": {\r\n\t\t\t"qs": "6.5.1"\r\n\t\t},\r\n\t\t"ms": "2.0.0"\r\n\t}\r\n}\r\n';
  const edited = editManifest(text, {
    upgrades: [upgrade('express', '4.21.2'), upgrade('qs', '6.5.3'), upgrade('alias', '1.4.0', { packageName: 'real' }), upgrade('absent', '2.0.0')],
    overrides: [{ key: 'qs', value: '^6.5.3', replaces: [{ path: 'express > qs' }] }],
  });
  assert.equal(
    edited.text,
    '{\r\n\t"name": "app",\r\n\t"devDependencies": {\r\n\t\t"qs": "~6.5.3"\r\n\t},\r\n\t"dependencies": {\r\n\t\t"express": "^4.21.2",\r\n\t\t"alias": "npm:real@^1.4.0"\r\n\t},\r\n\t"overrides": {\r\n\t\t"ms": "2.0.0",\r\n\t\t"qs": "^6.5.3"\r\n\t}\r\n}\r\n',
  );
  assert.deepEqual(edited.missing, ['absent']);
  assert.deepEqual(edited.changes.map((c) => `${c.field} ${c.from ?? '-'} → ${c.to ?? '-'}`), [
    'dependencies.express ^4.14.0 → ^4.21.2',
    'devDependencies.qs ~6.5.0 → ~6.5.3',
    'dependencies.alias npm:real@^1.0.0 → npm:real@^1.4.0',
    'overrides.express > qs 6.5.1 → -',
    'overrides.qs - → ^6.5.3',
  ]);
});

test('nothing to change leaves the text exactly as it was (no reformatting)', () => {
  const text = '{"name":"app","dependencies":{"express":"^4.21.2"}}';
  assert.equal(editManifest(text, { upgrades: [upgrade('express', '4.21.2')], overrides: [] }).text, text);
});
