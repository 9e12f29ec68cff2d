// semver's modules one by one: its index loads all of its fifty, a tenth of `portfolio who`'s start-up.
import Range from 'semver/classes/range.js';
import type SemVer from 'semver/classes/semver.js';
import compareVersions from 'semver/functions/compare.js';
import parseVersion from 'semver/functions/parse.js';
import satisfies from 'semver/functions/satisfies.js';
import type { WhoRow } from '../model/portfolio.js';

export interface WhoQuery {
  name: string;
  range?: string;
}

/**
 * The rows whose version is in the range (prereleases included, as in
 * `explain`), sorted by project, branch and version. The range is parsed once
 * and each distinct version once: a package in every project is thousands of rows.
 */
export function whoShips(rows: readonly WhoRow[], query: WhoQuery): WhoRow[] {
  const range = query.range === undefined ? undefined : new Range(query.range, { includePrerelease: true, loose: true });
  // Thousands of rows share a few versions: each distinct version is parsed and tested once.
  const verdicts = new Map<string, { version: SemVer | null; inRange: boolean }>();
  const verdict = (text: string): { version: SemVer | null; inRange: boolean } => {
    let known = verdicts.get(text);
    if (!known) {
      const version = parseVersion(text, { loose: true });
      known = { version, inRange: range === undefined || (version !== null ? range.test(version) : satisfies(text, range)) };
      verdicts.set(text, known);
    }
    return known;
  };
  return rows
    .filter((row) => row.component.name === query.name)
    .map((row) => ({ row, ...verdict(row.component.version) }))
    .filter(({ inRange }) => inRange)
    .sort(
      (a, b) =>
        compare(a.row.record.project.key, b.row.record.project.key) ||
        compare(a.row.record.branch, b.row.record.branch) ||
        (a.version && b.version ? compareVersions(a.version, b.version) : compare(a.row.component.version, b.row.component.version)) ||
        compare(a.row.component.purl, b.row.component.purl),
    )
    .map(({ row }) => row);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
