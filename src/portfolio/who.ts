import semver from 'semver';
import type { WhoRow } from '../model/portfolio.js';

export interface WhoQuery {
  name: string;
  range?: string;
}

/**
 * The rows whose version is in the range (prereleases included, as in
 * `explain`), sorted by project, branch and version.
 */
export function whoShips(rows: readonly WhoRow[], query: WhoQuery): WhoRow[] {
  const { range } = query;
  return rows
    .filter((row) => row.component.name === query.name && (range === undefined || semver.satisfies(row.component.version, range, { includePrerelease: true, loose: true })))
    .sort(
      (a, b) =>
        compare(a.record.project.key, b.record.project.key) ||
        compare(a.record.branch, b.record.branch) ||
        compareVersions(a.component.version, b.component.version) ||
        compare(a.component.purl, b.component.purl),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareVersions(a: string, b: string): number {
  const left = semver.valid(a, { loose: true });
  const right = semver.valid(b, { loose: true });
  return left && right ? semver.compare(left, right, { loose: true }) : compare(a, b);
}
