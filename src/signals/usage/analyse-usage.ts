import path from 'node:path';
import { readInputText } from '../../files/read-input-file.js';
import { ProjectError } from '../../model/errors.js';
import type { Inventory } from '../../model/component.js';
import type { UsageAnalysis } from '../../model/usage.js';
import { ProjectSources } from '../project-sources.js';
import { collectUsage, type ProjectManifest } from './collect-usage.js';
import { declarationsOf, judgeUsage } from './judge-usage.js';

/**
 * Whether the project uses each dependency its manifests declare (the root's
 * and each workspace's, every section), with the evidence: docs/reduce.md,
 * "Usage verdicts". `inventory` adds the peers of the packages in use; without
 * it only the project's files count. `sources` shares each file's parse with
 * the reachability analysis of the same scan.
 */
export function analyseUsage(projectDir: string, workspaces: readonly string[], inventory?: Pick<Inventory, 'components' | 'edges'>, sources: ProjectSources = new ProjectSources()): UsageAnalysis {
  const root = path.resolve(projectDir);
  const manifests: ProjectManifest[] = [];
  for (const folder of ['', ...workspaces.map((w) => w.split(path.sep).join('/').replace(/\/$/, ''))]) {
    const manifest = readManifest(path.join(root, folder, 'package.json'));
    if (manifest) manifests.push({ folder, ...manifest });
  }
  const declarations = declarationsOf(manifests);
  const collected = collectUsage(root, manifests, new Set(declarations.map((d) => d.name)), sources);
  return judgeUsage(collected, declarations, inventory);
}

function readManifest(file: string): Omit<ProjectManifest, 'folder'> | undefined {
  try {
    // As the inventory reads it: a FIFO or a device named package.json is no manifest, never a hang.
    const text = readInputText(file, file, (message) => new ProjectError(message));
    const data: unknown = JSON.parse(text);
    if (data && typeof data === 'object' && !Array.isArray(data)) return { text, data: { ...data } };
  } catch {
    // no or unreadable package.json: nothing is declared there
  }
  return undefined;
}
