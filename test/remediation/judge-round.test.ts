import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FixPlan } from '../../src/model/remediation.js';
import { roundConcerns } from '../../src/pipeline/judge-round.js';
import { undoneBecause } from '../../src/report/fix-apply.js';
import { makeComponent } from '../helpers/make-component.js';

const EMPTY_PLAN: FixPlan = { update: [], upgrade: [], overrides: [], noFix: [], held: [] };
const transitive = { direct: false, depth: 2 };

test('a round that fixes findings but adds an install script, a git source, an unplanned major or a policy violation has concerns; what was already there has none', () => {
  const before = {
    components: [
      makeComponent('web-kit', '1.4.0'),
      makeComponent('zero-lib', '0.3.1'),
      makeComponent('native-a', '1.0.0', { ...transitive, hasInstallScript: true }),
      makeComponent('risky', '1.0.0', transitive),
    ],
    violations: [{ componentId: 'pkg:npm/risky@1.0.0', primaryId: '', rule: 'risk score 71 >= 70' }],
  };
  const after = {
    components: [
      makeComponent('web-kit', '2.0.0'),
      makeComponent('zero-lib', '0.4.0'),
      // Another version of a package that had an install script before: nothing new.
      makeComponent('native-a', '1.1.0', { ...transitive, hasInstallScript: true }),
      makeComponent('native-b', '1.0.0', { ...transitive, hasInstallScript: true }),
      makeComponent('git-dep', '1.0.0', { ...transitive, source: { kind: 'git', url: 'git+https://example.invalid/git-dep.git' } }),
      makeComponent('risky', '1.0.1', transitive),
      makeComponent('gpl-thing', '3.0.0', transitive),
    ],
    violations: [
      // The same package over the risk limit at another score is not new.
      { componentId: 'pkg:npm/risky@1.0.1', primaryId: '', rule: 'risk score 74 >= 70' },
      { componentId: 'pkg:npm/gpl-thing@3.0.0', primaryId: '', rule: 'license GPL-3.0-only denied' },
      // Advisory violations are findings, judged by the finding comparison.
      { componentId: 'pkg:npm/risky@1.0.1', primaryId: 'GHSA-xxxx-0000-0001', rule: 'fail-on high' },
    ],
  };
  const concerns = roundConcerns(before, after, EMPTY_PLAN);
  assert.deepEqual(
    concerns.map((c) => `${c.code} ${c.name}@${c.version}: ${c.detail}`),
    [
      'install-script native-b@1.0.0: runs an install script',
      'non-registry-source git-dep@1.0.0: from git git+https://example.invalid/git-dep.git',
      'policy-violation gpl-thing@3.0.0: license GPL-3.0-only denied',
      'unplanned-major web-kit@2.0.0: 1.4.0 → 2.0.0',
      // Below 1.0.0 a minor step is a major one.
      'unplanned-major zero-lib@0.4.0: 0.3.1 → 0.4.0',
    ],
  );
  assert.equal(
    undoneBecause({ introduced: [], concerns: concerns.filter((c) => c.code === 'unplanned-major' || c.code === 'install-script') }),
    'native-b@1.0.0 runs an install script, web-kit moved across a major version nobody planned (1.4.0 → 2.0.0), zero-lib moved across a major version nobody planned (0.3.1 → 0.4.0)',
  );

  // The majors the round planned (an upgrade across a major, an override) are no concern.
  const planned: FixPlan = {
    ...EMPTY_PLAN,
    upgrade: [{ name: 'web-kit', from: '1.4.0', to: '2.0.0', semverMajor: true, withinRange: false, fixes: ['tiny-parse@2.0.0'] }],
    overrides: [{ key: 'zero-lib', spec: '^0.4.0', replaces: [], fixes: ['zero-lib@0.3.1'] }],
  };
  assert.deepEqual(
    roundConcerns(before, after, planned).filter((c) => c.code === 'unplanned-major'),
    [],
  );
  assert.deepEqual(roundConcerns(before, before, EMPTY_PLAN), []);
});
