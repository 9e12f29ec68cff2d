/**
 * Whether the project uses each dependency it declares, and the evidence:
 * data only, worded by reporters (docs/reduce.md, "Usage verdicts").
 */

/**
 * Where a use happens: `runtime` in code that ships and runs in production
 * (or a command that starts it: the `start` script, a Dockerfile's CMD), `dev`
 * in tests, tooling, configuration, CI and git hooks, `other` where it cannot
 * be told (an image build step, a guarded require, a package loaded by name).
 */
export type UsageContext = 'runtime' | 'dev' | 'other';

export type UsageEvidenceKind =
  /** `import`, `require`, `export … from`, a literal `import()`, `require.resolve`. */
  | 'import'
  /** `import type`, `/// <reference types>`: needs the package's types only. */
  | 'type-import'
  /** A string in the code that names the package (`app.set('view engine', 'pug')`). */
  | 'named-in-code'
  /** Test files call `describe`/`it` without importing them: a declared test runner provides them. */
  | 'test-globals'
  /** A command runs one of the package's bins or preloads it (`node -r`, `npx`, `node_modules/.bin`). */
  | 'command'
  /** A configuration file of the package's own tool (`.eslintrc` for eslint, `tsconfig.json` for typescript). */
  | 'config-file'
  /** A configuration names the package (`extends`, `preset`, `plugins`, `importHelpers` for tslib, an nx executor). */
  | 'config'
  /** `@types/x` for a used `x`, or for Node.js's own modules in a TypeScript project. */
  | 'types-for-used'
  /** A used package declares it as a peer dependency. */
  | 'peer-of-used'
  /** A used package loads it by name at run time (a template engine through consolidate, a driver through knex). */
  | 'loaded-by-name'
  /** A `require(variable)` or `import(variable)` that may load it: the reason for `unknown`. */
  | 'dynamic-load'
  /** A file that could not be parsed: the reason for `unknown`. */
  | 'unparsed-file';

/** Where a command or configuration line was read: the kind of file, for wording. */
export type UsageSource = 'code' | 'package-script' | 'git-hook' | 'docker' | 'ci' | 'config' | 'package-graph';

export interface UsageEvidence {
  kind: UsageEvidenceKind;
  source: UsageSource;
  /** Relative to the project root, `/`-separated. */
  file: string;
  /** 1-based; 0 when the evidence is not one line of a project file (a peer in the lockfile). */
  line: number;
  context: UsageContext;
  /** What was found, verbatim where short: the specifier, the command, the configuration key. */
  detail: string;
}

/**
 * `used`; `unused` only when no evidence of any kind exists; `unknown` when
 * code loads modules dynamically or could not be read (never `unused`);
 * `misplaced` when it is used, but from the other kind of declaration.
 */
export type UsageVerdictKind = 'used' | 'unused' | 'unknown' | 'misplaced';

/**
 * `dev-dependency-used-at-runtime`: a devDependency imported by code that ships
 * (an install with `--omit dev` crashes). `runtime-dependency-used-only-in-development`:
 * a dependency used only by tests, tooling, CI or hooks (move it to devDependencies).
 */
export type Misplacement = 'dev-dependency-used-at-runtime' | 'runtime-dependency-used-only-in-development';

export interface DependencyUsage {
  /** The name it is declared under. */
  name: string;
  /** The manifest that declares it: '' for the root, else the workspace folder. */
  workspace: string;
  declaredAs: 'prod' | 'dev' | 'optional' | 'peer';
  verdict: UsageVerdictKind;
  misplacement?: Misplacement;
  /** Evidence of use (or, for `unknown`, why it cannot be judged), sorted by file and line; at most a few per kind. */
  evidence: UsageEvidence[];
}

export interface UsageAnalysis {
  dependencies: DependencyUsage[];
  /** What was read, for `unused`: counts of files by source. */
  searched: Record<UsageSource, number>;
}
