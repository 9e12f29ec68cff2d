import { isSemverVersion } from './lockfile-records.js';

/**
 * How one pnpm lockfile version writes dependency paths (pnpm's
 * dependency-path module): how an importer's or a package's reference
 * (`1.2.3`, `1.2.3(peer@1.0.0)`, an alias) becomes the key of a package, the
 * key of its entry in `packages`, and the name and version the key spells.
 */
export interface DepPathSyntax {
  refToDepPath(name: string, ref: string): string;
  /** The `packages` key of a dependency path (9.0 keeps peers only in `snapshots`). */
  packageKey(depPath: string): string;
  /** Name and version as the key spells them; undefined parts for non-registry keys, whose entries name them. */
  identity(depPath: string): { name?: string; version?: string };
  /** The folder pnpm gives it in node_modules/.pnpm. */
  storeFolder(depPath: string): string;
}

export function pnpmDepPathSyntax(version: string): DepPathSyntax {
  if (version === '9.0') return V9;
  if (version === '6.0') return V6;
  return V5;
}

export function withoutPeers(depPath: string): string {
  const bracket = depPath.indexOf('(');
  return bracket < 0 ? depPath : depPath.slice(0, bracket);
}

export function storeFolder(depPath: string): string {
  return depPath.replace(/^\//, '').replaceAll('/', '+').replaceAll(')(', '_').replaceAll('(', '_').replaceAll(')', '');
}

/** `name@version` split at the `@` after the scope; the version only when it is a semver version. */
function splitAt(key: string): { name?: string; version?: string } {
  const at = key.indexOf('@', 1);
  if (at <= 0) return {};
  const version = key.slice(at + 1);
  return isSemverVersion(version) ? { name: key.slice(0, at), version } : { name: key.slice(0, at) };
}

/** 9.0: `name@1.2.3(peer@2.0.0)`; an alias's reference is the full `real@1.2.3`. */
const V9: DepPathSyntax = {
  refToDepPath(name, ref) {
    if (ref.startsWith('@')) return ref;
    const at = ref.indexOf('@');
    if (at === -1) return `${name}@${ref}`;
    const colon = ref.indexOf(':');
    const bracket = ref.indexOf('(');
    if ((colon === -1 || at < colon) && (bracket === -1 || at < bracket)) return ref;
    return `${name}@${ref}`;
  },
  packageKey: withoutPeers,
  identity: (depPath) => splitAt(withoutPeers(depPath)),
  storeFolder,
};

/** 6.0: `/name@1.2.3(peer@2.0.0)`; an alias's reference is `/real@1.2.3`; non-registry keys have no leading slash. */
const V6: DepPathSyntax = {
  refToDepPath(name, ref) {
    if (ref.startsWith('file:') || ref.startsWith('/')) return ref;
    return withoutPeers(ref).includes('/') ? ref : `/${name}@${ref}`;
  },
  packageKey: (depPath) => depPath,
  identity: (depPath) => (depPath.startsWith('/') ? splitAt(withoutPeers(depPath.slice(1))) : {}),
  storeFolder,
};

/** 5.4: `/name/1.2.3_peer@2.0.0`; an alias's reference is `/real/1.2.3`. */
const V5: DepPathSyntax = {
  refToDepPath(name, ref) {
    if (ref.startsWith('file:') || ref.startsWith('/')) return ref;
    return ref.includes('/') ? ref : `/${name}/${ref}`;
  },
  packageKey: (depPath) => depPath,
  identity(depPath) {
    if (!depPath.startsWith('/')) return {};
    const segments = depPath.slice(1).split('/');
    const scoped = segments[0]?.startsWith('@') === true;
    if (segments.length !== (scoped ? 3 : 2)) return {};
    const name = scoped ? `${segments[0]}/${segments[1]}` : (segments[0] ?? '');
    const version = (segments[scoped ? 2 : 1] ?? '').split('_')[0] ?? '';
    return isSemverVersion(version) ? { name, version } : { name };
  },
  storeFolder,
};
