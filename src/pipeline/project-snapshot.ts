import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** One file as it was: its bytes and mode, or absent. */
interface FileState {
  file: string;
  content?: Buffer;
  mode?: number;
}

/**
 * The project files `fix --apply` may change, as they were, so that every
 * one of them can be put back byte for byte: after a failed relock, a worse
 * result, an error, or an interruption (the CLI calls
 * `restoreInterruptedProjects` on SIGINT and SIGTERM).
 */
export class ProjectSnapshot {
  readonly #states: FileState[];

  private constructor(states: FileState[]) {
    this.#states = states;
  }

  /** Reads every file now (absent ones are remembered as absent: restoring removes them). */
  static take(files: readonly string[]): ProjectSnapshot {
    return new ProjectSnapshot(
      [...new Set(files.map((f) => path.resolve(f)))].sort().map((file) => {
        const stat = lstatSync(file, { throwIfNoEntry: false });
        return stat?.isFile() ? { file, content: readFileSync(file), mode: stat.mode & 0o7777 } : { file };
      }),
    );
  }

  get files(): string[] {
    return this.#states.map((s) => s.file);
  }

  /** The files whose bytes differ from the snapshot now. */
  changed(): string[] {
    return this.#states.filter((state) => !sameBytes(state)).map((s) => s.file);
  }

  /** Puts back every file that differs: same bytes, same mode, written atomically; files that were absent are removed. */
  restore(): void {
    for (const state of this.#states) {
      if (sameBytes(state)) continue;
      if (state.content === undefined) rmSync(state.file, { force: true });
      else writeFileAtomic(state.file, state.content, state.mode);
    }
  }
}

function sameBytes(state: FileState): boolean {
  let now: Buffer | undefined;
  try {
    now = readFileSync(state.file);
  } catch {
    now = undefined;
  }
  if (now === undefined || state.content === undefined) return now === state.content;
  return now.equals(state.content);
}

/**
 * Writes a file through a temporary file in its folder, flushed, then renamed
 * over it: a reader (or a crash) sees the old bytes or the new ones, never half.
 */
export function writeFileAtomic(file: string, content: string | Buffer, mode?: number): void {
  const keep = mode ?? (lstatSync(file, { throwIfNoEntry: false })?.mode ?? 0o644) & 0o7777;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.deptrust-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', keep);
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // The umask applied to openSync's mode; the file keeps its own.
    chmodSync(temporary, keep);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A relock process, as far as an interruption needs it. */
export interface Killable {
  kill(signal?: NodeJS.Signals | number): boolean;
}

/** Snapshots of projects being edited right now, with the relock processes working on them. */
const live = new Map<ProjectSnapshot, Set<Killable>>();

/** Registers an edit in progress: `restoreInterruptedProjects` puts it back. Returns the function that ends it. */
export function guardProject(snapshot: ProjectSnapshot): { track(child: Killable): () => void; release(): void } {
  const children = new Set<Killable>();
  live.set(snapshot, children);
  return {
    track(child) {
      children.add(child);
      return () => children.delete(child);
    },
    release: () => live.delete(snapshot),
  };
}

/** Stops every relock and restores every project being edited (synchronous: called from a signal handler before exiting). */
export function restoreInterruptedProjects(): void {
  for (const [snapshot, children] of live) {
    // A relock still running would write its lockfile after the restore: it is stopped first.
    for (const child of children) child.kill('SIGKILL');
    snapshot.restore();
  }
  live.clear();
}
