import { execFileSync } from 'node:child_process';

/** Runs git in `dir` with a fixed identity and no user or system configuration. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=deptrust tests', '-c', 'user.email=tests@deptrust.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
}

/** `git init` on branch main. */
export function gitInit(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
}

/** Stages everything and commits. */
export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}
