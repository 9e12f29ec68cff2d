import semver from 'semver';
import type { WhoRow } from '../model/portfolio.js';

export interface WhoQuery {
  name: string;
  range?: string;
}

/**
 * The rows whose version is in the range (prereleases included, as in
 * `explain`), sorted by project, branch and version. The range is parsed once
 * and each version once: a package in every project is thousands of rows.
 */
export function whoShips(rows: readonly WhoRow[], query: WhoQuery): WhoRow[] {
  const range = query.range === undefined ? undefined : new semver.Range(query.range, { includePrerelease: true, loose: true });
  return rows
    .filter((row) => row.component.name === query.name)
    .map((row) => ({ row, version: semver.parse(row.component.version, { loose: true }) }))
    .filter(({ row, version }) => range === undefined || (version !== null ? range.test(version) : semver.satisfies(row.component.version, range)))
    .sort(
      (a, b) =>
        compare(a.row.record.project.key, b.row.record.project.key) ||
        compare(a.row.record.branch, b.row.record.branch) ||
        (a.version && b.version ? semver.compare(a.version, b.version) : compare(a.row.component.version, b.row.component.version)) ||
        compare(a.row.component.purl, b.row.component.purl),
    )
    .map(({ row }) => row);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
