import path from 'node:path';
import type { Inventory } from '../model/component.js';
import type { ProjectIdentity } from '../model/portfolio.js';
import { readGitContext } from '../inventory/git-context.js';
import { projectIdentity } from './project-identity.js';

/** Branch name of a record made outside any branch (detached HEAD without a CI variable, or no git). */
export const NO_BRANCH = '(none)';

export interface RecordWhere {
  project: ProjectIdentity;
  branch: string;
  commit?: string;
}

/**
 * Who and where a recording is: the project's identity from its package.json
 * name, its git remote and folder (or `--project`), the branch (on a detached
 * CI checkout, the CI's branch variable passed as `ciBranch`) and the commit.
 */
export async function recordWhere(inventory: Pick<Inventory, 'root' | 'project'>, options: { project?: string; ciBranch?: string }): Promise<RecordWhere> {
  const git = await readGitContext(inventory.root);
  const project = projectIdentity({
    packageName: inventory.project.name,
    folderName: path.basename(inventory.root),
    folder: git.folder,
    ...(git.remote !== undefined ? { remote: git.remote } : {}),
    ...(options.project !== undefined ? { override: options.project } : {}),
  });
  return { project, branch: git.branch ?? options.ciBranch ?? NO_BRANCH, ...(git.commit !== undefined ? { commit: git.commit } : {}) };
}
