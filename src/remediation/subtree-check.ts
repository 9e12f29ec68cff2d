import { severityRank, type Severity } from '../model/finding.js';
import { resolveSpec } from '../match/npm-spec.js';
import type { VersionPicker } from './version-picker.js';

export interface SubtreeContext {
  picker: VersionPicker;
  isVulnerable: (name: string, version: string) => string[];
  /** An advisory's severity; unknown ids count as `unknown`, the lowest. */
  severityOf?: (advisoryId: string) => Severity | undefined;
  /** Told each package a walk could not judge because its registry data is missing (to fetch it and plan again). */
  onUnknown?: (name: string) => void;
}

/** A walk stops here: the subtrees remediation judges are a package's dependencies, not a whole registry. */
const MAX_PACKAGES = 2_000;

const memos = new WeakMap<SubtreeContext, Map<string, number>>();

/**
 * The most severe advisory (its rank in SEVERITIES: lower is worse) in the
 * tree `name@version` resolves to: the version itself, and each declared
 * dependency resolved as npm would pick it from the registry's versions,
 * recursively. Packages the registry data does not know end their branch
 * unjudged. Infinity when nothing known is affected.
 */
export function worstInSubtree(name: string, version: string, context: SubtreeContext): number {
  let memo = memos.get(context);
  if (!memo) memos.set(context, (memo = new Map()));
  const key = `${name}@${version}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let worst = Number.POSITIVE_INFINITY;
  const seen = new Set<string>([key]);
  const queue: Array<[string, string]> = [[name, version]];
  for (let index = 0; index < queue.length && index < MAX_PACKAGES; index++) {
    const [packageName, packageVersion] = queue[index] ?? ['', ''];
    for (const id of context.isVulnerable(packageName, packageVersion)) worst = Math.min(worst, severityRank(context.severityOf?.(id) ?? 'unknown'));
    for (const [dependency, spec] of Object.entries(context.picker.dependenciesOf(packageName, packageVersion) ?? {})) {
      const resolved = resolveSpec(dependency, spec);
      if (!context.picker.known(resolved.name)) context.onUnknown?.(resolved.name);
      const picked = context.picker.pick(resolved.name, resolved.range);
      if (picked === undefined) continue;
      const next = `${resolved.name}@${picked}`;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([resolved.name, picked]);
    }
  }
  memo.set(key, worst);
  return worst;
}

/** Whether the tree a version resolves to carries no known advisory at or above `severity`. */
export function subtreeCleanAt(name: string, version: string, severity: Severity, context: SubtreeContext): boolean {
  return worstInSubtree(name, version, context) > severityRank(severity);
}
