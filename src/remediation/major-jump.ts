import semver, { type SemVer } from 'semver';

/**
 * Whether moving from `installed` to `to` is a breaking (semver-major) step:
 * another major version, or below 1.0.0 another minor (npm's caret
 * semantics). An unparsable side counts as breaking.
 */
export function isMajorJump(installed: SemVer | null, to: string): boolean {
  const target = semver.parse(to, { loose: true });
  if (!installed || !target) return true;
  // Below 1.0.0 npm treats a minor bump as breaking (caret semantics).
  return target.major !== installed.major || (installed.major === 0 && target.minor !== installed.minor);
}
