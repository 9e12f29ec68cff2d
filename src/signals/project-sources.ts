import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseSource, type SourceParser } from './parse-source.js';
import { sourceReferences, type SourceReference } from './source-references.js';

/** One of the project's source files, read and parsed once, as both analyses need it. */
export type ProjectSource =
  | {
      status: 'parsed';
      /** What reachability follows: run-time imports (reachability.ts). */
      imports: string[];
      /** What usage weighs: every reference, with its line and guard (usage/collect-usage.ts). */
      references: SourceReference[];
    }
  | { status: 'unparsed'; /** The parser's message, first line. */ error: string }
  | { status: 'too-large' }
  | { status: 'unreadable' };

export interface ProjectSourcesStats {
  /** Files given to the parser. */
  parsed: number;
  /** Answers served from a file already read. */
  reused: number;
}

/** Files past this size are not parsed (generated bundles, vendored code). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

/**
 * The project's source files, each read and parsed at most once per scan:
 * reachability (which packages the shipped code imports) and usage (whether
 * each declared dependency is used) walk the same files, and parsing is
 * most of what either costs. One walk of each file's syntax tree extracts
 * what both need, and the file keeps that, not the tree, so memory grows
 * with references, not with code.
 */
export class ProjectSources {
  private readonly files = new Map<string, ProjectSource>();
  private readonly counts: ProjectSourcesStats = { parsed: 0, reused: 0 };

  constructor(private readonly parse: SourceParser = parseSource) {}

  /**
   * The file at an absolute path; `parseAs` names it for the parser where its
   * own name does not tell its language (`.sequelizerc` is JavaScript).
   */
  file(absolutePath: string, parseAs: string = absolutePath): ProjectSource {
    const key = path.resolve(absolutePath);
    const known = this.files.get(key);
    if (known) {
      this.counts.reused++;
      return known;
    }
    const source = this.read(key, parseAs);
    this.files.set(key, source);
    return source;
  }

  stats(): ProjectSourcesStats {
    return { ...this.counts };
  }

  private read(file: string, parseAs: string): ProjectSource {
    let code: string;
    try {
      if (statSync(file).size > MAX_SOURCE_BYTES) return { status: 'too-large' };
      code = readFileSync(file, 'utf8');
    } catch {
      return { status: 'unreadable' };
    }
    this.counts.parsed++;
    try {
      const { references, runtimeImports } = sourceReferences(this.parse(code, parseAs));
      return { status: 'parsed', imports: runtimeImports, references };
    } catch (error) {
      return { status: 'unparsed', error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
    }
  }
}
