import path from 'node:path';
import type { AdvisoryProvider } from '../../src/advisories/providers.js';
import type { OsvRecord } from '../../src/model/advisory.js';
import type { ApplyOptions } from '../../src/pipeline/apply-fixes.js';
import type { ManagerCommand } from '../../src/pipeline/relock.js';
import { openDatabase } from '../../src/store/db.js';
import { cleanEnv } from './clean-env.js';
import { startNpmRegistry, type FixtureVersion, type LocalRegistry } from './npm-registry.js';
import { osvRecord } from './osv-records.js';
import { repoRoot } from './paths.js';

/**
 * One compact project for `fix --apply` with each package manager: locked
 * while only the vulnerable versions are published, then the fixes are
 * published, as time would. Its plan has each kind of step once:
 * - a direct dependency to move (web-kit 1.0.0 → 1.1.0, declared by a workspace: packages/api);
 * - a lockfile refresh of a transitive package (color-fmt, within log-kit's `^1.0.0`);
 * - an override (deep-merge, which big-tool pins exactly until its next major).
 */
export const INITIAL: FixtureVersion[] = [
  { name: 'web-kit', version: '1.0.0', dependencies: { 'tiny-parse': '~2.0.0' } },
  { name: 'tiny-parse', version: '2.0.0' },
  { name: 'log-kit', version: '1.0.0', dependencies: { 'color-fmt': '^1.0.0' } },
  { name: 'color-fmt', version: '1.0.0' },
  { name: 'big-tool', version: '1.0.0', dependencies: { 'deep-merge': '1.0.0' } },
  { name: 'deep-merge', version: '1.0.0' },
];
export const LATER: FixtureVersion[] = [
  { name: 'web-kit', version: '1.1.0', dependencies: { 'tiny-parse': '^2.1.0' } },
  { name: 'tiny-parse', version: '2.1.0' },
  { name: 'color-fmt', version: '1.0.1' },
  { name: 'big-tool', version: '1.1.0', dependencies: { 'deep-merge': '1.0.0' } },
  { name: 'big-tool', version: '2.0.0', dependencies: { 'deep-merge': '^1.0.2' } },
  { name: 'deep-merge', version: '1.0.2' },
];

const HIGH = [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }];
const fixedIn = (version: string): Array<Record<string, string>> => [{ introduced: '0' }, { fixed: version }];
export const RECORDS: OsvRecord[] = [
  osvRecord('GHSA-tiny-0000-0001', 'tiny-parse', fixedIn('2.1.0'), { severity: HIGH }),
  osvRecord('GHSA-deep-0000-0003', 'deep-merge', fixedIn('1.0.2'), { severity: HIGH }),
  osvRecord('GHSA-colr-0000-0007', 'color-fmt', fixedIn('1.0.1'), { severity: HIGH }),
];
const provider: AdvisoryProvider = { info: () => ({ kind: 'database', description: 'test records', advisoryCount: RECORDS.length }), recordsFor: async () => RECORDS };

/** The root's and the workspace's package.json (the workspace list is the manager's: pnpm reads pnpm-workspace.yaml). */
export function scenarioManifests(options: { workspacesField: boolean; extra?: Record<string, unknown> }): Record<string, object> {
  return {
    'package.json': {
      name: 'shop',
      version: '1.0.0',
      private: true,
      ...(options.workspacesField ? { workspaces: ['packages/api'] } : {}),
      dependencies: { 'log-kit': '^1.0.0', 'big-tool': '^1.0.0' },
      ...options.extra,
    },
    'packages/api/package.json': { name: '@shop/api', version: '1.0.0', dependencies: { 'web-kit': '^1.0.0' } },
  };
}

export interface Scenario {
  registry: LocalRegistry;
  env: Record<string, string>;
  options: ApplyOptions;
}

/** The registry on 127.0.0.1 and the options `applyFixes` runs with (the manager's environment: a clean home, the local registry). */
export async function startScenario(work: string, manager: ManagerCommand, extraEnv: Record<string, string> = {}): Promise<Scenario> {
  const registry = await startNpmRegistry(INITIAL);
  const env = { ...cleanEnv(path.join(work, 'home')), npm_config_registry: `${registry.url}/`, npm_config_prefer_online: 'true', ...extraEnv };
  const db = openDatabase(':memory:');
  const options: ApplyOptions = { provider, now: () => new Date('2026-06-01T00:00:00Z'), registry: { db, offline: false, ttlMs: 0, timeoutMs: 10_000, retries: 0, env }, env, manager };
  return { registry, env, options };
}

/** A JavaScript package manager installed as a devDependency, started with the node running the tests. */
export function devDependencyManager(script: string): ManagerCommand {
  return { command: process.execPath, args: [path.join(repoRoot, 'node_modules', script)] };
}

export const PNPM = devDependencyManager('pnpm/bin/pnpm.cjs');
export const YARN_CLASSIC = devDependencyManager('yarn/bin/yarn.js');
export const YARN_BERRY = devDependencyManager('@yarnpkg/cli-dist/bin/yarn.js');
