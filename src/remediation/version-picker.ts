import semver, { type SemVer } from 'semver';
import type { PackumentSummary } from '../model/packument.js';

/**
 * The version npm would install for a spec, judged from the registry's
 * versions as npm-pick-manifest does: the `latest` dist-tag when the range
 * admits it, else the highest admitted version, non-deprecated ones first.
 * Answers are memoised: remediation asks the same questions many times.
 */
export class VersionPicker {
  readonly #packument: (name: string) => PackumentSummary | undefined;
  readonly #sorted = new Map<string, SemVer[]>();
  readonly #picks = new Map<string, string | undefined>();
  readonly #admitted = new Map<string, SemVer[]>();

  constructor(packument: (name: string) => PackumentSummary | undefined) {
    this.#packument = packument;
  }

  /** Whether the registry's versions of the package are known. */
  known(name: string): boolean {
    return this.#packument(name) !== undefined;
  }

  /** Published versions, ascending. */
  versions(name: string): SemVer[] {
    let sorted = this.#sorted.get(name);
    if (!sorted) {
      const packument = this.#packument(name);
      sorted = Object.keys(packument?.versions ?? {})
        .map((v) => semver.parse(v, { loose: true }))
        .filter((v): v is SemVer => v !== null)
        .sort((a, b) => a.compare(b));
      this.#sorted.set(name, sorted);
    }
    return sorted;
  }

  deprecated(name: string, version: string): boolean {
    return Boolean(this.#packument(name)?.versions[version]?.deprecated);
  }

  /** The dependency ranges a published version declares; undefined when unknown. */
  dependenciesOf(name: string, version: string): Record<string, string> | undefined {
    return this.#packument(name)?.versions[version]?.dependencies;
  }

  /** The version npm would pick for `range`, or undefined (unknown package, no admitted version, not a semver range). */
  pick(name: string, range: string): string | undefined {
    const key = `${name}\0${range}`;
    if (this.#picks.has(key)) return this.#picks.get(key);
    const picked = this.#pick(name, range);
    this.#picks.set(key, picked);
    return picked;
  }

  /** Every published version the range admits. */
  admitted(name: string, range: string): SemVer[] {
    const key = `${name}\0${range}`;
    let admitted = this.#admitted.get(key);
    if (!admitted) {
      const valid = validRange(range);
      admitted = valid === undefined ? [] : this.versions(name).filter((v) => semver.satisfies(v, valid, { loose: true }));
      this.#admitted.set(key, admitted);
    }
    return admitted;
  }

  #pick(name: string, range: string): string | undefined {
    const packument = this.#packument(name);
    if (!packument) return undefined;
    const tagged = range === '' || range === 'latest' ? packument.latest : undefined;
    if (tagged) return tagged;
    const admitted = this.admitted(name, range);
    if (packument.latest && admitted.some((v) => v.version === packument.latest)) return packument.latest;
    const current = admitted.filter((v) => !this.deprecated(name, v.version));
    return (current.at(-1) ?? admitted.at(-1))?.version;
  }
}

function validRange(range: string): string | undefined {
  try {
    return semver.validRange(range, { loose: true }) ?? undefined;
  } catch {
    return undefined;
  }
}
