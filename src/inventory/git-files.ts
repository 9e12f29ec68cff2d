import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../model/errors.js';

const run = promisify(execFile);

/** A file in a git tree: its path from the repository root, blob id and size. */
export interface GitTreeFile {
  path: string;
  blob: string;
  size: number;
}

/** Runs git and returns stdout; a missing git or a failing command becomes a one-line usage error. */
async function git(cwd: string, args: readonly string[], what: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && error.code === 'ENOENT') throw new UsageError(`${what}: git is not installed`, { cause: error });
    const stderr = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr).trim().split('\n')[0] : '';
    throw new UsageError(`${what}${stderr ? `: ${stderr}` : ''}`, { cause: error });
  }
}

/** The root of the git work tree that holds `dir`. */
export async function gitTopLevel(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--show-toplevel'], `${dir} is not in a git repository`)).trim();
}

/** The commit a revision names (`main`, `origin/main`, `HEAD~1`, a sha). */
export async function resolveCommit(topLevel: string, revision: string): Promise<string> {
  if (revision.startsWith('-')) throw new UsageError(`--base ${revision}: not a file, and a git revision cannot start with "-"`);
  return (await git(topLevel, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], `--base ${revision} is neither a file nor a git revision of this repository (in a shallow CI checkout, fetch it first: git fetch --depth=1 origin <branch>)`)).trim();
}

/** Every regular file under `prefix` (a folder relative to the repository root, '' for all) in a commit. */
export async function listTree(topLevel: string, commit: string, prefix: string): Promise<GitTreeFile[]> {
  const args = ['ls-tree', '-r', '-z', '--long', '--full-tree', commit];
  if (prefix) args.push('--', prefix);
  const output = await git(topLevel, args, `cannot list the files of ${commit}`);
  const files: GitTreeFile[] = [];
  for (const entry of output.split('\0')) {
    // "<mode> SP <type> SP <object> SP+ <size> TAB <path>" (git-ls-tree, --long)
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [mode, type, blob, size] = entry.slice(0, tab).split(/ +/);
    // Regular files only: no symlinks (120000), no submodules (160000).
    if (type !== 'blob' || !blob || (mode !== '100644' && mode !== '100755')) continue;
    files.push({ path: entry.slice(tab + 1), blob, size: Number(size) });
  }
  return files;
}

/** The contents of many blobs through one `git cat-file --batch`. */
export async function readBlobs(topLevel: string, blobs: readonly string[]): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  if (blobs.length === 0) return contents;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: topLevel, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new UsageError(`cannot read files from git: ${error.message}`, { cause: error })));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new UsageError(`git cat-file failed: ${stderr.trim().split('\n')[0] ?? code}`))));
    child.stdin.end(`${blobs.join('\n')}\n`);
  });
  // "<oid> SP <type> SP <size> LF <contents> LF" per object (git-cat-file, BATCH OUTPUT)
  let offset = 0;
  while (offset < output.length) {
    const newline = output.indexOf(10, offset);
    if (newline === -1) break;
    const [oid, type, size] = output.subarray(offset, newline).toString('utf8').split(' ');
    if (type === 'missing' || !oid || size === undefined) {
      offset = newline + 1;
      continue;
    }
    const length = Number(size);
    contents.set(oid, output.subarray(newline + 1, newline + 1 + length));
    offset = newline + 1 + length + 1;
  }
  return contents;
}
