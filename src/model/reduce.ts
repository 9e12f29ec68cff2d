import type { Severity } from './finding.js';
import type { SignalCode } from './signal.js';
import type { DependencyUsage, UsageAnalysis } from './usage.js';

/** A suggested replacement from the e18e module-replacements data (native API, lighter package, or removal). */
export interface Replacement {
  /** `native` (a built-in API), `documented` (another package), `simple` (a few lines of code), `removal` (not needed any more). */
  kind: 'native' | 'documented' | 'simple' | 'removal';
  /** What to use instead: an API or package name, or a short description. */
  use: string;
  /** Where the suggestion is documented. */
  url?: string;
}

/** What one direct dependency costs: what would leave the tree with it, and what is inside. */
export interface DirectDependencyCost {
  componentId: string;
  /** The name the project declares it under. */
  name: string;
  version: string;
  /** The project manifests (root '' or workspace folders) that declare it, and how (prod, dev, optional, peer). */
  declaredBy: Array<{ workspace: string; type: string }>;
  /** Packages that leave the tree when it alone is removed, itself not counted (component ids, sorted). */
  exclusive: string[];
  /** Other packages depend on it too: removing the declaration leaves it in the tree. */
  stillNeeded: boolean;
  /** Advisories in it and its exclusive subtree (primary ids), by severity. */
  advisories: Array<{ componentId: string; id: string; severity: Severity }>;
  malware: number;
  /** Components in it and its exclusive subtree that run install scripts. */
  installScripts: string[];
  /** Signals in it and its exclusive subtree, counted by code. */
  signals: Partial<Record<SignalCode, number>>;
  /** Lighter or native replacements for it. */
  replacements: Replacement[];
  /** What removing it would save, for ranking (docs/reduce.md). */
  savings: number;
  /** Whether the project uses it, per declaration, with the evidence; empty when the project's files were not read. */
  usage: DependencyUsage[];
}

/** A package installed in several versions where one version would satisfy every declared range. */
export interface FoldableDuplicate {
  name: string;
  versions: string[];
  /** The one version every dependent's range admits. */
  foldTo: string;
}

export interface ReduceReport {
  /** Direct dependencies, most savings first. */
  dependencies: DirectDependencyCost[];
  /** What the usage analysis read, by kind of file (for `unused`: where nothing was found). */
  searched?: UsageAnalysis['searched'];
  duplicates: FoldableDuplicate[];
  totals: { components: number; direct: number };
}
