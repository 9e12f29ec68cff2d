import { createHash } from 'node:crypto';
import { writeTree } from './temp-dir.js';

/** A package in a generated lockfile; `location` defaults to `node_modules/<name>`. */
export interface LockedPackage {
  name: string;
  version: string;
  location?: string;
  dependencies?: Record<string, string>;
  dev?: boolean;
  hasInstallScript?: boolean;
  /** A non-registry `resolved` (git URL, tarball URL). */
  resolved?: string;
  /** Installed under another name (`npm:` alias): the location's folder is the alias. */
  alias?: string;
}

export interface ProjectManifest {
  name: string;
  version?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
  workspaces?: string[];
}

/**
 * Writes package.json and a lockfile v3 as npm would for these packages:
 * registry `resolved` URLs and integrity hashes derived from name and
 * version. `extraFolders` are workspace or local package entries
 * (`packages/api` → its manifest).
 */
export function writeNpmProject(dir: string, manifest: ProjectManifest, packages: readonly LockedPackage[], extraFolders: Record<string, ProjectManifest> = {}): string {
  const lockPackages: Record<string, object> = {
    '': { name: manifest.name, version: manifest.version ?? '1.0.0', ...pick(manifest, ['dependencies', 'devDependencies', 'workspaces']) },
  };
  const files: Record<string, object> = { 'package.json': { version: '1.0.0', ...manifest } };
  for (const [folder, folderManifest] of Object.entries(extraFolders)) {
    lockPackages[folder] = { name: folderManifest.name, version: folderManifest.version ?? '1.0.0', ...pick(folderManifest, ['dependencies', 'devDependencies']) };
    lockPackages[`node_modules/${folderManifest.name}`] = { resolved: folder, link: true };
    files[`${folder}/package.json`] = { version: '1.0.0', ...folderManifest };
  }
  for (const pkg of packages) {
    const base = pkg.name.split('/').pop() ?? pkg.name;
    lockPackages[pkg.location ?? `node_modules/${pkg.alias ?? pkg.name}`] = {
      ...(pkg.alias ? { name: pkg.name } : {}),
      version: pkg.version,
      resolved: pkg.resolved ?? `https://registry.npmjs.org/${pkg.name}/-/${base}-${pkg.version}.tgz`,
      ...(pkg.resolved ? {} : { integrity: `sha512-${createHash('sha512').update(`${pkg.name}@${pkg.version}`).digest('base64')}` }),
      license: 'MIT',
      ...(pkg.dev ? { dev: true } : {}),
      ...(pkg.hasInstallScript ? { hasInstallScript: true } : {}),
      ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
    };
  }
  files['package-lock.json'] = { name: manifest.name, version: manifest.version ?? '1.0.0', lockfileVersion: 3, requires: true, packages: lockPackages };
  return writeTree(dir, files);
}

function pick(manifest: ProjectManifest, keys: ReadonlyArray<keyof ProjectManifest>): Partial<ProjectManifest> {
  const picked: Partial<ProjectManifest> = {};
  for (const key of keys) if (manifest[key] !== undefined) Object.assign(picked, { [key]: manifest[key] });
  return picked;
}
