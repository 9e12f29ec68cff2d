import type { PackumentDetail, PackumentSummary, PackumentVersion } from '../model/packument.js';
import { isRecord } from '../model/json.js';
import { declaredLicense } from '../model/license.js';

/** Reduces a full packument to what the maintenance signals (and, with `dependencies`, remediation) read (pure). */
export function summarisePackument(name: string, raw: unknown, detail: PackumentDetail = 'summary'): PackumentSummary {
  const doc = isRecord(raw) ? raw : {};
  const distTags = isRecord(doc['dist-tags']) ? doc['dist-tags'] : {};
  const time = isRecord(doc['time']) ? doc['time'] : {};
  const versions = isRecord(doc['versions']) ? doc['versions'] : {};
  const summary: PackumentSummary = { name, versions: {} };
  if (typeof distTags['latest'] === 'string') summary.latest = distTags['latest'];
  if (typeof time['created'] === 'string') summary.created = time['created'];
  if (typeof time['modified'] === 'string') summary.modified = time['modified'];
  for (const [version, manifest] of Object.entries(versions)) {
    const entry: PackumentVersion = {};
    if (typeof time[version] === 'string') entry.time = time[version];
    if (isRecord(manifest) && typeof manifest['deprecated'] === 'string' && manifest['deprecated']) entry.deprecated = manifest['deprecated'];
    if (detail === 'dependencies' && isRecord(manifest)) entry.dependencies = declaredDependencies(manifest);
    summary.versions[version] = entry;
  }
  const latestManifest = summary.latest && isRecord(versions[summary.latest]) ? versions[summary.latest] : undefined;
  const repository = urlOf(isRecord(latestManifest) ? latestManifest['repository'] : undefined) ?? urlOf(doc['repository']);
  if (repository) summary.repository = repository;
  const license = licenseOf(isRecord(latestManifest) ? latestManifest : undefined) ?? licenseOf(doc);
  if (license) summary.license = license;
  if (Array.isArray(doc['maintainers'])) summary.maintainers = doc['maintainers'].length;
  return summary;
}

function urlOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (isRecord(value) && typeof value['url'] === 'string' && value['url'].trim()) return value['url'].trim();
  return undefined;
}

/**
 * A manifest's licence as the inventory reads it from package.json: `license`
 * (a string or a legacy `{ type }`), else the legacy `licenses` array, which
 * busboy, streamsearch, exit and passport-local still publish (npm docs,
 * "license"); reading `license` alone called them unlicensed.
 */
function licenseOf(manifest: Record<string, unknown> | undefined): string | undefined {
  return manifest ? declaredLicense(manifest['license']) ?? declaredLicense(manifest['licenses']) : undefined;
}

/** What npm installs for a version: its dependencies, optional dependencies and peers (later kinds win, as in npm's edge order). */
function declaredDependencies(manifest: Record<string, unknown>): Record<string, string> {
  const all: Record<string, string> = {};
  for (const field of ['peerDependencies', 'optionalDependencies', 'dependencies']) {
    const declared = manifest[field];
    if (!isRecord(declared)) continue;
    for (const [name, spec] of Object.entries(declared)) if (typeof spec === 'string') all[name] = spec;
  }
  return all;
}
