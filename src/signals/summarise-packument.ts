import type { PackumentSummary } from '../model/packument.js';
import { isRecord } from '../model/json.js';

/** Reduces a full packument to what the maintenance signals read (pure). */
export function summarisePackument(name: string, raw: unknown): PackumentSummary {
  const doc = isRecord(raw) ? raw : {};
  const distTags = isRecord(doc['dist-tags']) ? doc['dist-tags'] : {};
  const time = isRecord(doc['time']) ? doc['time'] : {};
  const versions = isRecord(doc['versions']) ? doc['versions'] : {};
  const summary: PackumentSummary = { name, versions: {} };
  if (typeof distTags['latest'] === 'string') summary.latest = distTags['latest'];
  if (typeof time['created'] === 'string') summary.created = time['created'];
  if (typeof time['modified'] === 'string') summary.modified = time['modified'];
  for (const [version, manifest] of Object.entries(versions)) {
    const entry: { time?: string; deprecated?: string } = {};
    if (typeof time[version] === 'string') entry.time = time[version];
    if (isRecord(manifest) && typeof manifest['deprecated'] === 'string' && manifest['deprecated']) entry.deprecated = manifest['deprecated'];
    summary.versions[version] = entry;
  }
  const latestManifest = summary.latest && isRecord(versions[summary.latest]) ? versions[summary.latest] : undefined;
  const repository = urlOf(isRecord(latestManifest) ? latestManifest['repository'] : undefined) ?? urlOf(doc['repository']);
  if (repository) summary.repository = repository;
  const license = licenseOf(isRecord(latestManifest) ? latestManifest['license'] : undefined) ?? licenseOf(doc['license']);
  if (license) summary.license = license;
  if (Array.isArray(doc['maintainers'])) summary.maintainers = doc['maintainers'].length;
  return summary;
}

function urlOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (isRecord(value) && typeof value['url'] === 'string' && value['url'].trim()) return value['url'].trim();
  return undefined;
}

function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (isRecord(value) && typeof value['type'] === 'string') return value['type'];
  return undefined;
}
