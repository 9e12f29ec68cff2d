import { isSemverVersion } from './lockfile-records.js';

/**
 * One package entry of a yarn.lock (classic or berry) in a form both readers
 * share: what it is, where its code comes from and what it depends on.
 * `yarn-graph.ts` turns entries and the project's manifests into a RawTree.
 */
export interface YarnEntry {
  /** The descriptors (lockfile keys) this entry answers: `ms@^2.1.3`, `alias@npm:ms@^2`, `x@file:./x::locator=…`. */
  descriptors: string[];
  /** Unique per entry: berry's `resolution`, classic's `name@version` with its `resolved`. */
  resolution: string;
  /** The real package name (behind `npm:` aliases and `patch:`). */
  packageName: string;
  version: string;
  source: YarnSource;
  /** The npm tarball's integrity (classic only: berry's checksum hashes yarn's cache zip). */
  integrity: string | undefined;
  dependencies: YarnDependency[];
  /** Berry adds an implicit `node-gyp` dependency to packages it builds with node-gyp. */
  builtWithNodeGyp: boolean;
}

export type YarnSource =
  /** A registry tarball; `url` when the lockfile records it or yarn's configuration gives it. */
  | { kind: 'registry'; url: string | undefined }
  /** A git repository, in npm's `resolved` form (`git+ssh://git@github.com/a/b.git#<commit>`). */
  | { kind: 'git'; url: string }
  /** A tarball at an http(s) URL. */
  | { kind: 'tarball'; url: string }
  /** A local tarball; `path` relative to the declaring package's folder. */
  | { kind: 'file'; path: string; relativeTo: string | undefined }
  /**
   * A local folder (`file:` folder, `link:`, `portal:`, `exec:`); `path` relative to
   * the declaring package's folder, whose locator berry records as `relativeTo`.
   */
  | { kind: 'folder'; path: string; relativeTo: string | undefined; protocol: 'file' | 'link' | 'portal' | 'exec' }
  /** A workspace of the project (berry records them; `path` relative to the project root). */
  | { kind: 'workspace'; path: string };

export interface YarnDependency {
  /** The name it is installed under (the alias for `npm:` aliases). */
  name: string;
  /** The range as the lockfile writes it (berry: `npm:^1.0.0`, classic: `^1.0.0`). */
  range: string;
  type: 'prod' | 'optional' | 'peer' | 'peerOptional';
}

export interface YarnLockfile {
  generation: 'classic' | 'berry';
  /** Classic: 1; berry: `__metadata.version`. */
  version: number;
  entries: YarnEntry[];
}

/**
 * Why a registry package's version is wrong, else undefined: the registry
 * serves only semver versions (a range or a word there is an edited lockfile,
 * and would match no advisory). Any other source records what its own
 * package.json says, which may be anything.
 */
export function registryVersionProblem(source: YarnSource, version: string): string | undefined {
  if (source.kind !== 'registry' || isSemverVersion(version)) return undefined;
  return `has version ${JSON.stringify(version)}, not a semver version (a registry package's always is)`;
}

/** `@scope/name@range` → [`@scope/name`, `range`]; the name ends at the first `@` after its first character. */
export function splitDescriptor(descriptor: string): [string, string] | undefined {
  const at = descriptor.indexOf('@', 1);
  if (at <= 0) return undefined;
  return [descriptor.slice(0, at), descriptor.slice(at + 1)];
}

/** `npm:real@range` → `real`, else undefined (an `npm:` range without a name is not an alias). */
export function aliasTarget(range: string): string | undefined {
  if (!range.startsWith('npm:')) return undefined;
  const split = splitDescriptor(range.slice(4));
  return split?.[0];
}

/**
 * A tarball URL laid out as registries lay them out
 * (`…/<name>/-/<basename>-<version>.tgz`, the scope as `@scope` or `%40scope`)
 * names the package inside, which npm reads from the tarball and yarn
 * lockfiles do not record; undefined for any other URL.
 */
export function registryLayoutName(url: string, version: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const match = /\/((?:@[^/]+\/)?([^/@]+))\/-\/([^/]+)\.tgz$/.exec(pathname);
  if (!match?.[1] || match[3] !== `${match[2]}-${version}`) return undefined;
  return match[1];
}
